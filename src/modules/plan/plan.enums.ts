// GraphQL registration of the shared plan-domain enums (plan.model.ts), once
// for the whole schema: other modules import this file instead of registering them again.
import { registerEnumType } from 'type-graphql';
import { DutyKind, DutyStage } from './plan.model.js';
import { PlanStatus } from './plan.entity.js';
import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached, RiskFlag } from '../incident/incident.model.js';

export const DurationUnitEnum = { MINUTES: 'MINUTES', HOURS: 'HOURS', DAYS: 'DAYS' } as const;
export const TriggerCombineEnum = { ALL: 'ALL', ANY: 'ANY' } as const;
export const ConductMatchEnum = { ANY: 'ANY', ALL: 'ALL' } as const;
export const ConditionKindEnum = {
  CATEGORY: 'CATEGORY',
  LEVEL_REACHED: 'LEVEL_REACHED',
  HEADCOUNT: 'HEADCOUNT',
  CONDUCT: 'CONDUCT',
  TOPIC: 'TOPIC',
  ALERT_PERIOD: 'ALERT_PERIOD',
  RISK: 'RISK',
  KNOWN_IN_ADVANCE: 'KNOWN_IN_ADVANCE',
  FIRST_PETITION: 'FIRST_PETITION',
  INTAKE_CHANNEL: 'INTAKE_CHANNEL',
  INTERPRETER: 'INTERPRETER',
  POLICE: 'POLICE',
} as const;

const registered = new Set<object>();

/** Registers an enum once (the schema refuses two types of one name): import this module, do not register these again. */
export function registerEnumOnce(enumObj: object, options: { name: string; description?: string }): void {
  if (registered.has(enumObj)) return;
  registered.add(enumObj);
  registerEnumType(enumObj, options);
}

registerEnumOnce(IncidentCategory, { name: 'IncidentCategory', description: 'Kind of petition incident: 单访, 集体访, 来信, 网络信访, 异常访, 举报.' });
registerEnumOnce(LevelReached, { name: 'LevelReached', description: 'How far the petition went (a fact, never a duty to stop anyone): OWN 本级, COUNTY 县级, CITY 市级, PROVINCE 省级, NATIONAL 国家级. For an enterprise, COUNTY stands for the first level above it (集团公司).' });
registerEnumOnce(ConductFlag, { name: 'ConductFlag', description: 'Conduct observed at the scene (信访工作条例 art. 26). SELF_HARM_RISK and VIOLENCE_OR_DAMAGE also set the risk flags SELF_HARM_RISK and VIOLENCE. 现场行为。' });
registerEnumOnce(RiskFlag, { name: 'RiskFlag', description: 'A risk to people\'s safety, whatever the headcount: SELF_HARM_RISK 自伤风险, VIOLENCE 暴力, HEALTH_EMERGENCY 突发疾病, MINORS_PRESENT 未成年人在场. The plan\'s safety measure (确保人身安全) turns on them. 风险情形。' });
registerEnumOnce(IntakeChannel, { name: 'IntakeChannel', description: 'How a petition came in: WINDOW 接待窗口, PHONE 电话, LETTER 信件, ONLINE 网络, TEMPORARY_RECEPTION_POINT 临时接待点, MOBILE_VEHICLE 移动信访车, ON_SITE 现场 (a gate, office or site), TRANSFERRED 转送/交办.' });
registerEnumOnce(DutyKind, { name: 'DutyKind', description: 'What a duty asks for. 职责类型。' });
registerEnumOnce(DutyStage, { name: 'DutyStage', description: 'Stage of the response: PREVENTION 预防, RECEPTION 接待, DECISION 决策, AFTERMATH 后期处置.' });
registerEnumOnce(PlanStatus, { name: 'PlanStatus', description: 'DRAFT 草稿 → PUBLISHED 已发布 → SUPERSEDED 已废止.' });
registerEnumOnce(DurationUnitEnum, { name: 'DurationUnit', description: 'Unit of a relative deadline. 时限单位。' });
registerEnumOnce(TriggerCombineEnum, { name: 'TriggerCombine', description: 'ALL: every condition and group holds (an empty ALL always holds); ANY: at least one does. 全部/任一。' });
registerEnumOnce(ConductMatchEnum, { name: 'ConductMatch', description: 'ANY: one of the flags is present; ALL: every flag is. 任一/全部。' });
registerEnumOnce(ConditionKindEnum, { name: 'ConditionKind', description: 'What a trigger condition tests. 触发条件类型。' });
