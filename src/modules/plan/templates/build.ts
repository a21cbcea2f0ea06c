// Small builders that keep the template texts readable.
import { TenantKind } from '../../tenant/tenant.enums.js';
import { TemplateRoleKey as R } from '../../role/role-templates.model.js';
import { ConductFlag, IncidentCategory, LevelReached, RiskFlag } from '../../incident/incident.model.js';
import {
  DutyKind,
  DutyStage,
  type Condition,
  type Duty,
  type DurationUnit,
  type ResponseLevel,
  type SupplementaryMeasure,
  type Trigger,
} from '../plan.model.js';
import type { OrgPosition, PlanDocument } from '../plan.document.js';

export { R, DutyKind as K, DutyStage as S, IncidentCategory as C, LevelReached as L, ConductFlag as F, RiskFlag as RF, TenantKind };

export interface PlanTemplate extends PlanDocument {
  key: string;
  name: string;
  description: string;
  tenantKinds: TenantKind[];
  /** Reference plans it was written from (reference/plans/NNN). */
  sources: string[];
}

type Span = [number, DurationUnit];

export interface DutyOptions {
  every?: Span;
  evidence?: boolean;
  /** Role told when the duty is overdue; must be above the responsible role. */
  escalate?: R;
  stage?: DutyStage;
}

export function duty(key: string, kind: DutyKind, roleKey: R, action: string, due: Span, o: DutyOptions = {}): Duty {
  return {
    key,
    kind,
    roleKey,
    action,
    due: { amount: due[0], unit: due[1] },
    recurring: o.every ? { every: { amount: o.every[0], unit: o.every[1] } } : null,
    evidenceRequired: o.evidence ?? false,
    escalation: o.escalate ? { notifyRoleKey: o.escalate } : null,
    stage: o.stage ?? null,
  };
}

export function level(key: string, name: string, severity: number, description: string, trigger: Trigger, duties: Duty[]): ResponseLevel {
  return { key, name, severity, description, trigger, duties };
}

export function measure(key: string, name: string, description: string, trigger: Trigger, duties: Duty[]): SupplementaryMeasure {
  return { key, name, description, trigger, duties };
}

export const all = (conditions: Condition[], groups: Trigger[] = []): Trigger => ({ combine: 'ALL', conditions, groups });
export const any = (conditions: Condition[], groups: Trigger[] = []): Trigger => ({ combine: 'ANY', conditions, groups });

export const category = (...categories: IncidentCategory[]): Condition => ({ kind: 'CATEGORY', categories });
export const reached = (...levels: LevelReached[]): Condition => ({ kind: 'LEVEL_REACHED', levels });
export const reachedAtLeast = (atLeast: LevelReached): Condition => ({ kind: 'LEVEL_REACHED', atLeast });
export const headcountAtLeast = (min: number): Condition => ({ kind: 'HEADCOUNT', min });
export const headcountAtMost = (max: number): Condition => ({ kind: 'HEADCOUNT', max });
export const conductAny = (...flags: ConductFlag[]): Condition => ({ kind: 'CONDUCT', flags, match: 'ANY' });
export const alertPeriod = (active: boolean): Condition => ({ kind: 'ALERT_PERIOD', active });
export const riskAny = (...riskFlags: RiskFlag[]): Condition => ({ kind: 'RISK', riskFlags, match: 'ANY' });
export const knownInAdvance = (known: boolean): Condition => ({ kind: 'KNOWN_IN_ADVANCE', known });
export const topic = (...topics: string[]): Condition => ({ kind: 'TOPIC', topics });
export const interpreterNeeded = (needed: boolean): Condition => ({ kind: 'INTERPRETER', needed });

/**
 * 确保人身安全 on every incident with a risk flag, one person or a crowd
 * (003 个体极端上访; a group at risk is at least as much at risk). Every
 * template carries it, so risk is never ranked below headcount.
 */
export function safetyMeasure(): SupplementaryMeasure {
  return measure('SAFETY', '人身安全保障', '有自伤风险、暴力危险、突发疾病或未成年人在场的，不论人数多少。', all([riskAny(...Object.values(RiskFlag))]), [
    duty('safety', DutyKind.ARRIVE_ON_SCENE, R.MEMBER, '确保人身安全：立即到场，防止发生意外；有自伤风险、暴力危险或突发疾病的，及时联系医疗救助和相关部门；有未成年人在场的，妥善照顾。', [30, 'MINUTES'], { escalate: R.OFFICE_DIRECTOR, stage: DutyStage.RECEPTION }),
  ]);
}

/**
 * 语言服务: whoever named a language to be served in (interpreterLanguage)
 * is received, told and answered in it, in every template. A service the
 * institution owes, never a category of person.
 */
export function languageServiceMeasure(): SupplementaryMeasure {
  return measure('LANGUAGE_SERVICE', '语言服务', '信访人需要以其他语言接待的（登记了服务语言），不论事项和人数。', all([interpreterNeeded(true)]), [
    duty('interpreter', DutyKind.COORDINATE, R.OFFICE_DIRECTOR, '安排翻译或通晓该语言的工作人员，用信访人能理解的语言接待、告知和答复；书面告知和答复附该语言译文或当面口译并记录。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: DutyStage.RECEPTION }),
  ]);
}

export const position = (roleKey: R, title: string): OrgPosition => ({ roleKey, title, memberIds: [] });
