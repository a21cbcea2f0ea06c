// Prevention records (预防): record a grievance, log the work on it, resolve it
// locally, or, when a petition is made after all, open the incident it became.
// Every change locks the concern row first and is audited.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, DomainErrors, invalid } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf, toGlobalId } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { unitService } from '../unit/unit.service.js';
import { UnitErrorCode } from '../unit/unit.errors.js';
import { memberService, actorRef, memberRef } from '../member/member.service.js';
import { Unit } from '../unit/unit.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { incidentService, type ReportResult } from '../incident/incident.service.js';
import { Concern, ConcernUpdate } from './concern.entity.js';
import { ConcernStatus } from './concern.enums.js';
import { ConcernErrorCode } from './concern.errors.js';
import { concernStanceProblems } from './concern.model.js';
import { concernAccess, visibleConcernWhere } from './concern.access.js';
import {
  ConcernConnection,
  ConcernNode,
  type AddConcernUpdateInput,
  type ConcernFilter,
  type OpenIncidentFromConcernInput,
  type RecordConcernInput,
  type ResolveConcernInput,
} from './concern.types.js';

/** Refuses text that records who plans to petition, when or where, or asks to watch or stop people. */
function guardStance(texts: [string[], string | null | undefined][]): void {
  const errors: DomainError[] = [];
  for (const [field, text] of texts) {
    const problems = text ? concernStanceProblems(text) : [];
    if (problems.length) {
      errors.push(new DomainError(
        ConcernErrorCode.CONCERN_STANCE_TEXT,
        `A concern records the grievance and the institution's work, never who plans to petition, when or where (${problems.join('; ')}). 只记录问题与化解工作，不记录谁拟上访、何时何地。`,
        field,
      ));
    }
  }
  if (errors.length) throw new DomainErrors(errors);
}

function assertOpen(concern: Concern): void {
  if (concern.status !== ConcernStatus.OPEN) throw new DomainError(ConcernErrorCode.CONCERN_NOT_OPEN, `The concern is ${concern.status}`, ['input', 'concernId']);
}

function touch(concern: Concern): void {
  concern.version += 1;
  concern.updatedAt = new Date();
}

export const concernService = {
  async record(ctx: Ctx, input: RecordConcernInput): Promise<Outcome<Concern>> {
    return audited(ctx, 'concern.record', async (tx) => {
      await validateInput(input);
      requireMember(tx);
      guardStance([[['input', 'issue'], input.issue], [['input', 'plannedResolution'], input.plannedResolution]]);
      // A due date already past would be a finding before anyone could act.
      if (input.resolveBy.getTime() <= Date.now()) throw invalid('resolveBy must be in the future', ['input', 'resolveBy']);
      const unit = await unitService.getInScope(tx, input.unitId, ['input', 'unitId']);
      if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is archived', ['input', 'unitId']);
      const ownerId = input.ownerId ? (await memberService.getInScope(tx, input.ownerId, ['input', 'ownerId'])).id : requireMember(tx).memberId;
      const concern = tx.em.create(Concern, {
        tenant: tenantRef(tx),
        unit: ref(tx.em.getReference(Unit, [requireMember(tx).tenant.id, unit.id] as never)),
        issue: input.issue.trim(),
        affectedCount: input.affectedCount,
        plannedResolution: input.plannedResolution.trim(),
        resolveBy: input.resolveBy,
        owner: memberRef(tx, ownerId),
        recordedBy: actorRef(tx),
      });
      return { result: concern, target: { type: 'Concern', id: concern.id } };
    });
  },

  async addUpdate(ctx: Ctx, input: AddConcernUpdateInput): Promise<Outcome<Concern>> {
    return audited(ctx, 'concern.add_update', async (tx) => {
      await validateInput(input);
      guardStance([[['input', 'note'], input.note]]);
      const concern = await concernAccess.lock(tx, idOf('Concern', input.concernId, ['input', 'concernId']), input.expectedVersion);
      assertOpen(concern);
      tx.em.persist(tx.em.create(ConcernUpdate, { tenant: tenantRef(tx), concern, note: input.note.trim(), recordedBy: actorRef(tx) }));
      touch(concern);
      return { result: concern, target: { type: 'Concern', id: concern.id } };
    });
  },

  async resolve(ctx: Ctx, input: ResolveConcernInput): Promise<Outcome<Concern>> {
    return audited(ctx, 'concern.resolve', async (tx) => {
      await validateInput(input);
      guardStance([[['input', 'resolution'], input.resolution]]);
      const concern = await concernAccess.lock(tx, idOf('Concern', input.concernId, ['input', 'concernId']), input.expectedVersion);
      assertOpen(concern);
      concern.status = ConcernStatus.RESOLVED;
      concern.resolution = input.resolution.trim();
      concern.closedAt = new Date();
      concern.closedBy = actorRef(tx);
      touch(concern);
      return { result: concern, target: { type: 'Concern', id: concern.id }, reason: concern.resolution };
    });
  },

  /**
   * A petition was made: the incident is reported as any other (its clocks
   * start at its receipt, not at the concern's date) and linked to the
   * concern, whose record and work it carries. Two log entries: the report
   * and this one; a refusal of either leaves nothing.
   */
  async openIncident(ctx: Ctx, input: OpenIncidentFromConcernInput): Promise<Outcome<{ concern: Concern; report: ReportResult }>> {
    return audited(ctx, 'concern.open_incident', async (tx) => {
      await validateInput(input);
      const concern = await concernAccess.lock(tx, idOf('Concern', input.concernId, ['input', 'concernId']), input.expectedVersion);
      assertOpen(concern);
      const now = new Date();
      const reported = await incidentService.report(tx, {
        category: input.category,
        levelReached: input.levelReached,
        headcount: input.headcount ?? concern.affectedCount,
        place: input.place ?? null,
        occurredAt: input.occurredAt ?? input.receivedAt ?? now,
        receivedAt: input.receivedAt ?? null,
        summary: input.summary ?? concern.issue,
        demands: input.demands,
        conductFlags: input.conductFlags,
        topics: input.topics,
        unitId: toGlobalId('Unit', concern.unit.id),
        intakeChannel: input.intakeChannel ?? null,
        petitioners: input.petitioners.map((p) => ({ name: p.name, contact: p.contact ?? null, representative: !!p.representative })),
        subjectMemberIds: [],
        recusedMemberIds: [],
      } as Parameters<typeof incidentService.report>[1]);
      if (!reported.ok) throw new DomainErrors(reported.errors);
      const incident = reported.value.incident;
      concern.status = ConcernStatus.BECAME_INCIDENT;
      concern.incident = ref(tx.em.getReference(Incident, [requireMember(tx).tenant.id, incident.id] as never));
      concern.closedAt = now;
      concern.closedBy = actorRef(tx);
      touch(concern);
      return {
        result: { concern, report: reported.value },
        target: { type: 'Concern', id: concern.id },
        incidentId: incident.id,
        reason: `became incident ${incident.receiptNumber}`,
      };
    });
  },

  /** Concerns the caller sees, latest first. */
  async list(ctx: Ctx, filter: ConcernFilter | null | undefined, page: PageArgs) {
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const parts: Record<string, unknown>[] = [visibleConcernWhere(ctx)];
    if (filter?.statuses?.length) parts.push({ status: { $in: filter.statuses } });
    if (filter?.unitId) parts.push({ unit: { path: unitSubtree.where((await unitService.getInScope(ctx, filter.unitId, ['filter', 'unitId'])).path) } });
    const where = { $and: parts };
    let pageWhere: Record<string, unknown> = where;
    if (after) {
      const [t, id] = after;
      if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(t))) throw invalid('after is not a cursor of this list', ['after']);
      pageWhere = { $and: [...parts, { $or: [{ createdAt: { $lt: new Date(t) } }, { createdAt: new Date(t), id: { $lt: id } }] }] };
    }
    const rows = await ctx.em.find(Concern, pageWhere, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return toConnection(ConcernConnection, rows, limit, !!after, (c) => [c.createdAt.toISOString(), c.id], (c) => ConcernNode.from(c), () => ctx.em.count(Concern, where));
  },

  /** Each concern's work, oldest first (one statement per page). */
  updates(ctx: Ctx) {
    return ctx.loaders.get<string, ConcernUpdate[]>('concern.updates', async (ids) => {
      const rows = await ctx.em.find(ConcernUpdate, { concern: { id: { $in: [...ids] } } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.concern.id === id));
    });
  },

  /** The concern an incident was opened from, if the caller sees it (one statement per page). */
  ofIncident(ctx: Ctx) {
    return ctx.loaders.get<string, Concern | null>('concern.ofIncident', async (ids) => {
      const rows = await ctx.em.find(Concern, { $and: [{ incident: { id: { $in: [...ids] } } }, visibleConcernWhere(ctx)] });
      return ids.map((id) => rows.find((r) => r.incident?.id === id) ?? null);
    });
  },
};
