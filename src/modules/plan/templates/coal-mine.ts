// Written from reference/plans/001 (某煤矿信访工作应急预案). Left out: family
// files on petitioners (建立家庭档案), watching the dormitory gate (宿舍区大门
// 监控), following "special groups" (特殊群体的跟踪调查); kept: reporting,
// reception, dialogue, case ownership, records and the written summary; the
// two procedures (visit known in advance or not) are measures.
import { K, L, R, S, TenantKind, all, duty, headcountAtLeast, knownInAdvance, level, measure, position, reached, reachedAtLeast, safetyMeasure, languageServiceMeasure, type PlanTemplate } from './build.js';

export const coalMineTemplate: PlanTemplate = {
  key: 'COAL_MINE',
  name: '煤矿信访工作应急预案',
  description: 'Enterprise (coal mine): group visits of three or more, and petitions to the group company or above. 企业（煤矿）：三人以上集体访、到集团公司以上机关的信访。',
  tenantKinds: [TenantKind.ENTERPRISE],
  sources: ['001'],
  title: '煤矿信访工作应急预案',
  purpose:
    '为加强对信访事件的综合处置能力，提高信访工作的反应速度和协调水平，及时、依法、妥善处理各类信访事件，维护职工群众的合法权益，' +
    '根据《信访工作条例》和集团公司关于信访工作的有关规定，结合本矿实际，制定本预案。',
  scope:
    '本预案适用于：一、三人以上的集体访；二、到集团公司及以上机关的各类信访。' +
    '（层级对应：本级为本矿；"县级"对应集团公司；"市级"及以上对应集团公司以上的机关。）',
  principles: [
    '坚持宜疏不宜堵、宜解不宜结、宜快不宜慢、宜缓不宜激的原则，讲究策略，注意方式，做好信访事件的现场接待工作。',
    '坚持事前预防与事后处置相结合的原则，及时解决职工群众反映的合理诉求。',
    '坚持依法管理、分级负责的原则，严格按照《信访工作条例》和本矿信访工作考核办法的有关规定处置。',
    '坚持快速反应、科学应对的原则，确保发现、报告、指挥、处置等环节紧密衔接。',
    '尊重职工依法信访的权利，不得阻止、拦截职工向上级反映问题，不得打击报复。',
  ],
  organisation: {
    leadingGroup: {
      name: '矿信访工作领导小组',
      responsibilities: ['处置信访事件的指挥机构，统一组织、协调和领导全矿的信访工作。'],
      positions: [position(R.GROUP_LEADER, '组长（矿长）'), position(R.DEPUTY_LEADER, '副组长'), position(R.MEMBER, '成员')],
    },
    office: {
      name: '信访工作办公室',
      responsibilities: [
        '针对信访事件的性质、规模和诉求，提出相应的处置和解决建议。',
        '负责现场通信联络、对外联系和统一协调。',
        '发生事件时为领导提供信息、预案和咨询，保证正常运转。',
        '负责向上级领导汇报事件情况，收集整理有关资料。',
        '对因工作不力而引发事件的单位领导，按照干部管理的有关规定提出追究责任的建议。',
      ],
      positions: [position(R.OFFICE_DIRECTOR, '信访工作办公室主任'), position(R.LIAISON, '各单位信访联络人')],
    },
  },
  levels: [
    level('COLLECTIVE_VISIT', '三人以上集体访', 20, '三人以上到矿反映问题。', all([headcountAtLeast(3), reached(L.OWN)]), [
      duty('report', K.NOTIFY, R.OFFICE_DIRECTOR, '及时向分管领导和主要领导报告。', [30, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('dialogue', K.RECEIVE_AND_EXPLAIN, R.MEMBER, '了解来访职工提出的主要问题，与推选的代表对话，做好解释疏导工作。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('unit-head', K.ARRIVE_ON_SCENE, R.LIAISON, '通知来访职工所在单位负责人到场，听取诉求、说明情况。', [1, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('venue', K.RECEIVE_AND_EXPLAIN, R.OFFICE_DIRECTOR, '视人数安排合适的接待场所（如工会会议室），集中听取诉求并给予答复。', [4, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '实行包案责任制，包案领导负责问题的解决和答复。', [2, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('record', K.RECORD_EVIDENCE, R.OFFICE_DIRECTOR, '事件记录在案（谈话记录、照片等资料），对处置过程进行综合评价，写出工作总结，上报公司信访办公室并归档。', [3, 'DAYS'], { evidence: true, escalate: R.DEPUTY_LEADER, stage: S.AFTERMATH }),
    ]),
    level('BEYOND_MINE', '到集团公司及以上机关信访', 30, '职工到集团公司或其上级机关反映问题。', all([reachedAtLeast(L.COUNTY)]), [
      duty('report', K.NOTIFY, R.OFFICE_DIRECTOR, '及时向分管领导和主要领导报告。', [30, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('contact-upper', K.COORDINATE, R.OFFICE_DIRECTOR, '与集团公司（或上级机关）信访部门联系，了解反映的问题，配合做好接待和答复。', [2, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('unit-head', K.COORDINATE, R.LIAISON, '所在单位负责人与信访职工沟通，听取诉求，说明政策和处理进展。', [1, 'DAYS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '实行包案责任制，包案领导负责问题的解决和答复。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '及时调度工作进度，每日向领导小组报告。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('BEYOND_MINE_GROUP', '三人以上到集团公司及以上机关信访', 40, '三人以上到集团公司或其上级机关反映问题。', all([headcountAtLeast(3), reachedAtLeast(L.COUNTY)]), [
      duty('report', K.NOTIFY, R.OFFICE_DIRECTOR, '立即向主要领导报告。', [15, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('leader', K.ARRIVE_ON_SCENE, R.DEPUTY_LEADER, '分管领导赶赴上级机关信访接待场所，配合做好接谈，听取诉求、讲明政策。', [4, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('meeting', K.COORDINATE, R.GROUP_LEADER, '召开信访工作领导小组会议，研究解决方案。', [1, 'DAYS'], { stage: S.DECISION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '实行包案责任制，包案领导负责问题的解决和答复。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '每日向领导小组报告工作进度。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('record', K.RECORD_EVIDENCE, R.OFFICE_DIRECTOR, '事件记录在案，写出工作总结，上报公司信访办公室并归档。', [3, 'DAYS'], { evidence: true, escalate: R.DEPUTY_LEADER, stage: S.AFTERMATH }),
    ]),
  ],
  // 001 四(一)/(二): a collective visit known in advance is prepared for; one that is not is met at once.
  measures: [
    safetyMeasure(),
    languageServiceMeasure(),
    measure('KNOWN_IN_ADVANCE', '提前掌握信息的集体访', '三人以上的集体访，事前已掌握来访信息（所反映的问题和规模）。', all([headcountAtLeast(3), knownInAdvance(true)]), [
      duty('prepare', K.RECEIVE_AND_EXPLAIN, R.OFFICE_DIRECTOR, '提前安排接待场所和接待人员，备好所反映问题的政策依据和办理情况，来访时及时接待。', [2, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.PREVENTION }),
      duty('meeting', K.COORDINATE, R.DEPUTY_LEADER, '召开信访工作领导小组会议，研究解决诉求的具体措施，力争把问题解决在基层。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.PREVENTION }),
      duty('unit-leaders', K.COORDINATE, R.OFFICE_DIRECTOR, '召开来访职工所在单位主要领导会议，落实问题解决的包案责任，及时调度、汇报工作进度。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.PREVENTION }),
    ]),
    measure('NOT_KNOWN_IN_ADVANCE', '未掌握信息的集体访', '三人以上到矿的集体访，事前未掌握来访信息。', all([headcountAtLeast(3), reached(L.OWN), knownInAdvance(false)]), [
      duty('arrive', K.ARRIVE_ON_SCENE, R.MEMBER, '信访工作办公室人员以最短时间赶到现场，制定现场接待方案并组织实施。', [30, 'MINUTES'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('logistics', K.COORDINATE, R.OFFICE_DIRECTOR, '通知矿长办公室安排车辆、保卫科安排人员到场维护正常秩序；不得阻止职工反映问题。', [30, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('scene-report', K.REPORT, R.MEMBER, '及时向领导小组汇报现场工作进度。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
    ]),
  ],
  generalRequirements: [
    '各单位主要负责人是本单位信访工作的第一责任人，要建立层级负责制和责任追究制，及时解决职工的合理诉求。',
    '做好矛盾纠纷排查化解工作，定期分析职工反映的热点问题，查找工作中的不足并及时整改；排查针对问题，不针对任何人群。',
    '建立信访工作协调联动机制，各相关部门密切配合，各司其职，形成合力。',
    '关心职工生活，重视职工的福利、住房等利益问题，业务部门要及时做好政策宣传解释工作。',
    '依法保护信访职工的个人信息，不得建立与解决问题无关的个人档案。',
    '本预案自发布之日起施行。',
  ],
};
