import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached, RiskFlag } from '../incident/incident.model.js';
// Chinese labels of the plan domain's enums, for explanations and descriptions.

export const CATEGORY_LABELS: Record<IncidentCategory, string> = {
  [IncidentCategory.INDIVIDUAL_VISIT]: '单访',
  [IncidentCategory.GROUP_VISIT]: '集体访',
  [IncidentCategory.LETTER]: '来信',
  [IncidentCategory.ONLINE_PETITION]: '网络信访',
  [IncidentCategory.ABNORMAL_VISIT]: '异常访',
  [IncidentCategory.REPORT_AGAINST_OFFICIAL]: '举报',
};

export const LEVEL_REACHED_LABELS: Record<LevelReached, string> = {
  [LevelReached.OWN]: '本级',
  [LevelReached.COUNTY]: '县级',
  [LevelReached.CITY]: '市级',
  [LevelReached.PROVINCE]: '省级',
  [LevelReached.NATIONAL]: '国家级',
};

export const CONDUCT_LABELS: Record<ConductFlag, string> = {
  [ConductFlag.BLOCKING_GATE]: '堵塞机关单位大门',
  [ConductFlag.BLOCKING_ROAD]: '堵塞、阻断交通',
  [ConductFlag.OCCUPYING_OFFICE]: '占据办公场所',
  [ConductFlag.INTERCEPTING_VEHICLE]: '拦截公务车辆',
  [ConductFlag.BESIEGING_STAFF]: '围堵工作人员',
  [ConductFlag.BANNERS_OR_SLOGANS]: '打横幅、呼口号',
  [ConductFlag.VIOLENCE_OR_DAMAGE]: '暴力或毁损财物',
  [ConductFlag.SELF_HARM_RISK]: '有自伤风险',
};

export const RISK_LABELS: Record<RiskFlag, string> = {
  [RiskFlag.SELF_HARM_RISK]: '有自伤风险',
  [RiskFlag.VIOLENCE]: '有暴力行为或危险',
  [RiskFlag.HEALTH_EMERGENCY]: '有突发疾病或健康危急情况',
  [RiskFlag.MINORS_PRESENT]: '有未成年人在场',
};

export const INTAKE_CHANNEL_LABELS: Record<IntakeChannel, string> = {
  [IntakeChannel.WINDOW]: '接待窗口',
  [IntakeChannel.PHONE]: '电话',
  [IntakeChannel.LETTER]: '信件',
  [IntakeChannel.ONLINE]: '网络',
  [IntakeChannel.TEMPORARY_RECEPTION_POINT]: '临时接待点',
  [IntakeChannel.MOBILE_VEHICLE]: '移动信访车',
  [IntakeChannel.ON_SITE]: '现场',
  [IntakeChannel.TRANSFERRED]: '转送、交办',
};
