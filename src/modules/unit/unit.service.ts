import { ref } from '@mikro-orm/core';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Ctx } from '../../platform/context.js';
import { DomainError, notFound, CommonErrorCode } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember, unitInScope } from '../../platform/authz.js';
import { byKeys } from '../../platform/loaders.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member, MemberStatus } from '../member/member.entity.js';
import { Unit } from './unit.entity.js';
import { UnitErrorCode } from './unit.errors.js';
import { UnitConnection, UnitNode, type ArchiveUnitInput, type CreateUnitInput, type MoveUnitInput, type UnitFilter, type UpdateUnitInput } from './unit.types.js';

/** Escapes LIKE wildcards in user text. */
export function likeText(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const unitService = {
  /** A unit in the caller's subtree, or NOT_FOUND (never FORBIDDEN: existence is not revealed). */
  async getInScope(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<Unit> {
    const actor = requireMember(ctx);
    const unit = await ctx.em.findOne(Unit, { id: idOf('Unit', globalId, field) });
    if (!unit || !unitInScope(actor, unit.path)) throw notFound('Unit', field);
    return unit;
  },

  /** The tenant's root unit (the whole organisation): the first id of the caller's own path. */
  async root(ctx: Ctx): Promise<Unit> {
    const { unitPath } = requireMember(ctx);
    return ctx.em.findOneOrFail(Unit, { id: unitPath.split('/').find(Boolean)! });
  },

  loader(ctx: Ctx) {
    const tenantId = requireMember(ctx).tenant.id;
    return ctx.loaders.get<string, Unit | null>('unitById', async (ids) => {
      const rows = await ctx.em.find(Unit, { tenant: tenantId, id: { $in: [...ids] } });
      return byKeys(ids, rows, (u) => u.id);
    });
  },

  /** The unit as a node when it lies in the caller's subtree; null otherwise. */
  async nodeInScope(ctx: Ctx, id: string | null): Promise<UnitNode | null> {
    if (!id) return null;
    return this.nodeIfInScope(ctx, await this.loader(ctx).load(id));
  },

  /** The same answer for a unit already read (a list's look-ahead). */
  nodeIfInScope(ctx: Ctx, unit: Parameters<typeof UnitNode.from>[0] | null | undefined): UnitNode | null {
    return unit && unitInScope(requireMember(ctx), unit.path) ? UnitNode.from(unit) : null;
  },

  async list(ctx: Ctx, filter: UnitFilter | null | undefined, page: PageArgs) {
    const actor = requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    let prefix = actor.unitPath;
    if (filter?.subtreeOf) prefix = (await this.getInScope(ctx, filter.subtreeOf, ['filter', 'subtreeOf'])).path;
    const where: Record<string, unknown> = { path: unitSubtree.where(prefix) };
    if (!filter?.includeArchived) where.archivedAt = null;
    if (filter?.kinds?.length) where.kind = { $in: filter.kinds };
    if (filter?.search) where.name = { $ilike: likeText(filter.search) };
    const pageWhere = after ? { ...where, path: { ...unitSubtree.where(prefix), $gt: String(after[0]) } } : where;
    const rows = await ctx.em.find(Unit, pageWhere, { orderBy: { path: 'asc' }, limit: limit + 1 });
    const loader = this.loader(ctx);
    for (const u of rows) loader.prime(u.id, u);
    return toConnection(UnitConnection, rows, limit, !!after, (u) => [u.path], (u) => UnitNode.from(u), () => ctx.em.count(Unit, where));
  },

  async create(ctx: Ctx, input: CreateUnitInput): Promise<Outcome<Unit>> {
    return audited(ctx, 'unit.create', async (tx) => {
      await validateInput(input);
      const parent = await this.getInScope(tx, input.parentId, ['input', 'parentId']);
      if (parent.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The parent unit is archived', ['input', 'parentId']);
      const tenant = await tx.em.findOneOrFail(Tenant, { id: parent.tenant.id });
      const active = await tx.em.count(Unit, { archivedAt: null });
      if (active >= tenant.quotas().maxUnits) {
        throw new DomainError(CommonErrorCode.QUOTA_EXCEEDED, `The tenant's tier allows ${tenant.quotas().maxUnits} units`, ['input']);
      }
      if (input.code) await assertCodeFree(tx, input.code, null);
      const unit = tx.em.create(Unit, {
        tenant: ref(Tenant, parent.tenant.id),
        parent,
        kind: input.kind,
        name: input.name.trim(),
        code: input.code ?? null,
        path: '',
        depth: parent.depth + 1,
      });
      unit.path = `${parent.path}${unit.id}/`;
      return { result: unit, target: { type: 'Unit', id: unit.id } };
    });
  },

  async update(ctx: Ctx, input: UpdateUnitInput): Promise<Outcome<Unit>> {
    return audited(ctx, 'unit.update', async (tx) => {
      await validateInput(input);
      const unit = await this.getInScope(tx, input.unitId, ['input', 'unitId']);
      if (input.code && input.code !== unit.code) await assertCodeFree(tx, input.code, unit.id);
      if (input.name) unit.name = input.name.trim();
      if (input.kind) unit.kind = input.kind;
      if (input.code !== undefined) unit.code = input.code;
      return { result: unit, target: { type: 'Unit', id: unit.id } };
    });
  },

  /** Moves a subtree; refuses to move a unit under itself or its descendants. */
  async move(ctx: Ctx, input: MoveUnitInput): Promise<Outcome<Unit>> {
    return audited(ctx, 'unit.move', async (tx) => {
      await validateInput(input);
      // Serialise tree moves per tenant: two crossing moves could otherwise both pass the cycle check.
      await tx.em.execute(`select pg_advisory_xact_lock(hashtext('unit-tree:' || ?))`, [requireMember(tx).tenant.id]);
      const unit = await this.getInScope(tx, input.unitId, ['input', 'unitId']);
      await tx.em.refresh(unit);
      const parent = await this.getInScope(tx, input.newParentId, ['input', 'newParentId']);
      await tx.em.refresh(parent);
      if (!unit.parent) throw new DomainError(UnitErrorCode.UNIT_IS_ROOT, 'The root unit cannot move', ['input', 'unitId']);
      if (parent.path.startsWith(unit.path)) {
        throw new DomainError(UnitErrorCode.UNIT_CYCLE, 'A unit cannot move under itself or one of its descendants', ['input', 'newParentId']);
      }
      if (parent.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The new parent is archived', ['input', 'newParentId']);
      const oldPath = unit.path;
      const newPath = `${parent.path}${unit.id}/`;
      const depthDelta = parent.depth + 1 - unit.depth;
      const beforeParent = unit.parent.id;
      const moved = await tx.em.getConnection().execute(
        `update unit set path = ? || substr(path, ?), depth = depth + ?, parent_id = case when id = ? then ?::uuid else parent_id end
         where tenant_id = ? and path like ?`,
        [newPath, oldPath.length + 1, depthDelta, unit.id, parent.id, unit.tenant.id, `${oldPath}%`],
        'run',
        tx.em.getTransactionContext(),
      );
      tx.em.getUnitOfWork().unsetIdentity(unit);
      const fresh = await tx.em.findOneOrFail(Unit, { id: unit.id });
      return {
        result: fresh,
        target: { type: 'Unit', id: unit.id },
        extraChanges: [{
          type: 'Unit', id: unit.id, op: 'update',
          before: { parent: beforeParent, path: oldPath },
          after: { parent: parent.id, path: newPath, subtreeRowsMoved: (moved as { affectedRows?: number }).affectedRows ?? 0 },
        }],
      };
    });
  },

  async archive(ctx: Ctx, input: ArchiveUnitInput): Promise<Outcome<Unit>> {
    return audited(ctx, 'unit.archive', async (tx) => {
      await validateInput(input);
      const unit = await this.getInScope(tx, input.unitId, ['input', 'unitId']);
      if (!unit.parent) throw new DomainError(UnitErrorCode.UNIT_IS_ROOT, 'The root unit cannot be archived', ['input', 'unitId']);
      if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is already archived', ['input', 'unitId']);
      const children = await tx.em.count(Unit, { parent: unit, archivedAt: null });
      if (children > 0) throw new DomainError(UnitErrorCode.UNIT_HAS_CHILDREN, 'Archive or move its child units first', ['input', 'unitId']);
      const members = await tx.em.count(Member, { unit, status: MemberStatus.ACTIVE });
      if (members > 0) throw new DomainError(UnitErrorCode.UNIT_HAS_MEMBERS, 'Move or remove its members first', ['input', 'unitId']);
      unit.archivedAt = new Date();
      return { result: unit, target: { type: 'Unit', id: unit.id }, reason: input.reason ?? null };
    });
  },
};

async function assertCodeFree(ctx: Ctx, code: string, exceptId: string | null): Promise<void> {
  const clash = await ctx.em.findOne(Unit, { code });
  if (clash && clash.id !== exceptId) throw new DomainError(UnitErrorCode.CODE_TAKEN, 'Another unit has this code', ['input', 'code']);
}
