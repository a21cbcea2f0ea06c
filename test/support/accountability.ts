// Helpers for accountability tests: a township with the usual roles and a
// published test plan, the deadline sweeper run in-process with a simulated
// "now", and reads behind the API's back.
import type pg from 'pg';
import { runDeadlineSweep, sweepStep, SWEEP_STEPS, type SweepOptions, type SweepResult } from '../../src/modules/accountability/sweeper.js';
import { superuserClient } from './db.js';
import type { TestServer } from './server.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from './fixtures.js';
import { REPORT_INCIDENT, TEST_LEVELS, mutationDoc, publishPlan, raw, reportInput } from './incidents.js';

export type M = { memberId: string; token: string; email: string };

export interface Township {
  tenant: TenantFixture;
  tenantId: string;
  village: string;
  leader: M;
  deputy: M;
  director: M;
  member: M;
  liaison: M;
  auditor: M;
}

/** A township with a village, one member per template role and the test plan published. */
export async function township(server: TestServer, levels = TEST_LEVELS): Promise<Township> {
  const platform = await platformAdmin(server);
  const tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  const village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  const leader = await addMember(server, tenant, ['GROUP_LEADER']);
  const deputy = await addMember(server, tenant, ['DEPUTY_LEADER']);
  const director = await addMember(server, tenant, ['OFFICE_DIRECTOR']);
  const member = await addMember(server, tenant, ['MEMBER']);
  const liaison = await addMember(server, tenant, ['LIAISON'], village);
  const auditor = await addMember(server, tenant, ['AUDITOR']);
  await publishPlan(server, tenant, levels);
  return { tenant, tenantId: raw(tenant.id), village, leader, deputy, director, member, liaison, auditor };
}

export const TASK_FIELDS = 'id dutyKey dutyKind status dueAt occurrence assignee { id }';

/** Reports an incident in the village (received `agoMs` ago) and returns it with its tasks and clocks. */
export async function reportAt(server: TestServer, t: Township, agoMs: number, extra: Record<string, unknown> = {}) {
  const receivedAt = new Date(Date.now() - agoMs);
  const data = await ok<any>(
    server.url,
    REPORT_INCIDENT,
    { input: reportInput(t.village, { receivedAt: receivedAt.toISOString(), occurredAt: new Date(receivedAt.getTime() - 60_000).toISOString(), ...extra }) },
    t.director.token,
  );
  if (data.reportIncident.userErrors.length) throw new Error(JSON.stringify(data.reportIncident.userErrors));
  return data.reportIncident.incident as { id: string; tasks: any[]; clocks: any[] };
}

export async function act(server: TestServer, name: string, inputType: string, input: Record<string, unknown>, token: string, selection?: string) {
  const res = await gql<any>(server.url, mutationDoc(name, inputType, selection), { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data[name];
}

export const taskOf = (incident: { tasks: any[] }, key: string) => incident.tasks.find((x: any) => x.dutyKey === key)!;

/**
 * One sweep, then proof that its agenda missed nothing: every step run
 * directly (without the agenda) over every tenant in scope that was not left
 * for the next sweep writes nothing (each write is logged: the log heads stay).
 */
export async function sweep(server: TestServer, t: Township | null, now: Date, extra: SweepOptions = {}): Promise<SweepResult> {
  const result = await runDeadlineSweep(server.deps, { now, ...(t ? { tenantIds: [t.tenantId] } : {}), ...extra });
  if (!result.ran || result.failures.length) return result;
  const db = await superuserClient(server.databaseUrl);
  try {
    const heads = async () => new Map((await db.query(`select t.id, coalesce(h.seq, 0)::text as seq from tenant t left join log_head h on h.tenant_id = t.id where t.status = 'ACTIVE'`)).rows.map((r) => [r.id as string, r.seq as string]));
    const scope = (await db.query<{ id: string; timezone: string }>(`select id, timezone from tenant where status = 'ACTIVE' and ($1::uuid[] is null or id = any($1::uuid[])) order by id`, [extra.tenantIds ?? (t ? [t.tenantId] : null)])).rows
      .filter((x) => !result.deferred.includes(x.id));
    for (const tenant of scope) {
      for (const step of SWEEP_STEPS) {
        const before = await heads();
        await sweepStep(server.deps, tenant, step, now, { limit: extra.batchSize, dueSoonMs: extra.dueSoonMs });
        const after = await heads();
        const moved = [...after].filter(([id, seq]) => before.get(id) !== seq).map(([id]) => id);
        if (moved.length) throw new Error(`sweep agenda missed step ${step.name} of tenant ${tenant.id} at ${now.toISOString()} (log moved in ${moved.join(', ')})`);
      }
    }
  } finally {
    await db.end();
  }
  return result;
}

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
export const days = (n: number) => n * 86_400_000;
export const at = (base: string | Date, plusMs: number) => new Date(new Date(base).getTime() + plusMs);

export async function findingsOf(db: pg.Client, tenantId: string, incidentId?: string) {
  const { rows } = await db.query(
    `select f.*, e.status as escalation_status, e.notify_role_key, e.recipient_ids
       from accountability_finding f left join finding_escalation e on e.tenant_id = f.tenant_id and e.finding_id = f.id
      where f.tenant_id = $1 ${incidentId ? 'and f.incident_id = $2' : ''}
      order by f.due_at, f.occurrence_number nulls first, f.duty_key`,
    incidentId ? [tenantId, incidentId] : [tenantId],
  );
  return rows;
}

export async function logHead(db: pg.Client, tenantId: string): Promise<number> {
  const { rows } = await db.query('select seq from log_head where tenant_id = $1', [tenantId]);
  return Number(rows[0].seq);
}

export async function entriesAfter(db: pg.Client, tenantId: string, seq: number) {
  const { rows } = await db.query(
    'select seq, action, actor_kind, actor_user_id, target_type, target_id, incident_id, event, changes from log_entry where tenant_id = $1 and seq > $2 order by seq',
    [tenantId, seq],
  );
  return rows;
}

/**
 * Time passing for an incident's tasks: their due and assignment times moved
 * `ms` back, behind the API's back (the log guard off for this statement), as
 * if the incident had been entered that long ago. A back-entered incident's
 * duties run from its entry, so a received time in the past no longer makes
 * them overdue. Updates the returned tasks' dueAt.
 */
export async function enteredAgo<T extends { id: string; tasks: any[] }>(db: pg.Client, incident: T, ms: number): Promise<T> {
  await db.query('begin');
  try {
    await db.query('set local session_replication_role = replica');
    await db.query(
      `update incident_task set due_at = due_at - make_interval(secs => $2::double precision / 1000), assigned_at = assigned_at - make_interval(secs => $2::double precision / 1000)
        where incident_id = $1`,
      [raw(incident.id), ms],
    );
    await db.query('commit');
  } catch (e) {
    await db.query('rollback');
    throw e;
  }
  for (const task of incident.tasks) task.dueAt = new Date(new Date(task.dueAt).getTime() - ms).toISOString();
  return incident;
}

/** A row's created_at moved `ms` back behind the API's back (e.g. an alert period declared that long ago). */
export async function backdate(db: pg.Client, table: 'alert_period' | 'unit', id: string, ms: number): Promise<void> {
  await db.query('begin');
  try {
    await db.query('set local session_replication_role = replica');
    await db.query(`update ${table} set created_at = created_at - make_interval(secs => $2::double precision / 1000) where id = $1`, [id, ms]);
    await db.query('commit');
  } catch (e) {
    await db.query('rollback');
    throw e;
  }
}
