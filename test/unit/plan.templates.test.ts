import { describe, expect, it } from 'vitest';
import { PLAN_TEMPLATES, templateByKey, templateForKind } from '../../src/modules/plan/templates/index.js';
import { matchLevel, matchPlan } from '../../src/modules/plan/plan-matcher.model.js';
import { validatePlan } from '../../src/modules/plan/plan.validate.js';
import { TenantKind } from '../../src/modules/tenant/tenant.enums.js';
import { templateRoleGraph } from '../support/role-graph.js';
import { ConductFlag as F, IncidentCategory as C, LevelReached as L, RiskFlag as RF, type IncidentFacts } from '../../src/modules/incident/incident.model.js';

type Row = [template: string, facts: Partial<IncidentFacts>, level: string | null, explanation: [string, boolean][], measures: string[]];

const c0 = 'conditions[0]';
const c1 = 'conditions[1]';
const c2 = 'conditions[2]';
const g0 = (i: number) => `groups[0].conditions[${i}]`;
const ALL_RISKS = [RF.SELF_HARM_RISK, RF.VIOLENCE, RF.HEALTH_EMERGENCY, RF.MINORS_PRESENT];

/** Facts → expected level (with every condition of it and its outcome) and the measures that match, in plan order. */
const ROWS: Row[] = [
  ['TOWNSHIP_DISCIPLINE', { category: C.INDIVIDUAL_VISIT }, 'TOWNSHIP_SINGLE', [[c0, true]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.GROUP_VISIT, headcount: 3 }, 'TOWNSHIP_GROUP', [[c0, true], [g0(0), true], [g0(1), false]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.INDIVIDUAL_VISIT, headcount: 6 }, 'TOWNSHIP_GROUP', [[c0, true], [g0(0), false], [g0(1), true]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.LETTER, levelReached: L.COUNTY }, 'COUNTY_SINGLE', [[c0, true]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.GROUP_VISIT, levelReached: L.COUNTY, headcount: 8 }, 'COUNTY_GROUP', [[c0, true], [g0(0), true], [g0(1), true]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.REPORT_AGAINST_OFFICIAL, levelReached: L.CITY }, 'CITY_SINGLE', [[c0, true]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.ABNORMAL_VISIT, levelReached: L.CITY, headcount: 5 }, 'CITY_GROUP', [[c0, true], [g0(0), false], [g0(1), true]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.INDIVIDUAL_VISIT, levelReached: L.PROVINCE }, 'ABOVE_CITY', [[c0, true]], []],
  ['TOWNSHIP_DISCIPLINE', { category: C.GROUP_VISIT, levelReached: L.NATIONAL, headcount: 30 }, 'ABOVE_CITY', [[c0, true]], []],
  // Risk before headcount: a group of 30 with minors present gets the safety duty beside the group level.
  ['TOWNSHIP_DISCIPLINE', { category: C.GROUP_VISIT, headcount: 30, riskFlags: [RF.MINORS_PRESENT] }, 'TOWNSHIP_GROUP', [[c0, true], [g0(0), true], [g0(1), true]], ['SAFETY']],
  ['COAL_MINE', { category: C.GROUP_VISIT, headcount: 3 }, 'COLLECTIVE_VISIT', [[c0, true], [c1, true]], ['NOT_KNOWN_IN_ADVANCE']],
  ['COAL_MINE', { category: C.GROUP_VISIT, headcount: 4, knownInAdvance: true }, 'COLLECTIVE_VISIT', [[c0, true], [c1, true]], ['KNOWN_IN_ADVANCE']],
  ['COAL_MINE', { category: C.INDIVIDUAL_VISIT, levelReached: L.COUNTY }, 'BEYOND_MINE', [[c0, true]], []],
  ['COAL_MINE', { category: C.GROUP_VISIT, levelReached: L.CITY, headcount: 12 }, 'BEYOND_MINE_GROUP', [[c0, true], [c1, true]], []],
  ['COAL_MINE', { category: C.GROUP_VISIT, levelReached: L.CITY, headcount: 12, knownInAdvance: true, riskFlags: [RF.HEALTH_EMERGENCY] }, 'BEYOND_MINE_GROUP', [[c0, true], [c1, true]], ['SAFETY', 'KNOWN_IN_ADVANCE']],
  ['COAL_MINE', { category: C.GROUP_VISIT, headcount: 2 }, null, [], []],
  // No level, still the safety measure: one worker with a health emergency.
  ['COAL_MINE', { category: C.INDIVIDUAL_VISIT, riskFlags: [RF.HEALTH_EMERGENCY] }, null, [], ['SAFETY']],
  ['TOWN_SENSITIVE_PERIOD', { category: C.LETTER }, 'ROUTINE', [], []],
  ['TOWN_SENSITIVE_PERIOD', { category: C.INDIVIDUAL_VISIT, alertPeriodActive: true }, 'SENSITIVE_PERIOD', [[c0, true]], []],
  ['TOWN_SENSITIVE_PERIOD', { category: C.INDIVIDUAL_VISIT, headcount: 2, conductFlags: [F.BLOCKING_ROAD] }, 'GROUP_INCIDENT', [[c0, false], [c1, false], [c2, true]], []],
  ['TOWN_SENSITIVE_PERIOD', { category: C.GROUP_VISIT, headcount: 6, alertPeriodActive: true }, 'SENSITIVE_GROUP', [[c0, true], [g0(0), true], [g0(1), true], [g0(2), false]], []],
  // Twenty people with violence: a group level, and the safety measure whatever the size.
  ['TOWN_SENSITIVE_PERIOD', { category: C.GROUP_VISIT, headcount: 20, riskFlags: [RF.VIOLENCE] }, 'GROUP_INCIDENT', [[c0, true], [c1, true], [c2, false]], ['SAFETY']],
  // A county's template counts the city (prefecture) as higher; a city's does not.
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.CITY }, 'GENERAL_PETITION', [[c0, true]], []],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.CITY }, 'REACHED_HIGHER', [[c0, true]], []],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.NATIONAL }, 'REACHED_HIGHER', [[c0, true]], []],
  ['COUNTY', { category: C.LETTER }, 'GENERAL_PETITION', [[c0, true]], []],
  ['COUNTY', { category: C.ONLINE_PETITION }, 'GENERAL_PETITION', [[c0, true]], ['ONLINE']],
  // A language to serve in: the interpreter duty in every template, whatever the matter (a service need, not a kind of person).
  ['TOWNSHIP_DISCIPLINE', { category: C.INDIVIDUAL_VISIT, interpreterNeeded: true }, 'TOWNSHIP_SINGLE', [[c0, true]], ['LANGUAGE_SERVICE']],
  ['COAL_MINE', { category: C.GROUP_VISIT, headcount: 3, interpreterNeeded: true }, 'COLLECTIVE_VISIT', [[c0, true], [c1, true]], ['LANGUAGE_SERVICE', 'NOT_KNOWN_IN_ADVANCE']],
  ['TOWN_SENSITIVE_PERIOD', { category: C.LETTER, interpreterNeeded: true, riskFlags: [RF.SELF_HARM_RISK] }, 'ROUTINE', [], ['SAFETY', 'LANGUAGE_SERVICE']],
  ['CITY_COUNTY', { category: C.LETTER, topics: ['涉外'], interpreterNeeded: true }, 'GENERAL_PETITION', [[c0, true]], ['LANGUAGE_SERVICE', 'FOREIGN']],
  ['COUNTY', { category: C.ONLINE_PETITION, interpreterNeeded: true }, 'GENERAL_PETITION', [[c0, true]], ['LANGUAGE_SERVICE', 'ONLINE']],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, headcount: 7 }, 'GROUP_VISIT', [[c0, false], [c1, true]], ['REPRESENTATIVES', 'LEADERS_PRESENT']],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, riskFlags: [RF.SELF_HARM_RISK] }, 'GENERAL_PETITION', [[c0, true]], ['SAFETY', 'EXTREME_INDIVIDUAL']],
  // The conduct flag recorded before risk flags existed still counts as the risk.
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, conductFlags: [F.SELF_HARM_RISK], riskFlags: [RF.SELF_HARM_RISK] }, 'GENERAL_PETITION', [[c0, true]], ['SAFETY', 'EXTREME_INDIVIDUAL']],
  ['COUNTY', { category: C.ABNORMAL_VISIT, levelReached: L.CITY }, 'ABNORMAL_VISIT', [[c0, true], [c1, false]], ['LEADERS_PRESENT', 'POLICE_SPARINGLY']],
  ['COUNTY', { category: C.GROUP_VISIT, headcount: 20, alertPeriodActive: true }, 'GROUP_VISIT', [[c0, true], [c1, true]], ['MAJOR_EVENT', 'REPRESENTATIVES', 'LEADERS_PRESENT']],
  ['COUNTY', { category: C.LETTER, topics: ['灾后重建', '涉外事项', '宗教事务'] }, 'GENERAL_PETITION', [[c0, true]], ['DISASTER', 'FOREIGN', 'ETHNIC_RELIGIOUS']],
  ['CITY_COUNTY', { category: C.LETTER }, 'GENERAL_PETITION', [[c0, true]], []],
  ['CITY_COUNTY', { category: C.ONLINE_PETITION }, 'GENERAL_PETITION', [[c0, true]], ['ONLINE']],
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, headcount: 7 }, 'GROUP_VISIT', [[c0, false], [c1, true]], ['REPRESENTATIVES', 'LEADERS_PRESENT']],
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.PROVINCE }, 'REACHED_HIGHER', [[c0, true]], []],
  // Extreme individual who reached the province after a disaster: the higher level, with safety, extreme-individual and disaster measures beside it.
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.PROVINCE, riskFlags: [RF.SELF_HARM_RISK], topics: ['自然灾害'] }, 'REACHED_HIGHER', [[c0, true]], ['SAFETY', 'EXTREME_INDIVIDUAL', 'DISASTER']],
  // Six people with self-harm risk: a group, never ranked below one person at risk; safety still comes (extreme individual is for few people).
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 6, riskFlags: [RF.SELF_HARM_RISK] }, 'GROUP_VISIT', [[c0, true], [c1, true]], ['SAFETY', 'REPRESENTATIVES', 'LEADERS_PRESENT']],
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 20, riskFlags: [RF.VIOLENCE] }, 'GROUP_VISIT', [[c0, true], [c1, true]], ['SAFETY', 'REPRESENTATIVES', 'LEADERS_PRESENT', 'POLICE_SPARINGLY']],
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 20, conductFlags: [F.OCCUPYING_OFFICE] }, 'ABNORMAL_VISIT', [[c0, false], [c1, true]], ['REPRESENTATIVES', 'LEADERS_PRESENT', 'POLICE_SPARINGLY']],
  ['CITY_COUNTY', { category: C.ABNORMAL_VISIT, levelReached: L.NATIONAL }, 'ABNORMAL_VISIT', [[c0, true], [c1, false]], ['LEADERS_PRESENT', 'POLICE_SPARINGLY']],
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 20, alertPeriodActive: true }, 'GROUP_VISIT', [[c0, true], [c1, true]], ['MAJOR_EVENT', 'REPRESENTATIVES', 'LEADERS_PRESENT']],
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 12, topics: ['自然灾害'] }, 'GROUP_VISIT', [[c0, true], [c1, true]], ['DISASTER', 'REPRESENTATIVES', 'LEADERS_PRESENT']],
  ['CITY_COUNTY', { category: C.LETTER, topics: ['涉外'] }, 'GENERAL_PETITION', [[c0, true]], ['FOREIGN']],
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 8, topics: ['涉外'] }, 'GROUP_VISIT', [[c0, true], [c1, true]], ['FOREIGN', 'REPRESENTATIVES', 'LEADERS_PRESENT']],
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, topics: ['民族宗教事务'] }, 'GENERAL_PETITION', [[c0, true]], ['ETHNIC_RELIGIOUS']],
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, riskFlags: ALL_RISKS }, 'GENERAL_PETITION', [[c0, true]], ['SAFETY', 'EXTREME_INDIVIDUAL', 'POLICE_SPARINGLY']],
];

function facts(f: Partial<IncidentFacts>): IncidentFacts {
  return { category: C.INDIVIDUAL_VISIT, levelReached: L.OWN, headcount: 1, conductFlags: [], topics: [], alertPeriodActive: false, riskFlags: [], knownInAdvance: false, ...f };
}

describe('plan templates', () => {
  it('ships at least four, each fitting some kind of organisation, every kind covered', () => {
    expect(PLAN_TEMPLATES.length).toBeGreaterThanOrEqual(4);
    for (const kind of Object.values(TenantKind)) expect(templateForKind(kind), kind).toBeDefined();
    expect(new Set(PLAN_TEMPLATES.map((t) => t.key)).size).toBe(PLAN_TEMPLATES.length);
  });

  it.each(PLAN_TEMPLATES.map((t) => [t.key, t] as const))('%s passes every publish rule against the template roles', (_key, t) => {
    const graph = templateRoleGraph(t.tenantKinds[0]);
    expect(validatePlan(t, { graph, activeMemberIds: new Set() })).toEqual([]);
  });

  it.each(ROWS.map((r, i) => [i + 1, ...r] as const))('row %i: %s %o → %s + %o', (_i, key, f, level, explanation, measures) => {
    const result = matchPlan(templateByKey(key)!, facts(f));
    expect(result.level?.key ?? null).toBe(level);
    expect(result.explanation.map((e) => [e.path, e.matched])).toEqual(explanation);
    expect(result.measures.map((m) => m.measure.key)).toEqual(measures);
    for (const e of [...result.explanation, ...result.measures.flatMap((m) => m.explanation)]) expect(e.description).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/);
    // A matching measure's trigger holds: each of its conditions is explained, and under ALL every one held.
    for (const m of result.measures) {
      expect(m.explanation.length).toBeGreaterThan(0);
      if (m.measure.trigger.combine === 'ALL') expect(m.explanation.filter((e) => e.path.startsWith('conditions')).every((e) => e.matched), m.measure.key).toBe(true);
    }
  });

  it('the table covers every level and every measure of every template', () => {
    const covered = new Set(ROWS.flatMap((r) => [...(r[2] ? [`${r[0]}.${r[2]}`] : []), ...r[4].map((m) => `${r[0]}.${m}`)]));
    const all = PLAN_TEMPLATES.flatMap((t) => [...t.levels, ...t.measures].map((l) => `${t.key}.${l.key}`));
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(all.filter((k) => !covered.has(k))).toEqual([]);
  });

  it('puts the safety duty (确保人身安全) on every incident with a risk flag, one person or a crowd, in every template', () => {
    for (const t of PLAN_TEMPLATES)
      for (const risk of ALL_RISKS)
        for (const headcount of [1, 6, 50]) {
          const r = matchPlan(t, facts({ category: headcount > 1 ? C.GROUP_VISIT : C.INDIVIDUAL_VISIT, headcount, riskFlags: [risk] }));
          const duties = r.measures.flatMap((m) => m.measure.duties);
          expect(duties.some((d) => d.action.includes('确保人身安全')), `${t.key} ${risk} ×${headcount}`).toBe(true);
        }
    for (const t of PLAN_TEMPLATES) expect(matchPlan(t, facts({ category: C.GROUP_VISIT, headcount: 6 })).measures.map((m) => m.measure.key)).not.toContain('SAFETY');
  });

  it('keeps the matrix of levels and the measures apart: no level and no measure share a key, no duty key repeats between a level and a measure', () => {
    for (const t of PLAN_TEMPLATES) {
      const keys = [...t.levels, ...t.measures].map((p) => p.key);
      expect(new Set(keys).size, t.key).toBe(keys.length);
    }
  });

  it('explains a match in Chinese and English and lists every matching level', () => {
    const r = matchLevel(templateByKey('CITY_COUNTY')!.levels, facts({ category: C.GROUP_VISIT, headcount: 20, conductFlags: [F.BLOCKING_GATE], levelReached: L.PROVINCE }));
    expect(r.level?.key).toBe('ABNORMAL_VISIT');
    expect(r.matchedLevelKeys).toEqual(['ABNORMAL_VISIT', 'REACHED_HIGHER', 'GROUP_VISIT']);
    expect(r.explanation[1]!.description).toBe(
      '存在以下任一行为：堵塞机关单位大门、堵塞、阻断交通、占据办公场所、拦截公务车辆、围堵工作人员、打横幅、呼口号 / any of these conduct flags: [BLOCKING_GATE, BLOCKING_ROAD, OCCUPYING_OFFICE, INTERCEPTING_VEHICLE, BESIEGING_STAFF, BANNERS_OR_SLOGANS]',
    );
  });

  it('keeps the stance: no duty to chase, bring back, intercept, watch or screen people', () => {
    const forbiddenAnywhere = ['追赶', '带回', '接返', '劝返', '重点监控', '动态稳控', '稳控', '排查重点', '重点人群', '重点人员', '法轮功', '邪教', '退伍军人', '不脱控', '杜绝越级', '分化瓦解', '家庭档案'];
    const forbiddenInDuties = ['拦截', '监控', '跟踪', '动态', '控制'];
    for (const t of PLAN_TEMPLATES) {
      const text = JSON.stringify(t);
      for (const word of forbiddenAnywhere) expect(text.includes(word), `${t.key} contains ${word}`).toBe(false);
      for (const l of [...t.levels, ...t.measures]) for (const d of l.duties) for (const word of forbiddenInDuties) expect(d.action.includes(word), `${t.key}.${l.key}.${d.key}: ${word}`).toBe(false);
    }
  });
});
