import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, createUnit, gql, login, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { INCIDENT_EVENTS, WsSession, waitUntil } from '../support/ws.js';
import { encodeEventCursor } from '../../src/modules/realtime/realtime.cursor.js';
import { parseGlobalId } from '../../src/platform/ids.js';

// Authentication and limits of the websocket endpoint, with real graphql-ws clients.
let server: TestServer;
let shortLived: TestServer;
let platform: { email: string; token: string };
let tenant: TenantFixture;
const sessions: WsSession[] = [];

function open(url: string, token: string | null, params?: Record<string, unknown>): WsSession {
  const s = new WsSession(url, token, params ? { connectionParams: params } : {});
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  server = await startTestServer({
    env: { WS_MAX_SOCKETS_PER_MEMBER: '3', WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2', WS_INIT_TIMEOUT_MS: '1000', WS_MAX_PAYLOAD_BYTES: '16384' },
  });
  // Same database, tokens that live three seconds.
  shortLived = await startTestServer({ databaseUrl: server.databaseUrl, env: { ACCESS_TOKEN_TTL_SECONDS: '3' } });
  platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token);
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.dispose().catch(() => undefined)));
  await shortLived?.stop();
  await server?.stop();
});

describe('connecting', () => {
  it('refuses a socket without a token, or with a bad one, with 4401', async () => {
    expect((await open(server.wsUrl, null).closed()).code).toBe(4401);
    expect((await open(server.wsUrl, 'not-a-jwt').closed()).code).toBe(4401);
    expect((await open(server.wsUrl, null, { authorization: 'Basic abc' }).closed()).code).toBe(4401);
  });

  it('acknowledges a member and tells when its token expires', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const s = open(server.wsUrl, liaison.token);
    await s.connected();
    expect(typeof (s.ackPayload as { expiresAt: string }).expiresAt).toBe('string');
    expect(new Date((s.ackPayload as { expiresAt: string }).expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('closes a socket whose connection_init never comes (4408)', async () => {
    const raw = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => raw.on('close', (c) => resolve(c)));
    expect(code).toBe(4408);
  });

  it('refuses messages above the size limit (1009)', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const s = open(server.wsUrl, liaison.token);
    await s.connected();
    s.subscribe(`subscription { incidentEvents { cursor } } # ${'x'.repeat(20_000)}`);
    expect((await s.closed()).code).toBe(1009);
  });

  it('allows at most ws.maxSocketsPerMember sockets per member (4429)', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const first = [open(server.wsUrl, liaison.token), open(server.wsUrl, liaison.token), open(server.wsUrl, liaison.token)];
    for (const s of first) await s.connected();
    const fourth = open(server.wsUrl, liaison.token);
    const closed = await fourth.closed();
    expect(closed.code).toBe(4429);
    // Closing one makes room again.
    await first[0]!.dispose();
    const memberId = parseGlobalId(liaison.memberId)!.id;
    await waitUntil(() => server.realtime.registry.connections().filter((c) => c.memberKey === memberId).length === 2, 'the socket to be released');
    const again = open(server.wsUrl, liaison.token);
    await again.connected();
  });
});

describe('subscribing', () => {
  it('allows at most ws.maxSubscriptionsPerSocket subscriptions per socket', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const s = open(server.wsUrl, liaison.token);
    await s.connected();
    s.subscribe(INCIDENT_EVENTS);
    s.subscribe(INCIDENT_EVENTS);
    const third = s.subscribe(INCIDENT_EVENTS);
    await waitUntil(() => third.errors.length > 0, 'the third subscription to be refused');
    expect(JSON.stringify(third.errors)).toContain('TOO_MANY_SUBSCRIPTIONS');
    expect(s.closedWith).toBeNull();
  });

  it('serves only subscriptions; queries go over HTTP', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const s = open(server.wsUrl, liaison.token);
    await s.connected();
    const q = s.subscribe('{ me { displayName } }');
    await waitUntil(() => q.errors.length > 0, 'the query to be refused');
    expect(JSON.stringify(q.errors)).toContain('BAD_REQUEST');
  });

  it('needs INCIDENT_READ (a tenant administrator has not)', async () => {
    const s = open(server.wsUrl, tenant.adminToken);
    await s.connected();
    const sub = s.subscribe(INCIDENT_EVENTS);
    await waitUntil(() => sub.errors.length > 0, 'the subscription to be refused');
    expect(JSON.stringify(sub.errors)).toContain('FORBIDDEN');
  });

  it('refuses a cursor of another tenant, a cursor ahead of the log, and a filter unit outside the subtree', async () => {
    const other = await provisionTenant(server, platform.token);
    const village = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '东村', 'VILLAGE');
    const office = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '信访办', 'OFFICE');
    const liaison = await addMember(server, tenant, ['LIAISON'], village);
    const s = open(server.wsUrl, liaison.token);
    await s.connected();
    const foreign = s.subscribe(INCIDENT_EVENTS, { after: encodeEventCursor(parseGlobalId(other.id)!.id, 1) });
    const ahead = s.subscribe(INCIDENT_EVENTS, { after: encodeEventCursor(parseGlobalId(tenant.id)!.id, 10_000_000) });
    await waitUntil(() => foreign.errors.length > 0 && ahead.errors.length > 0, 'both to be refused');
    expect(JSON.stringify(foreign.errors)).toContain('INVALID_INPUT');
    expect(JSON.stringify(ahead.errors)).toContain('INVALID_INPUT');
    const outside = s.subscribe(INCIDENT_EVENTS, { filter: { unit: office } });
    await waitUntil(() => outside.errors.length > 0, 'the filter to be refused');
    expect(JSON.stringify(outside.errors)).toContain('NOT_FOUND');
  });
});

describe('closing live sockets when access ends', () => {
  it('closes with 4401 when the access token expires', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const { accessToken } = await login(shortLived, liaison.email, undefined, tenant.slug);
    const s = open(shortLived.wsUrl, accessToken);
    await s.connected();
    s.subscribe(INCIDENT_EVENTS);
    const closed = await s.closed();
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/expired/i);
  });

  it('closes with 4401 on logout', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const s = open(server.wsUrl, liaison.token);
    await s.connected();
    s.subscribe(INCIDENT_EVENTS);
    await ok(server.url, 'mutation { logout { revokedSessions userErrors { code } } }', {}, liaison.token);
    const closed = await s.closed();
    expect(closed.code).toBe(4401);
  });

  it('closes with 4401 when a refresh token is reused (the session ends)', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const tokens = await login(server, liaison.email, undefined, tenant.slug);
    const s = open(server.wsUrl, tokens.accessToken);
    await s.connected();
    const refresh = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { tokens { accessToken } userErrors { code } } }`;
    await ok(server.url, refresh, { input: { refreshToken: tokens.refreshToken } });
    const reused = await gql<any>(server.url, refresh, { input: { refreshToken: tokens.refreshToken } });
    expect(reused.data.refreshSession.userErrors[0].code).toBe('REFRESH_TOKEN_REUSED');
    expect((await s.closed()).code).toBe(4401);
  });

  it('closes with 4403 when the membership is removed', async () => {
    const liaison = await addMember(server, tenant, ['LIAISON']);
    const s = open(server.wsUrl, liaison.token);
    await s.connected();
    s.subscribe(INCIDENT_EVENTS);
    await ok(server.url, `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { member { id } userErrors { code } } }`, { input: { memberId: liaison.memberId } }, tenant.adminToken);
    const closed = await s.closed();
    expect(closed.code).toBe(4403);
    // And it cannot come back.
    expect((await open(server.wsUrl, liaison.token).closed()).code).toBeGreaterThanOrEqual(4401);
  });

  it('closes every socket of a suspended tenant with 4403', async () => {
    const t2 = await provisionTenant(server, platform.token);
    const a = await addMember(server, t2, ['LIAISON']);
    const b = await addMember(server, t2, ['AUDITOR']);
    const sa = open(server.wsUrl, a.token);
    const sb = open(server.wsUrl, b.token);
    await sa.connected();
    await sb.connected();
    const bystander = await addMember(server, tenant, ['LIAISON']);
    const sc = open(server.wsUrl, bystander.token);
    await sc.connected();
    await ok(server.url, `mutation($input: SuspendTenantInput!) { suspendTenant(input: $input) { tenant { status } userErrors { code } } }`, { input: { tenantId: t2.id, reason: 'test' } }, platform.token);
    expect((await sa.closed()).code).toBe(4403);
    expect((await sb.closed()).code).toBe(4403);
    // Another tenant's socket stays open through a later check.
    const checks = server.realtime.registry.checks;
    await waitUntil(() => server.realtime.registry.checks > checks + 1, 'two more session checks');
    expect(sc.closedWith).toBeNull();
  });
});
