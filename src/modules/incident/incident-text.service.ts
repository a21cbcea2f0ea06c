// The content of a confidential case (举报: summary and demands) is sealed at
// rest with the tenant's data key; other cases keep plain text (searchable).
// Opened only by readers that have already found the caller allowed to see
// the incident: the Incident fields, exports, documents and the case file.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../../platform/context.js';
import type { DataKeyring } from '../../platform/crypto/data-keys.js';
import { isSealed, openText, SEALED_PREFIX, sealText, sealWith, SealedField } from '../../platform/crypto/sealed-text.js';
import { CONFIDENTIAL_CATEGORIES, isConfidentialCategory, type IncidentCategory } from './incident.model.js';

export interface IncidentText {
  summary: string;
  demands: string;
}

/** What to store for a new incident's texts. */
export async function storedIncidentText(ctx: Ctx, category: IncidentCategory, text: IncidentText): Promise<IncidentText> {
  if (!isConfidentialCategory(category)) return text;
  return { summary: await sealText(ctx, SealedField.INCIDENT_SUMMARY, text.summary), demands: await sealText(ctx, SealedField.INCIDENT_DEMANDS, text.demands) };
}

export function openSummary(ctx: Ctx, stored: string): Promise<string> {
  return openText(ctx, SealedField.INCIDENT_SUMMARY, stored);
}

export function openDemands(ctx: Ctx, stored: string): Promise<string> {
  return openText(ctx, SealedField.INCIDENT_DEMANDS, stored);
}

export async function openIncidentText(ctx: Ctx, stored: IncidentText): Promise<IncidentText> {
  return { summary: await openSummary(ctx, stored.summary), demands: await openDemands(ctx, stored.demands) };
}

const CONFIDENTIAL_SQL = CONFIDENTIAL_CATEGORIES.map((c) => `'${c}'`).join(', ');

/** SQL true for a row (alias) whose texts are sealed or due to be: search leaves their content out. */
export const confidentialTextSql = (alias: string) => `${alias}.category in (${CONFIDENTIAL_SQL})`;

/**
 * Existing rows (encrypt-at-rest): seals the plain texts of the tenant's
 * confidential incidents in `em`'s transaction; returns how many rows changed.
 */
export async function sealPlainIncidentTexts(em: EntityManager, keys: DataKeyring, tenantId: string): Promise<number> {
  const tx = em.getTransactionContext();
  const rows = await em.getConnection().execute<{ id: string; summary: string; demands: string }[]>(
    `select id, summary, demands from incident where tenant_id = ? and category in (${CONFIDENTIAL_SQL})
       and (summary not like '${SEALED_PREFIX}%' or demands not like '${SEALED_PREFIX}%') order by id for update`,
    [tenantId], 'all', tx,
  );
  for (const r of rows) {
    const summary = isSealed(r.summary) ? r.summary : await sealWith(em, keys, tenantId, SealedField.INCIDENT_SUMMARY, r.summary);
    const demands = isSealed(r.demands) ? r.demands : await sealWith(em, keys, tenantId, SealedField.INCIDENT_DEMANDS, r.demands);
    await em.getConnection().execute('update incident set summary = ?, demands = ? where tenant_id = ? and id = ?', [summary, demands, tenantId, r.id], 'run', tx);
  }
  return rows.length;
}
