// Can any incident match a trigger? Conditions are monotone in conduct flags,
// risk flags and topics (more of them never makes a condition false), so checking with
// every flag and every named topic present is exact for those; category,
// level reached, the alert period and knowing in advance are finite; headcount only changes
// truth at the bounds the trigger names, so the bounds and their neighbours
// are enough; an intake channel matters only as one the trigger names or
// none, interpreter need, a first petition and police decision are finite. The search is
// therefore exact, and small.
import { type Condition, type Trigger } from './plan.model.js';
import { conditionHolds, triggerHolds } from './plan-matcher.model.js';
import { ConductFlag, IncidentCategory, LevelReached, RiskFlag, type IncidentFacts, type IntakeChannel } from '../incident/incident.model.js';

/** Incidents have at least one petitioner. */
export const MIN_HEADCOUNT = 1;

type Item = { kind: 'condition'; condition: Condition; path: string[] } | { kind: 'group'; trigger: Trigger; path: string[] };

function collect(trigger: Trigger, bounds: Set<number>, topics: Set<string>, channels: Set<IntakeChannel | null>): void {
  for (const c of trigger.conditions) {
    if (c.kind === 'INTAKE_CHANNEL') c.channels.forEach((ch) => channels.add(ch));
    if (c.kind === 'HEADCOUNT') {
      for (const v of [c.min, c.max]) if (v !== undefined && v !== null) [v - 1, v, v + 1].forEach((x) => bounds.add(x));
    }
    if (c.kind === 'TOPIC') c.topics.forEach((t) => topics.add(t));
  }
  for (const g of trigger.groups ?? []) collect(g, bounds, topics, channels);
}

/** Representative facts: if the trigger holds for none of them, it holds for no incident. */
export function representativeFacts(trigger: Trigger): IncidentFacts[] {
  const bounds = new Set<number>([MIN_HEADCOUNT, MIN_HEADCOUNT + 1]);
  const topics = new Set<string>();
  const channels = new Set<IntakeChannel | null>([null]);
  collect(trigger, bounds, topics, channels);
  // Only triggers that test them multiply the search by these dimensions.
  const tests = kindsIn(trigger);
  const interpreter = tests.has('INTERPRETER') ? [false, true] : [false];
  const first = tests.has('FIRST_PETITION') ? [false, true] : [false];
  const police: (boolean | null)[] = tests.has('POLICE') ? [null, false, true] : [null];
  const headcounts = [...bounds].filter((h) => h >= MIN_HEADCOUNT).sort((a, b) => a - b);
  const out: IncidentFacts[] = [];
  for (const category of Object.values(IncidentCategory))
    for (const levelReached of Object.values(LevelReached))
      for (const headcount of headcounts)
        for (const alertPeriodActive of [false, true])
          for (const knownInAdvance of [false, true])
            for (const intakeChannel of channels)
              for (const interpreterNeeded of interpreter)
                for (const firstPetition of first)
                  for (const policeCalled of police)
                    out.push({ category, levelReached, headcount, alertPeriodActive, knownInAdvance, firstPetition, conductFlags: Object.values(ConductFlag), riskFlags: Object.values(RiskFlag), topics: [...topics], intakeChannel, interpreterNeeded, policeCalled });
  return out;
}

function kindsIn(trigger: Trigger, out = new Set<Condition['kind']>()): Set<Condition['kind']> {
  trigger.conditions.forEach((c) => out.add(c.kind));
  (trigger.groups ?? []).forEach((g) => kindsIn(g, out));
  return out;
}

function holds(item: Item, facts: IncidentFacts): boolean {
  return item.kind === 'condition' ? conditionHolds(item.condition, facts) : triggerHolds(item.trigger, facts);
}

function itemsOf(trigger: Trigger, path: string[]): Item[] {
  return [
    ...trigger.conditions.map((condition, i): Item => ({ kind: 'condition', condition, path: [...path, 'conditions', String(i)] })),
    ...(trigger.groups ?? []).map((g, i): Item => ({ kind: 'group', trigger: g, path: [...path, 'groups', String(i)] })),
  ];
}

export function satisfiable(trigger: Trigger, reps = representativeFacts(trigger)): boolean {
  return reps.some((f) => triggerHolds(trigger, f));
}

export interface Contradiction {
  path: string[];
  message: string;
}

/**
 * Where a trigger that no incident can match goes wrong: the condition (or
 * group) that contradicts what comes before it under ALL, or the ANY group
 * none of whose alternatives can hold. Null when the trigger can match.
 */
export function findContradiction(trigger: Trigger, path: string[], reps = representativeFacts(trigger)): Contradiction | null {
  if (reps.some((f) => triggerHolds(trigger, f))) return null;
  const items = itemsOf(trigger, path);
  if (trigger.combine === 'ANY') {
    if (items.length === 0) return { path, message: 'An ANY group without conditions never holds' };
    return { path, message: 'None of the alternatives of this ANY group can hold' };
  }
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    const alone = reps.some((f) => holds(item, f));
    if (!alone) {
      if (item.kind === 'group') return findContradiction(item.trigger, item.path, reps) ?? { path: item.path, message: 'This group can never hold' };
      return { path: item.path, message: 'This condition can never hold' };
    }
    const prefix = items.slice(0, k + 1);
    if (!reps.some((f) => prefix.every((it) => holds(it, f)))) {
      return { path: item.path, message: 'This condition contradicts the conditions before it (combined with ALL)' };
    }
  }
  return { path, message: 'No incident can match this trigger' };
}
