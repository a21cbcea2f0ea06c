// The typed example client (examples/duty-room) against a real server that runs only the
// operations of the manifest the client's codegen emitted (GRAPHQL_TRUSTED_DOCUMENTS).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, PASSWORD, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { TEST_LEVELS, publishPlan } from '../support/incidents.js';
import { reportIncident } from '../support/realtime.js';
import { waitUntil } from '../support/ws.js';

const MANIFEST = path.resolve('examples/duty-room/src/gql/persisted-documents.json');
// Not a literal import: the root type check does not follow it into generated files.
const CLIENT = path.resolve('examples/duty-room/src/client.ts');

// The client's surface as this test uses it (its own types are checked by the example's tsc step).
type Incident = { id: string; openTasks: { id: string; evidenceRequired: boolean }[] };
type DutyRoomClass = new (options: Record<string, unknown>) => {
  signIn(email: string, password: string, tenantSlug?: string): Promise<string>;
  openIncidents(first?: number): Promise<Incident[]>;
  acknowledge(incidentId: string, note?: string): Promise<string>;
  completeTask(taskId: string, note?: string): Promise<string | null>;
  follow(onEvent: (event: { incidentId: string }) => void): () => void;
  close(): Promise<void>;
};

let open: TestServer;
let locked: TestServer;
let tenant: TenantFixture;
let leader: { email: string; token: string };

beforeAll(async () => {
  if (!fs.existsSync(MANIFEST)) {
    const gen = spawnSync('npx', ['graphql-codegen', '--config', 'examples/duty-room/codegen.ts', '--silent'], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`codegen failed:\n${gen.stdout}${gen.stderr}`);
  }
  open = await startTestServer();
  tenant = await provisionTenant(open, (await platformAdmin(open)).token, 'TOWNSHIP');
  await publishPlan(open, tenant, TEST_LEVELS);
  leader = await addMember(open, tenant, ['GROUP_LEADER']);
  locked = await startTestServer({ databaseUrl: open.databaseUrl, env: { GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST } });
}, 180_000);
afterAll(async () => {
  await locked?.stop();
  await open?.stop();
});

describe('the duty-room example client', () => {
  it('signs in, lists open incidents, acknowledges one, completes a task, and follows events with resume', async () => {
    const { DutyRoom } = (await import(CLIENT)) as { DutyRoom: DutyRoomClass };
    const first = await reportIncident(open.url, leader.token, tenant.rootUnitId);
    let saved: string | null = null;
    const store = { load: () => saved, save: (c: string) => void (saved = c) };
    const room = new DutyRoom({ url: locked.url, cursorStore: store, persistedDocuments: true, webSocketImpl: WebSocket });
    try {
      expect(await room.signIn(leader.email, PASSWORD, tenant.slug)).toContain('Tenant');
      const incidents = await room.openIncidents(1);
      expect(incidents.map((i) => i.id)).toContain(first);
      expect(await room.acknowledge(first, '值班室已收到')).toBe('ACKNOWLEDGED');
      const task = incidents.find((i) => i.id === first)!.openTasks.find((t) => !t.evidenceRequired);
      expect(task).toBeDefined();
      await room.completeTask(task!.id, '已办理');
      expect((await room.openIncidents()).find((i) => i.id === first)!.openTasks.map((t) => t.id)).not.toContain(task!.id);

      const seen: string[] = [];
      const stop = room.follow((e) => seen.push(e.incidentId));
      await waitUntil(() => locked.realtime.hub.snapshot().subscribers > 0, 'the subscription');
      const second = await reportIncident(open.url, leader.token, tenant.rootUnitId);
      await waitUntil(() => seen.includes(second), 'the REPORTED event');
      stop();
      await waitUntil(() => locked.realtime.hub.snapshot().subscribers === 0, 'the subscription to end');
      // Reported while the room was not listening: resuming from the saved cursor replays it.
      const third = await reportIncident(open.url, leader.token, tenant.rootUnitId);
      const stop2 = room.follow((e) => seen.push(e.incidentId));
      await waitUntil(() => seen.includes(third), 'the replayed event');
      stop2();
      expect(seen.filter((id) => id === second)).toHaveLength(1);
    } finally {
      await room.close();
    }
  }, 120_000);
});
