// Baseline W4: reportIncident by hand. Same plan matching (the pure matcher
// over the published plan's levels), then the inserts the API makes: incident,
// receipt, petitioners, level record, one task per duty, the acceptance clock,
// and one tenant-log entry chained onto the head. What it skips is listed in
// RESULTS.md (roster lookup, alert periods, the holiday calendar, input validation).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { matchLevel } from '../../src/modules/plan/plan-matcher.model.js';
import type { ResponseLevel } from '../../src/modules/plan/plan.model.js';
import { accessCodeHash, newAccessCode, newReceiptNumber } from '../../src/modules/petition/receipt.model.js';
import { chainHash, type HashedEntry } from '../../src/platform/audit/log-hash.js';
import { canonicalJson } from '../../src/platform/audit/canonical-json.js';
import { toPgArray } from '../../src/platform/audit/log-writer.js';
import type { BaselineActor } from './auth.js';
import type { IncidentFacts } from '../../src/modules/incident/incident.model.js';

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1] ?? '';
const UNIT_MS = { MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

export interface ReportInput {
  category: string;
  levelReached: string;
  headcount: number;
  place?: string;
  occurredAt: string;
  summary: string;
  demands: string;
  unitId: string;
  petitioners: { name: string; contact?: string }[];
}

export async function reportIncident(client: pg.PoolClient, actor: BaselineActor, input: ReportInput) {
  const now = new Date();
  const unitId = rawId(input.unitId);
  const unitRes = await client.query(`select id, path from unit where tenant_id = $1 and id = $2 and path like $3 and archived_at is null`, [actor.tenantId, unitId, `${actor.unitPath}%`]);
  const planRes = await client.query(`select id, version, levels from plan where tenant_id = $1 and status = 'PUBLISHED'`, [actor.tenantId]);
  if (!unitRes.rows[0]) return { reportIncident: { incident: null, receipt: null, userErrors: [{ code: 'NOT_FOUND', message: 'Unit not found' }] } };
  const plan = planRes.rows[0] as { id: string; version: number; levels: ResponseLevel[] } | undefined;
  const facts: IncidentFacts = {
    category: input.category as never, levelReached: input.levelReached as never, headcount: input.headcount,
    conductFlags: [], topics: [], alertPeriodActive: false,
  };
  const match = plan ? matchLevel(plan.levels, facts) : null;
  const level = match?.level ?? null;
  const id = randomUUID();
  const receiptNumber = newReceiptNumber(now, 'Asia/Shanghai');
  const accessCode = newAccessCode();
  await client.query(
    `with i as (
       insert into incident (tenant_id, id, receipt_number, category, level_reached, headcount, place, occurred_at, received_at, summary, demands,
         conduct_flags, topics, unit_id, reported_by_id, plan_id, plan_version, level_key, level_name, level_severity)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '{}', '{}', $12, $13, $14, $15, $16, $17, $18) returning id),
     r as (insert into petition_receipt (receipt_number, tenant_id, incident_id, access_code_hash) select $3, $1, id, $19 from i),
     p as (insert into petitioner (tenant_id, id, incident_id, position, name, contact)
           select $1, gen_random_uuid(), i.id, x.pos - 1, x.name, x.contact from i, unnest($20::text[], $21::text[]) with ordinality as x(name, contact, pos)),
     l as (insert into incident_level (tenant_id, id, incident_id, sequence, kind, plan_id, plan_version, level_key, level_name, severity, level_changed,
             facts, explanation, matched_level_keys, applied_by_id)
           select $1, gen_random_uuid(), i.id, 1, 'INITIAL', $14, $15, $16, $17, $18, $22, $23::jsonb, $24::jsonb, $25::text[], $13 from i)
     select 1`,
    [actor.tenantId, id, receiptNumber, input.category, input.levelReached, input.headcount, input.place ?? null, input.occurredAt, now,
      input.summary, input.demands, unitId, actor.memberId, plan?.id ?? null, plan?.version ?? null, level?.key ?? null, level?.name ?? null,
      level?.severity ?? 0, accessCodeHash(receiptNumber, accessCode), input.petitioners.map((p) => p.name), input.petitioners.map((p) => p.contact ?? null),
      !!level, JSON.stringify(facts), JSON.stringify(match?.explanation ?? []), toPgArray(match?.matchedLevelKeys ?? [])],
  );
  const duties = (level?.duties ?? []).map((d) => ({ ...d, dueAt: new Date(now.getTime() + d.due.amount * UNIT_MS[d.due.unit as keyof typeof UNIT_MS]) }));
  // One statement: each duty's task, assigned to the first active member holding the role in the unit's line.
  const tasks = duties.length
    ? (await client.query(
        `insert into incident_task (tenant_id, id, incident_id, level_sequence, level_key, plan_version, duty_key, duty_kind, action, role_key, role_id,
           assignee_id, responsible_unit_id, due_at, recurring_every, evidence_required, escalation)
         select $1, gen_random_uuid(), $2, 1, $3, $4, d.key, d.kind, d.action, d.role_key, ro.id,
                (select m.id from member_role mr join member m on m.tenant_id = mr.tenant_id and m.id = mr.member_id and m.status = 'ACTIVE'
                  where mr.tenant_id = $1 and mr.role_id = ro.id order by m.created_at limit 1), $5, d.due_at, d.recurring, d.evidence, d.escalation
           from jsonb_to_recordset($6::jsonb) as d(key text, kind text, action text, role_key text, due_at timestamptz, recurring jsonb, evidence boolean, escalation jsonb)
           left join role ro on ro.tenant_id = $1 and ro.key = d.role_key
         returning id, duty_key, due_at`,
        [actor.tenantId, id, level!.key, plan!.version, unitId, JSON.stringify(duties.map((d) => ({
          key: d.key, kind: d.kind, action: d.action, role_key: d.roleKey, due_at: d.dueAt, recurring: d.recurring?.every ?? null,
          evidence: d.evidenceRequired, escalation: d.escalation ?? null,
        })))],
      )).rows
    : [];
  const dueAt = new Date(now.getTime() + 15 * 86_400_000);
  const clock = (await client.query(
    `insert into statutory_clock (tenant_id, id, incident_id, kind, party, basis, days, article, started_at, due_at, original_due_at, explanation, fallback_years, history)
     values ($1, gen_random_uuid(), $2, 'ACCEPTANCE', 'INSTITUTION', 'CALENDAR_DAYS', 15, '信访工作条例 第二十三条第二款', $3, $4, $4, $5, '[]', '[]') returning id`,
    [actor.tenantId, id, now, dueAt, '告知是否受理 (信访工作条例 第二十三条第二款)'],
  )).rows[0];
  await appendLog(client, actor, id);
  return {
    reportIncident: {
      incident: {
        id: gid('Incident', id), receiptNumber, status: 'REPORTED', levelKey: level?.key ?? null,
        tasks: tasks.map((t) => ({ id: gid('IncidentTask', t.id), dutyKey: t.duty_key, dueAt: new Date(t.due_at).toISOString() })),
        clocks: [{ id: gid('StatutoryClock', clock.id), kind: 'ACCEPTANCE', dueAt: dueAt.toISOString() }],
      },
      receipt: { receiptNumber, accessCode },
      userErrors: [],
    },
  };
}

/** The log entry, as the API writes it: bump the head, hash, insert, move the head, notify. */
async function appendLog(client: pg.PoolClient, actor: BaselineActor, incidentId: string): Promise<void> {
  const head = (await client.query(`update log_head set seq = seq + 1 where tenant_id = $1 returning seq, hash, txid_current() as txid`, [actor.tenantId])).rows[0];
  const seq = Number(head.seq);
  const time = new Date();
  const changes = [{ type: 'Incident', id: incidentId, op: 'create' }];
  const entry: HashedEntry = {
    tenantId: actor.tenantId, seq, time: time.toISOString(), actorKind: 'USER', actorUserId: actor.userId, actorMemberId: actor.memberId,
    actorRoles: actor.roles, action: 'incident.report', targetType: 'Incident', targetId: incidentId, incidentId, event: 'REPORTED',
    changes, reason: null, requestId: null, clientAddress: null,
  };
  const hash = chainHash(head.hash, entry);
  await client.query(
    `with e as (
       insert into log_entry (tenant_id, id, seq, txid, created_at, actor_kind, actor_user_id, actor_member_id, actor_roles, action, target_type, target_id,
         incident_id, event, changes, prev_hash, hash)
       values ($1, gen_random_uuid(), $2, $3, $4, 'USER', $5, $6, $7::text[], 'incident.report', 'Incident', $8, $8, 'REPORTED', $9::jsonb, $10, $11)
     ), h as (update log_head set hash = $11 where tenant_id = $1)
     select pg_notify('xinfang_log', $12)`,
    [actor.tenantId, seq, head.txid, time, actor.userId, actor.memberId, toPgArray(actor.roles), incidentId, canonicalJson(changes), head.hash, hash, `${actor.tenantId}:${seq}`],
  );
}
