import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import type { Permission } from '../../platform/permissions.js';
import { Tenant } from '../tenant/tenant.entity.js';
import type { TenantKind } from '../tenant/tenant.enums.js';
import { roleTemplates } from './role-templates.model.js';
import { Role } from './role.entity.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { RoleErrorCode } from './role.errors.js';
import { RoleConnection, RoleNode, type CreateRoleInput, type UpdateRoleInput } from './role.types.js';

/** The tenant's roles as a graph: permissions and leader rank flow up from the roles below. */
export class RoleGraph {
  private readonly children = new Map<string, string[]>();
  constructor(readonly roles: Map<string, Role>) {
    for (const r of roles.values()) {
      const p = r.parent?.id;
      if (p) this.children.set(p, [...(this.children.get(p) ?? []), r.id]);
    }
  }

  /** The role a duty or escalation names: a role key (template roles) or a role id (custom roles). */
  ofKey(roleKey: string): Role | undefined {
    return this.byKey(roleKey) ?? this.roles.get(roleKey.toLowerCase());
  }

  /** The role and every role below it. */
  below(roleId: string): string[] {
    const out: string[] = [];
    const stack = [roleId];
    const seen = new Set<string>();
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      stack.push(...(this.children.get(id) ?? []));
    }
    return out;
  }

  /** The role and every role above it (its parent chain). */
  above(roleId: string): string[] {
    const out: string[] = [];
    let current: string | undefined = roleId;
    const seen = new Set<string>();
    while (current && !seen.has(current)) {
      seen.add(current);
      out.push(current);
      current = this.roles.get(current)?.parent?.id;
    }
    return out;
  }

  effectivePermissions(roleId: string): Permission[] {
    const set = new Set<Permission>();
    for (const id of this.below(roleId)) for (const p of this.roles.get(id)?.permissions ?? []) set.add(p);
    return [...set].sort();
  }

  isLeader(roleId: string): boolean {
    return this.below(roleId).some((id) => this.roles.get(id)?.leader);
  }

  byKey(key: string): Role | undefined {
    for (const r of this.roles.values()) if (r.key === key) return r;
    return undefined;
  }
}

export const roleService = {
  /**
   * Gives the tenant's template roles the permissions their templates now
   * name (a new release may move a permission, e.g. the tenant administrator
   * reading the structure view of the log instead of the whole log). One
   * logged change per role that differs; custom roles are left alone.
   */
  async applyTemplatePermissions(ctx: Ctx, tenant: string, tenantKind: TenantKind): Promise<Outcome<{ changed: string[] }>> {
    return audited(ctx, 'role.apply_templates', async (tx) => {
      const templates = new Map(roleTemplates(tenantKind).map((t) => [t.key as string, t]));
      const changed: string[] = [];
      for (const role of await tx.em.find(Role, { tenant, key: { $ne: null } }, { orderBy: { key: 'asc' } })) {
        const template = role.key ? templates.get(role.key) : undefined;
        if (!template) continue;
        const wanted = [...template.permissions].sort();
        if (JSON.stringify([...role.permissions].sort()) === JSON.stringify(wanted)) continue;
        role.permissions = wanted;
        changed.push(role.key!);
      }
      return { result: { changed }, reason: changed.length ? `template permissions applied to ${changed.join(', ')}` : 'template roles already current' };
    }, { tenantId: tenant, actorKind: ActorKind.SYSTEM });
  },


  /** All roles of the tenant, once per operation. */
  async graph(ctx: Ctx): Promise<RoleGraph> {
    return this.graphLoader(ctx).load(requireMember(ctx).tenant.id);
  },

  /** Gives the request the graph read by another statement (read-only roles: the report's context read). */
  primeGraph(ctx: Ctx, roles: Role[]): void {
    const tenantId = requireMember(ctx).tenant.id;
    this.graphLoader(ctx).clear(tenantId).prime(tenantId, new RoleGraph(new Map(roles.map((r) => [r.id, r]))));
  },

  graphLoader(ctx: Ctx) {
    const tenantId = requireMember(ctx).tenant.id;
    return ctx.loaders.get<string, RoleGraph>('roleGraph', async (keys) => {
      const roles = await ctx.em.find(Role, { tenant: tenantId });
      const graph = new RoleGraph(new Map(roles.map((r) => [r.id, r])));
      return keys.map(() => graph);
    });
  },

  async get(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<Role> {
    requireMember(ctx);
    const role = await ctx.em.findOne(Role, { id: idOf('Role', globalId, field) });
    if (!role) throw notFound('Role', field);
    return role;
  },

  async list(ctx: Ctx, page: PageArgs) {
    requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const where = after ? { $or: [{ name: { $gt: String(after[0]) } }] } : {};
    const rows = await ctx.em.find(Role, where, { orderBy: { name: 'asc' }, limit: limit + 1 });
    return toConnection(RoleConnection, rows, limit, !!after, (r) => [r.name], (r) => RoleNode.from(r), () => ctx.em.count(Role, {}));
  },

  async create(ctx: Ctx, input: CreateRoleInput): Promise<Outcome<Role>> {
    return audited(ctx, 'role.create', async (tx) => {
      await validateInput(input);
      const tenantId = requireMember(tx).tenant.id;
      const parent = input.parentId ? await this.get(tx, input.parentId, ['input', 'parentId']) : null;
      await assertUnique(tx, input.name.trim(), input.key ?? null, null);
      const role = tx.em.create(Role, {
        tenant: ref(Tenant, tenantId),
        name: input.name.trim(),
        key: input.key ?? null,
        description: input.description ?? null,
        parent,
        permissions: [...new Set(input.permissions)],
        leader: input.leader ?? false,
      });
      return { result: role, target: { type: 'Role', id: role.id } };
    });
  },

  async update(ctx: Ctx, input: UpdateRoleInput): Promise<Outcome<Role>> {
    return audited(ctx, 'role.update', async (tx) => {
      await validateInput(input);
      const role = await this.get(tx, input.roleId, ['input', 'roleId']);
      if (input.name && input.name.trim() !== role.name) await assertUnique(tx, input.name.trim(), null, role.id);
      if (input.parentId) {
        const parent = await this.get(tx, input.parentId, ['input', 'parentId']);
        // Serialise hierarchy edits per tenant so two crossing edits cannot make a cycle.
        await tx.em.execute(`select pg_advisory_xact_lock(hashtext('role-tree:' || ?))`, [role.tenant.id]);
        const graph = new RoleGraph(new Map((await tx.em.find(Role, {}, { refresh: true })).map((r) => [r.id, r])));
        if (graph.below(role.id).includes(parent.id)) {
          throw new DomainError(RoleErrorCode.ROLE_CYCLE, 'A role cannot sit below itself or one of the roles below it', ['input', 'parentId']);
        }
        role.parent = ref(parent);
      } else if (input.clearParent) {
        role.parent = null;
      }
      if (input.name) role.name = input.name.trim();
      if (input.description !== undefined && input.description !== null) role.description = input.description;
      if (input.permissions) role.permissions = [...new Set(input.permissions)];
      if (input.leader !== undefined && input.leader !== null) role.leader = input.leader;
      return { result: role, target: { type: 'Role', id: role.id } };
    });
  },
};

async function assertUnique(ctx: Ctx, name: string, key: string | null, exceptId: string | null): Promise<void> {
  const byName = await ctx.em.findOne(Role, { name });
  if (byName && byName.id !== exceptId) throw new DomainError(RoleErrorCode.ROLE_NAME_TAKEN, 'Another role has this name', ['input', 'name']);
  if (key) {
    const byKey = await ctx.em.findOne(Role, { key });
    if (byKey && byKey.id !== exceptId) throw new DomainError(RoleErrorCode.ROLE_KEY_TAKEN, 'Another role has this key', ['input', 'key']);
  }
}
