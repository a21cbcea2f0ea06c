// The admin CLI against a test database (DATABASE_URL), sharing the test
// server's data directory so both sign checkpoints with the same key.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminCliEnv, startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { login, ok, PASSWORD, setPassword, uniq } from '../support/fixtures.js';
import { runCli } from '../../src/admin/cli.js';
import { verifyCheckpointSignature, type SignedCheckpoint } from '../../src/modules/log/checkpoint.verify.js';

let server: TestServer;
let db: pg.Client;
let scratch: string;
const savedEnv = { ...process.env };

/** Runs a CLI command; returns its exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const code = await runCli(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-cli-'));
  Object.assign(process.env, adminCliEnv(server));
});
afterAll(async () => {
  process.env = savedEnv;
  fs.rmSync(scratch, { recursive: true, force: true });
  await db?.end();
  await server?.stop();
});

describe('npm run admin', () => {
  it('creates a platform administrator and provisions a tenant through the services, logged', async () => {
    const email = `${uniq('ops')}@test.local`;
    const created = await cli('create-platform-admin', '--email', email, '--name', '运维');
    expect(created.code).toBe(0);
    const token = /Set-password token[^:]*: (\S+)/.exec(created.out)![1]!;
    await setPassword(server, token);
    expect((await login(server, email)).accessToken).toBeTruthy();

    const slug = uniq('cli');
    const provisioned = await cli('provision-tenant', '--name', '命令行乡', '--slug', slug, '--kind', 'township',
      '--admin-email', `admin-${slug}@test.local`, '--admin-name', '管理员', '--as', email);
    expect(provisioned.code, provisioned.err).toBe(0);
    const adminToken = /set-password token[^:]*: (\S+)/i.exec(provisioned.out)![1]!;
    await setPassword(server, adminToken);
    const session = await login(server, `admin-${slug}@test.local`, PASSWORD, slug);
    const me = await ok<any>(server.url, '{ me { tenant { slug } permissions } }', {}, session.accessToken);
    expect(me.me.tenant.slug).toBe(slug);

    const { rows } = await db.query(`select p.action, u.email from platform_log_entry p join app_user u on u.id = p.actor_user_id
      where p.tenant_id = (select id from tenant where slug = $1)`, [slug]);
    expect(rows).toEqual([{ action: 'tenant.provision', email }]);
    const bad = await cli('provision-tenant', '--name', 'x', '--slug', uniq('cli'), '--kind', 'PLANET', '--admin-email', 'a@b.c', '--admin-name', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--kind must be one of/);
  });

  it('brings the template roles of an older tenant up to date, logged as the system, and only once', async () => {
    const email = `${uniq('ops')}@test.local`;
    expect((await cli('create-platform-admin', '--email', email, '--name', '运维')).code).toBe(0);
    const slug = uniq('old');
    expect((await cli('provision-tenant', '--name', '旧乡', '--slug', slug, '--kind', 'TOWNSHIP', '--admin-email', `a-${slug}@test.local`, '--admin-name', '管理员', '--as', email)).code).toBe(0);
    // As an earlier release left it: the tenant administrator held the auditor's permission (written around the log guard, as old data is).
    await db.query('begin');
    await db.query('set local session_replication_role = replica');
    await db.query(`update role set permissions = array_replace(permissions, 'AUDIT_STRUCTURE_READ', 'AUDIT_READ')
      where key = 'TENANT_ADMIN' and tenant_id = (select id from tenant where slug = $1)`, [slug]);
    await db.query('commit');

    const first = await cli('apply-role-templates', '--tenant', slug);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(`${slug}: updated TENANT_ADMIN`);
    const { rows } = await db.query(`select r.permissions from role r join tenant t on t.id = r.tenant_id where t.slug = $1 and r.key = 'TENANT_ADMIN'`, [slug]);
    expect(rows[0].permissions).toContain('AUDIT_STRUCTURE_READ');
    expect(rows[0].permissions).not.toContain('AUDIT_READ');
    const entries = await db.query(`select e.actor_kind, e.changes from log_entry e join tenant t on t.id = e.tenant_id where t.slug = $1 and e.action = 'role.apply_templates'`, [slug]);
    expect(entries.rows).toHaveLength(1);
    expect(entries.rows[0].actor_kind).toBe('SYSTEM');
    expect(JSON.stringify(entries.rows[0].changes)).toContain('AUDIT_STRUCTURE_READ');

    const again = await cli('apply-role-templates', '--tenant', slug);
    expect(again.out).toContain(`${slug}: already current`);
    expect((await cli('verify-log', '--tenant', slug)).code).toBe(0);
  });

  it('exports checkpoints, verifies the log against them, and finds tampering', async () => {
    const email = `${uniq('ops')}@test.local`;
    await cli('create-platform-admin', '--email', email, '--name', 'Ops', '--password', PASSWORD);
    const slug = uniq('cli');
    expect((await cli('provision-tenant', '--name', 'T', '--slug', slug, '--kind', 'TOWN', '--admin-email', `a-${slug}@test.local`,
      '--admin-name', 'A', '--as', email)).code).toBe(0);

    const exported = await cli('export-checkpoint', '--tenant', slug, '--reason', 'monthly');
    expect(exported.code, exported.err).toBe(0);
    const cp = JSON.parse(exported.out) as SignedCheckpoint;
    const key = await cli('public-key');
    expect(key.code).toBe(0);
    expect(verifyCheckpointSignature(cp, key.out)).toBe(true);
    // The API publishes the same key.
    const published = await ok<any>(server.url, '{ logCheckpointPublicKey { pem keyId } }');
    expect(published.logCheckpointPublicKey.pem).toBe(key.out);
    const { rows: entry } = await db.query(`select action, actor_kind, reason from log_entry where tenant_id = $1 and seq = $2`, [cp.tenantId, cp.seq + 1]);
    expect(entry[0]).toEqual({ action: 'log.checkpoint', actor_kind: 'SYSTEM', reason: 'monthly' });

    const good = await cli('verify-log', '--tenant', slug);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/OK .* 1 signed checkpoint/);

    // An outsider's round trip: export file + public key file, verified without the database.
    const file = path.join(scratch, `${slug}.json`);
    const pem = path.join(scratch, 'public.pem');
    fs.writeFileSync(pem, key.out);
    expect((await cli('export-log', '--tenant', slug, '--out', file)).code).toBe(0);
    const offline = await cli('verify-export', '--file', file, '--public-key', pem);
    expect(offline.code, offline.out).toBe(0);

    // Behind the API's back: rewrite the first (checkpointed) entry.
    await db.query('begin');
    await db.query('set local session_replication_role = replica');
    await db.query(`update log_entry set reason = 'forged' where tenant_id = $1 and seq = 1`, [cp.tenantId]);
    await db.query('commit');
    const broken = await cli('verify-log', '--tenant', slug, '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'HASH_MISMATCH' });
    expect((await cli('export-log', '--tenant', slug, '--out', file)).code).toBe(0);
    const offlineBroken = await cli('verify-export', '--file', file, '--public-key', pem);
    expect(offlineBroken.code).toBe(1);
    expect(offlineBroken.out).toMatch(/FAILED at seq 1 \(HASH_MISMATCH\)/);

    expect((await cli('verify-platform-log')).code).toBe(0);
    expect((await cli('verify-log', '--tenant', 'no-such-tenant')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('verify-log', '--tenant', slug, '--bogus', 'x')).code).toBe(2);
  });
});
