// Tenants whose log chains are SM3 beside SHA-256 tenants on one deployment:
// written, verified through the API and the admin CLI, exported and verified
// offline, and tampering found at its sequence number.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminCliEnv, startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { runCli } from '../../src/admin/cli.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { chainHash, digestHex, LogHashAlgorithm } from '../../src/platform/audit/log-hash.js';
import { canonicalJson } from '../../src/platform/audit/canonical-json.js';
import { hashedPart } from '../../src/modules/log/checkpoint.verify.js';

let server: TestServer;
let db: pg.Client;
let platform: { email: string; token: string };
let scratch: string;
const savedEnv = { ...process.env };

const VERIFY = `{ verifyAuditLog { ok headSeq checkedEntries hashAlgorithm firstBrokenSeq reason } }`;
const LOG = `{ auditLog(first: 100, order: OLDEST_FIRST) { edges { node { seq hash prevHash hashAlgorithm record } } } }`;

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    return { code: await runCli(argv), out: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

async function tenant(algorithm?: LogHashAlgorithm, units = 4): Promise<TenantFixture & { uuid: string }> {
  const t = await provisionTenant(server, platform.token, 'TOWNSHIP', algorithm ? { logHashAlgorithm: algorithm } : {});
  for (let i = 0; i < units; i++) await createUnit(server, t.adminToken, t.rootUnitId, `村${i}`);
  return { ...t, uuid: parseGlobalId(t.id)!.id };
}

async function behindTheBack(sql: string, params: unknown[]): Promise<void> {
  await db.query('begin');
  await db.query('set local session_replication_role = replica');
  await db.query(sql, params);
  await db.query('commit');
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  platform = await platformAdmin(server);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-sm3-'));
  Object.assign(process.env, adminCliEnv(server));
});
afterAll(async () => {
  process.env = savedEnv;
  fs.rmSync(scratch, { recursive: true, force: true });
  await db?.end();
  await server?.stop();
});

describe('an SM3 tenant log', () => {
  it('records SM3 in every entry; each hash is SM3 over the previous hash and the canonical record', async () => {
    const t = await tenant(LogHashAlgorithm.SM3);
    const { rows } = await db.query(`select distinct hash_algorithm from log_entry where tenant_id = $1`, [t.uuid]);
    expect(rows).toEqual([{ hash_algorithm: 'SM3' }]);
    const edges = (await ok<any>(server.url, LOG, {}, t.adminToken)).auditLog.edges.map((e: any) => e.node);
    expect(edges.length).toBeGreaterThanOrEqual(5);
    for (const e of edges) {
      expect(e.hashAlgorithm).toBe('SM3');
      expect(e.record.hashAlgorithm).toBe('SM3');
      expect(e.hash).toBe(digestHex(LogHashAlgorithm.SM3, `${e.prevHash}\n${canonicalJson(hashedPart(e.record))}`));
    }
    expect((await ok<any>(server.url, VERIFY, {}, t.adminToken)).verifyAuditLog).toMatchObject({ ok: true, hashAlgorithm: 'SM3' });
  });

  it('a tampered entry is found at its sequence number, through the API and the CLI', async () => {
    const t = await tenant(LogHashAlgorithm.SM3);
    await behindTheBack(`update log_entry set reason = '改过的' where tenant_id = $1 and seq = 3`, [t.uuid]);
    expect((await ok<any>(server.url, VERIFY, {}, t.adminToken)).verifyAuditLog).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'HASH_MISMATCH' });
    const r = await cli('verify-log', '--tenant', t.slug, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'HASH_MISMATCH', hashAlgorithm: 'SM3' });
  });

  it('an entry relabelled SHA-256 and rehashed consistently is an algorithm break', async () => {
    const t = await tenant(LogHashAlgorithm.SM3, 2);
    const edges = (await ok<any>(server.url, LOG, {}, t.adminToken)).auditLog.edges.map((e: any) => e.node);
    const last = edges[edges.length - 1];
    const forged = chainHash(last.prevHash, { ...hashedPart(last.record), hashAlgorithm: undefined });
    await behindTheBack(`update log_entry set hash_algorithm = 'SHA256', hash = $3 where tenant_id = $1 and seq = $2`, [t.uuid, last.seq, forged]);
    await behindTheBack(`update log_head set hash = $2 where tenant_id = $1`, [t.uuid, forged]);
    expect((await ok<any>(server.url, VERIFY, {}, t.adminToken)).verifyAuditLog).toMatchObject({ ok: false, firstBrokenSeq: last.seq, reason: 'ALGORITHM_MISMATCH' });
  });
});

describe('a mixed deployment', () => {
  it('SM3 and SHA-256 tenants (SHA-256 by default) verify side by side, online and offline', async () => {
    const sm3 = await tenant(LogHashAlgorithm.SM3);
    const sha = await tenant();
    const explicit = await tenant(LogHashAlgorithm.SHA256, 1);
    expect((await ok<any>(server.url, VERIFY, {}, sm3.adminToken)).verifyAuditLog).toMatchObject({ ok: true, hashAlgorithm: 'SM3' });
    expect((await ok<any>(server.url, VERIFY, {}, sha.adminToken)).verifyAuditLog).toMatchObject({ ok: true, hashAlgorithm: 'SHA256' });
    expect((await ok<any>(server.url, VERIFY, {}, explicit.adminToken)).verifyAuditLog).toMatchObject({ ok: true, hashAlgorithm: 'SHA256' });
    const { rows } = await db.query(`select distinct hash_algorithm from log_entry where tenant_id = $1`, [sha.uuid]);
    expect(rows).toEqual([{ hash_algorithm: 'SHA256' }]);

    const pem = path.join(scratch, 'public.pem');
    fs.writeFileSync(pem, (await ok<any>(server.url, '{ logCheckpointPublicKey { pem } }')).logCheckpointPublicKey.pem);
    for (const t of [sm3, sha]) {
      expect((await cli('export-checkpoint', '--tenant', t.slug)).code).toBe(0);
      expect((await cli('verify-log', '--tenant', t.slug)).code).toBe(0);
      const file = path.join(scratch, `${t.slug}.json`);
      expect((await cli('export-log', '--tenant', t.slug, '--out', file)).code).toBe(0);
      const offline = await cli('verify-export', '--file', file, '--public-key', pem);
      expect(offline.code, offline.out).toBe(0);
      expect(offline.out).toContain(t === sm3 ? '(SM3)' : '(SHA256)');
    }
    expect((await cli('verify-platform-log')).code).toBe(0);
  });

  it('the CLI provisions an SM3 tenant and refuses an unknown algorithm', async () => {
    const slug = `sm3-${Date.now().toString(36)}`;
    const r = await cli('provision-tenant', '--name', '国密乡', '--slug', slug, '--kind', 'TOWNSHIP', '--admin-email', `a-${slug}@test.local`,
      '--admin-name', 'A', '--log-hash', 'sm3', '--as', platform.email);
    expect(r.code, r.out).toBe(0);
    const { rows } = await db.query(`select h.hash_algorithm from log_head h join tenant t on t.id = h.tenant_id where t.slug = $1`, [slug]);
    expect(rows).toEqual([{ hash_algorithm: 'SM3' }]);
    expect((await cli('provision-tenant', '--name', 'x', '--slug', `${slug}-b`, '--kind', 'TOWNSHIP', '--admin-email', 'b@test.local',
      '--admin-name', 'B', '--log-hash', 'md5', '--as', platform.email)).code).toBe(2);
  });
});
