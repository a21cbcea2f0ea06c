// The finding of a 提级督办 in the lower organ: who held the case when the
// upper organ escalated. Written in the receiver's half of the escalation
// (the referral module's one transaction over both tenants); the escalation
// order's unique key makes it once per cause.
import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { Member } from '../member/member.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { AccountabilityFinding } from './finding.entity.js';
import { FindingOutcome, ObligationSource } from './accountability.enums.js';
import type { SupervisionFindingInput } from '../referral/supervision-findings.model.js';

export async function recordSupervisionFinding(tx: Ctx, input: SupervisionFindingInput): Promise<AccountabilityFinding> {
  const incident = await tx.em.findOneOrFail(Incident, { tenant: input.tenantId, id: input.incidentId }, { filters: false });
  const holder = incident.caseOwner ?? incident.onDutyMember ?? null;
  const key = <T extends object>(entity: new () => T, id: string) => ref(tx.em.getReference(entity as never, [input.tenantId, id] as never)) as never;
  const finding = tx.em.create(AccountabilityFinding, {
    tenant: ref(tx.em.getReference<Tenant>(Tenant, input.tenantId)),
    source: ObligationSource.SUPERVISION,
    outcome: FindingOutcome.MISSED,
    incident: key(Incident, incident.id),
    dutyKey: `supervision:${input.cause}`,
    action: input.action,
    levelKey: incident.levelKey ?? null,
    planVersion: incident.planVersion ?? null,
    responsibleMember: holder ? key(Member, holder.id) : null,
    responsibleUnit: key(Unit, incident.unit.id),
    dueAt: input.dueAt,
    detectedAt: input.now,
  });
  return finding;
}
