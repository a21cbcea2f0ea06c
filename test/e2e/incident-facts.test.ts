// The facts plans turn on (issue 20 part 5): the intake channel, a language to
// serve in, and the police decision — each on the incident, in the facts a
// trigger reads, and the police decision shown to auditors, in the log and in
// the accountability report.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { gql, ok } from '../support/fixtures.js';
import { TEST_LEVELS, raw } from '../support/incidents.js';
import { act, reportAt, township, type Township } from '../support/accountability.js';
import { DutyKind, type ResponseLevel } from '../../src/modules/plan/plan.model.js';
import { IntakeChannel } from '../../src/modules/incident/incident.model.js';

const due = (amount: number, unit: 'MINUTES' | 'HOURS' | 'DAYS') => ({ amount, unit });
const LEVELS: ResponseLevel[] = [
  ...TEST_LEVELS,
  {
    key: 'DISASTER_CHANNEL', name: '灾害应急信访渠道', severity: 10,
    trigger: { combine: 'ALL', conditions: [{ kind: 'INTAKE_CHANNEL', channels: [IntakeChannel.TEMPORARY_RECEPTION_POINT, IntakeChannel.MOBILE_VEHICLE] }] },
    duties: [{ key: 'point', kind: DutyKind.COORDINATE, roleKey: 'OFFICE_DIRECTOR', action: '临时接待点登记诉求并转主管部门', due: due(2, 'HOURS'), evidenceRequired: false }],
  },
  {
    key: 'FOREIGN_LANGUAGE', name: '涉外语言服务', severity: 11,
    trigger: { combine: 'ALL', conditions: [{ kind: 'INTERPRETER', needed: true }] },
    duties: [{ key: 'interpreter', kind: DutyKind.OTHER, roleKey: 'OFFICE_DIRECTOR', action: '安排翻译人员以信访人使用的语言接待', due: due(1, 'HOURS'), evidenceRequired: false }],
  },
  {
    key: 'POLICE_CALLED', name: '调用警力', severity: 12,
    trigger: { combine: 'ALL', conditions: [{ kind: 'POLICE', called: true }] },
    duties: [{ key: 'police-report', kind: DutyKind.REPORT, roleKey: 'GROUP_LEADER', action: '向组长报告调用警力的理由和经过', due: due(1, 'HOURS'), evidenceRequired: false }],
  },
];

const FACTS = 'intakeChannel interpreterNeeded policeCalled';
const INCIDENT = `query($id: ID!) { incident(id: $id) { id levelKey intakeChannel interpreterLanguage
  policeDecision { called decidedAt reason recordedAt decidedBy { id } recordedBy { id } }
  levelHistory { sequence levelKey facts { ${FACTS} } explanation { description matched } }
  tasks { dutyKey } history { event } } }`;
const POLICE = 'recordPoliceDecision';
const POLICE_SELECTION = 'incident { id version policeDecision { called reason decidedBy { id } } }';

let server: TestServer;
let t: Township;

beforeAll(async () => {
  server = await startTestServer();
  t = await township(server, LEVELS);
});
afterAll(async () => {
  await server?.stop();
});

describe('intake channel', () => {
  it('a petition at a temporary reception point matches a trigger on the channel; the match records it', async () => {
    const i = await reportAt(server, t, 60_000, { intakeChannel: 'TEMPORARY_RECEPTION_POINT' });
    const read = (await ok<any>(server.url, INCIDENT, { id: i.id }, t.director.token)).incident;
    expect(read).toMatchObject({ levelKey: 'DISASTER_CHANNEL', intakeChannel: 'TEMPORARY_RECEPTION_POINT', interpreterLanguage: null, policeDecision: null });
    expect(read.tasks.map((x: any) => x.dutyKey)).toEqual(['point']);
    expect(read.levelHistory[0].facts).toEqual({ intakeChannel: 'TEMPORARY_RECEPTION_POINT', interpreterNeeded: false, policeCalled: null });
    expect(read.levelHistory[0].explanation).toEqual([{ description: '信访渠道为临时接待点、移动信访车 / intake channel is one of [TEMPORARY_RECEPTION_POINT, MOBILE_VEHICLE]', matched: true }]);
  });

  it('a window visit does not; a letter is taken to have come by letter, a transfer by transfer', async () => {
    const window = await reportAt(server, t, 60_000, { intakeChannel: 'WINDOW' });
    const letter = await reportAt(server, t, 60_000, { category: 'LETTER' });
    const transferred = await reportAt(server, t, 60_000, { transferredFrom: '县信访局' });
    const plain = await reportAt(server, t, 60_000);
    const read = async (id: string) => (await ok<any>(server.url, INCIDENT, { id }, t.director.token)).incident;
    expect(await read(window.id)).toMatchObject({ levelKey: 'TOWNSHIP_SINGLE', intakeChannel: 'WINDOW' });
    expect(await read(letter.id)).toMatchObject({ intakeChannel: 'LETTER' });
    expect(await read(transferred.id)).toMatchObject({ intakeChannel: 'TRANSFERRED' });
    expect(await read(plain.id)).toMatchObject({ intakeChannel: null });
  });

  it('previewResponseLevel takes the channel among the facts', async () => {
    const q = `query($facts: IncidentFactsInput!) { previewResponseLevel(facts: $facts) { level { key } } }`;
    expect((await ok<any>(server.url, q, { facts: { category: 'INDIVIDUAL_VISIT', intakeChannel: 'MOBILE_VEHICLE' } }, t.director.token)).previewResponseLevel.level.key).toBe('DISASTER_CHANNEL');
    expect((await ok<any>(server.url, q, { facts: { category: 'INDIVIDUAL_VISIT', intakeChannel: 'PHONE' } }, t.director.token)).previewResponseLevel.level.key).toBe('TOWNSHIP_SINGLE');
  });
});

describe('interpreter language', () => {
  it('a language to serve in is kept canonical and matches an INTERPRETER trigger', async () => {
    const i = await reportAt(server, t, 60_000, { interpreterLanguage: 'EN' });
    const read = (await ok<any>(server.url, INCIDENT, { id: i.id }, t.director.token)).incident;
    expect(read).toMatchObject({ levelKey: 'FOREIGN_LANGUAGE', interpreterLanguage: 'en' });
    expect(read.levelHistory[0].facts.interpreterNeeded).toBe(true);
    const script = await reportAt(server, t, 60_000, { interpreterLanguage: 'zh-Hant' });
    expect((await ok<any>(server.url, INCIDENT, { id: script.id }, t.director.token)).incident.interpreterLanguage).toBe('zh-Hant');
  });

  it('anything but a language (and script) is refused: no region, no other subtags, no free text', async () => {
    for (const tag of ['en-US', 'zh-Hant-CN', 'en-u-ca-gregory', 'und', '外国人', 'x']) {
      const res = await gql<any>(server.url, `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } userErrors { code field } } }`, {
        input: { category: 'INDIVIDUAL_VISIT', headcount: 1, occurredAt: new Date(Date.now() - 60_000).toISOString(), summary: '反映问题', demands: '要求答复', unitId: t.village, interpreterLanguage: tag },
      }, t.director.token);
      expect(res.data.reportIncident, tag).toEqual({ incident: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'interpreterLanguage'] }] });
    }
  });
});

describe('police decision', () => {
  let incidentId: string;

  it('a decision not to call the police, taken by the deputy and entered by the director, is on the incident with its ground', async () => {
    incidentId = (await reportAt(server, t, 60_000, { category: 'GROUP_VISIT', headcount: 12 })).id;
    const decidedAt = new Date(Date.now() - 30_000).toISOString();
    const r = await act(server, POLICE, 'RecordPoliceDecisionInput', {
      incidentId, called: false, decidedById: t.deputy.memberId, decidedAt, reason: '领导出面接待，群众情绪平稳，未调用警力，保安维持秩序',
    }, t.director.token, POLICE_SELECTION);
    expect(r.userErrors).toEqual([]);
    expect(r.incident.policeDecision).toEqual({ called: false, reason: '领导出面接待，群众情绪平稳，未调用警力，保安维持秩序', decidedBy: { id: t.deputy.memberId } });
  });

  it('the auditor reads it, with who decided and who entered it, and the log entry', async () => {
    const read = (await ok<any>(server.url, INCIDENT, { id: incidentId }, t.auditor.token)).incident;
    expect(read.policeDecision).toMatchObject({ called: false, decidedBy: { id: t.deputy.memberId }, recordedBy: { id: t.director.memberId } });
    expect(read.history.map((h: any) => h.event)).toContain('POLICE_DECISION');
    const log = await ok<any>(server.url, `{ auditLog(first: 20) { edges { node { action reason incidentId event } } } }`, {}, t.auditor.token);
    const entry = log.auditLog.edges.map((e: any) => e.node).find((n: any) => n.action === 'incident.record_police_decision');
    expect(entry).toMatchObject({ incidentId, event: 'POLICE_DECISION' });
    expect(entry.reason).toMatch(/^police deliberately not called: 领导出面接待/);
  });

  it('the auditor cannot record one; a decision without a ground or in the future is refused and changes nothing', async () => {
    const refused = await gql<any>(server.url, `mutation($input: RecordPoliceDecisionInput!) { recordPoliceDecision(input: $input) { incident { id } } }`,
      { input: { incidentId, called: true, reason: '审计' } }, t.auditor.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const blank = await act(server, POLICE, 'RecordPoliceDecisionInput', { incidentId, called: true, reason: '   ' }, t.director.token, POLICE_SELECTION);
    expect(blank.userErrors.map((e: any) => e.field.join('.'))).toEqual(['input.reason']);
    const future = await act(server, POLICE, 'RecordPoliceDecisionInput', { incidentId, called: true, reason: '现场发生冲突', decidedAt: new Date(Date.now() + 3_600_000).toISOString() }, t.director.token, POLICE_SELECTION);
    expect(future.userErrors.map((e: any) => e.field.join('.'))).toEqual(['input.decidedAt']);
    const read = (await ok<any>(server.url, INCIDENT, { id: incidentId }, t.director.token)).incident;
    expect(read.policeDecision.called).toBe(false);
  });

  it('the accountability report counts incidents by their police decision', async () => {
    const q = `query($period: AccountabilityPeriodInput!) { accountabilityReport(period: $period) { policeDecisions { incidents called notCalled undecided } } }`;
    const period = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const counts = (await ok<any>(server.url, q, { period }, t.auditor.token)).accountabilityReport.policeDecisions;
    expect(counts.notCalled).toBe(1);
    expect(counts.called).toBe(0);
    expect(counts.undecided).toBe(counts.incidents - 1);
  });

  it('a later decision to call the police replaces it; a trigger on POLICE matches at the next escalation', async () => {
    const r = await act(server, POLICE, 'RecordPoliceDecisionInput', { incidentId, called: true, reason: '有人员打砸办公设备，依法通知派出所维持秩序' }, t.leader.token, POLICE_SELECTION);
    expect(r.incident.policeDecision).toMatchObject({ called: true, decidedBy: { id: t.leader.memberId } });
    const e = await act(server, 'escalateIncident', 'EscalateIncidentInput', { incidentId, addConductFlags: ['VIOLENCE_OR_DAMAGE'], reason: '现场发生打砸' }, t.leader.token, 'incident { id levelKey }');
    expect(e.userErrors).toEqual([]);
    expect(e.incident.levelKey).toBe('POLICE_CALLED');
    const read = (await ok<any>(server.url, INCIDENT, { id: incidentId }, t.auditor.token)).incident;
    expect(read.levelHistory.at(-1).facts.policeCalled).toBe(true);
    expect(raw(incidentId)).toBeTruthy();
  });
});
