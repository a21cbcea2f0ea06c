import { describe, expect, it } from 'vitest';
import { matchLevel, describeCondition, triggerHolds } from '../../src/modules/plan/plan-matcher.model.js';
import { DutyKind, type ResponseLevel, type Trigger } from '../../src/modules/plan/plan.model.js';
import { ConductFlag, IncidentCategory, LevelReached, type IncidentFacts } from '../../src/modules/incident/incident.model.js';

const facts = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({
  category: IncidentCategory.INDIVIDUAL_VISIT,
  levelReached: LevelReached.OWN,
  headcount: 1,
  conductFlags: [],
  topics: [],
  alertPeriodActive: false,
  ...over,
});

const level = (key: string, severity: number, trigger: Trigger): ResponseLevel => ({
  key,
  name: key,
  severity,
  trigger,
  duties: [{ key: 'd', kind: DutyKind.NOTIFY, roleKey: 'OFFICE_DIRECTOR', action: '报告', due: { amount: 1, unit: 'HOURS' }, evidenceRequired: false }],
});

const group: Trigger = { combine: 'ANY', conditions: [{ kind: 'CATEGORY', categories: [IncidentCategory.GROUP_VISIT] }, { kind: 'HEADCOUNT', min: 5 }] };
const levels: ResponseLevel[] = [
  level('OWN_SINGLE', 10, { combine: 'ALL', conditions: [{ kind: 'LEVEL_REACHED', levels: [LevelReached.OWN] }] }),
  level('OWN_GROUP', 20, { combine: 'ALL', conditions: [{ kind: 'LEVEL_REACHED', levels: [LevelReached.OWN] }], groups: [group] }),
  level('ABOVE_CITY', 70, { combine: 'ALL', conditions: [{ kind: 'LEVEL_REACHED', atLeast: LevelReached.PROVINCE }] }),
  level('ABNORMAL', 60, { combine: 'ALL', conditions: [{ kind: 'CONDUCT', flags: [ConductFlag.BLOCKING_GATE, ConductFlag.BLOCKING_ROAD], match: 'ANY' }, { kind: 'ALERT_PERIOD', active: true }] }),
];

describe('matchLevel', () => {
  it('picks the most severe matching level and explains every condition of it', () => {
    const r = matchLevel(levels, facts({ headcount: 6 }));
    expect(r.level?.key).toBe('OWN_GROUP');
    expect(r.matchedLevelKeys).toEqual(['OWN_GROUP', 'OWN_SINGLE']);
    expect(r.explanation).toEqual([
      { path: 'conditions[0]', description: expect.stringContaining('level reached is one of [OWN]'), matched: true },
      { path: 'groups[0].conditions[0]', description: expect.stringContaining('集体访'), matched: false },
      { path: 'groups[0].conditions[1]', description: '人数5人以上（含） / headcount at least 5', matched: true },
    ]);
  });

  it('is independent of the order of the levels', () => {
    const f = facts({ levelReached: LevelReached.NATIONAL, conductFlags: [ConductFlag.BLOCKING_ROAD], alertPeriodActive: true });
    expect(matchLevel(levels, f).level?.key).toBe('ABOVE_CITY');
    expect(matchLevel([...levels].reverse(), f).level?.key).toBe('ABOVE_CITY');
    expect(matchLevel(levels, f).matchedLevelKeys).toEqual(['ABOVE_CITY', 'ABNORMAL']);
  });

  it('needs every conduct flag for match ALL and one for ANY', () => {
    const all: Trigger = { combine: 'ALL', conditions: [{ kind: 'CONDUCT', flags: [ConductFlag.BLOCKING_GATE, ConductFlag.BANNERS_OR_SLOGANS], match: 'ALL' }] };
    expect(triggerHolds(all, facts({ conductFlags: [ConductFlag.BLOCKING_GATE] }))).toBe(false);
    expect(triggerHolds(all, facts({ conductFlags: [ConductFlag.BANNERS_OR_SLOGANS, ConductFlag.BLOCKING_GATE] }))).toBe(true);
  });

  it('compares topics trimmed and case-insensitively', () => {
    const t: Trigger = { combine: 'ALL', conditions: [{ kind: 'TOPIC', topics: ['征地拆迁', 'Wages'] }] };
    expect(triggerHolds(t, facts({ topics: [' wages '] }))).toBe(true);
    expect(triggerHolds(t, facts({ topics: ['医疗'] }))).toBe(false);
  });

  it('treats headcount bounds as inclusive', () => {
    const t: Trigger = { combine: 'ALL', conditions: [{ kind: 'HEADCOUNT', min: 3, max: 4 }] };
    expect([2, 3, 4, 5].map((headcount) => triggerHolds(t, facts({ headcount })))).toEqual([false, true, true, false]);
  });

  it('answers null with no explanation when nothing matches', () => {
    const r = matchLevel(levels, facts({ levelReached: LevelReached.COUNTY }));
    expect(r).toEqual({ level: null, explanation: [], matchedLevelKeys: [] });
  });

  it('an empty ALL trigger is a baseline that always holds; an empty ANY never does', () => {
    expect(triggerHolds({ combine: 'ALL', conditions: [] }, facts())).toBe(true);
    expect(triggerHolds({ combine: 'ANY', conditions: [] }, facts())).toBe(false);
  });

  it('breaks a severity tie by list order (drafts only; publish refuses ties)', () => {
    const a = level('A', 5, { combine: 'ALL', conditions: [] });
    const b = level('B', 5, { combine: 'ALL', conditions: [] });
    expect(matchLevel([a, b], facts()).level?.key).toBe('A');
    expect(matchLevel([b, a], facts()).level?.key).toBe('B');
  });

  it('describes conditions in Chinese and English', () => {
    expect(describeCondition({ kind: 'ALERT_PERIOD', active: true })).toBe('处于重大活动（敏感）期间 / an alert period is on');
    expect(describeCondition({ kind: 'LEVEL_REACHED', atLeast: LevelReached.CITY })).toBe('到达层级不低于市级 / level reached is at least CITY');
    expect(describeCondition({ kind: 'HEADCOUNT', min: 3, max: 10 })).toBe('人数3至10人 / headcount between 3 and 10');
  });
});
