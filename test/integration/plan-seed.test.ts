import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { login, ok } from '../support/fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('demo seed', () => {
  it('publishes each demo tenant\'s template plan, so incidents can be reported at once', async () => {
    await seedDemo(server.deps);
    const db = await superuserClient(server.databaseUrl);
    try {
      const { rows } = await db.query(`select t.slug, p.status, p.template_key, p.version from plan p join tenant t on t.id = p.tenant_id order by t.slug`);
      expect(rows).toEqual([
        { slug: 'demo-coal-mine', status: 'PUBLISHED', template_key: 'COAL_MINE', version: 1 },
        { slug: 'demo-county', status: 'PUBLISHED', template_key: 'COUNTY', version: 1 },
        { slug: 'demo-town', status: 'PUBLISHED', template_key: 'TOWN_SENSITIVE_PERIOD', version: 1 },
        { slug: 'zhaocun-jiwei', status: 'PUBLISHED', template_key: 'TOWNSHIP_DISCIPLINE', version: 1 },
      ]);
    } finally {
      await db.end();
    }
    const { accessToken } = await login(server, 'liaison@zhaocun.demo', DEMO_PASSWORD, 'zhaocun-jiwei');
    const preview = await ok<any>(server.url, `{ previewResponseLevel(facts: { category: GROUP_VISIT, headcount: 12, levelReached: COUNTY }) { level { key name duties { roleName } } } }`, {}, accessToken);
    expect(preview.previewResponseLevel.level).toMatchObject({ key: 'COUNTY_GROUP', name: '县级群体访' });
  }, 240_000);
});
