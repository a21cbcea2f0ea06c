// The product stance as data (DESIGN.md "Product stance"): words that, in a
// duty's action, ask officials to watch, follow, control, intercept, stop,
// chase or bring back petitioners. Petitioning is a lawful right (信访工作条例;
// plan 004: 切忌使用"卡、抓、压"等强制手段), so a duty asking for any of these
// is refused at publish; the same words elsewhere in a plan get a warning.
// Each entry: the term, its obvious variants (traditional script included),
// and what it asks for, in English, for the message. The comment says why.
// Words with an ordinary lawful sense in these plans are left out on purpose:
// 控制 (控制事态), 阻止 (阻止事态扩大), 截留 (截留资金, a grievance), 追回 (追回违纪款项).

export interface StanceTerm {
  term: string;
  variants: readonly string[];
  /** What the word asks officials to do to people, in English. */
  asks: string;
}

export const STANCE_TERMS: readonly StanceTerm[] = [
  // Surveillance of a person: the system tracks no person's movements.
  { term: '监控', variants: ['監控', '监视', '監視', '布控', '盯梢'], asks: 'keep petitioners under surveillance' },
  // Following a person, or their whereabouts (行踪): movement tracking.
  { term: '跟踪', variants: ['跟蹤', '尾随', '尾隨', '跟梢', '行踪', '行蹤'], asks: 'follow petitioners or track their whereabouts' },
  // Keeping a person in sight (盯人): surveillance by staff assigned to a person.
  { term: '盯控', variants: ['盯防', '盯守', '盯住', '紧盯', '緊盯'], asks: 'keep petitioners in sight' },
  // "Stabilise and control" people: in petition work it means keeping them from petitioning.
  { term: '稳控', variants: ['穩控', '管控', '看管', '控访', '控訪'], asks: 'control petitioners so they do not petition' },
  // 脱控 ("slip out of control"): 确保不脱控 asks that petitioners be kept under control.
  { term: '脱控', variants: ['脫控', '失控人员', '失控人員'], asks: 'keep petitioners from slipping out of control' },
  // 重点人员: a register of people marked for attention because they petition; duties over it profile and watch them.
  { term: '重点人员', variants: ['重點人員', '重点上访人员', '重點上訪人員', '重点信访人员', '重點信訪人員'], asks: 'single out petitioners on a list of persons to watch' },
  // Intercepting: stopping a petitioner on the way to a higher office.
  { term: '拦截', variants: ['攔截', '拦访', '攔訪', '拦堵', '攔堵', '阻拦', '阻攔', '拦阻', '攔阻', '拦住', '攔住'], asks: 'intercept petitioners' },
  // 截访: intercepting petitioners at or near the higher office.
  { term: '截访', variants: ['截訪', '截回', '截停'], asks: 'intercept petitioners at the higher office' },
  // Persuading a petitioner to go back instead of being received where they went.
  { term: '劝返', variants: ['勸返', '劝回', '勸回'], asks: 'send petitioners back instead of receiving them' },
  // Bringing a petitioner back from where they petitioned.
  { term: '带回', variants: ['帶回', '带离', '帶離', '领回', '領回'], asks: 'bring petitioners back' },
  // Fetching a petitioner back from a higher office (接回, 接返).
  { term: '接回', variants: ['接返'], asks: 'fetch petitioners back from a higher office' },
  // Chasing a petitioner on the way.
  { term: '追赶', variants: ['追趕', '追截', '追堵'], asks: 'chase petitioners' },
  // Blocking a petitioner's way, or surrounding them.
  { term: '堵截', variants: ['围堵', '圍堵', '堵访', '堵訪'], asks: 'block petitioners\' way' },
];

/**
 * Words that, right before a term, turn it into a prohibition
 * ("不得跟踪、监控信访人"): the plan forbids the act instead of asking for it.
 */
export const NEGATIONS: readonly string[] = ['不得', '不准', '不许', '不要', '不能', '不可', '严禁', '嚴禁', '禁止', '切忌', '杜绝', '杜絕'];

/**
 * What may stand between a negation and the term it forbids ("不得以任何方式阻止、
 * 拦截群众"); anything else there ("不能离开的信访人进行监控") means the term is asked for.
 */
export const NEGATION_GAP_WORDS: readonly string[] = [
  '以任何方式', '任何方式', '随意', '擅自', '非法', '阻止', '打击报复', '对', '任何人', '信访人', '上访人员', '群众', '职工', '、', '或', '和', '及', '与',
];
