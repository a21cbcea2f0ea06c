// The bulk of the bench data, written as a superuser with set-based SQL:
// incidents spread over the last 12 months, their tasks (done on time, late,
// or missed), acceptance clocks, situation reports, accountability findings,
// and one tenant-log entry per incident that continues the tenant's hash chain
// (hashed with the real canonical encoding, so verifyChain passes).
// session_replication_role = replica skips the triggers (the deferred
// log guard and the FK checks) for this loading session only.
import pg from 'pg';
import { chainHash, type HashedEntry } from '../../src/platform/audit/log-hash.js';
import { canonicalJson } from '../../src/platform/audit/canonical-json.js';
import { storable, toPgArray } from '../../src/platform/audit/log-writer.js';
import type { ResponseLevel } from '../../src/modules/plan/plan.model.js';

interface TenantContext {
  tenantId: string;
  planId: string;
  planVersion: number;
  levels: ResponseLevel[];
  unitIds: string[];
  /** Role key → role id and the member holding it. */
  roles: Record<string, { roleId: string; memberId: string; userId: string }>;
}

async function context(client: pg.PoolClient, tenantId: string): Promise<TenantContext> {
  const plan = (await client.query(`select id, version, levels from plan where tenant_id = $1 and status = 'PUBLISHED'`, [tenantId])).rows[0];
  if (!plan) throw new Error(`tenant ${tenantId} has no published plan`);
  const units = (await client.query(`select id from unit where tenant_id = $1 order by depth, path`, [tenantId])).rows.map((r) => r.id as string);
  const roleRows = (await client.query(
    `select r.key, r.id as role_id, m.id as member_id, m.user_id
       from member_role mr join role r on r.tenant_id = mr.tenant_id and r.id = mr.role_id
       join member m on m.tenant_id = mr.tenant_id and m.id = mr.member_id
      where mr.tenant_id = $1 and r.key is not null order by m.created_at`,
    [tenantId],
  )).rows;
  const roles: TenantContext['roles'] = {};
  for (const r of roleRows) roles[r.key] ??= { roleId: r.role_id, memberId: r.member_id, userId: r.user_id };
  return { tenantId, planId: plan.id, planVersion: plan.version, levels: plan.levels, unitIds: units, roles };
}

/** Loads `count` incidents (and everything under them) into one tenant; `findings` adds accountability findings. */
export async function loadTenantBulk(pool: pg.Pool, tenantId: string, count: number, findings: boolean): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`);
    const ctx = await context(client, tenantId);
    const byRole = (key: string) => ctx.roles[key] ?? ctx.roles.GROUP_LEADER!;
    const reporter = byRole('LIAISON');
    const owner = byRole('DEPUTY_LEADER');
    // Levels by severity: most incidents open at the baseline level, one in ten at the next.
    const levels = [...ctx.levels].sort((a, b) => a.severity - b.severity);
    const lowLevel = levels[0]!;
    const highLevel = levels[1] ?? lowLevel;
    const roleMap = Object.fromEntries(Object.entries(ctx.roles).map(([k, v]) => [k, { role: v.roleId, member: v.memberId }]));

    // Incidents: received over the last 365 days, newest first by g.
    await client.query(
      `insert into incident (tenant_id, id, created_at, receipt_number, category, level_reached, headcount, place, occurred_at, received_at,
         summary, demands, conduct_flags, topics, unit_id, status, version, reported_by_id, plan_id, plan_version, level_key, level_name,
         level_severity, case_owner_id, case_owner_assigned_at, acknowledged_at, decision, updated_at)
       select $1, gen_random_uuid(), x.r, 'BN' || to_char(x.r, 'YYYYMMDD') || lpad(g::text, 6, '0'),
         (array['INDIVIDUAL_VISIT','GROUP_VISIT','LETTER','ONLINE_PETITION'])[1 + g % 4],
         case when g % 17 = 0 then 'COUNTY' else 'OWN' end, case when g % 10 = 0 then 8 else 1 end, '信访接待室',
         x.r - interval '1 hour', x.r, '反映补偿款未按时发放 #' || g, '要求尽快发放补偿款并公开标准', '{}', '{}',
         ($3::uuid[])[1 + g % array_length($3::uuid[], 1)],
         case when x.r > now() - interval '3 days' then (array['REPORTED','ACKNOWLEDGED'])[1 + g % 2]
              else (array['HANDLING','REPLIED','CLOSED','CLOSED'])[1 + g % 4] end,
         1, $4, $5, $6,
         case when g % 10 = 0 then $7 else $8 end, case when g % 10 = 0 then $9 else $10 end, case when g % 10 = 0 then $11::int else $12::int end,
         case when g % 2 = 0 then $13::uuid end, case when g % 2 = 0 then x.r + interval '1 hour' end,
         case when x.r <= now() - interval '3 days' or g % 2 = 1 then x.r + interval '20 minutes' end,
         case when x.r > now() - interval '3 days' then 'PENDING' else 'ACCEPTED' end, x.r
         from generate_series(1, $2::int) g,
         lateral (select date_trunc('milliseconds', now() - interval '10 minutes' - (g - 1) * (interval '365 days' / $2::int)) as r) x`,
      [tenantId, count, ctx.unitIds, reporter.memberId, ctx.planId, ctx.planVersion,
        highLevel.key, lowLevel.key, highLevel.name, lowLevel.name, highLevel.severity, lowLevel.severity, owner.memberId],
    );

    // Tasks: the level's duties; older ones done on time (7 in 10), late (2 in 10) or missed (1 in 10).
    await client.query(
      `insert into incident_task (tenant_id, id, created_at, incident_id, level_sequence, level_key, plan_version, duty_key, duty_kind, action,
         role_key, role_id, assignee_id, responsible_unit_id, due_at, occurrence, evidence_required, escalation, status, done_at, done_by_id)
       select i.tenant_id, gen_random_uuid(), i.received_at, i.id, 1, i.level_key, i.plan_version, d->>'key', d->>'kind', d->>'action',
         d->>'roleKey', ($2::jsonb->(d->>'roleKey')->>'role')::uuid, ($2::jsonb->(d->>'roleKey')->>'member')::uuid, i.unit_id, t.due, 1,
         coalesce((d->>'evidenceRequired')::boolean, false), d->'escalation',
         case when i.received_at > now() - interval '3 days' then 'OPEN' when s.k < 7 then 'DONE' when s.k < 9 then 'DONE' else 'OPEN' end,
         case when i.received_at > now() - interval '3 days' then null when s.k < 7 then t.due - interval '10 minutes'
              when s.k < 9 then t.due + interval '3 hours' end,
         case when i.received_at <= now() - interval '3 days' and s.k < 9 then ($2::jsonb->(d->>'roleKey')->>'member')::uuid end
         from incident i
         join lateral (select value as l from jsonb_array_elements($3::jsonb) where value->>'key' = i.level_key) lv on true
         cross join lateral jsonb_array_elements(lv.l->'duties') with ordinality as du(d, n)
         cross join lateral (select i.received_at + ((d->'due'->>'amount') || ' ' || lower(d->'due'->>'unit'))::interval as due) t
         cross join lateral (select abs(hashtext(i.id::text || du.n::text)) % 10 as k) s
        where i.tenant_id = $1`,
      [tenantId, JSON.stringify(roleMap), JSON.stringify(ctx.levels)],
    );
    // Tasks whose role nobody holds go to the group leader.
    await client.query(`update incident_task set assignee_id = $2, role_id = coalesce(role_id, $3) where tenant_id = $1 and assignee_id is null`,
      [tenantId, ctx.roles.GROUP_LEADER!.memberId, ctx.roles.GROUP_LEADER!.roleId]);

    // The acceptance clock (15 calendar days): met, missed, or still running.
    await client.query(
      `insert into statutory_clock (tenant_id, id, created_at, incident_id, kind, party, basis, days, article, state, started_at, due_at,
         original_due_at, met_at, explanation, fallback_years, history)
       select i.tenant_id, gen_random_uuid(), i.received_at, i.id, 'ACCEPTANCE', 'INSTITUTION', 'CALENDAR_DAYS', 15, '信访工作条例 第二十三条第二款',
         case when i.decision = 'PENDING' then 'OPEN' when abs(hashtext(i.id::text)) % 10 = 0 then 'MISSED' else 'MET' end,
         i.received_at, i.received_at + interval '15 days', i.received_at + interval '15 days',
         case when i.decision <> 'PENDING' then i.received_at + case when abs(hashtext(i.id::text)) % 10 = 0 then interval '16 days' else interval '5 days' end end,
         '告知是否受理 (信访工作条例 第二十三条第二款): 15 个自然日', '[]', '[]'
         from incident i where i.tenant_id = $1`,
      [tenantId],
    );
    await client.query(
      `insert into incident_report (tenant_id, id, created_at, incident_id, kind, body, nothing_new, headcount, reported_by_id)
       select i.tenant_id, gen_random_uuid(), i.received_at + interval '2 hours', i.id, 'SITUATION', '现场情况稳定，已做好解释工作', false, i.headcount, $2
         from incident i where i.tenant_id = $1`,
      [tenantId, reporter.memberId],
    );
    if (findings) {
      await client.query(
        `insert into accountability_finding (tenant_id, id, created_at, source, outcome, incident_id, task_id, duty_kind, duty_key, action,
           occurrence_number, level_key, plan_version, responsible_member_id, responsible_role_id, role_key, responsible_unit_id, due_at, done_at, detected_at)
         select t.tenant_id, gen_random_uuid(), t.due_at + interval '1 hour', 'TASK', case when t.status = 'DONE' then 'LATE' else 'MISSED' end,
           t.incident_id, t.id, t.duty_kind, t.duty_key, t.action, 1, t.level_key, t.plan_version, t.assignee_id, t.role_id, t.role_key,
           t.responsible_unit_id, t.due_at, t.done_at, t.due_at + interval '1 hour'
           from incident_task t
          where t.tenant_id = $1 and t.due_at < now() - interval '3 days' and (t.status = 'OPEN' or t.done_at > t.due_at)`,
        [tenantId],
      );
    }
    // The bench drives each tenant far past its tier's request quota; lift it (the rate limiter still runs).
    await client.query(`update tenant set quota_overrides = '{"requestsPerMinute": 100000000}' where id = $1`, [tenantId]);
    await appendReportedEntries(client, ctx, reporter);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** One `incident.report` entry per incident, in receipt order, chained onto the tenant's head. */
async function appendReportedEntries(client: pg.PoolClient, ctx: TenantContext, reporter: { memberId: string; userId: string }): Promise<void> {
  const head = (await client.query(`select seq, hash from log_head where tenant_id = $1`, [ctx.tenantId])).rows[0];
  const txid = (await client.query(`select txid_current() as t`)).rows[0].t as string;
  const incidents = (await client.query(`select id from incident where tenant_id = $1 order by received_at, id`, [ctx.tenantId])).rows as { id: string }[];
  let seq = Number(head.seq);
  let prev = head.hash as string;
  const base = Date.now();
  const BATCH = 2000;
  for (let start = 0; start < incidents.length; start += BATCH) {
    const cols = { id: [] as string[], seq: [] as number[], at: [] as string[], target: [] as string[], changes: [] as string[], prev: [] as string[], hash: [] as string[] };
    for (const row of incidents.slice(start, start + BATCH)) {
      seq += 1;
      const time = new Date(base + seq).toISOString();
      const entry: HashedEntry = storable({
        tenantId: ctx.tenantId, seq, time, actorKind: 'USER', actorUserId: reporter.userId, actorMemberId: reporter.memberId,
        actorRoles: ['LIAISON'], action: 'incident.report', targetType: 'Incident', targetId: row.id, incidentId: row.id, event: 'REPORTED',
        changes: JSON.parse(canonicalJson([{ type: 'Incident', id: row.id, op: 'create' }])) as unknown[],
        reason: null, requestId: 'bench-load', clientAddress: null,
      });
      const hash = chainHash(prev, entry);
      cols.id.push(row.id); cols.seq.push(seq); cols.at.push(time); cols.target.push(row.id);
      cols.changes.push(canonicalJson(entry.changes)); cols.prev.push(prev); cols.hash.push(hash);
      prev = hash;
    }
    await client.query(
      `insert into log_entry (tenant_id, id, seq, txid, created_at, actor_kind, actor_user_id, actor_member_id, actor_roles, action,
         target_type, target_id, incident_id, event, changes, reason, request_id, client_address, prev_hash, hash)
       select $1, gen_random_uuid(), s, $2, a, 'USER', $3, $4, $5::text[], 'incident.report', 'Incident', t, t, 'REPORTED', c::jsonb, null, 'bench-load', null, p, h
         from unnest($6::bigint[], $7::timestamptz[], $8::uuid[], $9::text[], $10::text[], $11::text[]) as u(s, a, t, c, p, h)`,
      [ctx.tenantId, txid, reporter.userId, reporter.memberId, toPgArray(['LIAISON']), cols.seq, cols.at, cols.target, cols.changes, cols.prev, cols.hash],
    );
  }
  await client.query(`update log_head set seq = $2, hash = $3 where tenant_id = $1`, [ctx.tenantId, seq, prev]);
}
