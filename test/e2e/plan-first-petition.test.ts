// First petitions (初信初访) as a plan trigger: a tenant's measure for the
// first report of a petitioner brings its duties; the same petitioner again
// (name spaced differently) does not. The fact is fixed at report: neither an
// escalation nor a later repeat link changes it. The stance guard still reads
// the measure's duties.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { staffLeadingGroup, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { createDraft, publish, updateDraft } from '../support/plans.js';
import { mutationDoc, reportInput } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let leader: M, director: M;

const INCIDENT = `id firstPetition measureKeys tasks { dutyKey measureKey }
  measures { key appliedAt matchesNow explanation { path matched description } }
  levelHistory { sequence facts { firstPetition } measures { key added } }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { ${INCIDENT} } userErrors { code field message } } }`;
const ESCALATE = `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) { incident { ${INCIDENT} } measuresAdded userErrors { code field message } } }`;
const PREVIEW = `query($facts: IncidentFactsInput!) { previewResponseLevel(facts: $facts) {
  level { key } measures { measure { key duties { key } } explanation { path matched description } } } }`;

const FIRST = { path: 'conditions[0]', matched: true, description: '初信初访 / a first petition' };
const measure = (action: string) => ({
  key: 'FIRST_VISIT', name: '初信初访', description: '首次来信来访的，首接负责、一次办好。',
  trigger: { combine: 'ALL', conditions: [{ kind: 'FIRST_PETITION', first: true }] },
  duties: [{ key: 'first-contact', kind: 'RECEIVE_AND_EXPLAIN', roleKey: 'MEMBER', action, due: { amount: 1, unit: 'DAYS' } }],
});
const firstVisitTasks = (i: any) => i.tasks.filter((t: any) => t.measureKey === 'FIRST_VISIT').map((t: any) => t.dutyKey);

async function report(name: string, contact: string, extra: Record<string, unknown> = {}) {
  const r = await ok<any>(server.url, REPORT, { input: reportInput(tenant.rootUnitId, { petitioners: [{ name, contact }], ...extra }) }, director.token);
  expect(r.reportIncident.userErrors).toEqual([]);
  return r.reportIncident.incident;
}

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'CITY');
  ({ leader, director } = await staffLeadingGroup(server, tenant));
});
afterAll(async () => {
  await server?.stop();
});

describe('FIRST_PETITION trigger', () => {
  let first: any;

  it('the stance guard reads a first-petition measure\'s duties like any other; a sound one publishes and reads back', async () => {
    const draft = await createDraft(server, leader.token, { source: 'TEMPLATE', templateKey: 'CITY_COUNTY' });
    expect((await updateDraft(server, leader.token, { planId: draft.id, measures: [measure('对初次来访人员建立档案，重点监控其动态')] })).userErrors).toEqual([]);
    const refused = await publish(server, leader.token, draft.id);
    expect(refused.plan).toBeNull();
    expect(refused.userErrors.map((e) => [e.code, e.field.join('.')])).toEqual([['STANCE_DUTY_REFUSED', 'input.measures.0.duties.0.action']]);

    expect((await updateDraft(server, leader.token, { planId: draft.id, measures: [measure('首次接待即登记，当场告知办理程序和时限，力争一次办好')] })).userErrors).toEqual([]);
    const out = await publish(server, leader.token, draft.id);
    expect(out.userErrors).toEqual([]);
    const read = await ok<any>(server.url, `{ activePlan { measures { key trigger { conditions { kind first known description } } } } }`, {}, leader.token);
    expect(read.activePlan.measures).toEqual([{ key: 'FIRST_VISIT', trigger: { conditions: [{ kind: 'FIRST_PETITION', first: true, known: null, description: FIRST.description }] } }]);
  });

  it('previewResponseLevel takes firstPetition (default false) and explains the condition', async () => {
    const preview = async (facts: Record<string, unknown>) => (await ok<any>(server.url, PREVIEW, { facts: { category: 'INDIVIDUAL_VISIT', alertPeriodActive: false, ...facts } }, director.token)).previewResponseLevel;
    const yes = await preview({ firstPetition: true });
    expect(yes.measures).toEqual([{ measure: { key: 'FIRST_VISIT', duties: [{ key: 'first-contact' }] }, explanation: [FIRST] }]);
    expect((await preview({ firstPetition: false })).measures).toEqual([]);
    expect((await preview({})).measures).toEqual([]);
  });

  it('the first report of a petitioner gets the measure\'s duties; the same petitioner again, spaced differently, does not', async () => {
    first = await report('张三', '13800000000');
    expect(first.firstPetition).toBe(true);
    expect(first.measureKeys).toEqual(['FIRST_VISIT']);
    expect(firstVisitTasks(first)).toEqual(['first-contact']);
    expect(first.measures).toEqual([{ key: 'FIRST_VISIT', appliedAt: 1, matchesNow: true, explanation: [FIRST] }]);
    expect(first.levelHistory).toEqual([{ sequence: 1, facts: { firstPetition: true }, measures: [{ key: 'FIRST_VISIT', added: true }] }]);

    const again = await report('张 三', '138 0000 0000');
    expect(again.firstPetition).toBe(false);
    expect(again.measureKeys).toEqual([]);
    expect(firstVisitTasks(again)).toEqual([]);
    expect(again.levelHistory).toEqual([{ sequence: 1, facts: { firstPetition: false }, measures: [] }]);

    // Preview answers as the reports did.
    const p = await ok<any>(server.url, PREVIEW, { facts: { category: 'INDIVIDUAL_VISIT', alertPeriodActive: false, firstPetition: again.firstPetition } }, director.token);
    expect(p.previewResponseLevel.measures).toEqual([]);

    // Escalating re-evaluates on the stored fact: the second stays without the measure.
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId: again.id, levelReached: 'CITY', reason: '信访人前往市信访局' } }, director.token);
    expect(e.escalateIncident.userErrors).toEqual([]);
    expect(e.escalateIncident.measuresAdded).toEqual([]);
    expect(e.escalateIncident.incident.levelHistory.map((l: any) => l.facts.firstPetition)).toEqual([false, false]);
    expect(firstVisitTasks(e.escalateIncident.incident)).toEqual([]);
  });

  it('an escalation of the first keeps it a first petition: the measure still matches and adds nothing twice', async () => {
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId: first.id, headcount: 2, reason: '家属一同前来' } }, director.token);
    const r = e.escalateIncident;
    expect(r.userErrors).toEqual([]);
    expect(r.measuresAdded).toEqual([]);
    expect(r.incident.firstPetition).toBe(true);
    expect(r.incident.levelHistory).toEqual([
      { sequence: 1, facts: { firstPetition: true }, measures: [{ key: 'FIRST_VISIT', added: true }] },
      { sequence: 2, facts: { firstPetition: true }, measures: [{ key: 'FIRST_VISIT', added: false }] },
    ]);
    expect(r.incident.measures).toEqual([{ key: 'FIRST_VISIT', appliedAt: 1, matchesNow: true, explanation: [FIRST] }]);
    expect(firstVisitTasks(r.incident)).toEqual(['first-contact']);
  });

  it('a later repeat link does not change it: firstPetition is as at report', async () => {
    const other = await report('王五', '13700000000');
    expect(other.firstPetition).toBe(true);
    const linked = await gql<any>(server.url, mutationDoc('linkRepeat', 'LinkRepeatInput', `incident { ${INCIDENT} repeatOf { id } }`), { input: { incidentId: other.id, earlierIncidentId: first.id, note: '同一事项' } }, director.token);
    expect(linked.errors).toBeUndefined();
    expect(linked.data.linkRepeat.userErrors).toEqual([]);
    const i = linked.data.linkRepeat.incident;
    expect(i.repeatOf).toEqual({ id: first.id });
    expect(i.firstPetition).toBe(true);
    expect(i.measureKeys).toEqual(['FIRST_VISIT']);
    expect(firstVisitTasks(i)).toEqual(['first-contact']);
  });
});
