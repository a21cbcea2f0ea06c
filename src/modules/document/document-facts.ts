// The facts of a case a document is filled with: receipt, the petitioner as
// addressed (their names only with PETITIONER_PII_READ, and the read is
// logged), requests, decision, reply, the reply clock, the remedy and the date.
import { openIncidentText } from '../incident/incident-text.service.js';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { localParts } from '../../platform/zoned-time.js';
import type { Incident } from '../incident/incident.entity.js';
import { Petitioner } from '../petition/petitioner.entity.js';
import { readPetitionerPii } from '../petition/petitioner-pii.service.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { ClockKind } from '../petition/petition.enums.js';
import type { DocumentKind } from './document.enums.js';
import { LEGAL_BASIS, REMEDY, type Placeholder } from './document-templates.model.js';

/** 2026年12月2日 in the tenant's zone. */
export function chineseDate(instant: Date, tz: string): string {
  const p = localParts(instant, tz);
  return `${p.year}年${p.month}月${p.day}日`;
}

export async function caseFacts(tx: Ctx, incident: Incident, kind: DocumentKind): Promise<Partial<Record<Placeholder, string>>> {
  const tenant = requireMember(tx).tenant;
  const tz = tenant.timezone;
  const petitioners = await tx.em.find(Petitioner, { incident: { id: incident.id } }, { orderBy: { position: 'asc' } });
  const names: string[] = [];
  for (const p of petitioners) {
    const pii = await readPetitionerPii(tx, p);
    if (pii) names.push(pii.name);
  }
  const text = await openIncidentText(tx, incident);
  const reply = await tx.em.findOne(StatutoryClock, { incident: { id: incident.id }, kind: ClockKind.REPLY });
  return {
    petitioner: names.length ? names.join('、') : '信访人',
    receiptNumber: incident.receiptNumber,
    receivedDate: chineseDate(incident.receivedAt, tz),
    transferNote: incident.transferredFrom ? `（由${incident.transferredFrom}转送）` : '',
    summary: text.summary,
    demands: text.demands,
    decisionReason: incident.decisionReason ?? '',
    reply: incident.replyText ?? '',
    replyDueDate: reply ? chineseDate(reply.dueAt, tz) : '',
    extensionDays: reply?.extensionDays ? String(reply.extensionDays) : '',
    extensionReason: reply?.extensionReason ?? '',
    legalBasis: LEGAL_BASIS[kind],
    remedy: REMEDY[kind],
    date: chineseDate(new Date(), tz),
    institution: tenant.name,
  };
}

/** When the reply clock falls due (a reply opinion served after it is late). */
export async function replyDueAt(tx: Ctx, incidentId: string): Promise<Date | null> {
  return (await tx.em.findOne(StatutoryClock, { incident: { id: incidentId }, kind: ClockKind.REPLY }))?.dueAt ?? null;
}
