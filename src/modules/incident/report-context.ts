// What reporting an incident reads about its tenant: the unit, which plan
// version is published, the alert periods on, the duty roster, the holiday
// calendar, the roles and the members who could take its duties, in one statement
// (each was one statement, and every statement is a round trip and a socket
// write on the write path). The answers are the ones unitService.getInScope (the
// row; the caller checks scope), planService.activeSnapshot,
// alertPeriodService.activeAt, rosterService.onDuty, calendarService.clock,
// roleService.graph and candidatesFor give.
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import type { PlanSnapshot, ResponseLevel } from '../plan/plan.model.js';
import { onDutyFrom, type OnDutyAnswer, type RunningShift } from '../roster/roster.service.js';
import { calendarService, tenantClockOf } from '../calendar/calendar.service.js';
import type { DayCountRule } from '../calendar/clock-math.model.js';
import type { Candidate } from './duty-assignment.service.js';
import { roleService } from '../role/role.service.js';
import type { Role } from '../role/role.entity.js';

export interface ReportContext {
  /** The unit asked for, when it exists in the tenant (scope and archival are the caller's checks). */
  unit: { id: string; path: string; archivedAt: Date | null } | null;
  snapshot: PlanSnapshot | null;
  alertPeriodActive: boolean;
  duty: OnDutyAnswer;
  /** Active members whose unit is the incident's or above it, with all their roles (for assignDuties). */
  chainMembers: Candidate[];
}

interface ContextRow {
  unit_id: string | null;
  unit_path: string | null;
  unit_archived_at: Date | null;
  plan_id: string | null;
  plan_version: number | null;
  plan_title: string | null;
  alert_unit_paths: string[] | null;
  shifts: { id: string; unit_id: string; on_duty_member_id: string; leader_on_call_id: string }[] | null;
  settings: { weekend_days: number[]; day_count_rule: DayCountRule; last_day_off_rolls_over: boolean } | null;
  years: { year: number; days_off: string[]; make_up_workdays: string[] }[] | null;
  roles: { id: string; key: string | null; name: string; description: string | null; parent_id: string | null; permissions: string[]; leader: boolean; created_ms: number; updated_ms: number }[] | null;
  members: { member_id: string; unit_id: string; depth: number; created_ms: number; role_ids: string[] }[] | null;
}

// A published version never changes (only drafts are edited), so its levels are
// cached by plan id and version; which version is published is read every time.
const publishedLevels = new Map<string, ResponseLevel[]>();
const MAX_CACHED_PLANS = 1000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

async function levelsOf(ctx: Ctx, tenantId: string, planId: string, version: number): Promise<ResponseLevel[]> {
  const key = `${tenantId}:${planId}:${version}`;
  const cached = publishedLevels.get(key);
  if (cached) return cached;
  const [row] = await ctx.em.getConnection().execute<{ levels: ResponseLevel[] }[]>(
    `select levels from plan where tenant_id = ? and id = ? and version = ? and status <> 'DRAFT'`,
    [tenantId, planId, version],
    'all',
    ctx.em.getTransactionContext(),
  );
  if (!row) throw new Error(`plan ${planId} v${version} vanished`);
  if (publishedLevels.size >= MAX_CACHED_PLANS) publishedLevels.clear();
  publishedLevels.set(key, deepFreeze(row.levels));
  return row.levels;
}

/** The report's context for a unit: the unit, plan and alert periods at `receivedAt`, roster at `now`; primes the request's calendar clock and role graph. */
export async function readReportContext(ctx: Ctx, unitId: string, receivedAt: Date, now: Date): Promise<ReportContext> {
  const actor = requireMember(ctx);
  const tenantId = actor.tenant.id;
  const [row] = await ctx.em.getConnection().execute<ContextRow[]>(
    `select u0.id as unit_id, u0.path as unit_path, u0.archived_at as unit_archived_at,
       p.id as plan_id, p.version as plan_version, p.title as plan_title,
       (select array_agg(u.path) from alert_period a join unit u on u.tenant_id = a.tenant_id and u.id = a.unit_id
         where a.tenant_id = t.id and a.starts_at <= ? and a.ends_at > ?) as alert_unit_paths,
       (select json_agg(json_build_object('id', s.id, 'unit_id', s.unit_id, 'on_duty_member_id', s.on_duty_member_id, 'leader_on_call_id', s.leader_on_call_id)
                        order by s.starts_at, s.id)
          from duty_shift s
         where s.tenant_id = t.id and s.unit_id = any(string_to_array(trim(both '/' from u0.path), '/')::uuid[]) and s.starts_at <= ? and s.ends_at > ?) as shifts,
       (select json_build_object('weekend_days', c.weekend_days, 'day_count_rule', c.day_count_rule, 'last_day_off_rolls_over', c.last_day_off_rolls_over)
          from calendar_settings c where c.tenant_id = t.id) as settings,
       (select json_agg(json_build_object('year', y.year, 'days_off', y.days_off, 'make_up_workdays', y.make_up_workdays))
          from calendar_year y where y.tenant_id = t.id) as years,
       (select json_agg(json_build_object('id', r.id, 'key', r.key, 'name', r.name, 'description', r.description, 'parent_id', r.parent_id,
                                          'permissions', r.permissions, 'leader', r.leader,
                                          'created_ms', floor(extract(epoch from r.created_at) * 1000)::bigint,
                                          'updated_ms', floor(extract(epoch from r.updated_at) * 1000)::bigint))
          from role r where r.tenant_id = t.id) as roles,
       (select json_agg(json_build_object('member_id', m.id, 'unit_id', m.unit_id, 'depth', u.depth,
                                          'created_ms', floor(extract(epoch from m.created_at) * 1000)::bigint, 'role_ids', r.role_ids))
          from member m
          join unit u on u.tenant_id = m.tenant_id and u.id = m.unit_id
          join lateral (select array_agg(mr.role_id) as role_ids from member_role mr where mr.tenant_id = m.tenant_id and mr.member_id = m.id) r on r.role_ids is not null
         where m.tenant_id = t.id and m.status = 'ACTIVE' and starts_with(u0.path, u.path)) as members
     from (select ?::uuid as id) t
     left join unit u0 on u0.tenant_id = t.id and u0.id = ?
     left join plan p on p.tenant_id = t.id and p.status = 'PUBLISHED'`,
    [receivedAt, receivedAt, now, now, tenantId, unitId],
    'all',
    ctx.em.getTransactionContext(),
  );
  const r = row!;
  const unit = r.unit_id ? { id: r.unit_id, path: r.unit_path!, archivedAt: r.unit_archived_at ? new Date(r.unit_archived_at) : null } : null;
  const unitPath = unit?.path ?? '';
  const snapshot: PlanSnapshot | null = r.plan_id
    ? { planId: r.plan_id, version: r.plan_version!, title: r.plan_title!, levels: await levelsOf(ctx, tenantId, r.plan_id, r.plan_version!) }
    : null;
  const alertPeriodActive = (r.alert_unit_paths ?? []).some((path) => unitPath.startsWith(path));
  const shifts: RunningShift[] = (r.shifts ?? []).map((s) => ({ id: s.id, unitId: s.unit_id, onDutyMemberId: s.on_duty_member_id, leaderOnCallId: s.leader_on_call_id }));
  const settings = r.settings
    ? { weekendDays: r.settings.weekend_days, dayCountRule: r.settings.day_count_rule, lastDayOffRollsOver: r.settings.last_day_off_rolls_over }
    : null;
  const years = (r.years ?? []).map((y) => ({ year: y.year, daysOff: y.days_off, makeUpWorkdays: y.make_up_workdays }));
  calendarService.primeClock(ctx, tenantClockOf(actor.tenant.timezone, settings, years));
  // Plain role-shaped rows, read only (assignDuties reads ids, keys, parents, names).
  roleService.primeGraph(ctx, (r.roles ?? []).map((role) => ({
    tenant: { id: tenantId },
    id: role.id,
    key: role.key,
    name: role.name,
    description: role.description,
    parent: role.parent_id ? { id: role.parent_id } : null,
    permissions: role.permissions,
    leader: role.leader,
    createdAt: new Date(Number(role.created_ms)),
    updatedAt: new Date(Number(role.updated_ms)),
  }) as unknown as Role));
  const chainMembers: Candidate[] = (r.members ?? []).map((m) => ({
    memberId: m.member_id,
    unitId: m.unit_id,
    unitDepth: m.depth,
    createdAt: new Date(Number(m.created_ms)),
    roleIds: m.role_ids,
  }));
  return { unit, snapshot, alertPeriodActive, duty: onDutyFrom(now, unitPath, shifts), chainMembers };
}
