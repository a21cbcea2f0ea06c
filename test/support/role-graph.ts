// A tenant's template role graph without a database, for pure validation tests.
import { RoleGraph } from '../../src/modules/role/role.service.js';
import type { Role } from '../../src/modules/role/role.entity.js';
import { roleTemplates } from '../../src/modules/role/role-templates.model.js';
import { TenantKind } from '../../src/modules/tenant/tenant.enums.js';

export function templateRoleGraph(kind: TenantKind = TenantKind.TOWNSHIP): RoleGraph {
  const roles = roleTemplates(kind).map((t) => ({ id: `id-${t.key}`, key: t.key, name: t.name, leader: t.leader, permissions: t.permissions, parent: t.parent ? { id: `id-${t.parent}` } : null }));
  return new RoleGraph(new Map(roles.map((r) => [r.id, r as unknown as Role])));
}
