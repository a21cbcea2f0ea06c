// Turns plan inputs into the domain shapes of plan.model.ts, checking every
// shape strictly (a published version's JSON must be exactly what the matcher
// and incidents expect). Rule checks that need the tenant's roles and members
// live in plan.validate.ts and run at publish.
import { CommonErrorCode, DomainError, DomainErrors } from '../../platform/errors.js';
import { parseGlobalId } from '../../platform/ids.js';
import { DutyKind, DutyStage, type Condition, type Duty, type DurationUnit, type RelativeDuration, type ResponseLevel, type SupplementaryMeasure, type Trigger } from './plan.model.js';
import type { OrgBody, PlanOrganisation } from './plan.document.js';
import { PlanErrorCode } from './plan.errors.js';
import type {
  DurationInput,
  DutyInput,
  OrgBodyInput,
  PlanOrganisationInput,
  ResponseLevelInput,
  SupplementaryMeasureInput,
  TriggerConditionInput,
  TriggerInput,
} from './plan.types.js';
import { ConductFlag, IncidentCategory, IntakeChannel, LevelReached, RiskFlag } from '../incident/incident.model.js';

export const LIMITS = {
  levels: 30,
  measures: 30,
  dutiesPerLevel: 50,
  conditionsPerGroup: 30,
  groupsPerGroup: 10,
  triggerDepth: 4,
  listItems: 200,
  positions: 30,
  membersPerPosition: 100,
  shortText: 200,
  actionText: 20_000,
  /** Deadlines and intervals: at most a year. */
  maxMinutes: 366 * 24 * 60,
} as const;

const LEVEL_KEY = /^[A-Z][A-Z0-9_]{0,63}$/;
const DUTY_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const ROLE_KEY = /^[A-Z][A-Z0-9_]{1,40}$/;
const UNITS: DurationUnit[] = ['MINUTES', 'HOURS', 'DAYS'];

type Path = string[];

class Collector {
  readonly errors: DomainError[] = [];
  add(code: string, message: string, path: Path): void {
    this.errors.push(new DomainError(code, message, path));
  }
  invalid(message: string, path: Path): void {
    this.add(CommonErrorCode.INVALID_INPUT, message, path);
  }
  throwIfAny(): void {
    if (this.errors.length) throw new DomainErrors(this.errors);
  }
}

export function durationMinutes(d: RelativeDuration): number {
  return d.amount * (d.unit === 'DAYS' ? 1440 : d.unit === 'HOURS' ? 60 : 1);
}

function text(c: Collector, value: unknown, path: Path, max: number, required = true): string {
  if (typeof value !== 'string') {
    c.invalid('must be text', path);
    return '';
  }
  const t = value.trim();
  if (required && t.length === 0) c.invalid('must not be empty', path);
  if (t.length > max) c.invalid(`must be at most ${max} characters`, path);
  return t;
}

function textList(c: Collector, values: unknown, path: Path): string[] {
  if (values === null || values === undefined) return [];
  if (!Array.isArray(values)) {
    c.invalid('must be a list', path);
    return [];
  }
  if (values.length > LIMITS.listItems) c.invalid(`at most ${LIMITS.listItems} items`, path);
  return values.map((v, i) => (typeof v === 'string' ? v.trim() : (c.invalid('must be text', [...path, String(i)]), ''))).filter((v, i) => {
    if (v.length === 0) c.invalid('must not be empty', [...path, String(i)]);
    return v.length > 0;
  });
}

function duration(c: Collector, d: DurationInput | null | undefined, path: Path): RelativeDuration {
  if (!d || typeof d !== 'object') {
    c.invalid('is required', path);
    return { amount: 0, unit: 'MINUTES' };
  }
  if (!Number.isInteger(d.amount)) c.invalid('must be an integer', [...path, 'amount']);
  if (!UNITS.includes(d.unit)) c.invalid('must be MINUTES, HOURS or DAYS', [...path, 'unit']);
  const out = { amount: d.amount, unit: d.unit };
  // Sign is a publish rule (NON_POSITIVE_DEADLINE); size is a shape rule.
  if (Number.isInteger(d.amount) && UNITS.includes(d.unit) && durationMinutes(out) > LIMITS.maxMinutes) c.invalid('must be at most a year', path);
  return out;
}

/** A role key as stored: template keys as they are, a custom role's global id as its uuid. */
export function roleKeyOf(c: Collector, value: unknown, path: Path): string {
  if (typeof value !== 'string' || value.length === 0) {
    c.invalid('must be a role key or a role id', path);
    return '';
  }
  const parsed = parseGlobalId(value);
  if (parsed?.type === 'Role') return parsed.id;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return value.toLowerCase();
  if (!ROLE_KEY.test(value)) c.invalid('must be an upper-case role key or the global id of a role', path);
  return value;
}

function enumList<T extends string>(c: Collector, values: unknown, allowed: Record<string, T>, path: Path): T[] {
  if (!Array.isArray(values)) {
    c.add(PlanErrorCode.INVALID_CONDITION, 'must be a list', path);
    return [];
  }
  const set = new Set(Object.values(allowed));
  const out: T[] = [];
  values.forEach((v, i) => {
    if (!set.has(v as T)) c.add(PlanErrorCode.INVALID_CONDITION, `unknown value ${String(v)}`, [...path, String(i)]);
    else if (!out.includes(v as T)) out.push(v as T);
  });
  return out;
}

const FIELDS_OF: Record<string, (keyof TriggerConditionInput)[]> = {
  CATEGORY: ['categories'],
  LEVEL_REACHED: ['levels', 'atLeast'],
  HEADCOUNT: ['min', 'max'],
  CONDUCT: ['flags', 'match'],
  TOPIC: ['topics'],
  ALERT_PERIOD: ['active'],
  RISK: ['riskFlags', 'match'],
  KNOWN_IN_ADVANCE: ['known'],
  FIRST_PETITION: ['first'],
  INTAKE_CHANNEL: ['channels'],
  INTERPRETER: ['needed'],
  POLICE: ['called'],
};
const ALL_CONDITION_FIELDS: (keyof TriggerConditionInput)[] = ['categories', 'levels', 'atLeast', 'min', 'max', 'flags', 'match', 'topics', 'active', 'riskFlags', 'known', 'first', 'channels', 'needed', 'called'];

function isSet(v: unknown): boolean {
  return v !== null && v !== undefined;
}

function condition(c: Collector, input: TriggerConditionInput, path: Path): Condition | null {
  const allowed = FIELDS_OF[input.kind];
  if (!allowed) {
    c.add(PlanErrorCode.INVALID_CONDITION, `unknown condition kind ${String(input.kind)}`, [...path, 'kind']);
    return null;
  }
  for (const f of ALL_CONDITION_FIELDS) {
    if (!allowed.includes(f) && isSet(input[f])) c.add(PlanErrorCode.INVALID_CONDITION, `${f} does not belong to a ${input.kind} condition`, [...path, f]);
  }
  switch (input.kind) {
    case 'CATEGORY':
      if (!isSet(input.categories)) c.add(PlanErrorCode.INVALID_CONDITION, 'categories is required', [...path, 'categories']);
      return { kind: 'CATEGORY', categories: enumList(c, input.categories ?? [], IncidentCategory, [...path, 'categories']) };
    case 'LEVEL_REACHED': {
      if (!isSet(input.levels) && !isSet(input.atLeast)) c.add(PlanErrorCode.INVALID_CONDITION, 'give levels, atLeast or both', path);
      const out: Condition = { kind: 'LEVEL_REACHED' };
      if (isSet(input.levels)) out.levels = enumList(c, input.levels, LevelReached, [...path, 'levels']);
      if (isSet(input.atLeast)) {
        if (!Object.values(LevelReached).includes(input.atLeast!)) c.add(PlanErrorCode.INVALID_CONDITION, 'unknown level', [...path, 'atLeast']);
        out.atLeast = input.atLeast!;
      }
      return out;
    }
    case 'HEADCOUNT': {
      if (!isSet(input.min) && !isSet(input.max)) c.add(PlanErrorCode.INVALID_CONDITION, 'give min, max or both', path);
      const out: Condition = { kind: 'HEADCOUNT' };
      for (const f of ['min', 'max'] as const) {
        const v = input[f];
        if (!isSet(v)) continue;
        if (!Number.isInteger(v) || v! < 0 || v! > 1_000_000) c.add(PlanErrorCode.INVALID_CONDITION, `${f} must be an integer from 0`, [...path, f]);
        out[f] = v!;
      }
      return out;
    }
    case 'CONDUCT': {
      if (!isSet(input.flags)) c.add(PlanErrorCode.INVALID_CONDITION, 'flags is required', [...path, 'flags']);
      const match = input.match ?? 'ANY';
      if (match !== 'ANY' && match !== 'ALL') c.add(PlanErrorCode.INVALID_CONDITION, 'match must be ANY or ALL', [...path, 'match']);
      return { kind: 'CONDUCT', flags: enumList(c, input.flags ?? [], ConductFlag, [...path, 'flags']), match };
    }
    case 'TOPIC': {
      if (!isSet(input.topics)) c.add(PlanErrorCode.INVALID_CONDITION, 'topics is required', [...path, 'topics']);
      const topics = textList(c, input.topics ?? [], [...path, 'topics']);
      topics.forEach((t, i) => t.length > LIMITS.shortText && c.invalid(`at most ${LIMITS.shortText} characters`, [...path, 'topics', String(i)]));
      return { kind: 'TOPIC', topics: [...new Set(topics)] };
    }
    case 'ALERT_PERIOD':
      if (typeof input.active !== 'boolean') c.add(PlanErrorCode.INVALID_CONDITION, 'active (true or false) is required', [...path, 'active']);
      return { kind: 'ALERT_PERIOD', active: input.active === true };
    case 'RISK': {
      if (!isSet(input.riskFlags)) c.add(PlanErrorCode.INVALID_CONDITION, 'riskFlags is required', [...path, 'riskFlags']);
      const match = input.match ?? 'ANY';
      if (match !== 'ANY' && match !== 'ALL') c.add(PlanErrorCode.INVALID_CONDITION, 'match must be ANY or ALL', [...path, 'match']);
      return { kind: 'RISK', riskFlags: enumList(c, input.riskFlags ?? [], RiskFlag, [...path, 'riskFlags']), match };
    }
    case 'KNOWN_IN_ADVANCE':
      if (typeof input.known !== 'boolean') c.add(PlanErrorCode.INVALID_CONDITION, 'known (true or false) is required', [...path, 'known']);
      return { kind: 'KNOWN_IN_ADVANCE', known: input.known === true };
    case 'FIRST_PETITION':
      if (typeof input.first !== 'boolean') c.add(PlanErrorCode.INVALID_CONDITION, 'first (true or false) is required', [...path, 'first']);
      return { kind: 'FIRST_PETITION', first: input.first === true };
    case 'INTAKE_CHANNEL':
      if (!isSet(input.channels)) c.add(PlanErrorCode.INVALID_CONDITION, 'channels is required', [...path, 'channels']);
      return { kind: 'INTAKE_CHANNEL', channels: enumList(c, input.channels ?? [], IntakeChannel, [...path, 'channels']) };
    case 'INTERPRETER':
      if (typeof input.needed !== 'boolean') c.add(PlanErrorCode.INVALID_CONDITION, 'needed (true or false) is required', [...path, 'needed']);
      return { kind: 'INTERPRETER', needed: input.needed === true };
    case 'POLICE':
      if (typeof input.called !== 'boolean') c.add(PlanErrorCode.INVALID_CONDITION, 'called (true or false) is required', [...path, 'called']);
      return { kind: 'POLICE', called: input.called === true };
  }
  return null;
}

function trigger(c: Collector, input: TriggerInput | null | undefined, path: Path, depth: number): Trigger {
  if (!input || typeof input !== 'object') {
    c.invalid('is required', path);
    return { combine: 'ALL', conditions: [], groups: [] };
  }
  if (input.combine !== 'ALL' && input.combine !== 'ANY') c.invalid('combine must be ALL or ANY', [...path, 'combine']);
  if (depth > LIMITS.triggerDepth) c.invalid(`groups nest at most ${LIMITS.triggerDepth} levels deep`, path);
  const conditions = input.conditions ?? [];
  const groups = input.groups ?? [];
  if (conditions.length > LIMITS.conditionsPerGroup) c.invalid(`at most ${LIMITS.conditionsPerGroup} conditions`, [...path, 'conditions']);
  if (groups.length > LIMITS.groupsPerGroup) c.invalid(`at most ${LIMITS.groupsPerGroup} groups`, [...path, 'groups']);
  return {
    combine: input.combine,
    conditions: conditions.map((cond, i) => condition(c, cond, [...path, 'conditions', String(i)])).filter((x): x is Condition => !!x),
    groups: depth > LIMITS.triggerDepth ? [] : groups.map((g, i) => trigger(c, g, [...path, 'groups', String(i)], depth + 1)),
  };
}

function duty(c: Collector, input: DutyInput, path: Path): Duty {
  const key = typeof input.key === 'string' ? input.key : '';
  if (!DUTY_KEY.test(key)) c.invalid('key must be 1-64 letters, digits, _ . - starting with a letter', [...path, 'key']);
  if (!Object.values(DutyKind).includes(input.kind)) c.invalid('unknown duty kind', [...path, 'kind']);
  if (isSet(input.stage) && !Object.values(DutyStage).includes(input.stage!)) c.invalid('unknown stage', [...path, 'stage']);
  const out: Duty = {
    key,
    kind: input.kind,
    roleKey: roleKeyOf(c, input.roleKey, [...path, 'roleKey']),
    action: text(c, input.action, [...path, 'action'], LIMITS.actionText),
    due: duration(c, input.due, [...path, 'due']),
    recurring: input.recurringEvery ? { every: duration(c, input.recurringEvery, [...path, 'recurringEvery']) } : null,
    evidenceRequired: input.evidenceRequired === true,
    escalation: input.escalation
      ? {
          notifyRoleKey: roleKeyOf(c, input.escalation.notifyRoleKey, [...path, 'escalation', 'notifyRoleKey']),
          ...(input.escalation.after ? { after: duration(c, input.escalation.after, [...path, 'escalation', 'after']) } : {}),
        }
      : null,
    stage: input.stage ?? null,
  };
  return out;
}

/** Response levels from input, in the order given. Throws DomainErrors listing every shape problem. */
export function levelsFromInput(input: ResponseLevelInput[], root: Path = ['input', 'levels']): ResponseLevel[] {
  const c = new Collector();
  if (input.length > LIMITS.levels) c.invalid(`at most ${LIMITS.levels} levels`, root);
  const levels = input.map((l, i): ResponseLevel => {
    const path = [...root, String(i)];
    const key = typeof l.key === 'string' ? l.key : '';
    if (!LEVEL_KEY.test(key)) c.invalid('key must be upper-case letters, digits and _ (at most 64)', [...path, 'key']);
    if (!Number.isInteger(l.severity) || l.severity < 0 || l.severity > 1_000_000) c.invalid('severity must be an integer from 0', [...path, 'severity']);
    const duties = l.duties ?? [];
    if (duties.length > LIMITS.dutiesPerLevel) c.invalid(`at most ${LIMITS.dutiesPerLevel} duties`, [...path, 'duties']);
    const description = isSet(l.description) ? text(c, l.description, [...path, 'description'], LIMITS.actionText, false) : '';
    return {
      key,
      name: text(c, l.name, [...path, 'name'], LIMITS.shortText),
      severity: l.severity,
      ...(description ? { description } : {}),
      trigger: trigger(c, l.trigger, [...path, 'trigger'], 1),
      duties: duties.map((d, j) => duty(c, d, [...path, 'duties', String(j)])),
    };
  });
  c.throwIfAny();
  return levels;
}

/** Supplementary measures from input, in the order given (keys as level keys). Throws DomainErrors listing every shape problem. */
export function measuresFromInput(input: SupplementaryMeasureInput[], root: Path = ['input', 'measures']): SupplementaryMeasure[] {
  const c = new Collector();
  if (input.length > LIMITS.measures) c.invalid(`at most ${LIMITS.measures} measures`, root);
  const measures = input.map((m, i): SupplementaryMeasure => {
    const path = [...root, String(i)];
    const key = typeof m.key === 'string' ? m.key : '';
    if (!LEVEL_KEY.test(key)) c.invalid('key must be upper-case letters, digits and _ (at most 64)', [...path, 'key']);
    const duties = m.duties ?? [];
    if (duties.length > LIMITS.dutiesPerLevel) c.invalid(`at most ${LIMITS.dutiesPerLevel} duties`, [...path, 'duties']);
    const description = isSet(m.description) ? text(c, m.description, [...path, 'description'], LIMITS.actionText, false) : '';
    return {
      key,
      name: text(c, m.name, [...path, 'name'], LIMITS.shortText),
      ...(description ? { description } : {}),
      trigger: trigger(c, m.trigger, [...path, 'trigger'], 1),
      duties: duties.map((d, j) => duty(c, d, [...path, 'duties', String(j)])),
    };
  });
  c.throwIfAny();
  return measures;
}

function orgBody(c: Collector, input: OrgBodyInput | null | undefined, path: Path): OrgBody {
  if (!input) {
    c.invalid('is required', path);
    return { name: '', responsibilities: [], positions: [] };
  }
  const positions = input.positions ?? [];
  if (positions.length > LIMITS.positions) c.invalid(`at most ${LIMITS.positions} positions`, [...path, 'positions']);
  return {
    name: text(c, input.name, [...path, 'name'], LIMITS.shortText, false),
    responsibilities: textList(c, input.responsibilities, [...path, 'responsibilities']),
    positions: positions.map((p, i) => {
      const pp = [...path, 'positions', String(i)];
      const ids = p.memberIds ?? [];
      if (ids.length > LIMITS.membersPerPosition) c.invalid(`at most ${LIMITS.membersPerPosition} members`, [...pp, 'memberIds']);
      const memberIds: string[] = [];
      ids.forEach((g, j) => {
        const parsed = parseGlobalId(g);
        // An id that is not a member's is the same failure as one of another tenant.
        if (!parsed || parsed.type !== 'Member') c.add(PlanErrorCode.UNKNOWN_MEMBER, 'Member not found', [...pp, 'memberIds', String(j)]);
        else if (!memberIds.includes(parsed.id)) memberIds.push(parsed.id);
      });
      return { roleKey: roleKeyOf(c, p.roleKey, [...pp, 'roleKey']), title: text(c, p.title, [...pp, 'title'], LIMITS.shortText), memberIds };
    }),
  };
}

export function organisationFromInput(input: PlanOrganisationInput, root: Path = ['input', 'organisation']): PlanOrganisation {
  const c = new Collector();
  const out = { leadingGroup: orgBody(c, input.leadingGroup, [...root, 'leadingGroup']), office: orgBody(c, input.office, [...root, 'office']) };
  c.throwIfAny();
  return out;
}

export function textListFromInput(input: string[], path: Path): string[] {
  const c = new Collector();
  const out = textList(c, input, path);
  c.throwIfAny();
  return out;
}
