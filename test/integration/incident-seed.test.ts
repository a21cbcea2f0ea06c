import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { seedDemo, demoDirectory, DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { login, ok } from '../support/fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.deps);
});
afterAll(async () => {
  await server?.stop();
});

describe('demo seed', () => {
  it('opens two incidents per demo tenant under its published plan', async () => {
    const list = `{ incidents(first: 10, orderBy: { field: RECEIVED_AT, direction: ASC }) { totalCount edges { node { status category levelKey planVersion unit { name } tasks { id } } } } }`;
    const zhaocun = await ok<any>(server.url, list, {}, (await login(server, 'leader@zhaocun.demo', DEMO_PASSWORD, 'zhaocun-jiwei')).accessToken);
    expect(zhaocun.incidents.totalCount).toBe(2);
    expect(zhaocun.incidents.edges.map((e: any) => [e.node.status, e.node.levelKey, e.node.unit.name])).toEqual([
      ['ACKNOWLEDGED', 'TOWNSHIP_SINGLE', '东村'],
      ['REPORTED', 'TOWNSHIP_GROUP', '东村'],
    ]);
    const mine = await ok<any>(server.url, list, {}, (await login(server, 'leader@coal.demo', DEMO_PASSWORD, 'demo-coal-mine')).accessToken);
    // A single worker's visit matches no level of the coal-mine plan (it starts at three people).
    expect(mine.incidents.edges.map((e: any) => e.node.levelKey)).toEqual([null, 'COLLECTIVE_VISIT']);
    expect(mine.incidents.edges[1].node.tasks.length).toBeGreaterThan(3);
  });

  it('seats the office and the leading group over the whole organisation, each 包村干部 over its village, with someone on duty all week', async () => {
    const token = async (email: string, slug: string) => (await login(server, email, DEMO_PASSWORD, slug)).accessToken;
    const list = `{ incidents(first: 10) { totalCount } }`;
    // The office director sits in 信访办公室, a sibling of the villages, and still sees every case.
    expect((await ok<any>(server.url, list, {}, await token('office@zhaocun.demo', 'zhaocun-jiwei'))).incidents.totalCount).toBe(2);
    expect((await ok<any>(server.url, list, {}, await token('liaison2@zhaocun.demo', 'zhaocun-jiwei'))).incidents.totalCount).toBe(0);
    expect((await ok<any>(server.url, list, {}, await token('office@coal.demo', 'demo-coal-mine'))).incidents.totalCount).toBe(2);
    const me = await ok<any>(server.url, `{ me { member { jurisdiction { name } } } }`, {}, await token('liaison@zhaocun.demo', 'zhaocun-jiwei'));
    expect(me.me.member.jurisdiction.map((u: any) => u.name)).toEqual(['东村']);
    const office = await token('office@zhaocun.demo', 'zhaocun-jiwei');
    for (const days of [0, 3, 6]) {
      const at = new Date(Date.now() + days * 86_400_000).toISOString();
      const duty = await ok<any>(server.url, `query($at: DateTime) { onDuty(at: $at) { onDuty { displayName } leadersOnCall { displayName } } }`, { at }, office);
      expect(duty.onDuty.onDuty).toHaveLength(1);
      expect(duty.onDuty.leadersOnCall).toHaveLength(1);
    }
    const lines = demoDirectory().join('\n');
    expect(lines).toContain('office@zhaocun.demo');
    expect(lines).toContain('管辖 全部');
    expect(lines).toContain('security@coal.demo');
  });
});
