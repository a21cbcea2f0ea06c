// Plan 003 in a city: response levels are exclusive, supplementary measures
// add their duties beside the level's. An individual at risk of self-harm
// after a natural disaster goes to the province, then others join: the level
// rises, measures come and one stops matching, and no duty already done is
// created again.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { staffLeadingGroup, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { createDraft, publish } from '../support/plans.js';
import { reportInput, takeOverAndComplete } from '../support/incidents.js';

let server: TestServer;
let tenant: TenantFixture;
type M = { memberId: string; token: string; email: string };
let leader: M, director: M;

const TASKS = 'tasks { id dutyKey dutyKind levelKey measureKey status action }';
const INCIDENT = `id levelKey measureKeys riskFlags headcount levelReached
  measures { key name appliedAt matchesNow explanation { path matched description } }
  levelHistory { sequence levelKey levelChanged measures { key added explanation { path matched } } facts { riskFlags topics } }
  ${TASKS}`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { ${INCIDENT} } warnings { code } userErrors { code field message } } }`;
const ESCALATE = `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) {
  incident { ${INCIDENT} } levelChanged measuresAdded newTasks { dutyKey levelKey measureKey } warnings { code message } userErrors { code field message } } }`;
const PREVIEW = `query($facts: IncidentFactsInput!) { previewResponseLevel(facts: $facts) {
  level { key duties { key } } explanation { path matched description }
  measures { measure { key name duties { key action } } explanation { path matched description } } } }`;

type Task = { id: string; dutyKey: string; levelKey: string; measureKey: string | null; status: string };
/** "part.duty" for each task (part: the level's or the measure's key), sorted. */
const keys = (tasks: Task[], status?: string) => tasks.filter((t) => !status || t.status === status).map((t) => `${t.measureKey ? 'M:' : 'L:'}${t.levelKey}.${t.dutyKey}`).sort();
const byDuty = (tasks: Task[], part: string, duty: string) => tasks.find((t) => t.levelKey === part && t.dutyKey === duty && t.status === 'OPEN')!;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'CITY');
  ({ leader, director } = await staffLeadingGroup(server, tenant));
  const draft = await createDraft(server, leader.token, { source: 'TEMPLATE', templateKey: 'CITY_COUNTY' });
  expect((await publish(server, leader.token, draft.id)).userErrors).toEqual([]);
});
afterAll(async () => {
  await server?.stop();
});

describe('plan 003: levels and supplementary measures side by side', () => {
  let incidentId: string;

  it('the plan shows its measures; previewResponseLevel answers the level and each measure with the conditions that matched', async () => {
    const plan = await ok<any>(server.url, `query { activePlan { levels { key } measures { key name trigger { combine } duties { key action } } } }`, {}, leader.token);
    expect(plan.activePlan.levels.map((l: any) => l.key)).toEqual(['ABNORMAL_VISIT', 'REACHED_HIGHER', 'GROUP_VISIT', 'GENERAL_PETITION']);
    expect(plan.activePlan.measures.map((m: any) => m.key)).toEqual(['SAFETY', 'LANGUAGE_SERVICE', 'EXTREME_INDIVIDUAL', 'ONLINE', 'DISASTER', 'MAJOR_EVENT', 'FOREIGN', 'ETHNIC_RELIGIOUS', 'REPRESENTATIVES', 'LEADERS_PRESENT', 'POLICE_SPARINGLY']);

    const p = await ok<any>(server.url, PREVIEW, { facts: { category: 'INDIVIDUAL_VISIT', headcount: 1, riskFlags: ['SELF_HARM_RISK'], topics: ['自然灾害'], alertPeriodActive: false } }, director.token);
    const r = p.previewResponseLevel;
    expect(r.level.key).toBe('GENERAL_PETITION');
    expect(r.measures.map((m: any) => m.measure.key)).toEqual(['SAFETY', 'EXTREME_INDIVIDUAL', 'DISASTER']);
    expect(r.measures[0].measure.duties[0].action).toContain('确保人身安全');
    expect(r.measures[1].explanation).toEqual([
      { path: 'conditions[0]', matched: true, description: '人数不超过4人 / headcount at most 4' },
      { path: 'conditions[1]', matched: true, description: '存在以下任一风险：有自伤风险、有暴力行为或危险 / any of these risk flags: [SELF_HARM_RISK, VIOLENCE]' },
    ]);
    expect(r.measures[2].explanation.map((e: any) => [e.path, e.matched])).toEqual([['conditions[0]', true]]);
  });

  it('reporting creates the level\'s duties and each measure\'s, side by side', async () => {
    const r = await ok<any>(server.url, REPORT, { input: reportInput(tenant.rootUnitId, { riskFlags: ['SELF_HARM_RISK'], topics: ['自然灾害'], summary: '受灾群众反映灾后补助未发放，情绪激动，有自伤言行' }) }, director.token);
    expect(r.reportIncident.userErrors).toEqual([]);
    const i = r.reportIncident.incident;
    incidentId = i.id;
    expect(i).toMatchObject({ levelKey: 'GENERAL_PETITION', measureKeys: ['SAFETY', 'EXTREME_INDIVIDUAL', 'DISASTER'], riskFlags: ['SELF_HARM_RISK'] });
    expect(keys(i.tasks)).toEqual([
      'L:GENERAL_PETITION.investigate', 'L:GENERAL_PETITION.register',
      'M:DISASTER.emergency-channel', 'M:DISASTER.relief',
      'M:EXTREME_INDIVIDUAL.joint', 'M:EXTREME_INDIVIDUAL.record', 'M:EXTREME_INDIVIDUAL.understand',
      'M:SAFETY.safety',
    ]);
    expect(i.measures.map((m: any) => [m.key, m.appliedAt, m.matchesNow])).toEqual([['SAFETY', 1, true], ['EXTREME_INDIVIDUAL', 1, true], ['DISASTER', 1, true]]);
    expect(i.levelHistory[0].measures.map((m: any) => [m.key, m.added])).toEqual([['SAFETY', true], ['EXTREME_INDIVIDUAL', true], ['DISASTER', true]]);
    expect(i.levelHistory[0].facts.riskFlags).toEqual(['SELF_HARM_RISK']);

    // Work done before the petitioner went on: safety, registration, the investigation and the temporary reception point.
    for (const [part, duty] of [['SAFETY', 'safety'], ['GENERAL_PETITION', 'register'], ['GENERAL_PETITION', 'investigate'], ['DISASTER', 'emergency-channel']] as const) {
      const done = await takeOverAndComplete(server.url, leader, byDuty(i.tasks, part, duty).id, { note: '已办理' });
      expect(done.task.status, `${part}.${duty}`).toBe('DONE');
    }
  });

  it('reaching the province raises the level: its duties come, measures already applied add nothing, done duties are not created again', async () => {
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId, levelReached: 'PROVINCE', reason: '信访人前往省信访局' } }, director.token);
    const r = e.escalateIncident;
    expect(r.userErrors).toEqual([]);
    expect(r.levelChanged).toBe(true);
    expect(r.measuresAdded).toEqual([]);
    expect(r.incident.levelKey).toBe('REACHED_HIGHER');
    // REACHED_HIGHER's investigate is the duty already done at the general level: not created again.
    expect(r.newTasks.map((t: any) => `${t.levelKey}.${t.dutyKey}`).sort()).toEqual(['REACHED_HIGHER.contact', 'REACHED_HIGHER.daily-report', 'REACHED_HIGHER.own-case', 'REACHED_HIGHER.responsible-leader']);
    const tasks: Task[] = r.incident.tasks;
    expect(tasks.filter((t) => t.dutyKey === 'investigate').map((t) => [t.levelKey, t.status])).toEqual([['GENERAL_PETITION', 'DONE']]);
    expect(tasks.filter((t) => t.dutyKey === 'safety').map((t) => t.status)).toEqual(['DONE']);
    // Level duties and measure duties stand side by side: the measures' open tasks are untouched by the new level.
    expect(keys(tasks, 'OPEN')).toEqual([
      'L:REACHED_HIGHER.contact', 'L:REACHED_HIGHER.daily-report', 'L:REACHED_HIGHER.own-case', 'L:REACHED_HIGHER.responsible-leader',
      'M:DISASTER.relief',
      'M:EXTREME_INDIVIDUAL.joint', 'M:EXTREME_INDIVIDUAL.record', 'M:EXTREME_INDIVIDUAL.understand',
    ]);
    expect(r.incident.levelHistory[1].measures.map((m: any) => [m.key, m.added])).toEqual([['SAFETY', false], ['EXTREME_INDIVIDUAL', false], ['DISASTER', false]]);
  });

  it('others join: new measures add their duties, the extreme-individual measure stops matching but keeps its tasks and history', async () => {
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId, headcount: 6, reason: '另有五名受灾群众一同前往' } }, director.token);
    const r = e.escalateIncident;
    expect(r.userErrors).toEqual([]);
    expect(r.levelChanged).toBe(false);
    expect(r.incident.levelKey).toBe('REACHED_HIGHER');
    expect(r.measuresAdded).toEqual(['REPRESENTATIVES', 'LEADERS_PRESENT']);
    expect(r.warnings.map((w: any) => w.code)).toContain('LEVEL_UNCHANGED');
    expect(r.newTasks.map((t: any) => `${t.measureKey}.${t.dutyKey}`)).toEqual(['REPRESENTATIVES.representatives', 'LEADERS_PRESENT.leader']);
    const i = r.incident;
    expect(i.measureKeys).toEqual(['SAFETY', 'DISASTER', 'REPRESENTATIVES', 'LEADERS_PRESENT']);
    expect(i.measures.map((m: any) => [m.key, m.appliedAt, m.matchesNow])).toEqual([
      ['SAFETY', 1, true], ['EXTREME_INDIVIDUAL', 1, false], ['DISASTER', 1, true], ['REPRESENTATIVES', 3, true], ['LEADERS_PRESENT', 3, true],
    ]);
    expect(keys(i.tasks.filter((t: Task) => t.measureKey === 'EXTREME_INDIVIDUAL'), 'OPEN')).toEqual(['M:EXTREME_INDIVIDUAL.joint', 'M:EXTREME_INDIVIDUAL.record', 'M:EXTREME_INDIVIDUAL.understand']);
    // Nothing was created twice: one task per (part, duty) besides recurring occurrences.
    const once = i.tasks.map((t: Task) => `${t.levelKey}.${t.dutyKey}`);
    expect(new Set(once).size).toBe(once.length);
    expect(i.levelHistory.map((l: any) => [l.sequence, l.levelKey, l.levelChanged])).toEqual([[1, 'GENERAL_PETITION', true], [2, 'REACHED_HIGHER', true], [3, 'REACHED_HIGHER', false]]);
  });

  it('a new risk with no other change is a new fact; a repeated one is nothing to escalate', async () => {
    const e = await ok<any>(server.url, ESCALATE, { input: { incidentId, addRiskFlags: ['MINORS_PRESENT'], reason: '同行人员中有未成年人' } }, director.token);
    expect(e.escalateIncident.userErrors).toEqual([]);
    expect(e.escalateIncident.incident.riskFlags).toEqual(['SELF_HARM_RISK', 'MINORS_PRESENT']);
    // The safety measure applied already: its done duty is not created again.
    expect(e.escalateIncident.newTasks).toEqual([]);
    const again = await gql<any>(server.url, ESCALATE, { input: { incidentId, addRiskFlags: ['MINORS_PRESENT'], reason: '重复' } }, director.token);
    expect(again.data.escalateIncident.userErrors.map((x: any) => x.code)).toEqual(['NOTHING_TO_ESCALATE']);
  });

  it('a language to serve in brings the interpreter duty beside the level, and a 涉外 matter the foreign-affairs duties too', async () => {
    const r = await ok<any>(server.url, REPORT, { input: reportInput(tenant.rootUnitId, { topics: ['涉外'], interpreterLanguage: 'en', summary: '外籍人员反映劳动报酬被拖欠' }) }, director.token);
    expect(r.reportIncident.userErrors).toEqual([]);
    const i = r.reportIncident.incident;
    expect(i.measureKeys).toEqual(['LANGUAGE_SERVICE', 'FOREIGN']);
    expect(keys(i.tasks).filter((k: string) => k.startsWith('M:'))).toEqual(['M:FOREIGN.foreign-affairs', 'M:FOREIGN.language-check', 'M:LANGUAGE_SERVICE.interpreter']);
    const plain = await ok<any>(server.url, REPORT, { input: reportInput(tenant.rootUnitId, { interpreterLanguage: 'ug', summary: '反映宅基地确权纠纷' }) }, director.token);
    expect(plain.reportIncident.incident.measureKeys).toEqual(['LANGUAGE_SERVICE']);
  });
});
