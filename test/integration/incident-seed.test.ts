import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/server/demo/seed.js';
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
});
