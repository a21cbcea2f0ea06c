import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../src/modules/plan/plan.validate.js';
import { findContradiction } from '../../src/modules/plan/plan.satisfiable.js';
import { diffPlans } from '../../src/modules/plan/plan.diff.js';
import { levelsFromInput, measuresFromInput } from '../../src/modules/plan/plan.input.js';
import { DomainErrors } from '../../src/platform/errors.js';
import { emptyOrganisation, type PlanDocument } from '../../src/modules/plan/plan.document.js';
import { DutyKind, type Duty, type ResponseLevel, type SupplementaryMeasure, type Trigger } from '../../src/modules/plan/plan.model.js';
import { IncidentCategory as C, LevelReached as L } from '../../src/modules/incident/incident.model.js';
import { templateRoleGraph } from '../support/role-graph.js';

const graph = templateRoleGraph();
const duty = (over: Partial<Duty> = {}): Duty => ({ key: 'd', kind: DutyKind.NOTIFY, roleKey: 'OFFICE_DIRECTOR', action: '报告', due: { amount: 1, unit: 'HOURS' }, evidenceRequired: false, ...over });
const level = (key: string, severity: number, trigger: Trigger = { combine: 'ALL', conditions: [] }, duties: Duty[] = [duty()]): ResponseLevel => ({ key, name: key, severity, trigger, duties });
const doc = (levels: ResponseLevel[]): PlanDocument => ({ title: 't', purpose: '', scope: '', principles: [], organisation: emptyOrganisation(), levels, measures: [], generalRequirements: [] });
const check = (levels: ResponseLevel[]) => validatePlan(doc(levels), { graph, activeMemberIds: new Set() }).map((e) => [e.code, e.field!.join('.')]);

describe('publish validation', () => {
  it('accepts a sound plan', () => {
    expect(check([level('A', 1), level('B', 2, { combine: 'ALL', conditions: [{ kind: 'HEADCOUNT', min: 3 }] })])).toEqual([]);
  });

  it('refuses duplicate keys and severities', () => {
    expect(check([level('A', 1), level('A', 2), level('B', 2)])).toEqual([
      ['DUPLICATE_LEVEL_KEY', 'input.levels.1.key'],
      ['DUPLICATE_SEVERITY', 'input.levels.2.severity'],
    ]);
    expect(check([level('A', 1, undefined, [duty(), duty()])])).toEqual([['DUPLICATE_DUTY_KEY', 'input.levels.0.duties.1.key']]);
  });

  it('finds the condition that makes a level unmatchable', () => {
    const cases: [Trigger, string][] = [
      [{ combine: 'ALL', conditions: [{ kind: 'CATEGORY', categories: [] }] }, 'trigger.conditions.0'],
      [{ combine: 'ALL', conditions: [{ kind: 'HEADCOUNT', min: 5, max: 3 }] }, 'trigger.conditions.0'],
      [{ combine: 'ALL', conditions: [{ kind: 'HEADCOUNT', max: 0 }] }, 'trigger.conditions.0'],
      [{ combine: 'ALL', conditions: [{ kind: 'ALERT_PERIOD', active: true }, { kind: 'ALERT_PERIOD', active: false }] }, 'trigger.conditions.1'],
      [{ combine: 'ALL', conditions: [{ kind: 'HEADCOUNT', min: 5 }, { kind: 'HEADCOUNT', max: 4 }] }, 'trigger.conditions.1'],
      [{ combine: 'ALL', conditions: [{ kind: 'LEVEL_REACHED', levels: [L.OWN], atLeast: L.CITY }] }, 'trigger.conditions.0'],
      [{ combine: 'ALL', conditions: [{ kind: 'CATEGORY', categories: [C.LETTER] }, { kind: 'CATEGORY', categories: [C.GROUP_VISIT] }] }, 'trigger.conditions.1'],
      [{ combine: 'ANY', conditions: [] }, 'trigger'],
      [{ combine: 'ALL', conditions: [{ kind: 'ALERT_PERIOD', active: true }], groups: [{ combine: 'ALL', conditions: [{ kind: 'ALERT_PERIOD', active: false }] }] }, 'trigger.groups.0'],
      [{ combine: 'ALL', conditions: [], groups: [{ combine: 'ANY', conditions: [{ kind: 'TOPIC', topics: [] }, { kind: 'HEADCOUNT', min: 9, max: 1 }] }] }, 'trigger.groups.0'],
      [{ combine: 'ALL', conditions: [{ kind: 'FIRST_PETITION', first: true }, { kind: 'FIRST_PETITION', first: false }] }, 'trigger.conditions.1'],
    ];
    for (const [trigger, path] of cases) expect(check([level('A', 1, trigger)]), JSON.stringify(trigger)).toEqual([['UNMATCHABLE_LEVEL', `input.levels.0.${path}`]]);
  });

  it('does not call satisfiable triggers contradictory', () => {
    const ok: Trigger[] = [
      { combine: 'ALL', conditions: [{ kind: 'HEADCOUNT', min: 3, max: 3 }, { kind: 'ALERT_PERIOD', active: false }] },
      { combine: 'ANY', conditions: [{ kind: 'CATEGORY', categories: [] }, { kind: 'HEADCOUNT', min: 2 }] },
      { combine: 'ALL', conditions: [{ kind: 'CONDUCT', flags: ['BLOCKING_GATE' as never], match: 'ALL' }, { kind: 'TOPIC', topics: ['征地'] }] },
      { combine: 'ALL', conditions: [{ kind: 'FIRST_PETITION', first: true }, { kind: 'KNOWN_IN_ADVANCE', known: false }] },
      { combine: 'ALL', conditions: [{ kind: 'FIRST_PETITION', first: false }] },
    ];
    for (const t of ok) expect(findContradiction(t, ['t'])).toBeNull();
  });

  it('refuses unknown roles, non-positive deadlines, loops and escalation down or sideways', () => {
    expect(check([level('A', 1, undefined, [duty({ roleKey: 'NO_SUCH_ROLE' })])])).toEqual([['UNKNOWN_ROLE', 'input.levels.0.duties.0.roleKey']]);
    expect(check([level('A', 1, undefined, [duty({ due: { amount: 0, unit: 'HOURS' } })])])).toEqual([['NON_POSITIVE_DEADLINE', 'input.levels.0.duties.0.due.amount']]);
    expect(check([level('A', 1, undefined, [duty({ recurring: { every: { amount: -1, unit: 'DAYS' } } })])])).toEqual([['NON_POSITIVE_DEADLINE', 'input.levels.0.duties.0.recurringEvery.amount']]);
    expect(check([level('A', 1, undefined, [duty({ escalation: { notifyRoleKey: 'OFFICE_DIRECTOR' } })])])).toEqual([['ESCALATION_LOOP', 'input.levels.0.duties.0.escalation.notifyRoleKey']]);
    expect(check([level('A', 1, undefined, [duty({ escalation: { notifyRoleKey: 'LIAISON' } })])])).toEqual([['ESCALATION_NOT_UPWARD', 'input.levels.0.duties.0.escalation.notifyRoleKey']]);
    expect(check([level('A', 1, undefined, [duty({ escalation: { notifyRoleKey: 'TENANT_ADMIN' } })])])).toEqual([['ESCALATION_NOT_UPWARD', 'input.levels.0.duties.0.escalation.notifyRoleKey']]);
    expect(check([level('A', 1, undefined, [duty({ escalation: { notifyRoleKey: 'GROUP_LEADER' } })])])).toEqual([]);
    expect(check([])).toEqual([['PLAN_HAS_NO_LEVELS', 'input.levels']]);
  });
});

describe('level input shapes', () => {
  const base = { key: 'A', name: 'A', severity: 1, duties: [], trigger: { combine: 'ALL' as const, conditions: [] as any[] } };
  const shapeErrors = (input: any) => {
    try {
      levelsFromInput([input]);
      return [];
    } catch (e) {
      return (e as DomainErrors).errors.map((x) => [x.code, x.field!.join('.')]);
    }
  };
  it('refuses fields of another condition kind and missing ones', () => {
    expect(shapeErrors({ ...base, trigger: { combine: 'ALL', conditions: [{ kind: 'CATEGORY', categories: ['LETTER'], min: 3 }] } })).toEqual([['INVALID_CONDITION', 'input.levels.0.trigger.conditions.0.min']]);
    expect(shapeErrors({ ...base, trigger: { combine: 'ALL', conditions: [{ kind: 'HEADCOUNT' }] } })).toEqual([['INVALID_CONDITION', 'input.levels.0.trigger.conditions.0']]);
    expect(shapeErrors({ ...base, trigger: { combine: 'ALL', conditions: [{ kind: 'ALERT_PERIOD' }] } })).toEqual([['INVALID_CONDITION', 'input.levels.0.trigger.conditions.0.active']]);
    expect(shapeErrors({ ...base, key: 'lower' })).toEqual([['INVALID_INPUT', 'input.levels.0.key']]);
  });
  it('refuses triggers nested too deep', () => {
    let t: any = { combine: 'ALL', conditions: [] };
    for (let i = 0; i < 5; i++) t = { combine: 'ALL', conditions: [], groups: [t] };
    expect(shapeErrors({ ...base, trigger: t })[0]).toEqual(['INVALID_INPUT', 'input.levels.0.trigger.groups.0.groups.0.groups.0.groups.0']);
  });
});

describe('supplementary measures', () => {
  const measure = (key: string, trigger: Trigger = { combine: 'ALL', conditions: [] }, duties: Duty[] = [duty()]): SupplementaryMeasure => ({ key, name: key, trigger, duties });
  const checkWith = (measures: SupplementaryMeasure[]) =>
    validatePlan({ ...doc([level('A', 1)]), measures }, { graph, activeMemberIds: new Set() }).map((e) => [e.code, e.field!.join('.')]);

  it('are validated like levels: keys apart from the levels\' and each other\'s, matchable triggers, sound duties, the stance', () => {
    expect(checkWith([measure('SAFETY', { combine: 'ALL', conditions: [{ kind: 'RISK', riskFlags: ['MINORS_PRESENT' as never], match: 'ANY' }] })])).toEqual([]);
    expect(checkWith([measure('A'), measure('M'), measure('M')])).toEqual([
      ['DUPLICATE_LEVEL_KEY', 'input.measures.0.key'],
      ['DUPLICATE_LEVEL_KEY', 'input.measures.2.key'],
    ]);
    expect(checkWith([measure('M', { combine: 'ALL', conditions: [{ kind: 'HEADCOUNT', min: 5 }, { kind: 'HEADCOUNT', max: 2 }] })])).toEqual([['UNMATCHABLE_LEVEL', 'input.measures.0.trigger.conditions.1']]);
    expect(checkWith([measure('M', undefined, [duty({ roleKey: 'NOBODY' }), duty({ due: { amount: 0, unit: 'HOURS' } })])])).toEqual([
      ['UNKNOWN_ROLE', 'input.measures.0.duties.0.roleKey'],
      ['DUPLICATE_DUTY_KEY', 'input.measures.0.duties.1.key'],
      ['NON_POSITIVE_DEADLINE', 'input.measures.0.duties.1.due.amount'],
    ]);
    expect(checkWith([measure('M', undefined, [duty({ action: '对重点人员每人联系，动态稳控，确保不脱控' })])])).toEqual([['STANCE_DUTY_REFUSED', 'input.measures.0.duties.0.action']]);
  });

  it('take RISK, KNOWN_IN_ADVANCE and FIRST_PETITION conditions in their own fields', () => {
    const base = { key: 'M', name: 'm', duties: [] };
    const shape = (trigger: unknown) => {
      try {
        measuresFromInput([{ ...base, trigger } as never]);
        return [];
      } catch (e) {
        return (e as DomainErrors).errors.map((x) => [x.code, x.field!.join('.')]);
      }
    };
    expect(shape({ combine: 'ALL', conditions: [{ kind: 'RISK', riskFlags: ['SELF_HARM_RISK'] }, { kind: 'KNOWN_IN_ADVANCE', known: true }] })).toEqual([]);
    expect(shape({ combine: 'ALL', conditions: [{ kind: 'RISK', riskFlags: ['NOPE'] }] })).toEqual([['INVALID_CONDITION', 'input.measures.0.trigger.conditions.0.riskFlags.0']]);
    expect(shape({ combine: 'ALL', conditions: [{ kind: 'KNOWN_IN_ADVANCE' }] })).toEqual([['INVALID_CONDITION', 'input.measures.0.trigger.conditions.0.known']]);
    expect(shape({ combine: 'ALL', conditions: [{ kind: 'FIRST_PETITION', first: false }] })).toEqual([]);
    expect(shape({ combine: 'ALL', conditions: [{ kind: 'FIRST_PETITION' }] })).toEqual([['INVALID_CONDITION', 'input.measures.0.trigger.conditions.0.first']]);
    expect(shape({ combine: 'ALL', conditions: [{ kind: 'FIRST_PETITION', first: true, known: true }] })).toEqual([['INVALID_CONDITION', 'input.measures.0.trigger.conditions.0.known']]);
    expect(shape({ combine: 'ALL', conditions: [{ kind: 'RISK', riskFlags: ['VIOLENCE'], flags: ['BLOCKING_GATE'] }] })).toEqual([['INVALID_CONDITION', 'input.measures.0.trigger.conditions.0.flags']]);
  });
});

describe('plan diff', () => {
  it('matches levels and duties by key and aligns text lists', () => {
    const a = doc([level('A', 1), level('B', 2)]);
    a.principles = ['一', '二', '三'];
    const b = structuredClone(a);
    b.principles = ['一', '新', '二', '三'];
    b.levels = [level('B', 3, undefined, [duty({ due: { amount: 30, unit: 'MINUTES' } }), duty({ key: 'e' })]), level('C', 4)];
    expect(diffPlans(a, b)).toEqual([
      { path: ['principles', '1'], kind: 'ADDED', before: null, after: '新' },
      { path: ['levels', 'A'], kind: 'REMOVED', before: a.levels[0], after: null },
      { path: ['levels', 'B', 'severity'], kind: 'CHANGED', before: 2, after: 3 },
      { path: ['levels', 'B', 'duties', 'd', 'due'], kind: 'CHANGED', before: { amount: 1, unit: 'HOURS' }, after: { amount: 30, unit: 'MINUTES' } },
      { path: ['levels', 'B', 'duties', 'e'], kind: 'ADDED', before: null, after: b.levels[0]!.duties[1] },
      { path: ['levels', 'C'], kind: 'ADDED', before: null, after: b.levels[1] },
    ]);
    expect(diffPlans(a, structuredClone(a))).toEqual([]);
  });
});
