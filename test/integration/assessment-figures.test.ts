// assessmentFigures against a hand-computed table of 24 cases (plus one
// outside the period and one withdrawn before its acceptance was due),
// written behind the API's back: each rate's numerator and denominator in
// total (the literal numbers below were counted by hand from the table) and
// per unit, matter type and month (counted from the same table by the
// reference function, which reads the definitions of the schema literally).
// Some cases are linked as repeats (repeat_of_id, as linkRepeat stores it) for
// the repeat-petition rate, and one link is made and taken back through the API.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, gql } from '../support/fixtures.js';
import { raw } from '../support/incidents.js';
import { toGlobalId } from '../../src/platform/ids.js';
import { township, type Township } from '../support/accountability.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
let unitB: string;
/** Ids of CASES, in order. */
const ids: string[] = [];

type Clock = 'on' | 'late' | 'missed' | 'pending' | 'cancelled' | null;
type Stars = 'S' | 'B' | 'D';
interface Case {
  unit: 'A' | 'B';
  topics: string[];
  /** Received at, in the tenant's zone (+08:00). */
  at: string;
  acc: Clock;
  rep: Clock;
  refused?: boolean;
  ratings: [string, Stars][];
  /** Linked as a repeat (repeat_of_id, as linkRepeat stores it) of this case of the table (1-based), or of the one before the period. */
  repeatOf?: number | 'OUTSIDE';
}

const M1 = '2026-09-10T10:00:00+08:00';
const M2 = '2026-10-10T10:00:00+08:00';
// October 1st, 00:30 in Shanghai: still September 30th in UTC, so October for the tenant.
const M2_EDGE = '2026-10-01T00:30:00+08:00';
const L = '土地征收';
const W = '劳资纠纷';

const CASES: Case[] = [
  /* 1 */ { unit: 'A', topics: [L], at: M1, acc: 'on', rep: 'on', ratings: [['REPLY', 'S']] },
  /* 2 */ { unit: 'A', topics: [L], at: M1, acc: 'on', rep: 'late', ratings: [['REPLY', 'B']], repeatOf: 1 },
  /* 3 */ { unit: 'A', topics: [L], at: M1, acc: 'late', rep: 'on', ratings: [['REPLY', 'D'], ['REVIEW', 'S']] },
  /* 4 */ { unit: 'A', topics: [W], at: M1, acc: 'on', rep: 'missed', ratings: [] },
  /* 5 */ { unit: 'A', topics: [W], at: M1, acc: 'on', rep: 'pending', ratings: [] },
  /* 6 */ { unit: 'A', topics: [], at: M1, acc: 'missed', rep: null, ratings: [] },
  /* 7 */ { unit: 'A', topics: [], at: M1, acc: 'pending', rep: null, ratings: [] },
  /* 8 */ { unit: 'A', topics: [L, W], at: M1, acc: 'on', rep: 'on', ratings: [['REPLY', 'S']] },
  /* 9 */ { unit: 'A', topics: [W], at: M2, acc: 'on', rep: null, refused: true, ratings: [['REPLY', 'D']] },
  /* 10 */ { unit: 'A', topics: [W], at: M2, acc: 'on', rep: 'on', ratings: [] },
  /* 11 */ { unit: 'A', topics: [L], at: M2, acc: 'late', rep: 'late', ratings: [['REPLY', 'B']], repeatOf: 2 },
  /* 12 */ { unit: 'A', topics: [L], at: M2_EDGE, acc: 'on', rep: 'on', ratings: [['REPLY', 'S']], repeatOf: 'OUTSIDE' },
  /* 13 */ { unit: 'B', topics: [L], at: M1, acc: 'on', rep: 'on', ratings: [['REPLY', 'D']] },
  /* 14 */ { unit: 'B', topics: [L], at: M1, acc: 'on', rep: 'on', ratings: [], repeatOf: 13 },
  /* 15 */ { unit: 'B', topics: [W], at: M1, acc: 'late', rep: 'missed', ratings: [] },
  /* 16 */ { unit: 'B', topics: [W], at: M1, acc: 'on', rep: 'pending', ratings: [] },
  /* 17 */ { unit: 'B', topics: [], at: M1, acc: 'on', rep: null, refused: true, ratings: [] },
  /* 18 */ { unit: 'B', topics: [], at: M2, acc: 'missed', rep: null, ratings: [] },
  /* 19 */ { unit: 'B', topics: [L], at: M2, acc: 'on', rep: 'on', ratings: [['REPLY', 'S']] },
  /* 20 */ { unit: 'B', topics: [L], at: M2, acc: 'on', rep: 'late', ratings: [['REPLY', 'S']] },
  /* 21 */ { unit: 'B', topics: [W], at: M2, acc: 'on', rep: 'on', ratings: [['REPLY', 'B'], ['REVIEW', 'D']], repeatOf: 15 },
  /* 22 */ { unit: 'B', topics: [W, L], at: M2, acc: 'on', rep: 'on', ratings: [['REPLY', 'D']], repeatOf: 8 },
  /* 23 */ { unit: 'B', topics: [W], at: M2, acc: 'pending', rep: null, ratings: [] },
  /* 24 */ { unit: 'B', topics: [L], at: M2, acc: 'on', rep: 'on', ratings: [['REPLY', 'S']] },
  /* 25: withdrawn before acceptance was due: its acceptance clock is cancelled, not counted */
  { unit: 'B', topics: [W], at: M2, acc: 'cancelled', rep: null, ratings: [], repeatOf: 23 },
];
/** Received before the period: in no figure. */
const OUTSIDE: Case = { unit: 'A', topics: [L], at: '2026-08-31T23:00:00+08:00', acc: 'on', rep: 'on', ratings: [['REPLY', 'D']] };

const PERIOD = { from: '2026-09-01T00:00:00+08:00', to: '2026-11-01T00:00:00+08:00' };

const FIGURES = `fragment F on AssessmentFigureSet { incidents
  timelyAcceptance { numerator denominator rate } onTimeClosing { numerator denominator rate }
  satisfaction { numerator denominator rate } participation { numerator denominator rate } repeatPetition { numerator denominator rate } }`;
const QUERY = `query($period: AssessmentPeriodInput!, $groupBy: AssessmentGroupBy!) { assessmentFigures(period: $period, groupBy: $groupBy) {
  groupBy totals { ...F } groups { key label unit { id name } figures { ...F } } } } ${FIGURES}`;

/** The figures of some cases, read off the definitions in the schema. */
function reference(cases: Case[]) {
  const fig = (n: number, d: number) => ({ numerator: n, denominator: d, rate: d ? n / d : null });
  const counted = (c: Clock) => c === 'on' || c === 'late' || c === 'missed';
  const answered = (c: Case) => c.rep === 'on' || c.rep === 'late' || !!c.refused;
  const ratings = cases.flatMap((c) => c.ratings);
  return {
    incidents: cases.length,
    timelyAcceptance: fig(cases.filter((c) => c.acc === 'on').length, cases.filter((c) => counted(c.acc)).length),
    onTimeClosing: fig(cases.filter((c) => c.rep === 'on').length, cases.filter((c) => counted(c.rep)).length),
    satisfaction: fig(ratings.filter(([, s]) => s !== 'D').length, ratings.length),
    participation: fig(cases.filter((c) => answered(c) && c.ratings.some(([stage]) => stage === 'REPLY')).length, cases.filter(answered).length),
    repeatPetition: fig(cases.filter((c) => c.repeatOf !== undefined).length, cases.length),
  };
}

async function insert(c: Case, unitIds: Record<'A' | 'B', string>, member: string): Promise<string> {
  const received = new Date(c.at);
  const day = 86_400_000;
  const future = new Date(Date.now() + 5 * day);
  const { rows } = await db.query(
    `insert into incident (tenant_id, id, receipt_number, category, level_reached, headcount, occurred_at, received_at, summary, demands, conduct_flags, topics, unit_id, reported_by_id, decision, decided_at, status)
     values ($1, gen_random_uuid(), 'FIG-' || gen_random_uuid(), 'INDIVIDUAL_VISIT', 'OWN', 1, $2, $2, '考核', '考核', '{}', $3, $4, $5, $6, $7, $8) returning id`,
    [t.tenantId, received, c.topics, unitIds[c.unit], member,
      c.refused ? 'REFUSED' : c.rep ? 'ACCEPTED' : 'PENDING', c.acc === 'on' || c.acc === 'late' ? new Date(received.getTime() + day) : null,
      c.refused ? 'REPLIED' : c.acc === 'cancelled' ? 'WITHDRAWN' : 'HANDLING'],
  );
  const id = rows[0].id;
  const clock = async (kind: string, state: Clock, start: Date, days: number) => {
    if (!state) return;
    const due = state === 'pending' ? future : new Date(start.getTime() + days * day);
    const met = state === 'on' ? new Date(due.getTime() - day) : state === 'late' ? new Date(due.getTime() + day) : null;
    const st = state === 'missed' ? 'MISSED' : state === 'pending' ? 'OPEN' : state === 'cancelled' ? 'CANCELLED' : 'MET';
    await db.query(
      `insert into statutory_clock (tenant_id, id, incident_id, kind, party, basis, days, article, state, started_at, due_at, original_due_at, met_at, explanation, fallback_years, history)
       values ($1, gen_random_uuid(), $2, $3, 'INSTITUTION', 'CALENDAR_DAYS', $4, '第二十三条', $5, $6, $7, $7, $8, '考核', '[]', '[]')`,
      [t.tenantId, id, kind, days, st, start, due, met],
    );
    return met;
  };
  await clock('ACCEPTANCE', c.acc, received, 15);
  const replied = await clock('REPLY', c.rep, new Date(received.getTime() + day), 60);
  for (const [stage, stars] of c.ratings) {
    await db.query(
      `insert into satisfaction_rating (tenant_id, id, incident_id, stage, rating, channel, answered_at, rated_at)
       values ($1, gen_random_uuid(), $2, $3, $4, 'PETITIONER', $5, $5)`,
      [t.tenantId, id, stage, { S: 'SATISFIED', B: 'BASICALLY_SATISFIED', D: 'DISSATISFIED' }[stars], replied ?? new Date(received.getTime() + 2 * day)],
    );
  }
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  unitB = await createUnit(server, t.tenant.adminToken, t.tenant.rootUnitId, '西村', 'VILLAGE');
  const member = (await db.query('select id from member where tenant_id = $1 limit 1', [t.tenantId])).rows[0].id;
  await db.query('begin');
  await db.query('set local session_replication_role = replica');
  const units = { A: raw(t.village), B: raw(unitB) };
  const outside = await insert(OUTSIDE, units, member);
  for (const c of CASES) ids.push(await insert(c, units, member));
  for (const [n, c] of CASES.entries()) {
    if (c.repeatOf !== undefined) await db.query('update incident set repeat_of_id = $2 where id = $1', [ids[n], c.repeatOf === 'OUTSIDE' ? outside : ids[c.repeatOf - 1]]);
  }
  await db.query('commit');
}, 120_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

const figuresBy = async (groupBy: string) => {
  const res = await gql<any>(server.url, QUERY, { period: PERIOD, groupBy }, t.director.token);
  expect(res.errors).toBeUndefined();
  return { ...res.data.assessmentFigures, statements: res.extensions?.sqlStatements };
};

describe('assessmentFigures', () => {
  it('totals: each rate with its numerator and denominator, as counted by hand', async () => {
    const { totals } = await figuresBy('UNIT');
    const f = (numerator: number, denominator: number) => ({ numerator, denominator, rate: numerator / denominator });
    expect(totals).toEqual({
      incidents: 25,
      timelyAcceptance: f(17, 22),
      onTimeClosing: f(11, 16),
      satisfaction: f(10, 15),
      participation: f(13, 16),
      // Cases 2, 11, 12 (of the one before the period), 14, 21, 22 (of another unit's) and 25 (withdrawn, still received).
      repeatPetition: f(7, 25),
    });
    expect(totals).toEqual(reference(CASES));
  });

  it('per unit', async () => {
    const { groups } = await figuresBy('UNIT');
    expect(groups.map((g: any) => g.label)).toEqual(['东村', '西村']);
    expect(groups[0]).toMatchObject({ key: t.village, unit: { id: t.village } });
    expect(groups[0].figures).toEqual(reference(CASES.filter((c) => c.unit === 'A')));
    expect(groups[1].figures).toEqual(reference(CASES.filter((c) => c.unit === 'B')));
    // Repeats by hand: 东村 2, 11, 12 of its 12; 西村 14, 21, 22, 25 of its 13.
    expect(groups.map((g: any) => g.figures.repeatPetition)).toEqual([{ numerator: 3, denominator: 12, rate: 3 / 12 }, { numerator: 4, denominator: 13, rate: 4 / 13 }]);
  });

  it('per matter type: an incident counts under each of its topics, untopical ones under 未分类; the totals count it once', async () => {
    const { groups, totals } = await figuresBy('MATTER_TYPE');
    const byLabel = Object.fromEntries(groups.map((g: any) => [g.label, g]));
    expect(Object.keys(byLabel).sort()).toEqual(['劳资纠纷', '土地征收', '未分类'].sort());
    expect(byLabel['土地征收'].figures).toEqual(reference(CASES.filter((c) => c.topics.includes(L))));
    expect(byLabel['劳资纠纷'].figures).toEqual(reference(CASES.filter((c) => c.topics.includes(W))));
    expect(byLabel['未分类']).toMatchObject({ key: '', figures: reference(CASES.filter((c) => c.topics.length === 0)) });
    expect(totals.incidents).toBe(25);
    // Repeats by hand: 土地征收 2, 11, 12, 14, 22 of 12; 劳资纠纷 21, 22, 25 of 11; 未分类 none of 4.
    expect(['土地征收', '劳资纠纷', '未分类'].map((l) => byLabel[l].figures.repeatPetition)).toEqual([
      { numerator: 5, denominator: 12, rate: 5 / 12 }, { numerator: 3, denominator: 11, rate: 3 / 11 }, { numerator: 0, denominator: 4, rate: 0 },
    ]);
    expect(totals.repeatPetition).toEqual({ numerator: 7, denominator: 25, rate: 7 / 25 });
  });

  it('per month in the tenant\'s timezone (October 1st 00:30 in Shanghai is October)', async () => {
    const { groups } = await figuresBy('MONTH');
    expect(groups.map((g: any) => g.key)).toEqual(['2026-09', '2026-10']);
    expect(groups[0].figures).toEqual(reference(CASES.filter((c) => c.at === M1)));
    expect(groups[1].figures).toEqual(reference(CASES.filter((c) => c.at !== M1)));
    // Repeats by hand: September 2, 14 of 13; October 11, 12, 21, 22, 25 of 12.
    expect(groups.map((g: any) => g.figures.repeatPetition)).toEqual([{ numerator: 2, denominator: 13, rate: 2 / 13 }, { numerator: 5, denominator: 12, rate: 5 / 12 }]);
  });

  it('counts the link linkRepeat stores, and no longer one unlinkRepeat took back', async () => {
    const act = async (name: string, inputType: string, input: Record<string, unknown>) => {
      const res = await gql<any>(server.url, `mutation($input: ${inputType}!) { ${name}(input: $input) { incident { id } userErrors { code field message } } }`, { input }, t.director.token);
      expect(res.errors).toBeUndefined();
      expect(res.data[name].userErrors).toEqual([]);
    };
    const repeats = async () => (await figuresBy('UNIT')).totals.repeatPetition;
    // Case 10 is the same matter as case 9 (东村, 劳资纠纷, October).
    await act('linkRepeat', 'LinkRepeatInput', { incidentId: toGlobalId('Incident', ids[9]!), earlierIncidentId: toGlobalId('Incident', ids[8]!), note: '同一事项' });
    expect(await repeats()).toEqual({ numerator: 8, denominator: 25, rate: 8 / 25 });
    await act('unlinkRepeat', 'UnlinkRepeatInput', { incidentId: toGlobalId('Incident', ids[9]!), reason: '新的事实' });
    expect(await repeats()).toEqual({ numerator: 7, denominator: 25, rate: 7 / 25 });
  });

  it('runs a fixed number of statements whatever the number of groups', async () => {
    const units = await figuresBy('UNIT');
    const narrow = await gql<any>(server.url, QUERY, { period: { from: PERIOD.from, to: '2026-09-02T00:00:00+08:00' }, groupBy: 'UNIT' }, t.director.token);
    expect(narrow.data.assessmentFigures.groups).toEqual([]);
    expect(units.groups).toHaveLength(2);
    // Groups with units read them in one more batch; without groups that batch is not needed.
    expect(units.statements).toBeLessThanOrEqual((narrow.extensions?.sqlStatements ?? 0) + 1);
    const months = await figuresBy('MONTH');
    expect(months.statements).toBe(narrow.extensions?.sqlStatements);
  });

  it('counts only what the caller may see, and needs ACCOUNTABILITY_READ', async () => {
    const liaison = await gql<any>(server.url, QUERY, { period: PERIOD, groupBy: 'UNIT' }, t.liaison.token);
    expect(liaison.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
