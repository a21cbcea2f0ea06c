import { ref } from '@mikro-orm/core';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Ctx } from '../../platform/context.js';
import { CommonErrorCode, DomainError, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember, unitInScope } from '../../platform/authz.js';
import { groupByKeys } from '../../platform/loaders.js';
import { sameTenantRef } from '../../platform/db/tenant-refs.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { UnitErrorCode } from '../unit/unit.errors.js';
import { unitService, likeText } from '../unit/unit.service.js';
import { Role } from '../role/role.entity.js';
import { roleService } from '../role/role.service.js';
import { TemplateRoleKey, USUAL_JURISDICTION, UsualJurisdiction } from '../role/role-templates.model.js';
import { findOrCreateUser, issuePasswordToken } from '../user/user.service.js';
import { Member, MemberJurisdiction, MemberRole, MemberStatus } from './member.entity.js';
import type { Unit } from '../unit/unit.entity.js';
import { MemberErrorCode } from './member.errors.js';
import { MemberConnection, MemberNode, type AssignRoleInput, type InviteMemberInput, type MemberFilter, type RemoveMemberInput, type SetJurisdictionInput } from './member.types.js';

/** A reference to a member of the caller's tenant. */
export function memberRef(ctx: Ctx, memberId: string) {
  return sameTenantRef(ctx, Member, memberId);
}

/** A reference to the calling member (who did it). */
export function actorRef(ctx: Ctx) {
  return memberRef(ctx, requireMember(ctx).memberId);
}

export interface InviteResult {
  member: Member;
  setPasswordToken: string | null;
}

export const memberService = {
  /** A member whose unit lies in the caller's subtree, or NOT_FOUND. */
  async getInScope(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<Member> {
    const actor = requireMember(ctx);
    const member = await ctx.em.findOne(Member, { id: idOf('Member', globalId, field) }, { populate: ['user', 'unit'] });
    if (!member || !unitInScope(actor, member.unit.getEntity().path)) throw notFound('Member', field);
    return member;
  },

  async list(ctx: Ctx, filter: MemberFilter | null | undefined, page: PageArgs) {
    const actor = requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    let prefix = actor.unitPath;
    if (filter?.unitSubtree) prefix = (await unitService.getInScope(ctx, filter.unitSubtree, ['filter', 'unitSubtree'])).path;
    const where: Record<string, unknown> = { unit: { path: unitSubtree.where(prefix) } };
    if (filter?.status) where.status = filter.status;
    if (filter?.search) {
      const text = likeText(filter.search);
      where.user = { $or: [{ displayName: { $ilike: text } }, { email: { $ilike: text } }] };
    }
    if (filter?.roleId) {
      const roleId = idOf('Role', filter.roleId, ['filter', 'roleId']);
      where.id = { $in: ctx.em.createQueryBuilder(MemberRole, 'mr').select('mr.member_id').where({ role: roleId, tenant: actor.tenant.id }).getKnexQuery() };
    }
    const pageWhere = after ? { $and: [where, { $or: [{ createdAt: { $gt: new Date(String(after[0])) } }, { createdAt: new Date(String(after[0])), id: { $gt: String(after[1]) } }] }] } : where;
    const rows = await ctx.em.find(Member, pageWhere, { populate: ['user'], orderBy: { createdAt: 'asc', id: 'asc' }, limit: limit + 1 });
    return toConnection(MemberConnection, rows, limit, !!after, (m) => [m.createdAt.toISOString(), m.id], (m) => MemberNode.from(m), () => ctx.em.count(Member, where));
  },

  /** Role ids of members, batched. */
  rolesLoader(ctx: Ctx) {
    return ctx.loaders.get<string, MemberRole[]>('memberRoles', async (ids) => {
      const rows = await ctx.em.find(MemberRole, { member: { id: { $in: [...ids] } } });
      return groupByKeys(ids, rows, (r) => r.member.id);
    });
  },

  async rolesOf(ctx: Ctx, memberId: string): Promise<Role[]> {
    const [links, graph] = await Promise.all([this.rolesLoader(ctx).load(memberId), roleService.graph(ctx)]);
    return links.map((l) => graph.roles.get(l.role.id)).filter((r): r is Role => !!r);
  },

  async invite(ctx: Ctx, input: InviteMemberInput): Promise<Outcome<InviteResult>> {
    return audited(ctx, 'member.invite', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const unit = await unitService.getInScope(tx, input.unitId, ['input', 'unitId']);
      if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is archived', ['input', 'unitId']);
      const roles = await resolveRoles(tx, input.roleIds);
      const tenant = await tx.em.findOneOrFail(Tenant, { id: actor.tenant.id });
      const { user } = await findOrCreateUser(tx.em, input.email, input.displayName);
      let member = await tx.em.findOne(Member, { user });
      if (member?.status === MemberStatus.ACTIVE) {
        throw new DomainError(MemberErrorCode.MEMBER_EXISTS, 'This user is already a member', ['input', 'email']);
      }
      const active = await tx.em.count(Member, { status: MemberStatus.ACTIVE });
      if (active >= tenant.quotas().maxMembers) {
        throw new DomainError(CommonErrorCode.QUOTA_EXCEEDED, `The tenant's tier allows ${tenant.quotas().maxMembers} members`, ['input']);
      }
      if (member) {
        // A removed member comes back: same membership, fresh roles.
        member.status = MemberStatus.ACTIVE;
        member.removedAt = null;
        member.unit = ref(unit);
        member.title = input.title ?? member.title ?? null;
        await replaceRoles(tx, member, roles);
      } else {
        member = tx.em.create(Member, { tenant: ref(tenant), user, unit, title: input.title ?? null });
        for (const role of roles) tx.em.persist(tx.em.create(MemberRole, { tenant: ref(tenant), member, role }));
      }
      // Named units when given; else what the roles usually get (the office director: the whole organisation), else the seat's subtree.
      const jurisdiction = input.jurisdictionUnitIds
        ? await resolveJurisdiction(tx, input.jurisdictionUnitIds, 'jurisdictionUnitIds')
        : ((await usualJurisdictionOf(tx, roles)) ?? []);
      await replaceJurisdiction(tx, member, jurisdiction);
      const setPasswordToken = issuePasswordToken(tx.em, tx.services.tokens, user);
      return { result: { member, setPasswordToken }, target: { type: 'Member', id: member.id } };
    });
  },

  async assignRoles(ctx: Ctx, input: AssignRoleInput): Promise<Outcome<Member>> {
    return audited(ctx, 'member.assign_roles', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const member = await this.getInScope(tx, input.memberId, ['input', 'memberId']);
      if (member.id === actor.memberId) {
        throw new DomainError(MemberErrorCode.SELF_ASSIGNMENT, 'Members cannot change their own roles', ['input', 'memberId']);
      }
      if (member.status !== MemberStatus.ACTIVE) throw new DomainError(MemberErrorCode.MEMBER_REMOVED, 'The member was removed', ['input', 'memberId']);
      const roles = await resolveRoles(tx, input.roleIds);
      if (input.unitId) {
        const unit = await unitService.getInScope(tx, input.unitId, ['input', 'unitId']);
        if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is archived', ['input', 'unitId']);
        member.unit = ref(unit);
      }
      if (input.title !== undefined && input.title !== null) member.title = input.title;
      // Read directly, not through the roles loader (it would keep the old roles for the payload).
      const before = (await tx.em.find(MemberRole, { member }, { populate: ['role'] })).map((l) => l.role.getEntity());
      await replaceRoles(tx, member, roles);
      if (input.jurisdictionUnitIds) {
        await replaceJurisdiction(tx, member, await resolveJurisdiction(tx, input.jurisdictionUnitIds, 'jurisdictionUnitIds'));
      } else {
        // Roles that usually get the whole organisation bring it; losing the last of them takes it away (back to the seat's subtree).
        const usual = await usualJurisdictionOf(tx, roles);
        if (usual) await replaceJurisdiction(tx, member, usual);
        else if (wholeTenantRole(before)) await replaceJurisdiction(tx, member, []);
      }
      return { result: member, target: { type: 'Member', id: member.id } };
    });
  },

  /** Replaces the member's jurisdiction (logged with the member's id; the change rows name each unit). */
  async setJurisdiction(ctx: Ctx, input: SetJurisdictionInput): Promise<Outcome<Member>> {
    return audited(ctx, 'member.set_jurisdiction', async (tx) => {
      await validateInput(input);
      const member = await this.getInScope(tx, input.memberId, ['input', 'memberId']);
      if (member.status !== MemberStatus.ACTIVE) throw new DomainError(MemberErrorCode.MEMBER_REMOVED, 'The member was removed', ['input', 'memberId']);
      await replaceJurisdiction(tx, member, await resolveJurisdiction(tx, input.unitIds, 'unitIds'));
      return { result: member, target: { type: 'Member', id: member.id }, reason: input.reason ?? null };
    });
  },

  /** The units of each member's explicit jurisdiction (empty: the seat's subtree), batched. */
  jurisdictionLoader(ctx: Ctx) {
    return ctx.loaders.get<string, MemberJurisdiction[]>('memberJurisdiction', async (ids) => {
      const rows = await ctx.em.find(MemberJurisdiction, { member: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return groupByKeys(ids, rows, (r) => r.member.id);
    });
  },

  /** Each member's coverage: the unit paths of its jurisdiction, or its seat's when none was set (members with their unit loaded). */
  async coverageOf(ctx: Ctx, members: readonly Member[]): Promise<Map<string, string[]>> {
    const rows = members.length ? await ctx.em.find(MemberJurisdiction, { member: { id: { $in: members.map((m) => m.id) } } }, { populate: ['unit'] }) : [];
    const roots = new Map<string, string[]>();
    for (const r of rows) roots.set(r.member.id, [...(roots.get(r.member.id) ?? []), r.unit.getEntity().path]);
    return new Map(members.map((m) => [m.id, roots.get(m.id) ?? [m.unit.getEntity().path]]));
  },

  async remove(ctx: Ctx, input: RemoveMemberInput): Promise<Outcome<Member>> {
    return audited(ctx, 'member.remove', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const member = await this.getInScope(tx, input.memberId, ['input', 'memberId']);
      if (member.id === actor.memberId) throw new DomainError(MemberErrorCode.CANNOT_REMOVE_SELF, 'Members cannot remove themselves', ['input', 'memberId']);
      if (member.status !== MemberStatus.ACTIVE) throw new DomainError(MemberErrorCode.MEMBER_REMOVED, 'The member was already removed', ['input', 'memberId']);
      member.status = MemberStatus.REMOVED;
      member.removedAt = new Date();
      // Their sessions in this tenant end now, not at token expiry.
      const res = await tx.em.getConnection().execute(
        `update session set revoked_at = now(), revoked_reason = 'MEMBERSHIP_REMOVED' where user_id = ? and tenant_id = ? and revoked_at is null`,
        [member.user.id, actor.tenant.id],
        'run',
        tx.em.getTransactionContext(),
      );
      return {
        result: member,
        target: { type: 'Member', id: member.id },
        reason: input.reason ?? null,
        extraChanges: [{ type: 'Session', id: member.user.id, op: 'update', before: null, after: { revokedSessions: (res as { affectedRows?: number }).affectedRows ?? 0 } }],
      };
    });
  },
};

async function resolveRoles(ctx: Ctx, globalIds: string[]): Promise<Role[]> {
  const ids = [...new Set(globalIds.map((g, i) => idOf('Role', g, ['input', 'roleIds', String(i)])))];
  const roles = await ctx.em.find(Role, { id: { $in: ids } });
  if (roles.length !== ids.length) {
    const missing = globalIds.findIndex((g) => !roles.some((r) => r.id === idOf('Role', g)));
    throw notFound('Role', ['input', 'roleIds', String(Math.max(missing, 0))]);
  }
  // The administrator of the structure must not audit it, nor the auditor administer it (三员分立).
  const keys = new Set(roles.map((r) => r.key));
  if (keys.has(TemplateRoleKey.TENANT_ADMIN) && keys.has(TemplateRoleKey.AUDITOR)) {
    throw new DomainError(MemberErrorCode.ROLES_SEPARATED, 'A member cannot be tenant administrator and auditor at once', ['input', 'roleIds']);
  }
  return roles;
}

function wholeTenantRole(roles: readonly Role[]): boolean {
  return roles.some((r) => !!r.key && USUAL_JURISDICTION[r.key as TemplateRoleKey] === UsualJurisdiction.WHOLE_TENANT);
}

/**
 * The jurisdiction the roles usually get, as units: the root for a role that
 * usually handles the whole organisation (the widest wins); null for the
 * seat's subtree (SEAT, and ASSIGNED_UNITS, whose units are named one by one).
 * Never more than the caller holds: refused when the root is beyond it.
 */
async function usualJurisdictionOf(ctx: Ctx, roles: readonly Role[]): Promise<Unit[] | null> {
  if (!wholeTenantRole(roles)) return null;
  const root = await unitService.root(ctx);
  if (!unitInScope(requireMember(ctx), root.path)) {
    throw new DomainError(MemberErrorCode.JURISDICTION_BEYOND_OWN, 'The role usually handles the whole organisation, beyond your own jurisdiction: name its units (jurisdictionUnitIds)', ['input', 'jurisdictionUnitIds']);
  }
  return [root];
}

/** The units named, each in the caller's scope and not archived; subtrees already covered by another one named are dropped. */
async function resolveJurisdiction(ctx: Ctx, globalIds: readonly string[], field: string): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const [i, globalId] of globalIds.entries()) {
    const unit = await unitService.getInScope(ctx, globalId, ['input', field, String(i)]);
    if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is archived', ['input', field, String(i)]);
    units.push(unit);
  }
  return units.filter((u, i) => !units.some((o, j) => j !== i && unitSubtree.contains(o.path, u.path) && (o.path !== u.path || j < i)));
}

async function replaceJurisdiction(ctx: Ctx, member: Member, units: readonly Unit[]): Promise<void> {
  const current = await ctx.em.find(MemberJurisdiction, { member });
  const wanted = new Set(units.map((u) => u.id));
  for (const row of current) if (!wanted.has(row.unit.id)) ctx.em.remove(row);
  const have = new Set(current.map((r) => r.unit.id));
  for (const unit of units) {
    if (!have.has(unit.id)) ctx.em.persist(ctx.em.create(MemberJurisdiction, { tenant: member.tenant, member, unit }));
  }
}

async function replaceRoles(ctx: Ctx, member: Member, roles: Role[]): Promise<void> {
  const current = await ctx.em.find(MemberRole, { member });
  const wanted = new Set(roles.map((r) => r.id));
  for (const link of current) if (!wanted.has(link.role.id)) ctx.em.remove(link);
  const have = new Set(current.map((l) => l.role.id));
  for (const role of roles) {
    if (!have.has(role.id)) ctx.em.persist(ctx.em.create(MemberRole, { tenant: member.tenant, member, role }));
  }
}

