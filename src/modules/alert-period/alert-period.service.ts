import { ref } from '@mikro-orm/core';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { tenantIdOf } from '../../platform/context.js';
import { DomainError, DomainErrors, invalid, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf, toGlobalId } from '../../platform/ids.js';
import { requireMember, unitInScope } from '../../platform/authz.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitErrorCode } from '../unit/unit.errors.js';
import { unitService } from '../unit/unit.service.js';
import { Member } from '../member/member.entity.js';
import { AlertPeriod, AlertPeriodReport, type ReportingRule } from './alert-period.entity.js';
import { reportDueTimes } from './alert-period-schedule.model.js';
import { AlertPeriodErrorCode, AlertPeriodReportErrorCode } from './alert-period.errors.js';
import {
  AlertPeriodConnection,
  AlertPeriodNode,
  AlertPeriodReportNode,
  AlertPeriodReportStatusConnection,
  AlertPeriodReportStatusNode,
  type DeclareAlertPeriodInput,
  type EndAlertPeriodInput,
  type ReportingRuleInput,
  type SubmitAlertPeriodReportInput,
  type CorrectAlertPeriodReportInput,
} from './alert-period.types.js';

const MAX_PERIOD_DAYS = 366;
const UNITS = ['MINUTES', 'HOURS', 'DAYS'];

/** The units a member answers for: its seat's subtree and its jurisdiction (the office's director follows every village). */
function rootsOf(actor: Pick<Actor, 'unitPath' | 'jurisdiction'>): string[] {
  return [...new Set([actor.unitPath!, ...(actor.jurisdiction ?? [])])];
}

/** Periods a member sees: those over its units' subtrees and those over the units above them (which cover them). */
function visibleWhere(actor: Pick<Actor, 'unitPath' | 'jurisdiction'>) {
  const roots = rootsOf(actor);
  const chain = [...new Set(roots.flatMap((root) => root.split('/').filter(Boolean)))];
  return { $or: [unitSubtree.whereAny(roots, 'unit'), { unit: { id: { $in: chain } } }] };
}

function ruleFromInput(input: ReportingRuleInput | null | undefined, startsAt: Date, endsAt: Date): ReportingRule {
  const errors: DomainError[] = [];
  const root = ['input', 'reportingRule'];
  const phases = (input?.phases ?? [{ from: startsAt, every: { amount: 1, unit: 'DAYS' as const } }]).map((p, i) => {
    const path = [...root, 'phases', String(i)];
    const from = p.from instanceof Date ? p.from : new Date(p.from);
    if (Number.isNaN(from.getTime())) errors.push(invalid('must be a date-time', [...path, 'from']));
    else if (from < startsAt || from >= endsAt) errors.push(new DomainError(AlertPeriodErrorCode.INVALID_REPORTING_RULE, 'A phase starts inside the period', [...path, 'from']));
    if (!Number.isInteger(p.every?.amount) || p.every.amount <= 0 || !UNITS.includes(p.every.unit)) {
      errors.push(new DomainError(AlertPeriodErrorCode.INVALID_REPORTING_RULE, 'The interval is a positive whole number of MINUTES, HOURS or DAYS', [...path, 'every']));
    } else if (p.every.unit === 'MINUTES' && p.every.amount < 60) {
      errors.push(new DomainError(AlertPeriodErrorCode.INVALID_REPORTING_RULE, 'Reports are due at most hourly', [...path, 'every']));
    }
    if (i > 0 && from.getTime() <= new Date(input!.phases![i - 1]!.from).getTime()) {
      errors.push(new DomainError(AlertPeriodErrorCode.INVALID_REPORTING_RULE, 'Phases follow each other in time', [...path, 'from']));
    }
    return { from: from.toISOString(), every: { amount: p.every?.amount, unit: p.every?.unit } };
  });
  if (errors.length) throw new DomainErrors(errors);
  return {
    phases,
    perUnit: input?.perUnit ?? true,
    zeroReportsRequired: input?.zeroReportsRequired ?? true,
    dueLocalTime: input?.dueLocalTime ?? '17:00',
    description: input?.description?.trim() ?? '',
  };
}

export const alertPeriodService = {
  /** Periods on at `at`, with their units loaded. Ending a period early moves its end, so history keeps it. */
  async onAt(ctx: Ctx, at: Date): Promise<AlertPeriod[]> {
    return ctx.em.find(
      AlertPeriod,
      { tenant: tenantIdOf(ctx), startsAt: { $lte: at }, endsAt: { $gt: at } },
      { populate: ['unit'], orderBy: { startsAt: 'asc', id: 'asc' } },
    );
  },

  /**
   * Whether an alert period covers `unitPath` at `at`: a period declared for a
   * unit covers that unit's subtree. Without a unit path, only periods
   * declared for the whole tenant (its root unit) count.
   */
  async activeAt(ctx: Ctx, at: Date, unitPath?: string): Promise<boolean> {
    const periods = await this.onAt(ctx, at);
    return periods.some((p) => {
      const unit = p.unit.getEntity();
      return unitPath ? unitSubtree.contains(unit.path, unitPath) : unit.depth === 0;
    });
  },

  async getVisible(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<AlertPeriod> {
    const actor = requireMember(ctx);
    const period = await ctx.em.findOne(AlertPeriod, { $and: [{ id: idOf('AlertPeriod', globalId, field) }, visibleWhere(actor)] });
    if (!period) throw notFound('AlertPeriod', field);
    return period;
  },

  async nodeVisible(ctx: Ctx, id: string): Promise<AlertPeriodNode | null> {
    if (!ctx.actor?.unitPath) return null;
    const period = await ctx.em.findOne(AlertPeriod, { $and: [{ id }, visibleWhere(ctx.actor)] });
    return period ? AlertPeriodNode.from(period) : null;
  },

  /** Visible periods, latest start first; `activeAt` keeps those on at that moment. */
  /** A report as a node when the caller answers for its unit (seat or jurisdiction). */
  async reportNodeVisible(ctx: Ctx, id: string): Promise<AlertPeriodReport | null> {
    if (!ctx.actor?.unitPath) return null;
    return ctx.em.findOne(AlertPeriodReport, { $and: [{ id }, unitSubtree.whereAny(rootsOf(ctx.actor), 'unit')] });
  },

  async list(ctx: Ctx, activeAt: Date | null | undefined, page: PageArgs) {
    const actor = requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const parts: Record<string, unknown>[] = [visibleWhere(actor)];
    if (activeAt) parts.push({ startsAt: { $lte: activeAt }, endsAt: { $gt: activeAt } });
    const where = { $and: parts };
    let pageWhere: Record<string, unknown> = where;
    if (after) {
      const [t, id] = after;
      if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(t))) throw invalid('after is not a cursor of this list', ['after']);
      pageWhere = { $and: [...parts, { $or: [{ startsAt: { $lt: new Date(t) } }, { startsAt: new Date(t), id: { $lt: id } }] }] };
    }
    const rows = await ctx.em.find(AlertPeriod, pageWhere, { orderBy: { startsAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return toConnection(AlertPeriodConnection, rows, limit, !!after, (p) => [p.startsAt.toISOString(), p.id], (p) => AlertPeriodNode.from(p), () => ctx.em.count(AlertPeriod, where));
  },

  /** Declared by a leader-rank member, over a unit of its subtree. */
  async declare(ctx: Ctx, input: DeclareAlertPeriodInput): Promise<Outcome<AlertPeriod>> {
    return audited(ctx, 'alert_period.declare', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      if (!actor.leader) throw new DomainError(AlertPeriodErrorCode.LEADER_REQUIRED, 'Alert periods are declared by a leader-rank member (领导)', ['input']);
      const unit = input.unitId ? await unitService.getInScope(tx, input.unitId, ['input', 'unitId']) : await tx.em.findOneOrFail(Unit, { id: actor.unitId! });
      if (unit.archivedAt) throw new DomainError(UnitErrorCode.UNIT_ARCHIVED, 'The unit is archived', ['input', 'unitId']);
      const { startsAt, endsAt } = input;
      if (!(endsAt > startsAt)) throw new DomainError(AlertPeriodErrorCode.INVALID_PERIOD, 'The period ends after it starts', ['input', 'endsAt']);
      if (endsAt.getTime() - startsAt.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
        throw new DomainError(AlertPeriodErrorCode.INVALID_PERIOD, `A period lasts at most ${MAX_PERIOD_DAYS} days`, ['input', 'endsAt']);
      }
      if (endsAt <= new Date()) throw new DomainError(AlertPeriodErrorCode.INVALID_PERIOD, 'The period is already over', ['input', 'endsAt']);
      const period = tx.em.create(AlertPeriod, {
        tenant: ref(Tenant, actor.tenant.id),
        name: input.name.trim(),
        description: input.description?.trim() || null,
        unit: tx.em.getReference(Unit, [actor.tenant.id, unit.id], { wrapped: true }),
        startsAt,
        endsAt,
        reportingRule: ruleFromInput(input.reportingRule, startsAt, endsAt),
        declaredBy: tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true }),
      });
      return { result: period, target: { type: 'AlertPeriod', id: period.id } };
    });
  },

  /** Ends the period now (a period not yet begun is withdrawn: it ends where it starts). */
  async end(ctx: Ctx, input: EndAlertPeriodInput): Promise<Outcome<AlertPeriod>> {
    return audited(ctx, 'alert_period.end', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      if (!actor.leader) throw new DomainError(AlertPeriodErrorCode.LEADER_REQUIRED, 'Alert periods are ended by a leader-rank member (领导)', ['input']);
      const period = await this.getVisible(tx, input.alertPeriodId, ['input', 'alertPeriodId']);
      const unit = await tx.em.findOneOrFail(Unit, { id: period.unit.id });
      if (!unitInScope(actor, unit.path)) throw notFound('AlertPeriod', ['input', 'alertPeriodId']);
      const now = new Date();
      if (period.endsAt <= now || period.cancelledAt) throw new DomainError(AlertPeriodErrorCode.PERIOD_OVER, 'The period is already over', ['input', 'alertPeriodId']);
      period.endsAt = period.startsAt > now ? period.startsAt : now;
      period.cancelledAt = now;
      period.cancelledBy = tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true });
      period.cancelReason = input.reason?.trim() || null;
      return { result: period, target: { type: 'AlertPeriod', id: period.id }, reason: period.cancelReason };
    });
  },

  /** Files a unit's report (or zero report) for one due time; late reports are kept and marked late. */
  async submitReport(ctx: Ctx, input: SubmitAlertPeriodReportInput): Promise<Outcome<AlertPeriodReport>> {
    return audited(ctx, 'alert_period.report', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const period = await this.getVisible(tx, input.alertPeriodId, ['input', 'alertPeriodId']);
      const periodUnit = await tx.em.findOneOrFail(Unit, { id: period.unit.id });
      const unit = input.unitId ? await unitService.getInScope(tx, input.unitId, ['input', 'unitId']) : await tx.em.findOneOrFail(Unit, { id: actor.unitId! });
      const covered = period.reportingRule.perUnit ? unitSubtree.contains(periodUnit.path, unit.path) : unit.id === periodUnit.id;
      if (covered && period.reportingRule.perUnit && unit.depth === 0) {
        throw new DomainError(AlertPeriodReportErrorCode.UNIT_NOT_COVERED, 'The root unit receives its units\' reports under this rule; it owes none to itself', ['input', 'unitId']);
      }
      if (!covered || !unitInScope(actor, unit.path)) {
        throw new DomainError(AlertPeriodReportErrorCode.UNIT_NOT_COVERED, period.reportingRule.perUnit ? 'The unit is outside the period\'s units' : 'This period takes one report, from the unit it was declared for', ['input', 'unitId']);
      }
      const tz = actor.tenant.timezone;
      let dueAt: Date;
      if (input.dueAt) {
        dueAt = input.dueAt;
        const due = reportDueTimes(period.reportingRule, period, tz, dueAt, new Date(dueAt.getTime() + 1));
        if (due.length !== 1 || due[0]!.getTime() !== dueAt.getTime()) {
          throw new DomainError(AlertPeriodReportErrorCode.NOT_A_DUE_TIME, 'No report of this period falls due at that time (see reportsDue)', ['input', 'dueAt']);
        }
      } else {
        const next = reportDueTimes(period.reportingRule, period, tz, new Date(), new Date(period.endsAt.getTime() + 1))[0];
        if (!next) throw new DomainError(AlertPeriodReportErrorCode.NOT_A_DUE_TIME, 'No report of this period falls due any more; name the due time answered', ['input', 'dueAt']);
        dueAt = next;
      }
      const content = input.content?.trim() || null;
      if (!input.nothingToReport && !content) throw new DomainError(AlertPeriodReportErrorCode.REPORT_CONTENT_REQUIRED, 'Describe the situation, or file a zero report', ['input', 'content']);
      if (await tx.em.findOne(AlertPeriodReport, { period: { id: period.id }, unit: { id: unit.id }, dueAt })) {
        throw new DomainError(AlertPeriodReportErrorCode.REPORT_ALREADY_FILED, 'This unit already reported for that due time (correctAlertPeriodReport corrects it)', ['input', 'dueAt']);
      }
      const report = tx.em.create(AlertPeriodReport, {
        tenant: ref(Tenant, actor.tenant.id),
        period: ref(period),
        unit: tx.em.getReference(Unit, [actor.tenant.id, unit.id], { wrapped: true }),
        dueAt,
        nothingToReport: input.nothingToReport,
        content,
        submittedBy: tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true }),
      });
      return { result: report, target: { type: 'AlertPeriodReport', id: report.id } };
    });
  },

  /**
   * Corrects a filed report (a zero report that should have told something, or
   * the reverse) with a new report for the same unit and due time that
   * supersedes it, with a reason; logged. The report first filed still decides
   * whether the due time was met. A report already corrected is REPORT_SUPERSEDED.
   */
  async correctReport(ctx: Ctx, input: CorrectAlertPeriodReportInput): Promise<Outcome<AlertPeriodReport>> {
    return audited(ctx, 'alert_period.correct_report', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const field = ['input', 'reportId'];
      const old = await tx.em.findOne(AlertPeriodReport, { id: idOf('AlertPeriodReport', input.reportId, field) }, { populate: ['unit'] });
      // Seen through its period and its unit, as filing it: NOT_FOUND otherwise.
      if (!old || !unitInScope(actor, old.unit.getEntity().path)) throw notFound('AlertPeriodReport', field);
      const period = await this.getVisible(tx, toGlobalId('AlertPeriod', old.period.id), field);
      if (old.supersededAt) throw new DomainError(AlertPeriodReportErrorCode.REPORT_SUPERSEDED, 'This report was already corrected; correct the latest one', field);
      const content = input.content?.trim() || null;
      if (!input.nothingToReport && !content) throw new DomainError(AlertPeriodReportErrorCode.REPORT_CONTENT_REQUIRED, 'Describe the situation, or file a zero report', ['input', 'content']);
      const now = new Date();
      old.supersededAt = now;
      const report = tx.em.create(AlertPeriodReport, {
        tenant: ref(Tenant, actor.tenant.id),
        period: ref(period),
        unit: old.unit,
        dueAt: old.dueAt,
        nothingToReport: input.nothingToReport,
        content,
        submittedBy: tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true }),
        supersedes: ref(old),
        correctionReason: input.reason.trim(),
      });
      return { result: report, target: { type: 'AlertPeriodReport', id: report.id }, reason: input.reason.trim() };
    });
  },

  /**
   * For one due time: every unit that owes a report (the period's unit, or
   * each unit of its subtree but the root under a per-unit rule) within the caller's
   * jurisdiction, in tree order, with its report or null. Two statements a page.
   */
  async reportStatus(ctx: Ctx, period: AlertPeriodNode, dueAt: Date, page: PageArgs) {
    const actor = requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const periodUnit = await unitService.loader(ctx).load(period.unitId);
    // The units both the period and the caller cover. The caller's are its jurisdiction, not its seat: the
    // office's director, seated in the office, follows every village's reports (002 办公室: 信息掌握和信息报告).
    const roots = actor.jurisdiction.filter((root) => periodUnit && unitSubtree.related(root, periodUnit.path));
    if (!periodUnit || roots.length === 0) return toConnection(AlertPeriodReportStatusConnection, [], limit, !!after, () => [], () => new AlertPeriodReportStatusNode());
    const inPeriod = period.rule.perUnit ? { path: unitSubtree.where(periodUnit.path), archivedAt: null, depth: { $gt: 0 } } : { id: periodUnit.id };
    const where = { $and: [inPeriod, { $or: roots.map((root) => ({ path: unitSubtree.where(root) })) }] };
    const pageWhere = after ? { $and: [...where.$and, { path: { $gt: String(after[0]) } }] } : where;
    const units = await ctx.em.find(Unit, pageWhere, { orderBy: { path: 'asc' }, limit: limit + 1 });
    const shown = units.slice(0, limit);
    // The current report of each unit (a corrected one is replaced by its correction).
    const reports = shown.length ? await ctx.em.find(AlertPeriodReport, { period: { id: period.rawId }, dueAt, supersededAt: null, unit: { id: { $in: shown.map((u) => u.id) } } }) : [];
    const byUnit = new Map(reports.map((r) => [r.unit.id, r]));
    for (const u of shown) unitService.loader(ctx).prime(u.id, u);
    return toConnection(
      AlertPeriodReportStatusConnection,
      units,
      limit,
      !!after,
      (u) => [u.path],
      (u) => {
        const r = byUnit.get(u.id);
        return Object.assign(new AlertPeriodReportStatusNode(), { dueAt, unitId: u.id, report: r ? AlertPeriodReportNode.from(r) : null });
      },
      () => ctx.em.count(Unit, where),
    );
  },
};
