// The sweeper's incident events reach duty-room subscribers over graphql-ws:
// TASK_OVERDUE for a missed duty, CLOCK_DUE_SOON and CLOCK_MISSED for a
// statutory clock, each by the SYSTEM actor, and only for those who may see
// the incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit } from '../support/fixtures.js';
import { WsSession, waitUntil } from '../support/ws.js';
import { INCIDENT_EVENTS_FULL } from '../support/realtime.js';
import { at, hours, minutes, reportAt, sweep, taskOf, township, type Township } from '../support/accountability.js';

let server: TestServer;
let t: Township;
const sessions: WsSession[] = [];

beforeAll(async () => {
  server = await startTestServer();
  t = await township(server);
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.dispose().catch(() => undefined)));
  await server?.stop();
});

async function subscribe(token: string) {
  const session = new WsSession(server.wsUrl, token);
  sessions.push(session);
  await session.connected();
  const before = server.realtime.hub.snapshot().subscribers;
  const sub = session.subscribe(INCIDENT_EVENTS_FULL, { filter: {} });
  await waitUntil(() => server.realtime.hub.snapshot().subscribers > before || sub.errors.length > 0, 'the subscription to register');
  return sub;
}

describe('sweeper events in the duty room', () => {
  it('TASK_OVERDUE, CLOCK_DUE_SOON and CLOCK_MISSED arrive from the SYSTEM actor, for those who see the incident', async () => {
    const incident = await reportAt(server, t, minutes(1));
    const room = await subscribe(t.deputy.token);
    // A member of another village does not see this village's incident, nor its events.
    const west = await createUnit(server, t.tenant.adminToken, t.tenant.rootUnitId, '西村', 'VILLAGE');
    const elsewhere = await addMember(server, t.tenant, ['OFFICE_DIRECTOR'], west, [west]);
    const outsider = await subscribe(elsewhere.token);

    await sweep(server, t, at(taskOf(incident, 'notify').dueAt, minutes(1)));
    const clock = incident.clocks.find((c: any) => c.kind === 'ACCEPTANCE');
    await sweep(server, t, at(clock.dueAt, -hours(2)));
    await sweep(server, t, at(clock.dueAt, minutes(1)));

    await waitUntil(() => room.events.some((e) => e.kind === 'CLOCK_MISSED') || room.errors.length > 0, 'CLOCK_MISSED to arrive');
    expect(room.errors).toEqual([]);
    const mine = room.events.filter((e: any) => e.incident?.id === incident.id);
    const kinds = mine.map((e: any) => e.kind);
    expect(kinds).toContain('TASK_OVERDUE');
    expect(kinds.indexOf('CLOCK_DUE_SOON')).toBeGreaterThan(kinds.indexOf('TASK_OVERDUE'));
    expect(kinds.indexOf('CLOCK_MISSED')).toBeGreaterThan(kinds.indexOf('CLOCK_DUE_SOON'));
    expect(mine.filter((e: any) => e.kind === 'CLOCK_MISSED')).toHaveLength(1);
    for (const e of mine.filter((x: any) => ['TASK_OVERDUE', 'CLOCK_DUE_SOON', 'CLOCK_MISSED'].includes(x.kind))) {
      expect(e.actor).toMatchObject({ kind: 'SYSTEM', memberId: null });
      expect(e.action).toMatch(/^accountability\./);
    }
    expect(outsider.events.filter((e: any) => e.incidentId === incident.id || e.incident?.id === incident.id)).toEqual([]);
  });
});
