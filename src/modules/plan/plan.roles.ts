import type { Role } from '../role/role.entity.js';
import type { RoleGraph } from '../role/role.service.js';

/** The role a duty or escalation names: a role key (template roles) or a role id (custom roles). */
export function roleOfKey(graph: RoleGraph, roleKey: string): Role | undefined {
  return graph.byKey(roleKey) ?? graph.roles.get(roleKey.toLowerCase());
}
