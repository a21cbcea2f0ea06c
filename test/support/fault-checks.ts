// Checks behind the API's back after a fault (crash, database restart, soak):
// what clients saw succeed is stored whole, and the log chain still verifies.
import type pg from 'pg';
import { withSystemContext, type SystemDeps } from '../../src/platform/system-context.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';
import { tenantChainSource, verifyChain, type ChainVerification } from '../../src/modules/log/log.verify.js';

export interface AcknowledgedMutation {
  kind: 'REPORTED' | 'ACKNOWLEDGED' | 'REPORT_ADDED';
  /** Raw incident id (uuid). */
  incidentId: string;
}

export interface IntegrityReport {
  acknowledged: number;
  /** Acknowledged mutations without their row or log entry. */
  missing: string[];
  /** Incidents stored without their tasks or REPORTED entry, reports without their entry. */
  halfWritten: string[];
  incidents: number;
  logEntries: number;
}

/** Every acknowledged mutation is stored with its log entry; nothing of the tenant is half written. */
export async function checkIntegrity(db: pg.Client, tenantId: string, acknowledged: AcknowledgedMutation[]): Promise<IntegrityReport> {
  const { rows: incidents } = await db.query<{ id: string; status: string; tasks: number; reported: number; reports: number; report_entries: number; acks: number }>(
    `select i.id, i.status,
       (select count(*)::int from incident_task t where t.incident_id = i.id) as tasks,
       (select count(*)::int from log_entry l where l.tenant_id = i.tenant_id and l.incident_id = i.id and l.event = 'REPORTED') as reported,
       (select count(*)::int from incident_report r where r.incident_id = i.id) as reports,
       (select count(*)::int from log_entry l where l.tenant_id = i.tenant_id and l.incident_id = i.id and l.event = 'REPORT_ADDED') as report_entries,
       (select count(*)::int from log_entry l where l.tenant_id = i.tenant_id and l.incident_id = i.id and l.event = 'ACKNOWLEDGED') as acks
     from incident i where i.tenant_id = $1`,
    [tenantId],
  );
  const byId = new Map(incidents.map((i) => [i.id, i]));
  const halfWritten: string[] = [];
  for (const i of incidents) {
    if (i.tasks === 0 || i.reported !== 1) halfWritten.push(`incident ${i.id}: ${i.tasks} tasks, ${i.reported} REPORTED entries`);
    if (i.reports !== i.report_entries) halfWritten.push(`incident ${i.id}: ${i.reports} reports, ${i.report_entries} REPORT_ADDED entries`);
    if ((i.status === 'REPORTED') !== (i.acks === 0)) halfWritten.push(`incident ${i.id}: status ${i.status}, ${i.acks} ACKNOWLEDGED entries`);
  }
  const missing: string[] = [];
  const reportsSeen = new Map<string, number>();
  for (const m of acknowledged) {
    const row = byId.get(m.incidentId);
    if (!row) {
      missing.push(`${m.kind} ${m.incidentId}: no incident`);
      continue;
    }
    if (m.kind === 'ACKNOWLEDGED' && row.acks !== 1) missing.push(`ACKNOWLEDGED ${m.incidentId}: ${row.acks} entries`);
    if (m.kind === 'REPORT_ADDED') reportsSeen.set(m.incidentId, (reportsSeen.get(m.incidentId) ?? 0) + 1);
  }
  for (const [id, n] of reportsSeen) {
    const row = byId.get(id)!;
    if (row.report_entries < n) missing.push(`REPORT_ADDED ${id}: ${n} acknowledged, ${row.report_entries} stored`);
  }
  const { rows: count } = await db.query<{ n: number }>('select count(*)::int as n from log_entry where tenant_id = $1', [tenantId]);
  return { acknowledged: acknowledged.length, missing, halfWritten, incidents: incidents.length, logEntries: count[0]!.n };
}

/** The tenant's hash chain recomputed from the stored entries (what `admin verify-log` does). */
export async function verifyTenantChain(deps: SystemDeps, tenantId: string): Promise<ChainVerification> {
  return withSystemContext(deps, null, async (ctx) => {
    await setTenantScope(ctx.em, tenantId, null);
    return verifyChain(tenantChainSource(ctx.em, tenantId));
  });
}

/** Sequence numbers of the tenant's incident events after `afterSeq`, in order: what a subscriber seeing everything must get. */
export async function incidentEventSeqs(db: pg.Client, tenantId: string, afterSeq: number): Promise<number[]> {
  const { rows } = await db.query<{ seq: string }>(
    'select seq from log_entry where tenant_id = $1 and event is not null and seq > $2 order by seq',
    [tenantId, afterSeq],
  );
  return rows.map((r) => Number(r.seq));
}

/** The log sequence inside an event cursor (base64url of [tenant id, seq]). */
export const seqOfCursor = (cursor: string): number => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[1] as number;
