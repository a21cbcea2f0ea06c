// Alarms when auditing stops or breaks (the sweeper stalls, the log writer
// fails, verification finds a break): an event, a counter on /metrics, an
// error line and a platform log entry. Retention and the signed archive.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminCliEnv, startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { captureLogs, type CapturedLog } from '../support/log-capture.js';
import { createUnit, gql, ok, platformAdmin, provisionTenant } from '../support/fixtures.js';
import { checkAuditHealth, monitorState } from '../../src/modules/log/alarm-monitor.job.js';
import { AlarmKind, type Alarm } from '../../src/platform/alarms.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { runCli } from '../../src/admin/cli.js';

let server: TestServer;
let db: pg.Client;
let logs: CapturedLog;
let platform: { email: string; token: string };
const events: Alarm[] = [];
const savedEnv = { ...process.env };
const METRICS_TOKEN = 'alarm-test-metrics-token';

async function metric(kind: AlarmKind): Promise<number> {
  const res = await fetch(server.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  return Number(new RegExp(`xinfang_alarms_total\\{kind="${kind}"\\} (\\d+)`).exec(text)![1]);
}

async function alarmEntries(kind: AlarmKind): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from platform_log_entry where action = 'alarm.raised' and reason = $1`, [kind]);
  return rows[0].n;
}

beforeAll(async () => {
  logs = captureLogs('info');
  // The sweeper is on, but its job is not started here: it never runs, as when it hangs.
  server = await startTestServer({ logger: logs.logger, env: { METRICS_TOKEN, SWEEPER_ENABLED: 'true', SWEEPER_INTERVAL_MS: '1000', LOG_VERIFY_INTERVAL_MS: '1' } });
  server.deps.services.alarms.on('alarm', (a) => events.push(a));
  db = await superuserClient(server.databaseUrl);
  platform = await platformAdmin(server);
});
afterAll(async () => {
  process.env = savedEnv;
  await db?.end();
  await server?.stop();
});

describe('retention', () => {
  it('is never below 180 days', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', LOG_RETENTION_DAYS: '179' })).toThrow(/at least 180/);
    expect(loadConfig({ NODE_ENV: 'test' }).logRetentionDays).toBe(180);
    expect(loadConfig({ NODE_ENV: 'test', LOG_RETENTION_DAYS: '730' }).logRetentionDays).toBe(730);
  });
});

describe('the alarm monitor', () => {
  it('raises SWEEPER_STALLED once when the sweeper has not run within twice its interval, and clears when it runs', async () => {
    const start = Date.now();
    const state = monitorState(start);
    state.lastVerifyAt = Number.MAX_SAFE_INTEGER; // chain checks are the next test's
    expect((await checkAuditHealth(server.deps, state, start + 1000)).map((a) => a.kind)).toEqual([]);
    const raised = await checkAuditHealth(server.deps, state, start + 2 * 1000 + 60_001);
    expect(raised.map((a) => a.kind)).toEqual([AlarmKind.SWEEPER_STALLED]);
    expect(await checkAuditHealth(server.deps, state, start + 200_000)).toEqual([]); // standing: not raised again
    expect(events.some((e) => e.kind === AlarmKind.SWEEPER_STALLED)).toBe(true);
    expect(await metric(AlarmKind.SWEEPER_STALLED)).toBe(1);
    expect(logs.lines.some((l) => l.level === 50 && l.alarm === 'SWEEPER_STALLED')).toBe(true);
    expect(await alarmEntries(AlarmKind.SWEEPER_STALLED)).toBe(1);
    // It runs again: the alarm clears, and a later stall raises it anew.
    server.deps.services.alarms.beat('sweeper', start + 200_000);
    expect(await checkAuditHealth(server.deps, state, start + 201_000)).toEqual([]);
    expect((await checkAuditHealth(server.deps, state, start + 200_000 + 62_001)).map((a) => a.kind)).toEqual([AlarmKind.SWEEPER_STALLED]);
    expect(await metric(AlarmKind.SWEEPER_STALLED)).toBe(2);
  });

  it('raises LOG_CHAIN_BROKEN when verification finds a break: verifyAuditLog, and the monitor\'s own re-verification', async () => {
    const t = await provisionTenant(server, platform.token);
    await createUnit(server, t.adminToken, t.rootUnitId, '被改的');
    const uuid = parseGlobalId(t.id)!.id;
    await db.query('begin');
    await db.query('set local session_replication_role = replica');
    await db.query(`update log_entry set reason = 'forged' where tenant_id = $1 and seq = 2`, [uuid]);
    await db.query('commit');
    const before = await metric(AlarmKind.LOG_CHAIN_BROKEN);
    const r = await ok<any>(server.url, `{ verifyAuditLog { ok firstBrokenSeq } }`, {}, t.adminToken);
    expect(r.verifyAuditLog).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    expect(await metric(AlarmKind.LOG_CHAIN_BROKEN)).toBe(before + 1);
    expect(logs.lines.some((l) => l.level === 50 && l.alarm === 'LOG_CHAIN_BROKEN' && l.tenantId === uuid && l.by === 'verifyAuditLog')).toBe(true);

    const state = monitorState(Date.now());
    server.deps.services.alarms.beat('sweeper');
    const raised = await checkAuditHealth(server.deps, state, Date.now() + 10);
    expect(raised.filter((a) => a.kind === AlarmKind.LOG_CHAIN_BROKEN).map((a) => a.detail.tenantId)).toEqual([uuid]);
    expect(await alarmEntries(AlarmKind.LOG_CHAIN_BROKEN)).toBe(1);
    // Standing until repaired: the next round does not raise it again.
    expect((await checkAuditHealth(server.deps, state, Date.now() + 20)).filter((a) => a.kind === AlarmKind.LOG_CHAIN_BROKEN)).toEqual([]);
  });

  it('raises LOG_WRITER_FAILING when an entry cannot be written and none has been since', async () => {
    const t = await provisionTenant(server, platform.token);
    const state = monitorState(Date.now());
    state.lastVerifyAt = Number.MAX_SAFE_INTEGER;
    server.deps.services.alarms.beat('sweeper');
    await db.query('revoke insert on log_entry from xinfang_app');
    try {
      const res = await gql(server.url, `mutation($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { code } } }`,
        { input: { parentId: t.rootUnitId, name: '写不进', kind: 'OFFICE' } }, t.adminToken);
      expect(res.data?.createUnit?.unit ?? null).toBeNull();
      const raised = await checkAuditHealth(server.deps, state, Date.now());
      expect(raised.map((a) => a.kind)).toEqual([AlarmKind.LOG_WRITER_FAILING]);
    } finally {
      await db.query('grant insert on log_entry to xinfang_app');
    }
    expect(await metric(AlarmKind.LOG_WRITER_FAILING)).toBe(1);
    expect(logs.lines.some((l) => l.level === 50 && l.alarm === 'LOG_WRITER_FAILING')).toBe(true);
    // Writing again clears it.
    await createUnit(server, t.adminToken, t.rootUnitId, '又能写了');
    expect(await checkAuditHealth(server.deps, state, Date.now())).toEqual([]);
  });
});

describe('npm run admin -- export-log', () => {
  it('signs the head now and writes an archive that verifies offline and says how long to keep it', async () => {
    const t = await provisionTenant(server, platform.token);
    await createUnit(server, t.adminToken, t.rootUnitId, '归档');
    Object.assign(process.env, adminCliEnv(server), { LOG_RETENTION_DAYS: '365' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-archive-'));
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const file = path.join(dir, 'archive.json');
      expect(await runCli(['export-log', '--tenant', t.slug, '--out', file])).toBe(0);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(doc.checkpoint.seq).toBe(doc.entries.length - 1); // signed at the head; its own log.checkpoint entry follows
      expect(doc.entries[doc.entries.length - 1].action).toBe('log.checkpoint');
      expect(doc.retention.days).toBe(365);
      expect(new Date(doc.retention.keepUntil).getTime() - new Date(doc.retention.exportedAt).getTime()).toBe(365 * 86_400_000);
      fs.writeFileSync(path.join(dir, 'key.pem'), doc.publicKey.pem);
      expect(await runCli(['verify-export', '--file', file, '--public-key', path.join(dir, 'key.pem')])).toBe(0);
    } finally {
      quiet.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
