// Reading findings (filtered Relay connections) and the two things people add
// to them: the responsible member's answer and a leader's ruling, each a row
// of its own with its log entry. The finding itself never changes.
import { ref } from '@mikro-orm/core';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Ctx } from '../../platform/context.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { unitService } from '../unit/unit.service.js';
import { incidentAccess } from '../incident/incident.access.js';
import { AccountabilityFinding, FindingAnswer, FindingRuling } from './finding.entity.js';
import { FindingStatus } from './accountability.enums.js';
import { AccountabilityErrorCode } from './accountability.errors.js';
import { findingAccess } from './finding.access.js';
import {
  FindingConnection,
  FindingNode,
  type AccountabilityFindingFilter,
  type AnswerAccountabilityFindingInput,
  type RuleOnAccountabilityFindingInput,
} from './accountability.types.js';

/** The filter as where-conditions; ids it names must exist and be visible (NOT_FOUND otherwise). */
async function filterWhere(ctx: Ctx, filter: AccountabilityFindingFilter | null | undefined): Promise<Record<string, unknown>[]> {
  const and: Record<string, unknown>[] = [];
  if (!filter) return and;
  const tenantId = requireMember(ctx).tenant.id;
  if (filter.unitId) {
    const unit = await unitService.getInScope(ctx, filter.unitId, ['filter', 'unitId']);
    and.push({ responsibleUnit: { path: unitSubtree.where(unit.path) } });
  }
  if (filter.memberId) {
    const id = idOf('Member', filter.memberId, ['filter', 'memberId']);
    if (!(await ctx.em.findOne(Member, { id }))) throw notFound('Member', ['filter', 'memberId']);
    and.push({ responsibleMember: { id } });
  }
  if (filter.roleId) {
    const id = idOf('Role', filter.roleId, ['filter', 'roleId']);
    if (!(await ctx.em.findOne(Role, { id }))) throw notFound('Role', ['filter', 'roleId']);
    and.push({ responsibleRole: { id } });
  }
  if (filter.incidentId) {
    const incident = await incidentAccess.find(ctx, idOf('Incident', filter.incidentId, ['filter', 'incidentId']));
    if (!incident) throw notFound('Incident', ['filter', 'incidentId']);
    and.push({ incident: { id: incident.id } });
  }
  if (filter.dutyKinds?.length) and.push({ dutyKind: { $in: filter.dutyKinds } });
  if (filter.sources?.length) and.push({ source: { $in: filter.sources } });
  if (filter.outcomes?.length) and.push({ outcome: { $in: filter.outcomes } });
  if (filter.dueFrom) and.push({ dueAt: { $gte: filter.dueFrom } });
  if (filter.dueTo) and.push({ dueAt: { $lt: filter.dueTo } });
  if (filter.statuses?.length) {
    const knex = ctx.em.getKnex();
    const answered = () => knex.select('finding_id').from('finding_answer').where({ tenant_id: tenantId });
    const ruled = () => knex.select('finding_id').from('finding_ruling').where({ tenant_id: tenantId });
    const by: Record<FindingStatus, Record<string, unknown>> = {
      [FindingStatus.OPEN]: { $and: [{ id: { $nin: answered() } }, { id: { $nin: ruled() } }] },
      [FindingStatus.ANSWERED]: { $and: [{ id: { $in: answered() } }, { id: { $nin: ruled() } }] },
      [FindingStatus.RULED]: { id: { $in: ruled() } },
    };
    and.push({ $or: [...new Set(filter.statuses)].map((s) => by[s]) });
  }
  return and;
}

/** A lock on one finding for the rest of the operation (the app role cannot SELECT … FOR UPDATE an append-only table). */
async function lockFinding(ctx: Ctx, findingId: string): Promise<void> {
  await ctx.em.getConnection().execute(`select pg_advisory_xact_lock(hashtext('finding:' || ?))`, [findingId], 'run', ctx.em.getTransactionContext());
}

export interface AnswerResult {
  answer: FindingAnswer;
  finding: AccountabilityFinding;
}

export interface RulingResult {
  ruling: FindingRuling;
  finding: AccountabilityFinding;
}

export const findingService = {
  /** Findings the caller may see (or only those naming it), latest due first. */
  async list(ctx: Ctx, filter: AccountabilityFindingFilter | null | undefined, page: PageArgs, own = false) {
    requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const and = [...findingAccess.visibleWhere(ctx, own), ...(await filterWhere(ctx, filter))];
    const pageWhere = [...and];
    if (after) {
      const [t, id] = after;
      if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(t))) throw invalid('after is not a cursor of this list', ['after']);
      pageWhere.push({ $or: [{ dueAt: { $lt: new Date(t) } }, { dueAt: new Date(t), id: { $lt: id } }] });
    }
    const rows = await ctx.em.find(AccountabilityFinding, { $and: pageWhere }, { orderBy: [{ dueAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
    return toConnection(
      FindingConnection,
      rows,
      limit,
      !!after,
      (f) => [f.dueAt.toISOString(), f.id],
      (f) => FindingNode.from(f),
      () => ctx.em.count(AccountabilityFinding, { $and: and }),
    );
  },

  /** The member a finding names explains it, once, before any ruling. */
  async answer(ctx: Ctx, input: AnswerAccountabilityFindingInput): Promise<Outcome<AnswerResult>> {
    return audited(ctx, 'accountability.answer', async (tx) => {
      await validateInput(input);
      if (!input.explanation.trim()) throw invalid('The explanation cannot be blank', ['input', 'explanation']);
      const actor = requireMember(tx);
      const finding = await findingAccess.get(tx, input.findingId, ['input', 'findingId']);
      if (finding.responsibleMember?.id !== actor.memberId) {
        throw new DomainError(AccountabilityErrorCode.NOT_RESPONSIBLE, 'Only the member this finding names answers it', ['input', 'findingId']);
      }
      await lockFinding(tx, finding.id);
      if (await tx.em.findOne(FindingRuling, { finding: { id: finding.id } })) {
        throw new DomainError(AccountabilityErrorCode.ALREADY_RULED, 'The finding was ruled on already', ['input', 'findingId']);
      }
      if (await tx.em.findOne(FindingAnswer, { finding: { id: finding.id } })) {
        throw new DomainError(AccountabilityErrorCode.ALREADY_ANSWERED, 'The finding was answered already', ['input', 'findingId']);
      }
      const answer = tx.em.create(FindingAnswer, {
        tenant: ref(Tenant, actor.tenant.id),
        finding,
        member: tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true }),
        explanation: input.explanation.trim(),
      });
      return { result: { answer, finding }, target: { type: 'FindingAnswer', id: answer.id }, incidentId: finding.incident?.id ?? null };
    });
  },

  /** A leader-rank member rules on a finding of its subtree (never one naming itself), once. */
  async rule(ctx: Ctx, input: RuleOnAccountabilityFindingInput): Promise<Outcome<RulingResult>> {
    return audited(ctx, 'accountability.rule', async (tx) => {
      await validateInput(input);
      if (!input.note.trim()) throw invalid('A ruling needs a note', ['input', 'note']);
      const actor = requireMember(tx);
      const finding = await findingAccess.get(tx, input.findingId, ['input', 'findingId']);
      if (!actor.leader) throw new DomainError(AccountabilityErrorCode.LEADER_REQUIRED, 'Findings are ruled on by a leader-rank member (领导)', ['input']);
      if (finding.responsibleMember?.id === actor.memberId) {
        throw new DomainError(AccountabilityErrorCode.SELF_RULING, 'Nobody rules on a finding about themselves', ['input', 'findingId']);
      }
      await lockFinding(tx, finding.id);
      if (await tx.em.findOne(FindingRuling, { finding: { id: finding.id } })) {
        throw new DomainError(AccountabilityErrorCode.ALREADY_RULED, 'The finding was ruled on already', ['input', 'findingId']);
      }
      const ruling = tx.em.create(FindingRuling, {
        tenant: ref(Tenant, actor.tenant.id),
        finding,
        member: tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true }),
        decision: input.decision,
        note: input.note.trim(),
      });
      return { result: { ruling, finding }, target: { type: 'FindingRuling', id: ruling.id }, incidentId: finding.incident?.id ?? null, reason: ruling.note };
    });
  },
};
