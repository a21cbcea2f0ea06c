// Written from reference/plans/003 (信访事件应急预案, city) and 004 (重大紧急访
// 处置工作预案, county): group visits, extreme individual visits, online
// petitions, abnormal visits with conduct flags, the prevention, reception
// and decision stages, and the review afterwards. Left out: forced measures
// (强制性处理方案), "dividing" leaders of a visit (分化瓦解), confining
// petitioners to a waiting area (防止其四处串联), bringing people back (接返),
// monitoring online speech; religion and ethnicity are not categories of
// people here, only subjects a petition may concern. The levels are the
// matrix; 003's special circumstances and 004's ways of working are
// supplementary measures, which add their duties beside the level's.
import { C, F, K, L, R, RF, S, TenantKind, alertPeriod, all, any, category, conductAny, duty, headcountAtLeast, headcountAtMost, level, measure, position, reached, riskAny, safetyMeasure, languageServiceMeasure, topic, type PlanTemplate } from './build.js';

const disorderly = [F.BLOCKING_GATE, F.BLOCKING_ROAD, F.OCCUPYING_OFFICE, F.INTERCEPTING_VEHICLE, F.BESIEGING_STAFF, F.BANNERS_OR_SLOGANS];

/**
 * One text for cities and counties; what counts as "a higher organ" differs:
 * for a county the city (prefecture) is higher too, for a city only the
 * province and the nation.
 */
function cityOrCountyTemplate(kind: TenantKind.CITY | TenantKind.COUNTY): PlanTemplate {
  const county = kind === TenantKind.COUNTY;
  return {
  // The city keeps the key it had when one template served both (plans record the key they came from).
  key: county ? 'COUNTY' : 'CITY_COUNTY',
  name: county ? '县信访事件应急预案' : '市信访事件应急预案',
  description: 'City or county: group visits, extreme individual visits, online petitions, abnormal visits; prevention, reception and decision stages. 市、县：群体访、个体极端访、网络信访、异常访。',
  tenantKinds: [kind],
  sources: ['003', '004'],
  title: '信访事件应急预案',
  purpose:
    '为有效应对信访突发事件，保障人民群众合法权益，维护社会和谐稳定，确保信访事件得到及时、妥善、高效的处理，' +
    '降低信访事件对正常工作和社会秩序的影响，根据《信访工作条例》，制定本预案。',
  scope:
    '本预案适用于本行政区域内发生的信访突发事件，包括群体性上访、个体极端上访、网络信访事件、异常上访（堵塞机关大门、阻断交通、拦截公务车辆、' +
    '长时间占据办公场所、围堵工作人员等）、到上级机关的信访，以及重大活动期间的信访事件。',
  principles: [
    '坚持平息事态与解决问题相结合。以解决群众反映的问题为出发点和落脚点，认真解决群众的合理要求，积极做好思想疏导工作。',
    '坚持属地管理、分级负责，谁主管、谁负责，依法、及时、就地解决问题与疏导教育相结合。',
    '坚持政策的原则性与方法的灵活性相结合：合理的要求认真、及时解决；暂时无法解决的，耐心细致地解释说明原因。',
    '坚持可散不可聚、可解不可结、可早不可迟、可顺不可激。',
    '坚持领导出面，慎用警力。',
    '群众上访是宪法赋予的权利，必须以认真解决问题的态度积极处理反映的问题，切忌使用"卡、抓、压"等强制手段。',
  ],
  organisation: {
    leadingGroup: {
      name: '信访事件应急指挥部',
      responsibilities: ['统一领导、指挥和协调本行政区域信访事件的应对工作。'],
      positions: [position(R.GROUP_LEADER, '总指挥（政府分管领导）'), position(R.DEPUTY_LEADER, '副总指挥'), position(R.MEMBER, '成员（信访、公安及相关部门负责人）')],
    },
    office: {
      name: '应急指挥部办公室',
      responsibilities: [
        '负责日常工作和应急值守。',
        '负责信访信息的收集、分析和预警，对可能引发信访事件的苗头性、倾向性问题（而非人员）及时研判。',
        '协调行业主管部门和责任单位提出解决问题的方案。',
      ],
      positions: [position(R.OFFICE_DIRECTOR, '办公室主任（信访局负责人）'), position(R.LIAISON, '各乡镇、部门信访联络员')],
    },
  },
  // The matrix of levels (exclusive: the most severe matching one is the response level).
  levels: [
    level('GENERAL_PETITION', '一般信访事项', 10, '来访、来信、举报、网络信访等一般信访事项。', all([category(C.INDIVIDUAL_VISIT, C.LETTER, C.REPORT_AGAINST_OFFICIAL, C.ONLINE_PETITION)]), [
      duty('register', K.RECEIVE_AND_EXPLAIN, R.OFFICE_DIRECTOR, '登记并听取诉求，告知办理程序和时限。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('investigate', K.INVESTIGATE, R.MEMBER, '组织相关部门调查核实；涉及群众切身利益的问题及时采取措施解决，涉及政策法规的问题依法依规处理。', [10, 'DAYS'], { escalate: R.OFFICE_DIRECTOR, stage: S.DECISION }),
    ]),
    level('GROUP_VISIT', '群体性上访', 30, '集体访或五人以上的上访。', any([category(C.GROUP_VISIT), headcountAtLeast(5)]), [
      duty('local-leader', K.COORDINATE, R.LIAISON, '所在乡镇或主管部门主要领导及时与群众见面，听取意见，力争把问题解决在基层。', [4, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.PREVENTION }),
      duty('activate', K.NOTIFY, R.OFFICE_DIRECTOR, '立即启动应急预案，报告指挥部领导。', [30, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('on-scene', K.ARRIVE_ON_SCENE, R.DEPUTY_LEADER, '组织行业主管部门和责任单位负责人到现场，直接和群众见面。', [1, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('report-up', K.REPORT, R.OFFICE_DIRECTOR, '及时向上级报告情况，争取支持。', [2, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('investigate', K.INVESTIGATE, R.MEMBER, '行业主管部门提出解决反映问题的方案，答复群众。', [3, 'DAYS'], { escalate: R.OFFICE_DIRECTOR, stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '每日向指挥部报告处置进展。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('REACHED_HIGHER', county ? '到市级及以上机关的信访' : '到省级及以上机关的信访', 35, county ? '群众到市级、省级或国家级机关反映问题。' : '群众到省级或国家级机关反映问题。',
      all([county ? reached(L.CITY, L.PROVINCE, L.NATIONAL) : reached(L.PROVINCE, L.NATIONAL)]), [
      duty('contact', K.COORDINATE, R.OFFICE_DIRECTOR, '与上级信访部门联系，通报信息，配合做好接待和问题解决。', [2, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('responsible-leader', K.ARRIVE_ON_SCENE, R.DEPUTY_LEADER, '责任单位领导在规定时间内到上级信访接待场所，协同信访部门听取诉求、做好解释工作；群众自愿返回的，妥善协助返程并在当地解决问题。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('investigate', K.INVESTIGATE, R.MEMBER, '责任单位和行业主管部门调查核实，提出解决问题的方案，答复群众。', [3, 'DAYS'], { escalate: R.OFFICE_DIRECTOR, stage: S.DECISION }),
      duty('own-case', K.OWN_CASE, R.DEPUTY_LEADER, '领导包案，负责问题的解决和答复。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '每日报告办理进展。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    level('ABNORMAL_VISIT', '异常上访（重大紧急访）', 50, '堵塞机关大门、阻断交通、拦截公务车辆、占据办公场所、围堵工作人员、打横幅呼口号等非正常上访。', any([category(C.ABNORMAL_VISIT), conductAny(...disorderly)]), [
      duty('report', K.NOTIFY, R.OFFICE_DIRECTOR, '立即报告指挥部领导。', [15, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('explain-law', K.RECEIVE_AND_EXPLAIN, R.MEMBER, '信访部门及时指出行为的不当之处，讲解有关法律法规，引导群众到接待场所依法有序反映诉求。', [1, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
      duty('options', K.COORDINATE, R.OFFICE_DIRECTOR, '信访部门根据事态提供整体解决预案，主管部门提出解决问题的方案，供领导决策。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('decide', K.OWN_CASE, R.GROUP_LEADER, '指挥部领导决策并包案，督促解决方案落实。', [2, 'DAYS'], { stage: S.DECISION }),
      duty('daily-report', K.DAILY_REPORT, R.OFFICE_DIRECTOR, '每日向指挥部报告处置进展。', [1, 'DAYS'], { every: [1, 'DAYS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('review', K.REVIEW, R.OFFICE_DIRECTOR, '事件总结：分析原因，吸取教训，提出改进措施和预案修订建议。', [7, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.AFTERMATH }),
    ]),
  ],
  // Special circumstances (003) and ways of working (004): each matching measure adds its duties beside the level's.
  measures: [
    safetyMeasure(),
    languageServiceMeasure(),
    measure('EXTREME_INDIVIDUAL', '个体极端上访', '个人或少数人上访，有自伤风险或暴力行为。', all([headcountAtMost(4), riskAny(RF.SELF_HARM_RISK, RF.VIOLENCE)]), [
      duty('understand', K.RECEIVE_AND_EXPLAIN, R.OFFICE_DIRECTOR, '迅速了解上访人的诉求，加强沟通，做好政策解释和心理疏导。', [2, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('joint', K.COORDINATE, R.DEPUTY_LEADER, '必要时协调相关部门进行联合化解。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
      duty('record', K.RECORD_EVIDENCE, R.MEMBER, '如实记录现场情况和接谈过程。', [1, 'DAYS'], { evidence: true, escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
    ]),
    measure('ONLINE', '网络信访', '通过网络渠道提出的信访事项，包括匿名的。', all([category(C.ONLINE_PETITION)]), [
      duty('respond-online', K.REPORT, R.OFFICE_DIRECTOR, '通过网上渠道告知受理情况、回应办理进展，及时发布权威信息，做好政策解读。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('verify', K.INVESTIGATE, R.MEMBER, '网络信息真伪难以辨别的，深入调查核实；不因匿名而不予办理。', [5, 'DAYS'], { escalate: R.OFFICE_DIRECTOR, stage: S.DECISION }),
      duty('track', K.REPORT, R.LIAISON, '督促办理，每周报告一次办理进展，直至办结。', [7, 'DAYS'], { every: [7, 'DAYS'], escalate: R.OFFICE_DIRECTOR, stage: S.DECISION }),
    ]),
    measure('DISASTER', '自然灾害期间的信访', '自然灾害可能导致常规信访渠道中断：诉求涉及自然灾害的。', all([topic('自然灾害', '灾害', '灾后重建')]), [
      duty('emergency-channel', K.COORDINATE, R.OFFICE_DIRECTOR, '建立灾害应急信访渠道，开设临时接待点或移动信访车，确保受灾群众反映诉求的渠道畅通。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('relief', K.COORDINATE, R.DEPUTY_LEADER, '会同应急管理、民政等部门优先解决受灾群众的基本生活诉求。', [1, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
    ]),
    measure('MAJOR_EVENT', '重大活动期间群体性或异常上访', '重大活动期间发生的群体性上访或异常上访。', all([alertPeriod(true)], [any([category(C.GROUP_VISIT, C.ABNORMAL_VISIT), headcountAtLeast(5), conductAny(...disorderly)])]), [
      duty('report-commander', K.NOTIFY, R.OFFICE_DIRECTOR, '立即报告指挥部总指挥。', [15, 'MINUTES'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('duty-force', K.ARRIVE_ON_SCENE, R.DEPUTY_LEADER, '加强活动现场的信访值班接待力量，快速响应，及时化解矛盾。', [30, 'MINUTES'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
      duty('command', K.COORDINATE, R.GROUP_LEADER, '总指挥统一调度，必要时启动临时应急方案。', [2, 'HOURS'], { stage: S.DECISION }),
      duty('half-day-report', K.REPORT, R.OFFICE_DIRECTOR, '每半天向指挥部报告一次处置进展。', [12, 'HOURS'], { every: [12, 'HOURS'], escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
    ]),
    measure('FOREIGN', '涉外信访', '诉求涉及涉外事项的：文化差异需要专门的服务；语言障碍由语言服务措施安排翻译。', all([topic('涉外', '涉外事项')]), [
      duty('language-check', K.RECEIVE_AND_EXPLAIN, R.OFFICE_DIRECTOR, '确认信访人能理解的接待语言；需要翻译的，登记服务语言（语言服务措施随之安排翻译）。', [2, 'HOURS'], { escalate: R.DEPUTY_LEADER, stage: S.RECEPTION }),
      duty('foreign-affairs', K.COORDINATE, R.DEPUTY_LEADER, '会同外事部门依法妥善处理，尊重文化差异。', [2, 'DAYS'], { escalate: R.GROUP_LEADER, stage: S.DECISION }),
    ]),
    measure('ETHNIC_RELIGIOUS', '涉及民族宗教事务的诉求', '诉求内容涉及民族宗教事务的（按事项，不按人）。', all([topic('民族宗教事务', '民族事务', '宗教事务')]), [
      duty('department', K.COORDINATE, R.OFFICE_DIRECTOR, '与民族宗教事务主管部门密切合作，按诉求内容依法办理，必要时聘请专业人员参与化解。', [1, 'DAYS'], { escalate: R.DEPUTY_LEADER, stage: S.DECISION }),
      duty('respect', K.RECEIVE_AND_EXPLAIN, R.MEMBER, '接待中尊重群众的民族风俗和宗教习惯；按诉求内容办理，不因信访人的民族、宗教或信仰区别对待，不询问、不登记与诉求无关的民族宗教情况。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
    ]),
    measure('REPRESENTATIVES', '推举代表接访', '集体访或五人以上的上访：坚持让群众推举代表（004）。', any([category(C.GROUP_VISIT), headcountAtLeast(5)]), [
      duty('representatives', K.RECEIVE_AND_EXPLAIN, R.MEMBER, '热情接待，引导群众推选代表（不超过五人）依法有序表达诉求，耐心听取意见，让群众把话说完；始终不推举代表的，必要时集体接待。', [2, 'HOURS'], { escalate: R.OFFICE_DIRECTOR, stage: S.RECEPTION }),
    ]),
    measure('LEADERS_PRESENT', '领导出面', '群体性上访或异常上访：坚持领导出面（004）。', any([category(C.GROUP_VISIT, C.ABNORMAL_VISIT), headcountAtLeast(5), conductAny(...disorderly)]), [
      duty('leader', K.ARRIVE_ON_SCENE, R.DEPUTY_LEADER, '领导出面，到现场直接与群众见面、听取意见，协调解决问题。', [1, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
    ]),
    measure('POLICE_SPARINGLY', '慎用警力', '异常上访或有暴力危险的：慎用警力（004）。', any([category(C.ABNORMAL_VISIT), conductAny(...disorderly), riskAny(RF.VIOLENCE)]), [
      duty('police-decision', K.COORDINATE, R.DEPUTY_LEADER, '是否调用警力由现场领导决定并记录理由；慎用警力，确需维护秩序的依法进行，不对依法有序信访的群众使用警力。', [1, 'HOURS'], { escalate: R.GROUP_LEADER, stage: S.RECEPTION }),
    ]),
  ],
  generalRequirements: [
    '加强组织领导，明确各部门职责，加强协作，形成工作合力。',
    '加强对信访干部的培训，定期组织演练，确保所有信访工作人员熟悉预案内容。',
    '保障信访工作经费；自然灾害等情况下开设临时接待点，确保信访渠道畅通。',
    '诉求涉及民族宗教事务的，按诉求内容依法办理，尊重群众风俗习惯，必要时请相关主管部门参与；不因信访人的民族、宗教或信仰区别对待。',
    '涉外信访事项配备外语工作人员，依法妥善处理。',
    '建立健全信访责任追究制度，对工作不力的单位和个人依规问责。',
    '定期对应急预案进行修订和完善。本预案自发布之日起实施，原有预案同时废止。',
  ],
  };
}

export const cityTemplate: PlanTemplate = cityOrCountyTemplate(TenantKind.CITY);
export const countyTemplate: PlanTemplate = cityOrCountyTemplate(TenantKind.COUNTY);
