// Written from reference/plans/000 (赵村乡纪委信访举报工作应急预案). Its duties
// to bring petitioners back (带回), to chase them (追赶), to watch their
// movements (关注动态, 重点监控) are rewritten as reception, coordination with
// the higher-level office, case ownership and reporting on the case.
import { C, K, L, R, S, TenantKind, all, any, category, duty, headcountAtLeast, level, position, reached, reachedAtLeast, safetyMeasure, languageServiceMeasure, type PlanTemplate } from './build.js';

/** 群体访: a group visit, or five or more people. */
const group = any([category(C.GROUP_VISIT), headcountAtLeast(5)]);

export const townshipDisciplineTemplate: PlanTemplate = {
  key: 'TOWNSHIP_DISCIPLINE',
  name: '乡镇纪委信访举报工作应急预案',
  description: 'Township discipline commission: single and group visits at township, county, city level and above. 乡镇纪委：乡级、县级、市级、市级以上的单访和群体访。',
  tenantKinds: [TenantKind.DISCIPLINE_COMMISSION, TenantKind.TOWNSHIP],
  sources: ['000'],
  title: '乡镇纪委信访举报工作应急预案',
  purpose:
    '为有效预防、及时妥善处理纪检监察信访举报突发事件，提高信访工作的应急反应能力和处置水平，依法维护信访人的合法权益，' +
    '在乡党委、政府的领导下，建立统一指挥、反应灵敏、协调有序、运转高效的应急机制，根据《信访工作条例》，结合本乡实际，制定本预案。',
  scope:
    '本预案适用于本乡纪委受理或获知的信访举报事项，包括在本乡、县级、市级及市级以上机关发生的单访、群体访和异常访等信访举报突发事件。' +
    '信访人到达上级机关反映问题是事件的事实情况，由接待和协调工作处理；任何人不得阻止、拦截信访人向上级机关反映问题。',
  principles: [
    '统一领导，对口管理，分工协作。在乡党委、政府统一领导下，事发地主要负责人第一时间到场，各室人员顾全大局，各司其职，密切配合。',
    '宜疏不宜堵，宜解不宜结，宜顺不宜激。以教育疏导为主，谈清问题，讲明政策，解疑释惑，理顺情绪，化解心结，切忌激化矛盾。',
    '快速反应，依法处置。到达现场后迅速安排部署，依法、及时、就地解决群众的合理诉求，做到早发现、早报告、早解决。',
    '保障信访人的权利。群众信访是宪法赋予的权利，不得阻止、拦截或打击报复信访人；举报材料严格保密，不得转给被举报人。',
  ],
  organisation: {
    leadingGroup: {
      name: '信访举报工作应急处置领导小组',
      responsibilities: [
        '负责指挥、决策、综合协调，依法妥善处置异常访、越级访、集体访等信访举报突发事件。',
        '负责对处置工作中有功人员的表彰，对违纪违规、工作不力人员的责任追究。',
      ],
      positions: [position(R.GROUP_LEADER, '组长（党委副书记）'), position(R.DEPUTY_LEADER, '副组长（纪委书记）'), position(R.MEMBER, '成员')],
    },
    office: {
      name: '信访举报应急处置办公室',
      responsibilities: [
        '传达领导小组工作指令并监督落实。',
        '及时掌握信访接待进展情况，向领导小组报告，提出接访工作建议。',
        '按领导小组指示与有关单位联系，通报有关情况，做好协调配合。',
        '依照法规对外发布突发事件的公众信息，代领导小组草拟信访接待报告。',
      ],
      positions: [position(R.OFFICE_DIRECTOR, '办公室主任'), position(R.LIAISON, '联络员（包村干部、矛盾调解员）')],
    },
  },
  levels: [
    level('TOWNSHIP_SINGLE', '乡级单访', 10, '群众到乡反映问题（单访）。', all([reached(L.OWN)]), [
      duty('receive', K.RECEIVE_AND_EXPLAIN, R.OFFICE_DIRECTOR, '接待来访群众，认真听取诉求，做好法律、政策解释工作；对不符合解决条件的，依法说明理由并做好疏导，避免激化矛盾。', [2, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('investigate', K.INVESTIGATE, R.OFFICE_DIRECTOR, '对受理的信访事项及时调查处理，在规定时限内答复信访人。', [10, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('TOWNSHIP_GROUP', '乡级群体访', 20, '群众集体到乡反映问题（集体访或五人以上）。', all([reached(L.OWN)], [group]), [
      duty('report', K.NOTIFY, R.OFFICE_DIRECTOR, '迅速向本单位主要领导报告来访人数、反映的主要问题和现场情况。', [30, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('arrive', K.ARRIVE_ON_SCENE, R.MEMBER, '预案小组成员第一时间到达接待现场，组织接谈。', [30, 'MINUTES'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('village-arrive', K.ARRIVE_ON_SCENE, R.LIAISON, '包村干部、村支部书记第一时间到达接待现场，协助了解情况、做好沟通。', [1, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('hear', K.RECEIVE_AND_EXPLAIN, R.DEPUTY_LEADER, '引导群众推选代表（不超过五人）反映诉求，与代表谈话，耐心听取诉求，讲明政策，做好思想引导和说服教育工作。', [2, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('record', K.RECORD_EVIDENCE, R.MEMBER, '如实记录接谈过程和群众诉求（谈话记录，必要时录音录像），及时整理归档。', [1, 'DAYS'], { evidence: true, escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('investigate', K.INVESTIGATE, R.OFFICE_DIRECTOR, '对反映的问题组织调查核实，提出处理意见，在规定时限内答复。', [7, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('COUNTY_SINGLE', '县级单访', 30, '群众到县级机关反映问题（单访）。', all([reached(L.COUNTY)]), [
      duty('contact', K.COORDINATE, R.OFFICE_DIRECTOR, '接到通知后，及时与县信访部门联系，了解信访人反映的问题，配合做好接谈工作。', [1, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('receive', K.RECEIVE_AND_EXPLAIN, R.DEPUTY_LEADER, '副组长会同包村干部参与接访，听取诉求，讲明政策；信访人愿意回乡反映的，在乡信访办接待。', [4, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('mediate', K.COORDINATE, R.LIAISON, '信访人所在村的矛盾调解员与信访人保持沟通，倾听诉求，协助化解矛盾，并与乡信访办保持联系。', [1, 'DAYS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('investigate', K.INVESTIGATE, R.OFFICE_DIRECTOR, '对受理的信访事项及时调查处理，在规定时限内答复信访人。', [10, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('COUNTY_GROUP', '县级群体访', 40, '群众集体到县级机关反映问题。', all([reached(L.COUNTY)], [group]), [
      duty('notify-leader', K.NOTIFY, R.OFFICE_DIRECTOR, '第一时间报告组长。', [15, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('coordinate', K.COORDINATE, R.DEPUTY_LEADER, '副组长和预案小组成员赶赴县信访接待场所，配合县信访部门接谈，做好政策解释和思想疏导工作。', [2, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('village', K.COORDINATE, R.LIAISON, '包村干部、村支部书记、矛盾调解员与信访群众保持沟通，听取诉求，协助化解矛盾，并与乡信访办保持联系。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '对问题较大的信访事项实行领导包案，包案领导负责督办直至问题解决。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '办理期间每日向领导小组报告办理进展。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('CITY_SINGLE', '市级单访', 50, '群众到市级机关反映问题（单访）。', all([reached(L.CITY)]), [
      duty('notify-leader', K.NOTIFY, R.MEMBER, '预案小组成员第一时间告知组长。', [15, 'MINUTES'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('coordinate', K.COORDINATE, R.DEPUTY_LEADER, '副组长与市信访部门联系，了解情况，配合做好接待和政策解释工作。', [2, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('responsible-unit', K.INVESTIGATE, R.OFFICE_DIRECTOR, '按照"谁主管、谁负责"原则，及时通知所涉及单位调查处理。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('report', K.REPORT, R.OFFICE_DIRECTOR, '向领导小组书面报告办理情况和答复意见。', [3, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('CITY_GROUP', '市级群体访', 60, '群众集体到市级机关反映问题。', all([reached(L.CITY)], [group]), [
      duty('notify-leader', K.NOTIFY, R.OFFICE_DIRECTOR, '第一时间告知组长，并向乡党委、政府主要领导报告。', [15, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('on-scene', K.ARRIVE_ON_SCENE, R.DEPUTY_LEADER, '副组长赶赴市信访接待场所，配合市信访部门做好接谈、政策解释和情绪疏导工作。', [4, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('own-case', K.OWN_CASE, R.GROUP_LEADER, '实行领导包案制度，包案领导负责督促、催办所包案件直至解决。', [1, 'DAYS'], { stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '调查处理期间每日向领导小组报告办理进展，有情况报情况，无情况报平安。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('record', K.RECORD_EVIDENCE, R.MEMBER, '整理接谈记录和相关材料，归档备查。', [2, 'DAYS'], { evidence: true, escalate: R.OFFICE_DIRECTOR, stage: S.AFTERMATH }),
    ]),
    level('ABOVE_CITY', '市级以上访', 70, '群众到省级及以上机关反映问题。', all([reachedAtLeast(L.PROVINCE)]), [
      duty('notify-leader', K.NOTIFY, R.OFFICE_DIRECTOR, '得知后第一时间告知组长，并向乡领导报告。', [15, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('report-up', K.REPORT, R.DEPUTY_LEADER, '向县信访部门报告情况，与上级信访部门联系，配合做好接待工作。', [2, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('coordinate', K.COORDINATE, R.DEPUTY_LEADER, '安排包村干部协同上级信访部门做好接谈工作，听取诉求、讲明政策。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('own-case', K.OWN_CASE, R.GROUP_LEADER, '组长包案，研究解决信访人的合理诉求。', [1, 'DAYS'], { stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '每日向领导小组报告办理进展，有情况报情况，无情况报平安。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
  ],
  measures: [safetyMeasure(), languageServiceMeasure()],
  generalRequirements: [
    '领导小组成员要高度重视，接到通知后立即到位，不得拖延、推诿。',
    '严格执行信访工作责任制，对工作不力、造成严重后果的，依纪依法追究责任。',
    '依法保护信访人的合法权益，举报材料严格保密，不得泄露给被举报人或与案件有利害关系的人员。',
    '处置过程中严禁使用"卡、抓、压"等强制手段，不得限制信访人人身自由，不得跟踪、监控信访人。',
  ],
};
