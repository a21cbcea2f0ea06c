// Structured differences between two plan versions. Levels, measures, duties
// and positions are matched by key (so a reordered list is not a change and a
// renamed level shows as removed + added); text lists are aligned by their
// longest common subsequence; a trigger is compared as a whole.
import { canonicalJson } from '../../platform/audit/canonical-json.js';
import type { OrgBody, PlanDocument } from './plan.document.js';
import type { Duty, ResponseLevel, SupplementaryMeasure } from './plan.model.js';

export type ChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED';

export interface PlanChange {
  path: string[];
  kind: ChangeKind;
  before: unknown;
  after: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

function scalar(out: PlanChange[], path: string[], before: unknown, after: unknown): void {
  if (!same(before, after)) out.push({ path, kind: 'CHANGED', before: before ?? null, after: after ?? null });
}

/** Text lists: LCS alignment, so inserting one principle is one ADDED, not a cascade of CHANGED. */
function textList(out: PlanChange[], path: string[], before: string[], after: string[]): void {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  let i = 0;
  let j = 0;
  const removed: { index: number; value: string }[] = [];
  const added: { index: number; value: string }[] = [];
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      added.push({ index: j, value: after[j]! });
      j++;
    } else {
      removed.push({ index: i, value: before[i]! });
      i++;
    }
  }
  // An item removed and one added at the same place read better as one edit.
  const addedAt = new Map(added.map((a) => [a.index, a]));
  for (const r of removed) {
    const a = addedAt.get(r.index);
    if (a) {
      out.push({ path: [...path, String(r.index)], kind: 'CHANGED', before: r.value, after: a.value });
      addedAt.delete(r.index);
    } else out.push({ path: [...path, String(r.index)], kind: 'REMOVED', before: r.value, after: null });
  }
  for (const a of addedAt.values()) out.push({ path: [...path, String(a.index)], kind: 'ADDED', before: null, after: a.value });
}

function keyed<T>(out: PlanChange[], path: string[], before: T[], after: T[], keyOf: (x: T) => string, inner: (path: string[], a: T, b: T) => void): void {
  const b = new Map(before.map((x) => [keyOf(x), x]));
  const a = new Map(after.map((x) => [keyOf(x), x]));
  for (const [k, x] of b) if (!a.has(k)) out.push({ path: [...path, k], kind: 'REMOVED', before: x, after: null });
  for (const [k, x] of a) {
    const old = b.get(k);
    if (!old) out.push({ path: [...path, k], kind: 'ADDED', before: null, after: x });
    else inner([...path, k], old, x);
  }
}

function duty(out: PlanChange[], path: string[], a: Duty, b: Duty): void {
  for (const f of ['kind', 'roleKey', 'action', 'due', 'recurring', 'evidenceRequired', 'escalation', 'stage'] as const) scalar(out, [...path, f], a[f], b[f]);
}

function level(out: PlanChange[], path: string[], a: ResponseLevel, b: ResponseLevel): void {
  for (const f of ['name', 'severity', 'description', 'trigger'] as const) scalar(out, [...path, f], a[f], b[f]);
  keyed(out, [...path, 'duties'], a.duties, b.duties, (d) => d.key, (p, x, y) => duty(out, p, x, y));
}

function measure(out: PlanChange[], path: string[], a: SupplementaryMeasure, b: SupplementaryMeasure): void {
  for (const f of ['name', 'description', 'trigger'] as const) scalar(out, [...path, f], a[f], b[f]);
  keyed(out, [...path, 'duties'], a.duties, b.duties, (d) => d.key, (p, x, y) => duty(out, p, x, y));
}

function body(out: PlanChange[], path: string[], a: OrgBody, b: OrgBody): void {
  scalar(out, [...path, 'name'], a.name, b.name);
  textList(out, [...path, 'responsibilities'], a.responsibilities, b.responsibilities);
  keyed(out, [...path, 'positions'], a.positions, b.positions, (p) => p.roleKey, (p, x, y) => {
    scalar(out, [...p, 'title'], x.title, y.title);
    scalar(out, [...p, 'memberIds'], [...x.memberIds].sort(), [...y.memberIds].sort());
  });
}

export function diffPlans(from: PlanDocument, to: PlanDocument): PlanChange[] {
  const out: PlanChange[] = [];
  scalar(out, ['title'], from.title, to.title);
  scalar(out, ['purpose'], from.purpose, to.purpose);
  scalar(out, ['scope'], from.scope, to.scope);
  textList(out, ['principles'], from.principles, to.principles);
  body(out, ['organisation', 'leadingGroup'], from.organisation.leadingGroup, to.organisation.leadingGroup);
  body(out, ['organisation', 'office'], from.organisation.office, to.organisation.office);
  keyed(out, ['levels'], from.levels, to.levels, (l) => l.key, (p, a, b) => level(out, p, a, b));
  keyed(out, ['measures'], from.measures ?? [], to.measures ?? [], (m) => m.key, (p, a, b) => measure(out, p, a, b));
  textList(out, ['generalRequirements'], from.generalRequirements, to.generalRequirements);
  return out;
}
