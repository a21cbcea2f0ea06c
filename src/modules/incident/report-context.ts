// What reporting an incident reads about its tenant: the unit, which plan
// version is published, the alert periods on, the duty roster, the holiday
// calendar, the roles and the members who could take its duties — in one
// statement (each was one statement, and every statement is a round trip and
// a socket write on the write path). Each part is its module's own SQL
// fragment and mapper; this file only composes them, and primes the request
// caches through the modules' own functions. A parity test holds the answers
// to those of unitService, planService.activeSnapshot, alertPeriodService.activeAt,
// rosterService.onDuty, calendarService.clock, roleService.graph and candidatesFor.
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import type { PlanSnapshot } from '../plan/plan.model.js';
import { planSql } from '../plan/plan.sql.js';
import { unitSql, type UnitRef } from '../unit/unit.sql.js';
import { alertPeriodSql } from '../alert-period/alert-period.sql.js';
import { onDutyFrom, type OnDutyAnswer } from '../roster/roster.service.js';
import { rosterSql } from '../roster/roster.sql.js';
import { calendarService } from '../calendar/calendar.service.js';
import { calendarSql } from '../calendar/calendar.sql.js';
import { roleService } from '../role/role.service.js';
import { roleSql } from '../role/role.sql.js';
import { memberSql, type ChainMember } from '../member/member.sql.js';

export interface ReportContext {
  /** The unit asked for, when it exists in the tenant (scope and archival are the caller's checks). */
  unit: UnitRef | null;
  snapshot: PlanSnapshot | null;
  alertPeriodActive: boolean;
  duty: OnDutyAnswer;
  /** Active members whose unit is the incident's or above it, with all their roles (for assignDuties). */
  chainMembers: ChainMember[];
}


interface ContextRow {
  [column: string]: unknown;
  plan: Parameters<typeof planSql.snapshotFromJson>[2];
  alert_unit_paths: string[] | null;
  shifts: Parameters<typeof rosterSql.runningFromJson>[0];
  settings: Parameters<typeof calendarSql.clockFromJson>[1];
  years: Parameters<typeof calendarSql.clockFromJson>[2];
  roles: Record<string, unknown>[];
  members: Parameters<typeof memberSql.chainFromJson>[0];
}

/** The statement: parameters are received-at twice (alert periods), now twice (roster), the tenant id, the unit id. */
const STATEMENT = `select ${unitSql.columns('u0', 'unit')},
       ${planSql.publishedJson('t.id')} as plan,
       ${alertPeriodSql.unitPathsOnAtSql('t.id', '?')} as alert_unit_paths,
       ${rosterSql.runningOnChainJson('t.id', 'u0.path', '?')} as shifts,
       ${calendarSql.settingsJson('t.id')} as settings,
       ${calendarSql.yearsJson('t.id')} as years,
       ${roleSql.allJson('t.id')} as roles,
       ${memberSql.chainJson('t.id', 'u0.path')} as members
     from (select ?::uuid as id) t
     ${unitSql.leftJoinById('u0', 't.id', '?')}`;

/** The report's context for a unit: the unit, plan and alert periods at `receivedAt`, roster at `now`; primes the request's calendar clock and role graph. */
export async function readReportContext(ctx: Ctx, unitId: string, receivedAt: Date, now: Date): Promise<ReportContext> {
  const actor = requireMember(ctx);
  const tenantId = actor.tenant.id;
  const [row] = await ctx.em.getConnection().execute<ContextRow[]>(STATEMENT, [receivedAt, receivedAt, now, now, tenantId, unitId], 'all', ctx.em.getTransactionContext());
  const r = row!;
  const unit = unitSql.fromColumns(r, 'unit');
  const unitPath = unit?.path ?? '';
  calendarService.primeClock(ctx, calendarSql.clockFromJson(actor.tenant.timezone, r.settings, r.years));
  roleService.primeGraph(ctx, roleSql.fromJson(ctx.em, r.roles));
  return {
    unit,
    snapshot: await planSql.snapshotFromJson(ctx, tenantId, r.plan),
    alertPeriodActive: alertPeriodSql.covers(r.alert_unit_paths, unitPath),
    duty: onDutyFrom(now, unitPath, rosterSql.runningFromJson(r.shifts)),
    chainMembers: memberSql.chainFromJson(r.members),
  };
}

/** The statement's text, for the SQL snapshot of the hot paths. */
export const REPORT_CONTEXT_STATEMENT = STATEMENT;
