// Repeat petitions: the same petitioner under a differently spaced name (and
// a differently written number) is matched by the keyed hash; a different
// petitioner with the same text ranks below; no plain name or contact is in
// the match statement nor in the stored key; a first petition is flagged.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok } from '../support/fixtures.js';
import { REPORT_INCIDENT, mutationDoc, raw, reportInput } from '../support/incidents.js';
import { township, type Township } from '../support/accountability.js';
import { recordStatementsWithBindings } from '../../src/platform/db/sql-counter.js';
import { normaliseContact, normaliseName } from '../../src/modules/petition/petitioner-match.model.js';

let server: TestServer;
let db: pg.Client;
let t: Township;

const REPEATS = `query($id: ID!) { incident(id: $id) { firstPetition possibleRepeats { incident { id } score reasons textSimilarity } } }`;

async function report(summary: string, demands: string, petitioners: { name: string; contact: string }[], extra: Record<string, unknown> = {}): Promise<string> {
  const r = await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(t.village, { summary, demands, petitioners, ...extra }) }, t.director.token);
  return r.reportIncident.incident.id;
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
}, 120_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('repeat petitions', () => {
  it('normalises names and contacts', () => {
    expect(normaliseName(' 张　三 ')).toBe(normaliseName('张三'));
    expect(normaliseContact('+86 138-0000-0000')).toBe('13800000000');
  });

  it('matches the same petitioner under a differently spaced name; a different petitioner with the same text ranks below; first petitions flagged', async () => {
    const earlier = await report('反映土地征收补偿款未按时发放', '要求尽快发放补偿款', [{ name: '张三', contact: '13800000000' }]);
    const sameText = await report('反映土地征收补偿款未按时发放', '要求尽快发放补偿款', [{ name: '李四', contact: '13900000000' }]);
    const unrelated = await report('反映邻里噪音扰民', '要求调解', [{ name: '王五', contact: '13700000000' }], { topics: ['邻里纠纷'] });
    const again = await report('反映土地征收补偿款未按时发放', '要求尽快发放补偿款', [{ name: '张 三', contact: '+86 138 0000 0000' }]);

    const first = (await ok<any>(server.url, REPEATS, { id: earlier }, t.director.token)).incident;
    expect(first).toMatchObject({ firstPetition: true, possibleRepeats: [] });
    expect((await ok<any>(server.url, REPEATS, { id: unrelated }, t.director.token)).incident.firstPetition).toBe(true);

    const statements = await recordStatementsWithBindings(() => ok(server.url, REPEATS, { id: again }, t.director.token));
    const view = (await ok<any>(server.url, REPEATS, { id: again }, t.director.token)).incident;
    expect(view.firstPetition).toBe(false);
    const ids = view.possibleRepeats.map((c: any) => c.incident.id);
    expect(ids[0]).toBe(earlier);
    expect(view.possibleRepeats[0].reasons).toContain('SAME_PETITIONER');
    expect(ids).toContain(sameText);
    const other = view.possibleRepeats.find((c: any) => c.incident.id === sameText);
    expect(other.reasons).not.toContain('SAME_PETITIONER');
    expect(other.score).toBeLessThan(view.possibleRepeats[0].score);
    expect(ids).not.toContain(unrelated);

    // The same text by someone else: SIMILAR_TEXT, ranked by similarity, not the same person.
    const copy = (await ok<any>(server.url, REPEATS, { id: sameText }, t.director.token)).incident;
    expect(copy.firstPetition).toBe(true);
    expect(copy.possibleRepeats).toEqual([expect.objectContaining({ incident: { id: earlier }, reasons: expect.arrayContaining(['SIMILAR_TEXT']) })]);
    expect(copy.possibleRepeats[0].reasons).not.toContain('SAME_PETITIONER');
    expect(copy.possibleRepeats[0].textSimilarity).toBeGreaterThan(0.9);

    // No plain name or contact in what was sent to the database for the match (statements and bound values), nor in the stored keys.
    expect(statements.some((s) => s.sql.includes('match_key'))).toBe(true);
    const sent = JSON.stringify(statements);
    for (const secret of ['张三', '张 三', '13800000000', '李四']) expect(sent).not.toContain(secret);
    const { rows } = await db.query(`select match_key from petitioner where tenant_id = $1 and incident_id = $2`, [t.tenantId, raw(again)]);
    expect(rows[0].match_key).toMatch(/^[0-9a-f]{64}$/);
    const { rows: same } = await db.query(`select count(distinct match_key)::int as n from petitioner where tenant_id = $1 and incident_id = any($2::uuid[])`, [t.tenantId, [raw(again), raw(earlier)]]);
    expect(same[0].n).toBe(1);
  });

  it('shows only what the caller may see', async () => {
    const res = await gql<any>(server.url, REPEATS, { id: 'bm90aGluZw' }, t.director.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('linkRepeat and unlinkRepeat are logged; a matter whose re-review (复核) was answered is not accepted again', async () => {
    const ask = (name: string, inputType: string, input: Record<string, unknown>, selection = 'incident { id repeatOf { id receiptNumber } }') =>
      gql<any>(server.url, mutationDoc(name, inputType, selection), { input }, t.director.token).then((r) => { if (r.errors) throw new Error(JSON.stringify(r.errors)); return r.data[name]; });
    const must = async (name: string, inputType: string, input: Record<string, unknown>, selection?: string) => {
      const out = await ask(name, inputType, input, selection);
      expect(out.userErrors, name).toEqual([]);
      return out;
    };
    // The earlier matter goes the whole way: reply, review, re-review answered.
    const DAY = 86_400_000;
    const at = (d: number) => new Date(Date.now() - (100 - d) * DAY).toISOString();
    const earlierReport = (await ok<any>(server.url, REPORT_INCIDENT, { input: reportInput(t.village, { occurredAt: at(-0.1), receivedAt: at(0), petitioners: [{ name: '赵六', contact: '13600000000' }] }) }, t.director.token)).reportIncident;
    const earlier = earlierReport.incident.id;
    await must('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: earlier });
    await must('acceptPetition', 'AcceptPetitionInput', { incidentId: earlier, decision: 'ACCEPT', decidedAt: at(1) });
    await must('replyToPetitioner', 'ReplyToPetitionerInput', { incidentId: earlier, reply: '补偿款已按标准发放', repliedAt: at(10) });
    await must('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: earlier, stage: 'REVIEW', requestedAt: at(20) }, 'clock { id }');
    await must('answerReview', 'AnswerReviewInput', { incidentId: earlier, stage: 'REVIEW', answer: '维持原答复' });
    await must('recordReviewRequest', 'RecordReviewRequestInput', { incidentId: earlier, stage: 'REREVIEW' }, 'clock { id }');
    await must('answerReview', 'AnswerReviewInput', { incidentId: earlier, stage: 'REREVIEW', answer: '复核维持' });

    const later = await report('反映土地征收补偿款未按时发放', '再次要求发放补偿款', [{ name: '赵 六', contact: '136 0000 0000' }]);
    await must('acknowledgeIncident', 'AcknowledgeIncidentInput', { incidentId: later });
    const self = await ask('linkRepeat', 'LinkRepeatInput', { incidentId: later, earlierIncidentId: later });
    expect(self.userErrors.map((e: any) => e.code)).toEqual(['INVALID_INPUT']);
    const notLinked = await ask('unlinkRepeat', 'UnlinkRepeatInput', { incidentId: later });
    expect(notLinked.userErrors.map((e: any) => e.code)).toEqual(['NOT_A_REPEAT']);
    const linked = await must('linkRepeat', 'LinkRepeatInput', { incidentId: later, earlierIncidentId: earlier, note: '同一事实和理由' });
    expect(linked.incident.repeatOf).toEqual({ id: earlier, receiptNumber: earlierReport.receipt.receiptNumber });

    // Accepting it again is refused, citing the earlier case; refusing it (answering with the earlier decision) is not.
    const again = await ask('acceptPetition', 'AcceptPetitionInput', { incidentId: later, decision: 'ACCEPT' }, 'incident { id decision }');
    expect(again.userErrors).toMatchObject([{ code: 'ALREADY_REREVIEWED', field: ['input', 'decision'] }]);
    expect(again.userErrors[0].message).toContain(earlierReport.receipt.receiptNumber);
    expect((await ok<any>(server.url, `query($id: ID!) { incident(id: $id) { decision status } }`, { id: later }, t.director.token)).incident).toEqual({ decision: 'PENDING', status: 'ACKNOWLEDGED' });

    // Unlinked, the matter may be accepted (a handler judged it a new one).
    const unlinked = await must('unlinkRepeat', 'UnlinkRepeatInput', { incidentId: later, reason: '新的事实' });
    expect(unlinked.incident.repeatOf).toBeNull();
    const { rows } = await db.query(`select action, reason from log_entry where tenant_id = $1 and incident_id = $2 and action like '%repeat' order by seq`, [t.tenantId, raw(later)]);
    expect(rows).toEqual([
      { action: 'incident.link_repeat', reason: `repeat of ${earlierReport.receipt.receiptNumber}: 同一事实和理由` },
      { action: 'incident.unlink_repeat', reason: '新的事实' },
    ]);
    await must('acceptPetition', 'AcceptPetitionInput', { incidentId: later, decision: 'ACCEPT' }, 'incident { id }');
  });
});
