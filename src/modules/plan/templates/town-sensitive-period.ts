// Written from reference/plans/002 (xx镇“十九大”期间信访维稳工作应急预案).
// Kept: 24-hour duty with a leader on call (the duty roster; reception and
// the first report are the person on duty's, 四1-2, 四6), weekly reporting
// that turns daily in the sensitive period (recurring duties, the new level's
// report replacing the old; alert periods carry the units' own reporting
// rule), case ownership of every group incident (四6 重大信访问题全部包案),
// records. Left out: 排查 of people by category (veterans,
// religion, belief), 见人/每人联系/动态稳控 of "key persons", 杜绝越级上访
// and 确保不脱控 — none of them is a lawful duty.
import { C, F, K, R, S, TenantKind, alertPeriod, all, any, category, conductAny, duty, headcountAtLeast, level, position, safetyMeasure, languageServiceMeasure, type PlanTemplate } from './build.js';

const groupIncident = any([
  category(C.GROUP_VISIT, C.ABNORMAL_VISIT),
  headcountAtLeast(5),
  conductAny(F.BLOCKING_GATE, F.BLOCKING_ROAD, F.OCCUPYING_OFFICE, F.INTERCEPTING_VEHICLE, F.BESIEGING_STAFF),
]);

export const townSensitivePeriodTemplate: PlanTemplate = {
  key: 'TOWN_SENSITIVE_PERIOD',
  name: '镇重大活动期间信访工作应急预案',
  description: 'Town: 24-hour duty, weekly reporting that turns daily during an alert period (重大活动期间). 镇：24小时值班，周报告转日报告。',
  tenantKinds: [TenantKind.TOWN],
  sources: ['002'],
  title: '镇重大活动期间信访工作应急预案',
  purpose:
    '为切实做好重大活动期间的信访工作，依法及时解决群众的合理诉求，建立统一领导、职责明确、运转有序、反应迅速、依法规范的工作机制，结合本镇实际，制定本预案。',
  scope:
    '本预案适用于本镇日常及重大活动（敏感）期间发生的信访事项和群体性信访事件。重大活动期间由领导宣布启动（见"重大活动期间"），期间实行24小时值班和日报告制度。',
  principles: [
    '坚持"谁主管、谁负责"的原则。',
    '事前预防与事后处置相结合，做到早发现、早报告、早解决，及时化解矛盾纠纷。',
    '宜疏不宜堵、宜解不宜结、宜快不宜慢、宜缓不宜激，讲究策略，注意方式，做好现场接待工作。',
    '快速反应、科学应对，确保发现、报告、指挥、处置等环节紧密衔接。',
    '依法处置，保障群众依法信访的权利；不得阻止、拦截群众向上级反映问题。',
  ],
  organisation: {
    leadingGroup: {
      name: '镇信访工作领导小组',
      responsibilities: ['统一组织、协调和领导全镇的信访工作，负责应急预案的启动和重大事项的决策。'],
      positions: [position(R.GROUP_LEADER, '组长'), position(R.DEPUTY_LEADER, '副组长'), position(R.MEMBER, '成员')],
    },
    office: {
      name: '领导小组办公室',
      responsibilities: [
        '在组长、副组长领导下负责重大活动期间的日常信访工作。',
        '负责指导、督促、检查、信息报告和日常值班。',
        '负责预案启动后的综合协调和现场接待组织工作。',
      ],
      positions: [position(R.OFFICE_DIRECTOR, '办公室主任'), position(R.LIAISON, '各村干部')],
    },
  },
  levels: [
    level('ROUTINE', '日常信访事项', 10, '平时的信访事项：值班接待，每周报告办理进展。', all([]), [
      duty('receive', K.RECEIVE_AND_EXPLAIN, R.MEMBER, '值班人员做好接访登记，听取诉求，及时妥善处理，防止因处理不及时导致矛盾激化。', [4, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('weekly-report', K.REPORT, R.LIAISON, '实行周报告制度：每周报告一次办理进展，直至办结。', [7, 'DAYS'], { every: [7, 'DAYS'], escalate: R.OFFICE_DIRECTOR, stage: S.DECISION }),
    ]),
    level('SENSITIVE_PERIOD', '重大活动期间信访事项', 20, '重大活动期间的信访事项：实行日报告制度。', all([alertPeriod(true)]), [
      duty('notify', K.NOTIFY, R.MEMBER, '值班人员接报后立即向带班领导和领导小组组长报告，同时告知领导小组办公室。', [30, 'MINUTES'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('receive', K.RECEIVE_AND_EXPLAIN, R.MEMBER, '及时接待，听取诉求，讲明政策，能当场解决的当场解决。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('daily-report', K.DAILY_REPORT, R.LIAISON, '实行日报告制度：每日报告办理进展，有情况报情况，无情况报平安。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.OFFICE_DIRECTOR, stage: S.DECISION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '落实领导干部包案制度，确保重大信访问题有人负责、落实到位。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
    ]),
    level('GROUP_INCIDENT', '群体性信访事件', 30, '集体访、异常访、五人以上或有堵门堵路等行为的信访事件。', groupIncident, [
      duty('notify', K.NOTIFY, R.MEMBER, '接报后立即向领导小组组长通报情况，启动应急预案。', [15, 'MINUTES'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('on-scene', K.ARRIVE_ON_SCENE, R.DEPUTY_LEADER, '领导小组立即派人赶赴现场，制定现场接待方案并组织实施，及时向组长汇报进展。', [1, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('dialogue', K.RECEIVE_AND_EXPLAIN, R.MEMBER, '了解来访群众提出的主要问题，与推选的代表对话，做好解释疏导工作。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('village', K.ARRIVE_ON_SCENE, R.LIAISON, '通知来访群众所在村负责人到场，听取诉求，协助做好沟通。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '落实领导干部包案制度：群体性信访事件由领导包案，负责问题的解决和答复。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '每日报告处置进展，直至事件处置完毕。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('record', K.RECORD_EVIDENCE, R.OFFICE_DIRECTOR, '事件记录在案（谈话记录、照片等资料），综合评价处置过程，写出工作总结并归档。', [3, 'DAYS'], { evidence: true, escalate: R.DEPUTY_LEADER, stage: S.AFTERMATH }),
    ]),
    level('SENSITIVE_GROUP', '重大活动期间群体性信访事件', 40, '重大活动期间发生的群体性信访事件。', all([alertPeriod(true)], [groupIncident]), [
      duty('notify', K.NOTIFY, R.MEMBER, '立即报告领导小组组长，同时报告上级信访部门。', [15, 'MINUTES'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('leader-on-scene', K.ARRIVE_ON_SCENE, R.GROUP_LEADER, '组长或带班领导赶赴现场，统一指挥接待和问题解决工作。', [1, 'HOURS'], { stage: S.RECEPTION }),
      duty('dialogue', K.RECEIVE_AND_EXPLAIN, R.DEPUTY_LEADER, '与推选的代表对话，听取诉求，讲明政策，能当场解决的当场解决。', [2, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('village', K.ARRIVE_ON_SCENE, R.LIAISON, '通知来访群众所在村负责人到场，听取诉求，协助做好沟通。', [1, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '落实领导干部包案制度：群体性信访事件由领导包案，负责问题的解决和答复。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('half-day-report', K.REPORT, R.OFFICE_DIRECTOR, '每半天报告一次处置进展，有情况报情况，无情况报平安。', [12, 'HOURS'], { every: [12, 'HOURS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('record', K.RECORD_EVIDENCE, R.OFFICE_DIRECTOR, '事件记录在案，写出工作总结并归档。', [3, 'DAYS'], { evidence: true, escalate: R.DEPUTY_LEADER, stage: S.AFTERMATH }),
    ]),
  ],
  measures: [safetyMeasure(), languageServiceMeasure()],
  generalRequirements: [
    '实行24小时值班制度，明确一名领导带班，安排人员值班（见值班表）；遇有重大、紧急信息迅速报告领导小组组长。',
    '重大活动期间由领导宣布启动，并规定各村的报告制度：前期每周报告，临近活动每日报告，有情况报情况，无情况报平安。',
    '值班人员做好每日接访工作，及时妥善处理群众信访事项；一旦发生事件，在妥善处置的同时立即向带班领导报告。',
    '对排查出的矛盾纠纷及时调处，重大、紧急问题立即报告；排查针对问题，不针对任何人群。',
    '领导小组及办公室成员手机24小时开机，确保通讯联系畅通；公务车辆保障应急接待需要。',
    '保障群众依法信访的权利，不得以任何方式阻止、拦截群众向上级反映问题，不得跟踪、监控任何人。',
  ],
};
