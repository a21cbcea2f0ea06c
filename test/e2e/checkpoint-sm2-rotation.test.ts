// SM2-signed checkpoints on a deployment set to sm2, checked by an outsider
// (the public key, verifyExport, OpenSSL), and a key rotation: two servers on
// one database, the second with a new SM2 key, and every checkpoint still
// verifies with the key it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { verifyExport, type SignedCheckpoint } from '../../src/modules/log/checkpoint.verify.js';
import type { ExportedEntry } from '../../src/platform/audit/log-hash.js';
import { generateSm2Pem } from '../../src/platform/crypto/sm2.js';

let first: TestServer;
let second: TestServer;
let db: pg.Client;
let platform: { email: string; token: string };
const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

const EXPORT = `mutation { exportLogCheckpoint { checkpoint { tenantId seq hash time algorithm keyId signature signedMessage } userErrors { code } } }`;
const VERIFY = `{ verifyAuditLog { ok checkpointsChecked firstBrokenSeq reason } }`;
const KEYS = `{ logCheckpointPublicKey { algorithm keyId pem current } logCheckpointKeys { algorithm keyId pem current firstUsedAt } }`;
const LOG = `{ auditLog(first: 100, order: OLDEST_FIRST) { edges { node { record } } } }`;

async function checkpoint(server: TestServer, t: TenantFixture): Promise<SignedCheckpoint & { signedMessage: string }> {
  return (await ok<any>(server.url, EXPORT, {}, t.adminToken)).exportLogCheckpoint.checkpoint;
}

beforeAll(async () => {
  first = await startTestServer({ env: { CHECKPOINT_SIGNATURE_ALGORITHM: 'sm2', CHECKPOINT_PRIVATE_KEY: generateSm2Pem() } });
  // The same database, a rotated key: what a redeploy with a new CHECKPOINT_PRIVATE_KEY looks like.
  second = await startTestServer({ databaseUrl: first.databaseUrl, env: { CHECKPOINT_SIGNATURE_ALGORITHM: 'sm2', CHECKPOINT_PRIVATE_KEY: generateSm2Pem() } });
  db = await superuserClient(first.databaseUrl);
  platform = await platformAdmin(first);
});
afterAll(async () => {
  await db?.end();
  await second?.stop();
  await first?.stop();
});

describe('SM2 checkpoints', () => {
  it('are published as sm2 and verify with the public key alone: verifyExport and the openssl command line', async () => {
    const t = await provisionTenant(first, platform.token);
    await createUnit(first, t.adminToken, t.rootUnitId, '信访办');
    const cp = await checkpoint(first, t);
    expect(cp.algorithm).toBe('sm2');
    const keys = await ok<any>(first.url, KEYS);
    expect(keys.logCheckpointPublicKey).toMatchObject({ algorithm: 'sm2', keyId: cp.keyId, current: true });
    const entries: ExportedEntry[] = (await ok<any>(first.url, LOG, {}, t.adminToken)).auditLog.edges.map((e: any) => e.node.record);
    expect(verifyExport(entries, cp, keys.logCheckpointPublicKey.pem)).toMatchObject({ ok: true, verifiedEntries: cp.seq });

    if (!HAS_OPENSSL) {
      console.warn('openssl not found on the PATH: the SM2 checkpoint was not checked with the OpenSSL command line');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-cp-'));
    try {
      // Exactly the README's commands.
      fs.writeFileSync(path.join(dir, 'checkpoint-key.pem'), keys.logCheckpointPublicKey.pem);
      const sh = (script: string) => spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, SIGNED_MESSAGE: cp.signedMessage, SIGNATURE: cp.signature } });
      const r = sh(`printf '%s' "$SIGNED_MESSAGE" > checkpoint.msg && printf '%s' "$SIGNATURE" | base64 -d > checkpoint.sig &&
        openssl pkeyutl -verify -pubin -inkey checkpoint-key.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in checkpoint.msg -sigfile checkpoint.sig`);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('Signature Verified Successfully');
      const forged = sh(`printf '%s' "$SIGNED_MESSAGE" | sed 's/"seq":/"seq":1/' > forged.msg &&
        openssl pkeyutl -verify -pubin -inkey checkpoint-key.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in forged.msg -sigfile checkpoint.sig`);
      expect(forged.status).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('key rotation', () => {
  it('checkpoints signed by the old key verify with its public part from the key history', async () => {
    const t = await provisionTenant(first, platform.token);
    const old = await checkpoint(first, t);
    await createUnit(first, t.adminToken, t.rootUnitId, '轮换后');
    const fresh = await checkpoint(second, t);
    expect(fresh.keyId).not.toBe(old.keyId);

    // The rotated server checks both signatures, each with its own key.
    expect((await ok<any>(second.url, VERIFY, {}, t.adminToken)).verifyAuditLog).toMatchObject({ ok: true, checkpointsChecked: 2 });
    const keys = await ok<any>(second.url, KEYS);
    const oldKey = keys.logCheckpointKeys.find((k: any) => k.keyId === old.keyId);
    expect(oldKey).toMatchObject({ algorithm: 'sm2', current: false });
    expect(oldKey.firstUsedAt).toBeTruthy();
    expect(keys.logCheckpointKeys.find((k: any) => k.keyId === fresh.keyId)).toMatchObject({ current: true });
    const entries: ExportedEntry[] = (await ok<any>(second.url, LOG, {}, t.adminToken)).auditLog.edges.map((e: any) => e.node.record);
    expect(verifyExport(entries, old, oldKey.pem).ok).toBe(true);
    expect(verifyExport(entries, old, keys.logCheckpointPublicKey.pem)).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
    expect(verifyExport(entries, fresh, keys.logCheckpointPublicKey.pem).ok).toBe(true);

    // Each checkpoint's log entry names its key; the history cannot be rewritten by the app role.
    const { rows } = await db.query(`select changes->0->'after'->>'keyId' as key_id from log_entry where tenant_id = $1 and action = 'log.checkpoint' order by seq`, [old.tenantId]);
    expect(rows.map((r) => r.key_id)).toEqual([old.keyId, fresh.keyId]);
    await db.query('begin');
    await db.query('set local role xinfang_app');
    await expect(db.query(`update log_signing_key set public_key_pem = 'x'`)).rejects.toMatchObject({ code: expect.any(String) });
    await db.query('rollback');

    // A forged signature on the old checkpoint, behind the API's back, is found with the old key.
    await db.query('begin');
    await db.query('set local session_replication_role = replica');
    await db.query(`update log_checkpoint set signature = $2 where tenant_id = $1 and seq = $3`, [old.tenantId, fresh.signature, old.seq]);
    await db.query('commit');
    expect((await ok<any>(second.url, VERIFY, {}, t.adminToken)).verifyAuditLog).toMatchObject({ ok: false, firstBrokenSeq: old.seq, reason: 'CHECKPOINT_SIGNATURE_INVALID' });
  });
});
