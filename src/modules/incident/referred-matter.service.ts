// What a referral (转送, 交办) needs of the incident module, through its public
// face: the matter as it crosses to another organisation, opening it there
// through the report path, and ending the sender's handling on a transfer.
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { toGlobalId } from '../../platform/ids.js';
import type { Audited } from '../../platform/audit/mutation.js';
import { Petitioner } from '../petition/petitioner.entity.js';
import { Incident } from './incident.entity.js';
import { IncidentSource, IncidentStatus } from './incident.enums.js';
import { ReportIncidentInput } from './incident.inputs.js';
import { incidentAccess } from './incident.access.js';
import { assertTransition, assertWritable } from './incident-lifecycle.model.js';
import { reportWork, type ReportResult } from './incident.service.js';
import type { ConductFlag, IncidentCategory, LevelReached } from './incident.model.js';

/** The part of an incident that crosses to the receiving organisation: the facts, and petitioners only with the PII permission. */
export interface ReferredMatter {
  receiptNumber: string;
  category: IncidentCategory;
  levelReached: LevelReached;
  headcount: number;
  place: string | null;
  occurredAt: Date;
  summary: string;
  demands: string;
  conductFlags: ConductFlag[];
  topics: string[];
  petitioners: { name: string; contact: string | null; representative: boolean }[];
  /** Whether petitioners' personal data crossed (the sender holds PETITIONER_PII_READ). */
  personalData: boolean;
}

/** The visible incident of the caller, locked, with what may cross. */
export async function lockMatterToRefer(ctx: Ctx, incidentId: string): Promise<{ incident: Incident; matter: ReferredMatter }> {
  const incident = await incidentAccess.lock(ctx, incidentId);
  assertWritable(incident.status);
  const personalData = requireMember(ctx).permissions.has(Permission.PETITIONER_PII_READ);
  const rows = personalData ? await ctx.em.find(Petitioner, { incident: { id: incident.id } }, { orderBy: { position: 'asc' } }) : [];
  return {
    incident,
    matter: {
      receiptNumber: incident.receiptNumber,
      category: incident.category,
      levelReached: incident.levelReached,
      headcount: incident.headcount,
      place: incident.place ?? null,
      occurredAt: incident.occurredAt,
      summary: incident.summary,
      demands: incident.demands,
      conductFlags: [...incident.conductFlags],
      topics: [...incident.topics],
      petitioners: rows.map((p) => ({ name: p.name, contact: p.contact ?? null, representative: p.representative })),
      personalData,
    },
  };
}

/** The receiving half: a new incident in the caller's (receiving) tenant, at its root unit, matched against its own plan. */
export function receiveReferredMatter(tx: Ctx, matter: ReferredMatter, from: string, source: IncidentSource): Promise<Audited<ReportResult>> {
  const actor = requireMember(tx);
  const input = Object.assign(new ReportIncidentInput(), {
    category: matter.category,
    levelReached: matter.levelReached,
    headcount: matter.headcount,
    place: matter.place,
    occurredAt: matter.occurredAt,
    receivedAt: new Date(),
    summary: matter.summary,
    demands: matter.demands,
    conductFlags: matter.conductFlags,
    topics: matter.topics,
    unitId: toGlobalId('Unit', actor.unitId!),
    transferredFrom: from,
    relatedIncidentId: null,
    petitioners: matter.petitioners,
    subjectMemberIds: [],
    recusedMemberIds: [],
  });
  return reportWork(tx, input, source);
}

/** 转送 on the sender's side: its own handling ends as TRANSFERRED, naming where the matter went. */
export function endAsTransferred(incident: Incident, toName: string): void {
  assertTransition(incident.status, IncidentStatus.TRANSFERRED);
  incident.status = IncidentStatus.TRANSFERRED;
  incident.transferredTo = toName;
  incident.touch();
}
