import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { EventSubscription, WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL, acknowledge, addReport, escalate, reportIncident } from '../support/realtime.js';
import { TEST_LEVELS, publishPlan } from '../support/incidents.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { captureLogs } from '../support/log-capture.js';

// incidentEvents over real graphql-ws clients, driven by real incident mutations.
/** Generous: the suite runs files in parallel (never a speed assertion). */
const SLOW = 180_000;
let server: TestServer;
let tenant: TenantFixture;
let office: string;
let village: string;
type M = { memberId: string; token: string; email: string };
let reporter: M;
const sessions: WsSession[] = [];

function open(token: string): WsSession {
  const s = new WsSession(server.wsUrl, token);
  sessions.push(s);
  return s;
}

/** Subscribes and waits until the server has registered it (so "from now on" includes what follows). */
async function subscribe(token: string, variables: Record<string, unknown> = {}, query = INCIDENT_EVENTS_FULL): Promise<{ session: WsSession; sub: EventSubscription }> {
  const session = open(token);
  await session.connected();
  const before = server.realtime.hub.snapshot().subscribers;
  const sub = session.subscribe(query, variables);
  await waitUntil(() => server.realtime.hub.snapshot().subscribers > before || sub.errors.length > 0, 'the subscription to register');
  await waitUntil(() => server.realtime.hub.snapshot().feeds > 0, 'the feed');
  return { session, sub };
}

/** The entries' own events, without the TASK_ASSIGNED events derived from the tasks they created. */
const own = (s: EventSubscription) => s.events.filter((e) => e.kind !== 'TASK_ASSIGNED');

/** Nothing in flight: the hub's counters stay still for a moment (so "nothing more arrives" can be checked). */
async function settled(): Promise<void> {
  let last = '';
  await waitUntil(async () => {
    const { delivered, logReads, renders } = server.realtime.hub.snapshot();
    const now = `${delivered}/${logReads}/${renders}`;
    const stable = now === last;
    last = now;
    if (!stable) await new Promise((r) => setTimeout(r, 300));
    return stable;
  }, 'the feeds to settle');
}

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '信访办公室', 'OFFICE');
  village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
  await publishPlan(server, tenant, TEST_LEVELS);
  reporter = await addMember(server, tenant, ['MEMBER']);
});

afterEach(async () => {
  // Each test counts its own subscribers and renders.
  await Promise.all(sessions.splice(0).map((s) => s.dispose().catch(() => undefined)));
  await waitUntil(() => server.realtime.hub.snapshot().subscribers === 0, 'the subscriptions to end');
});

afterAll(async () => {
  await server?.stop();
});

describe('live events', () => {
  it('delivers each change with its cursor, kind, time, actor and the incident as the subscriber sees it', async () => {
    const watcher = await addMember(server, tenant, ['LIAISON']);
    const { sub } = await subscribe(watcher.token);
    const incident = await reportIncident(server.url, reporter.token, office, { summary: '村民反映道路修建占地补偿问题' });
    await acknowledge(server.url, reporter.token, incident);
    await addReport(server.url, reporter.token, incident);
    await waitUntil(() => own(sub).length >= 3, 'three events');
    await settled();
    const events = own(sub);
    expect(events.map((e) => e.kind)).toEqual(['REPORTED', 'ACKNOWLEDGED', 'REPORT_ADDED']);
    expect(events.map((e) => e.action)).toEqual(['incident.report', 'incident.acknowledge', expect.stringMatching(/report/)]);
    for (const e of events) {
      expect(e.incidentId).toBe(incident);
      expect(e.actor).toEqual({ kind: 'USER', memberId: reporter.memberId, roles: ['MEMBER'] });
      expect(new Date(e.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(e.incident).toMatchObject({ id: incident, summary: '村民反映道路修建占地补偿问题', unit: { id: office }, confidential: false });
    }
    // The incident is resolved now: it shows its current status in every event.
    expect(events[2].incident.status).toBe('ACKNOWLEDGED');
    // Cursors are opaque and grow with the log; a report's TASK_ASSIGNED events share its cursor.
    expect(new Set(sub.cursors()).size).toBe(3);
    expect(sub.events.filter((e) => e.kind === 'TASK_ASSIGNED').every((e) => e.cursor === events[0].cursor)).toBe(true);
  }, SLOW);

  it('keeps to the unit subtree, the filter, and never shows a confidential case to its subject or a recused member', async () => {
    const villager = await addMember(server, tenant, ['LIAISON'], village);
    const subject = await addMember(server, tenant, ['LIAISON']);
    const recused = await addMember(server, tenant, ['LIAISON']);
    const colleague = await addMember(server, tenant, ['LIAISON']);
    const inVillage = await subscribe(villager.token);
    const ofSubject = await subscribe(subject.token);
    const ofRecused = await subscribe(recused.token);
    const ofColleague = await subscribe(colleague.token);
    const onlyEscalations = await subscribe(colleague.token, { filter: { kinds: ['ESCALATED'] } });
    const onlyVillage = await subscribe(colleague.token, { filter: { unit: village } });
    const countyAndUp = await subscribe(colleague.token, { filter: { minLevel: 'COUNTY' } });

    const officeCase = await reportIncident(server.url, reporter.token, office);
    const villageCase = await reportIncident(server.url, reporter.token, village);
    const secret = await reportIncident(server.url, reporter.token, office, {
      category: 'REPORT_AGAINST_OFFICIAL',
      summary: '举报某干部违规收取费用',
      subjectMemberIds: [subject.memberId],
      recusedMemberIds: [recused.memberId],
    });
    await escalate(server.url, reporter.token, villageCase, 'COUNTY');
    await addReport(server.url, reporter.token, secret);
    await addReport(server.url, reporter.token, officeCase);

    await waitUntil(() => own(ofColleague.sub).length >= 6 && own(onlyVillage.sub).length >= 2, 'the events');
    await settled();
    // A task of the confidential case never reaches its subject or a recused member either.
    for (const s of [ofSubject.sub, ofRecused.sub]) expect(s.events.filter((e) => e.incidentId === secret)).toEqual([]);
    const kindsOf = (s: EventSubscription) => own(s).map((e) => `${e.kind}:${e.incidentId === officeCase ? 'office' : e.incidentId === villageCase ? 'village' : 'secret'}`);
    expect(kindsOf(ofColleague.sub)).toEqual(['REPORTED:office', 'REPORTED:village', 'REPORTED:secret', 'ESCALATED:village', 'REPORT_ADDED:secret', 'REPORT_ADDED:office']);
    expect(own(ofColleague.sub)[2].incident.confidential).toBe(true);
    expect(kindsOf(inVillage.sub)).toEqual(['REPORTED:village', 'ESCALATED:village']);
    expect(kindsOf(ofSubject.sub)).toEqual(['REPORTED:office', 'REPORTED:village', 'ESCALATED:village', 'REPORT_ADDED:office']);
    expect(kindsOf(ofRecused.sub)).toEqual(kindsOf(ofSubject.sub));
    expect(kindsOf(onlyEscalations.sub)).toEqual(['ESCALATED:village']);
    expect(kindsOf(onlyVillage.sub)).toEqual(['REPORTED:village', 'ESCALATED:village']);
    // The level is the incident's now: after the escalation both of its events pass the filter.
    expect(kindsOf(countyAndUp.sub)).toEqual(['ESCALATED:village']);
  }, SLOW);

  it('reads the log once per wake-up and renders once per shape, whatever the number of subscribers', async () => {
    const same: M[] = [];
    for (let i = 0; i < 4; i++) same.push(await addMember(server, tenant, ['LIAISON']));
    const subs: EventSubscription[] = [];
    for (const m of same) for (let i = 0; i < 3; i++) subs.push((await subscribe(m.token)).sub);
    const leader = await addMember(server, tenant, ['GROUP_LEADER']);
    const other = (await subscribe(leader.token)).sub;
    await settled();
    const incident = await reportIncident(server.url, reporter.token, office);
    await Promise.all(subs.map((s) => s.waitFor(1)));
    await other.waitFor(1);
    await settled();
    const before = server.realtime.hub.snapshot();
    for (let i = 0; i < 5; i++) {
      await addReport(server.url, reporter.token, incident, `第${i}次报告`);
      await Promise.all(subs.map((s) => s.waitFor(i + 2)));
      await other.waitFor(i + 2);
      await settled();
    }
    const after = server.realtime.hub.snapshot();
    const subscribers = subs.length + 1;
    expect(after.delivered - before.delivered).toBeGreaterThanOrEqual(5 * subscribers);
    // Twelve liaison subscriptions share one shape; the leader (other permissions) is a second one.
    expect(after.renders - before.renders).toBe(5 * 2);
    // One live read per wake-up on this instance, not one per subscriber.
    expect(after.logReads - before.logReads).toBeLessThanOrEqual(after.wakeups - before.wakeups);
    expect(after.logReads - before.logReads).toBeLessThan(5 * subscribers);
    // And every subscriber got the same bytes for the same event.
    const payloads = new Set(subs.map((s) => JSON.stringify(s.events.slice(-5))));
    expect(payloads.size).toBe(1);
  }, SLOW);

  it('follows permission changes at once: a member moved to a village stops seeing the office', async () => {
    const mover = await addMember(server, tenant, ['LIAISON']);
    const { sub } = await subscribe(mover.token);
    const before = await reportIncident(server.url, reporter.token, office);
    await sub.waitFor(1);
    await ok(
      server.url,
      `mutation($input: AssignRoleInput!) { assignRole(input: $input) { member { id } userErrors { code message } } }`,
      { input: { memberId: mover.memberId, roleIds: [tenant.roles.LIAISON], unitId: village } },
      tenant.adminToken,
    );
    await addReport(server.url, reporter.token, before);
    const villageCase = await reportIncident(server.url, reporter.token, village);
    await waitUntil(() => own(sub).length >= 2, 'two events');
    await settled();
    expect(own(sub).map((e) => e.incidentId)).toEqual([before, villageCase]);
  }, SLOW);

  it('ends the subscription with FORBIDDEN when the member loses INCIDENT_READ', async () => {
    const demoted = await addMember(server, tenant, ['LIAISON']);
    const { sub } = await subscribe(demoted.token);
    await ok(
      server.url,
      `mutation($input: AssignRoleInput!) { assignRole(input: $input) { member { id } userErrors { code message } } }`,
      { input: { memberId: demoted.memberId, roleIds: [tenant.roles.TENANT_ADMIN] } },
      tenant.adminToken,
    );
    await reportIncident(server.url, reporter.token, office);
    await waitUntil(() => sub.errors.length > 0, 'the subscription to end');
    expect(JSON.stringify(sub.errors)).toContain('FORBIDDEN');
    expect(sub.events).toEqual([]);
  }, SLOW);
});

describe('resuming with after', () => {
  it('replays every matching event since the cursor in order, then goes live with no gap and no duplicate', async () => {
    const watcher = await addMember(server, tenant, ['LIAISON']);
    const first = await subscribe(watcher.token);
    const incident = await reportIncident(server.url, reporter.token, office);
    await first.sub.waitFor(1);
    const cursor = first.sub.lastCursor();
    await first.session.dispose();
    for (let i = 0; i < 30; i++) await addReport(server.url, reporter.token, incident, `离线期间第${i}次`);
    // Writes keep coming while the replay runs: the seam between replay and live must hold.
    let writing = true;
    let written = 30;
    const writer = (async () => {
      while (writing) {
        await addReport(server.url, reporter.token, incident, `重连期间第${written}次`);
        written += 1;
      }
    })();
    const again = await subscribe(watcher.token, { after: cursor });
    await again.sub.waitFor(45);
    writing = false;
    await writer;
    await again.sub.waitFor(written);
    await settled();
    expect(again.sub.events).toHaveLength(written);
    expect(again.sub.events.every((e) => e.kind === 'REPORT_ADDED' && e.incidentId === incident)).toBe(true);
    expect(new Set(again.sub.cursors()).size).toBe(written);
    expect(again.sub.cursors()).not.toContain(cursor);
    // In log order: the sequence inside each cursor only grows.
    const seqs = again.sub.cursors().map((c) => JSON.parse(Buffer.from(c, 'base64url').toString())[1] as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }, SLOW);

  it('paces a long replay by the socket instead of dropping the client', async () => {
    const local = await startTestServer({ databaseUrl: server.databaseUrl, env: { WS_MAX_BUFFERED_BYTES: '131072' } });
    try {
      const watcher = await addMember(server, tenant, ['LIAISON']);
      const incident = await reportIncident(server.url, reporter.token, office, { summary: '长'.repeat(2000) });
      const s0 = new WsSession(local.wsUrl, watcher.token);
      sessions.push(s0);
      await s0.connected();
      const probe = s0.subscribe(INCIDENT_EVENTS_FULL);
      await waitUntil(() => local.realtime.hub.snapshot().subscribers === 1, 'the probe');
      await addReport(server.url, reporter.token, incident);
      await probe.waitFor(1);
      const cursor = probe.lastCursor();
      await s0.dispose();
      for (let i = 0; i < 120; i++) await addReport(server.url, reporter.token, incident, `第${i}次`);
      const s = new WsSession(local.wsUrl, watcher.token);
      sessions.push(s);
      await s.connected();
      // Each event is ~6 KB here: 120 of them are far beyond the 128 KB a live client may lag.
      const replay = s.subscribe(INCIDENT_EVENTS_FULL, { after: cursor });
      await replay.waitFor(120, 150_000);
      expect(s.closedWith).toBeNull();
      expect(new Set(replay.cursors()).size).toBe(120);
    } finally {
      await local.stop();
    }
  }, SLOW);
});

describe('a slow consumer', () => {
  it('is closed with 1013 and what was queued for it is released', async () => {
    const logs = captureLogs('warn');
    const local = await startTestServer({ databaseUrl: server.databaseUrl, env: { WS_MAX_BUFFERED_BYTES: '65536' }, logger: logs.logger });
    try {
      const watcher = await addMember(server, tenant, ['LIAISON']);
      const incident = await reportIncident(server.url, reporter.token, office, { summary: '慢'.repeat(4000), demands: '诉'.repeat(4000) });
      const s = new WsSession(local.wsUrl, watcher.token);
      sessions.push(s);
      await s.connected();
      const wide = `subscription { incidentEvents { cursor incident { summary demands a: summary b: demands } } }`;
      for (let i = 0; i < 10; i++) s.subscribe(wide);
      await waitUntil(() => local.realtime.hub.snapshot().subscribers === 10, 'ten subscriptions');
      // The client stops reading: the kernel buffers fill, then the server's queue.
      (s.sockets[0] as unknown as { _socket: { pause(): void } })._socket.pause();
      const memberId = parseGlobalId(watcher.memberId)!.id;
      const connection = local.realtime.registry.connections().find((c) => c.memberKey === memberId)!;
      let writes = 0;
      let peak = 0;
      while (!connection.closed && writes < 2_000) {
        await addReport(server.url, reporter.token, incident, `第${writes}次`);
        writes += 1;
        peak = Math.max(peak, connection.sendQueue.pendingBytes);
      }
      expect(connection.closed).toBe(true);
      expect(connection.closeReason?.code).toBe(1013);
      // Bounded while it lasted, and nothing of it stays: no subscriber, no queue.
      expect(peak).toBeLessThanOrEqual(65536);
      expect(connection.sendQueue.queuedBytes).toBe(0);
      expect(connection.subscriptions.size).toBe(0);
      await waitUntil(() => local.realtime.hub.snapshot().subscribers === 0, 'the subscribers to be released');
      expect(local.realtime.registry.connections()).not.toContain(connection);
      (s.sockets[0] as unknown as { _socket: { resume(): void } })._socket.resume();
      const closed = await s.closed();
      expect(closed.code).toBe(1013);
      expect(closed.reason).toMatch(/slow consumer/i);
      // Logged once, with who it was and how much waited for it.
      const dropped = logs.lines.filter((l) => /slow websocket consumer/.test(l.msg));
      expect(dropped).toEqual([expect.objectContaining({ level: 40, memberId, tenantId: parseGlobalId(tenant.id)!.id, maxBufferedBytes: 65536 })]);
      expect(dropped[0].bufferedBytes).toBeGreaterThan(0);
      expect(dropped[0].bufferedBytes).toBeLessThanOrEqual(65536);
    } finally {
      await local.stop();
    }
  }, SLOW);
});
