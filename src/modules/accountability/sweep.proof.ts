// The log entries that prove a finding: the entry whose change set created the
// task or clock (or declared the alert period), and the one that completed it
// late. Looked up among the incident's entries (indexed by incident), in one
// statement per batch.
import { pgUuids, type SweepBatch } from './sweep.context.js';

export interface ProofKey {
  incidentId: string;
  type: 'IncidentTask' | 'StatutoryClock' | 'ClockSuspension';
  id: string;
}

/** Sequence number of the entry that created each object, by object id. */
export async function creationSeqs(batch: SweepBatch, keys: ProofKey[]): Promise<Map<string, number>> {
  return changeSeqs(batch, keys, `c->>'op' = 'create'`, 'min');
}

/** Sequence number of the entry that completed each task (status DONE) or met each clock (state MET). */
export async function completionSeqs(batch: SweepBatch, keys: ProofKey[]): Promise<Map<string, number>> {
  return changeSeqs(batch, keys, `c->>'op' = 'update' and (c->'after'->>'status' = 'DONE' or c->'after'->>'state' = 'MET')`, 'max');
}

async function changeSeqs(batch: SweepBatch, keys: ProofKey[], condition: string, pick: 'min' | 'max'): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const rows = await batch.sql<{ id: string; seq: string }>(
    `select c->>'id' as id, ${pick}(e.seq) as seq
       from log_entry e cross join lateral jsonb_array_elements(e.changes) c
      where e.tenant_id = ? and e.incident_id = any(?::uuid[])
        and c->>'type' = any(?::text[]) and c->>'id' = any(?::text[]) and ${condition}
      group by 1`,
    [batch.tenant.id, pgUuids(keys.map((k) => k.incidentId)), `{${[...new Set(keys.map((k) => k.type))].join(',')}}`, `{${keys.map((k) => k.id).join(',')}}`],
  );
  for (const r of rows) out.set(r.id, Number(r.seq));
  return out;
}

/** Sequence numbers of the entries targeting these objects with this action (declare, report), by target id. */
export async function targetSeqs(batch: SweepBatch, targetType: string, action: string, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const rows = await batch.sql<{ target_id: string; seq: string }>(
    `select target_id, min(seq) as seq from log_entry
      where tenant_id = ? and target_type = ? and target_id = any(?::uuid[]) and action = ?
      group by target_id`,
    [batch.tenant.id, targetType, pgUuids(ids), action],
  );
  for (const r of rows) out.set(r.target_id, Number(r.seq));
  return out;
}
