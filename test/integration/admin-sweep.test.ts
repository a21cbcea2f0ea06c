// `npm run admin -- sweep-deadlines`: the operator runs the sweeper now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { adminCliEnv, startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { raw } from '../support/incidents.js';
import { findingsOf, hours, enteredAgo, reportAt, township, type Township } from '../support/accountability.js';
import { cli } from '../support/cli.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  Object.assign(process.env, adminCliEnv(server));
});
afterAll(async () => {
  process.env = savedEnv;
  await db?.end();
  await server?.stop();
});

describe('npm run admin -- sweep-deadlines', () => {
  it('sweeps one tenant now and says what it found; a second run finds nothing new', async () => {
    const incident = await enteredAgo(db, await reportAt(server, t, hours(3)), hours(3));
    const first = await cli('sweep-deadlines', '--tenant', t.tenant.slug, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ ran: true, tenants: 1, findings: 2, escalations: 2, failures: [] });
    expect((await findingsOf(db, t.tenantId, raw(incident.id))).map((f) => f.duty_key).sort()).toEqual(['notify', 'receive']);
    const second = await cli('sweep-deadlines', '--tenant', t.tenant.slug);
    expect(second.code).toBe(0);
    expect(second.out).toContain('0 finding(s)');
  });
});
