import { describe, expect, it } from 'vitest';
import { PLAN_TEMPLATES, templateByKey, templateForKind } from '../../src/modules/plan/templates/index.js';
import { matchLevel } from '../../src/modules/plan/plan-matcher.model.js';
import { validatePlan } from '../../src/modules/plan/plan.validate.js';
import { TenantKind } from '../../src/modules/tenant/tenant.enums.js';
import { templateRoleGraph } from '../support/role-graph.js';
import { ConductFlag as F, IncidentCategory as C, LevelReached as L, type IncidentFacts } from '../../src/modules/incident/incident.model.js';

type Row = [template: string, facts: Partial<IncidentFacts>, level: string | null, explanation: [string, boolean][]];

const c0 = 'conditions[0]';
const c1 = 'conditions[1]';
const c2 = 'conditions[2]';
const g0 = (i: number) => `groups[0].conditions[${i}]`;

/** Facts → expected level and, for the winning level, every condition with its outcome. */
const ROWS: Row[] = [
  ['TOWNSHIP_DISCIPLINE', { category: C.INDIVIDUAL_VISIT }, 'TOWNSHIP_SINGLE', [[c0, true]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.GROUP_VISIT, headcount: 3 }, 'TOWNSHIP_GROUP', [[c0, true], [g0(0), true], [g0(1), false]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.INDIVIDUAL_VISIT, headcount: 6 }, 'TOWNSHIP_GROUP', [[c0, true], [g0(0), false], [g0(1), true]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.LETTER, levelReached: L.COUNTY }, 'COUNTY_SINGLE', [[c0, true]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.GROUP_VISIT, levelReached: L.COUNTY, headcount: 8 }, 'COUNTY_GROUP', [[c0, true], [g0(0), true], [g0(1), true]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.REPORT_AGAINST_OFFICIAL, levelReached: L.CITY }, 'CITY_SINGLE', [[c0, true]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.ABNORMAL_VISIT, levelReached: L.CITY, headcount: 5 }, 'CITY_GROUP', [[c0, true], [g0(0), false], [g0(1), true]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.INDIVIDUAL_VISIT, levelReached: L.PROVINCE }, 'ABOVE_CITY', [[c0, true]]],
  ['TOWNSHIP_DISCIPLINE', { category: C.GROUP_VISIT, levelReached: L.NATIONAL, headcount: 30 }, 'ABOVE_CITY', [[c0, true]]],
  ['COAL_MINE', { category: C.GROUP_VISIT, headcount: 3 }, 'COLLECTIVE_VISIT', [[c0, true], [c1, true]]],
  ['COAL_MINE', { category: C.INDIVIDUAL_VISIT, levelReached: L.COUNTY }, 'BEYOND_MINE', [[c0, true]]],
  ['COAL_MINE', { category: C.GROUP_VISIT, levelReached: L.CITY, headcount: 12 }, 'BEYOND_MINE_GROUP', [[c0, true], [c1, true]]],
  ['COAL_MINE', { category: C.GROUP_VISIT, headcount: 2 }, null, []],
  // A county's template counts the city (prefecture) as higher; a city's does not.
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.CITY }, 'GENERAL_PETITION', [[c0, true]]],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.CITY }, 'REACHED_HIGHER', [[c0, true]]],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.NATIONAL }, 'REACHED_HIGHER', [[c0, true]]],
  ['COUNTY', { category: C.LETTER }, 'GENERAL_PETITION', [[c0, true]]],
  ['COUNTY', { category: C.ONLINE_PETITION }, 'ONLINE_PETITION', [[c0, true]]],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, headcount: 7 }, 'GROUP_VISIT', [[c0, false], [c1, true]]],
  ['COUNTY', { category: C.INDIVIDUAL_VISIT, conductFlags: [F.SELF_HARM_RISK] }, 'EXTREME_INDIVIDUAL', [[c0, true], [c1, true]]],
  ['COUNTY', { category: C.ABNORMAL_VISIT, levelReached: L.CITY }, 'ABNORMAL_VISIT', [[c0, true], [c1, false]]],
  ['COUNTY', { category: C.GROUP_VISIT, headcount: 20, alertPeriodActive: true }, 'SENSITIVE_PERIOD_MAJOR', [[c0, true], [g0(0), true], [g0(1), true], [g0(2), false]]],
  ['TOWN_SENSITIVE_PERIOD', { category: C.LETTER }, 'ROUTINE', []],
  ['TOWN_SENSITIVE_PERIOD', { category: C.INDIVIDUAL_VISIT, alertPeriodActive: true }, 'SENSITIVE_PERIOD', [[c0, true]]],
  ['TOWN_SENSITIVE_PERIOD', { category: C.INDIVIDUAL_VISIT, headcount: 2, conductFlags: [F.BLOCKING_ROAD] }, 'GROUP_INCIDENT', [[c0, false], [c1, false], [c2, true]]],
  ['TOWN_SENSITIVE_PERIOD', { category: C.GROUP_VISIT, headcount: 6, alertPeriodActive: true }, 'SENSITIVE_GROUP', [[c0, true], [g0(0), true], [g0(1), true], [g0(2), false]]],
  ['CITY_COUNTY', { category: C.LETTER }, 'GENERAL_PETITION', [[c0, true]]],
  ['CITY_COUNTY', { category: C.ONLINE_PETITION }, 'ONLINE_PETITION', [[c0, true]]],
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, headcount: 7 }, 'GROUP_VISIT', [[c0, false], [c1, true]]],
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, levelReached: L.PROVINCE }, 'REACHED_HIGHER', [[c0, true]]],
  ['CITY_COUNTY', { category: C.INDIVIDUAL_VISIT, conductFlags: [F.SELF_HARM_RISK] }, 'EXTREME_INDIVIDUAL', [[c0, true], [c1, true]]],
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 20, conductFlags: [F.OCCUPYING_OFFICE] }, 'ABNORMAL_VISIT', [[c0, false], [c1, true]]],
  ['CITY_COUNTY', { category: C.ABNORMAL_VISIT, levelReached: L.NATIONAL }, 'ABNORMAL_VISIT', [[c0, true], [c1, false]]],
  ['CITY_COUNTY', { category: C.GROUP_VISIT, headcount: 20, alertPeriodActive: true }, 'SENSITIVE_PERIOD_MAJOR', [[c0, true], [g0(0), true], [g0(1), true], [g0(2), false]]],
];

function facts(f: Partial<IncidentFacts>): IncidentFacts {
  return { category: C.INDIVIDUAL_VISIT, levelReached: L.OWN, headcount: 1, conductFlags: [], topics: [], alertPeriodActive: false, ...f };
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

  it.each(ROWS.map((r, i) => [i + 1, ...r] as const))('row %i: %s %o → %s', (_i, key, f, level, explanation) => {
    const result = matchLevel(templateByKey(key)!.levels, facts(f));
    expect(result.level?.key ?? null).toBe(level);
    expect(result.explanation.map((e) => [e.path, e.matched])).toEqual(explanation);
    for (const e of result.explanation) expect(e.description).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/);
  });

  it('the table covers every level of every template', () => {
    const covered = new Set(ROWS.filter((r) => r[2]).map((r) => `${r[0]}.${r[2]}`));
    const all = PLAN_TEMPLATES.flatMap((t) => t.levels.map((l) => `${t.key}.${l.key}`));
    expect(ROWS.length).toBeGreaterThanOrEqual(20);
    expect(all.filter((k) => !covered.has(k))).toEqual([]);
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
      for (const l of t.levels) for (const d of l.duties) for (const word of forbiddenInDuties) expect(d.action.includes(word), `${t.key}.${l.key}.${d.key}: ${word}`).toBe(false);
    }
  });
});
