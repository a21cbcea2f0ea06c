// The stance guard: finds the words of stance-terms.ts in a plan's text. A
// duty whose action asks for one is refused; the plan's descriptive text
// (purpose, principles, level descriptions...) only gets a warning.
import type { PlanDocument } from './plan.document.js';
import { NEGATION_GAP_WORDS, NEGATIONS, STANCE_TERMS, type StanceTerm } from './stance-terms.js';

export interface StanceHit {
  path: string[];
  terms: StanceTerm[];
}

// Spaces and invisible characters inside a word do not hide it ("监 控").
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]/g;
// A clause ends at these; a negation never reaches past its clause.
const CLAUSE_END = /[。；;！!？?，,\n：:]/;

/** The terms the text asks for (not those it forbids), each once. */
export function termsAskedFor(text: string): StanceTerm[] {
  const clauses = text.replace(INVISIBLE, '').split(CLAUSE_END);
  return STANCE_TERMS.filter((t) => [t.term, ...t.variants].some((w) => clauses.some((c) => asked(c, w))));
}

const ALL_WORDS = STANCE_TERMS.flatMap((t) => [t.term, ...t.variants]).sort((a, b) => b.length - a.length);
const GAP_WORDS = [...NEGATION_GAP_WORDS].sort((a, b) => b.length - a.length);

/** Whether some occurrence of `word` in the clause is not forbidden by a negation right before it. */
function asked(clause: string, word: string): boolean {
  for (let at = clause.indexOf(word); at >= 0; at = clause.indexOf(word, at + 1)) {
    if (!negated(clause.slice(0, at))) return true;
  }
  return false;
}

function negated(before: string): boolean {
  return NEGATIONS.some((n) => {
    const from = before.lastIndexOf(n);
    if (from < 0) return false;
    let gap = before.slice(from + n.length);
    for (const w of [...ALL_WORDS, ...GAP_WORDS]) gap = gap.split(w).join('');
    return gap === '';
  });
}

/** Duty actions (of levels and measures) that ask for a term: these refuse the publish. */
export function dutyHits(doc: PlanDocument): StanceHit[] {
  const hits: StanceHit[] = [];
  const parts = [...doc.levels.map((l, i) => ({ part: l, path: ['levels', String(i)] })), ...(doc.measures ?? []).map((m, i) => ({ part: m, path: ['measures', String(i)] }))];
  for (const { part, path } of parts)
    part.duties.forEach((duty, j) => {
      const terms = termsAskedFor(duty.action);
      if (terms.length) hits.push({ path: [...path, 'duties', String(j), 'action'], terms });
    });
  return hits;
}

/** Descriptive text outside duties that uses a term: a warning each. */
export function textHits(doc: PlanDocument): StanceHit[] {
  const texts: [string[], string | null | undefined][] = [
    [['title'], doc.title],
    [['purpose'], doc.purpose],
    [['scope'], doc.scope],
    ...doc.principles.map((p, i): [string[], string] => [['principles', String(i)], p]),
    ...doc.generalRequirements.map((r, i): [string[], string] => [['generalRequirements', String(i)], r]),
  ];
  for (const body of ['leadingGroup', 'office'] as const) {
    const b = doc.organisation[body];
    texts.push([['organisation', body, 'name'], b.name]);
    b.responsibilities.forEach((r, i) => texts.push([['organisation', body, 'responsibilities', String(i)], r]));
    b.positions.forEach((p, i) => texts.push([['organisation', body, 'positions', String(i), 'title'], p.title]));
  }
  doc.levels.forEach((l, i) => {
    texts.push([['levels', String(i), 'name'], l.name]);
    texts.push([['levels', String(i), 'description'], l.description]);
  });
  (doc.measures ?? []).forEach((m, i) => {
    texts.push([['measures', String(i), 'name'], m.name]);
    texts.push([['measures', String(i), 'description'], m.description]);
  });
  const hits: StanceHit[] = [];
  for (const [path, text] of texts) {
    const terms = text ? termsAskedFor(text) : [];
    if (terms.length) hits.push({ path, terms });
  }
  return hits;
}

export function describeTerms(terms: StanceTerm[]): string {
  return terms.map((t) => `${t.term} (${t.asks})`).join(', ');
}
