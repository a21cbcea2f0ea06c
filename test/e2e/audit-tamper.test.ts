// Tampering with the log: the app role cannot, and what a superuser does behind
// the API's back is found by verifyAuditLog (and by an outsider holding a
// signed checkpoint) at the right sequence number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { generateKeyPairSync } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { verifyExport, type SignedCheckpoint } from '../../src/modules/log/checkpoint.verify.js';
import { chainHash, type ExportedEntry } from '../../src/platform/audit/log-hash.js';
import { hashedEntryOf, LOG_ENTRY_COLUMNS, type LogEntryRow } from '../../src/modules/log/log-rows.js';
import { parseGlobalId } from '../../src/platform/ids.js';

let server: TestServer;
let db: pg.Client;
let platform: { email: string; token: string };

const VERIFY = `query($from: Int, $to: Int) { verifyAuditLog(from: $from, to: $to) { ok headSeq checkedEntries checkpointsChecked firstBrokenSeq reason detail } }`;
const EXPORT = `mutation { exportLogCheckpoint { checkpoint { tenantId seq hash time algorithm keyId signature } userErrors { code } } }`;
const LOG = `query($after: String) { auditLog(first: 100, after: $after, order: OLDEST_FIRST) { pageInfo { hasNextPage endCursor } edges { node { record } } } }`;

/** A tenant with a few entries (provision, units). */
async function tenantWithEntries(units = 5): Promise<TenantFixture & { uuid: string }> {
  const t = await provisionTenant(server, platform.token);
  for (let i = 0; i < units; i++) await createUnit(server, t.adminToken, t.rootUnitId, `单位${i}`);
  return { ...t, uuid: parseGlobalId(t.id)!.id };
}

async function verify(t: TenantFixture, vars: Record<string, unknown> = {}) {
  return (await ok<any>(server.url, VERIFY, vars, t.adminToken)).verifyAuditLog;
}

/** Runs SQL as the superuser with triggers off (session_replication_role = replica): behind the API's back. */
async function behindTheBack(sql: string, params: unknown[] = []): Promise<void> {
  await db.query('begin');
  try {
    await db.query('set local session_replication_role = replica');
    await db.query(sql, params);
    await db.query('commit');
  } catch (e) {
    await db.query('rollback');
    throw e;
  }
}

/** Runs SQL as the application role in a transaction scoped to the tenant; returns the error code, if any. */
async function asAppRole(tenantId: string, sql: string): Promise<string | null> {
  await db.query('begin');
  try {
    await db.query('set local role xinfang_app');
    await db.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    await db.query(sql);
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'ERROR';
  } finally {
    await db.query('rollback');
  }
}

async function exportedEntries(token: string): Promise<ExportedEntry[]> {
  const out: ExportedEntry[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await ok(server.url, LOG, { after }, token);
    out.push(...data.auditLog.edges.map((e: any) => e.node.record));
    if (!data.auditLog.pageInfo.hasNextPage) return out;
    after = data.auditLog.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  platform = await platformAdmin(server);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('the application role cannot rewrite the log', () => {
  it('UPDATE, DELETE and TRUNCATE on the log tables fail for xinfang_app', async () => {
    const t = await tenantWithEntries(1);
    await ok(server.url, EXPORT, {}, t.adminToken);
    for (const table of ['log_entry', 'log_checkpoint']) {
      expect(await asAppRole(t.uuid, `update ${table} set hash = 'x' where tenant_id = '${t.uuid}'`)).toBe('42501');
      expect(await asAppRole(t.uuid, `delete from ${table} where tenant_id = '${t.uuid}'`)).toBe('42501');
      expect(await asAppRole(t.uuid, `truncate ${table}`)).toBe('42501');
    }
    expect(await asAppRole(t.uuid, `update platform_log_entry set hash = 'x'`)).toBe('42501');
    expect(await asAppRole(t.uuid, `delete from platform_log_entry`)).toBe('42501');
    expect(await asAppRole(t.uuid, `truncate platform_log_entry`)).toBe('42501');
    // It may append (that is how entries are written) and read its own tenant's.
    expect(await asAppRole(t.uuid, `select * from log_entry where tenant_id = '${t.uuid}'`)).toBeNull();
  });

  it('even the table owner meets the append-only triggers unless it switches them off', async () => {
    const t = await tenantWithEntries(1);
    await ok(server.url, EXPORT, {}, t.adminToken);
    for (const sql of [`update log_entry set reason = 'x' where tenant_id = $1`, `delete from log_entry where tenant_id = $1`, `delete from log_checkpoint where tenant_id = $1`]) {
      await expect(db.query(sql, [t.uuid])).rejects.toMatchObject({ code: 'XF002' });
    }
    await expect(db.query('truncate log_entry')).rejects.toMatchObject({ code: 'XF002' });
    expect((await verify(t)).ok).toBe(true);
  });
});

describe('verifyAuditLog finds a change made behind the API\'s back', () => {
  it('an altered entry: HASH_MISMATCH at its sequence number; ranges before and after it still verify', async () => {
    const t = await tenantWithEntries();
    expect(await verify(t)).toMatchObject({ ok: true, firstBrokenSeq: null });
    await behindTheBack(`update log_entry set changes = jsonb_set(changes, '{0,after,name}', '"改过的"') where tenant_id = $1 and seq = 4`, [t.uuid]);
    expect(await verify(t)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'HASH_MISMATCH', checkedEntries: 3 });
    expect(await verify(t, { from: 1, to: 3 })).toMatchObject({ ok: true });
    expect(await verify(t, { from: 5 })).toMatchObject({ ok: true });
    expect(await verify(t, { from: 2, to: 6 })).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it('an altered actor, time or hash column: HASH_MISMATCH there', async () => {
    const t = await tenantWithEntries();
    await behindTheBack(`update log_entry set created_at = created_at - interval '1 day' where tenant_id = $1 and seq = 3`, [t.uuid]);
    expect(await verify(t)).toMatchObject({ firstBrokenSeq: 3, reason: 'HASH_MISMATCH' });
    const t2 = await tenantWithEntries();
    await behindTheBack(`update log_entry set actor_member_id = null where tenant_id = $1 and seq = 5`, [t2.uuid]);
    expect(await verify(t2)).toMatchObject({ firstBrokenSeq: 5, reason: 'HASH_MISMATCH' });
    const t3 = await tenantWithEntries();
    await behindTheBack(`update log_entry set hash = repeat('a', 64) where tenant_id = $1 and seq = 2`, [t3.uuid]);
    expect(await verify(t3)).toMatchObject({ firstBrokenSeq: 2, reason: 'HASH_MISMATCH' });
  });

  it('a deleted entry: GAP at its sequence number', async () => {
    const t = await tenantWithEntries();
    await behindTheBack('delete from log_entry where tenant_id = $1 and seq = 3', [t.uuid]);
    expect(await verify(t)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'GAP' });
  });

  it('a relinked entry: PREV_HASH_MISMATCH', async () => {
    const t = await tenantWithEntries();
    await behindTheBack(`update log_entry set prev_hash = repeat('0', 64) where tenant_id = $1 and seq = 5`, [t.uuid]);
    expect(await verify(t)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'PREV_HASH_MISMATCH' });
  });

  it('a head that disagrees with the last entry: HEAD_MISMATCH', async () => {
    const t = await tenantWithEntries(1);
    await behindTheBack(`update log_head set hash = repeat('b', 64) where tenant_id = $1`, [t.uuid]);
    const r = await verify(t);
    expect(r).toMatchObject({ ok: false, reason: 'HEAD_MISMATCH', firstBrokenSeq: r.headSeq });
  });

  it('a consistent rewrite (every later hash recomputed) is caught by a stored checkpoint; a forged checkpoint signature too', async () => {
    const t = await tenantWithEntries();
    const cp = (await ok<any>(server.url, EXPORT, {}, t.adminToken)).exportLogCheckpoint.checkpoint;
    await createUnit(server, t.adminToken, t.rootUnitId, 'after the checkpoint');
    // Rewrite entry 3 and re-chain everything after it, head included.
    await behindTheBack(`update log_entry set reason = 'rewritten' where tenant_id = $1 and seq = 3`, [t.uuid]);
    const { rows } = await db.query<LogEntryRow>(`select ${LOG_ENTRY_COLUMNS.join(', ')} from log_entry where tenant_id = $1 order by seq`, [t.uuid]);
    let prev = rows[1]!.hash;
    for (const row of rows.slice(2)) {
      const hash = chainHash(prev, hashedEntryOf(row));
      await behindTheBack('update log_entry set prev_hash = $1, hash = $2 where tenant_id = $3 and seq = $4', [prev, hash, t.uuid, row.seq]);
      prev = hash;
    }
    await behindTheBack('update log_head set hash = $1 where tenant_id = $2', [prev, t.uuid]);
    expect(await verify(t)).toMatchObject({ ok: false, firstBrokenSeq: cp.seq, reason: 'CHECKPOINT_MISMATCH' });
    // Without the checkpoint's range, the rewritten chain is self-consistent: only a checkpoint catches it.
    expect(await verify(t, { from: 1, to: cp.seq - 1 })).toMatchObject({ ok: true });

    const t2 = await tenantWithEntries(2);
    const cp2 = (await ok<any>(server.url, EXPORT, {}, t2.adminToken)).exportLogCheckpoint.checkpoint;
    await behindTheBack(`update log_checkpoint set signature = $1 where tenant_id = $2`, [Buffer.alloc(64, 1).toString('base64'), t2.uuid]);
    expect(await verify(t2)).toMatchObject({ ok: false, firstBrokenSeq: cp2.seq, reason: 'CHECKPOINT_SIGNATURE_INVALID' });
  });

  it('entries cut off at the end with the head rewound: a checkpoint beyond the head shows the gap', async () => {
    const t = await tenantWithEntries();
    const cp = (await ok<any>(server.url, EXPORT, {}, t.adminToken)).exportLogCheckpoint.checkpoint;
    const keep = cp.seq - 2;
    const { rows } = await db.query('select hash from log_entry where tenant_id = $1 and seq = $2', [t.uuid, keep]);
    await behindTheBack('delete from log_entry where tenant_id = $1 and seq > $2', [t.uuid, keep]);
    await behindTheBack('update log_head set seq = $1, hash = $2 where tenant_id = $3', [keep, rows[0].hash, t.uuid]);
    expect(await verify(t)).toMatchObject({ ok: false, firstBrokenSeq: keep + 1, reason: 'GAP', headSeq: keep });
  });
});

describe('a signed checkpoint verifies with the public key alone', () => {
  it('verifies untouched entries and fails after tampering, forgery or with another key', async () => {
    const t = await tenantWithEntries();
    const cp: SignedCheckpoint = (await ok<any>(server.url, EXPORT, {}, t.adminToken)).exportLogCheckpoint.checkpoint;
    const { pem } = (await ok<any>(server.url, '{ logCheckpointPublicKey { pem } }')).logCheckpointPublicKey;
    const entries = await exportedEntries(t.adminToken);
    expect(verifyExport(entries, cp, pem)).toMatchObject({ ok: true, verifiedEntries: cp.seq });
    // The outsider's copy survives a JSON round trip (it is plain data).
    expect(verifyExport(JSON.parse(JSON.stringify(entries)), JSON.parse(JSON.stringify(cp)), pem).ok).toBe(true);

    // Tampered in the database: the entries read afterwards no longer match the checkpoint held outside.
    await behindTheBack(`update log_entry set reason = 'tampered' where tenant_id = $1 and seq = 2`, [t.uuid]);
    expect(verifyExport(await exportedEntries(t.adminToken), cp, pem)).toMatchObject({ ok: false, brokenSeq: 2, reason: 'HASH_MISMATCH' });

    // Tampered in the copy: any field of any entry.
    const copy = structuredClone(entries);
    copy[3]!.actorRoles = ['GROUP_LEADER'];
    expect(verifyExport(copy, cp, pem)).toMatchObject({ ok: false, brokenSeq: 4, reason: 'HASH_MISMATCH' });
    const dropped = entries.filter((e) => e.seq !== 3);
    expect(verifyExport(dropped, cp, pem)).toMatchObject({ ok: false, brokenSeq: 3, reason: 'GAP' });

    // A forged checkpoint, or a genuine one checked with another key.
    expect(verifyExport(entries, { ...cp, seq: cp.seq - 1 }, pem)).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
    expect(verifyExport(entries, { ...cp, hash: entries[0]!.hash }, pem)).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
    const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyExport(entries, cp, otherKey)).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
    // A checkpoint of another tenant does not vouch for these entries.
    const other = await tenantWithEntries(1);
    const otherCp: SignedCheckpoint = (await ok<any>(server.url, EXPORT, {}, other.adminToken)).exportLogCheckpoint.checkpoint;
    expect(verifyExport(entries, otherCp, pem).ok).toBe(false);
  });

  it('reports the break through the API for a tampered tenant only', async () => {
    const a = await tenantWithEntries(2);
    const b = await tenantWithEntries(2);
    await behindTheBack(`update log_entry set action = 'unit.nothing' where tenant_id = $1 and seq = 2`, [a.uuid]);
    expect((await verify(a)).ok).toBe(false);
    expect((await verify(b)).ok).toBe(true);
    const res = await gql(server.url, VERIFY, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
