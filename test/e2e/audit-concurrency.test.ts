// Concurrent writers in one tenant: the sequence stays gapless and in commit
// order, and the chain intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, uniq } from '../support/fixtures.js';
import { withSystemContext } from '../../src/platform/system-context.js';
import { ensurePlatformAdmin } from '../../src/modules/user/platform-admin.service.js';
import { setTenantScope } from '../../src/platform/db/tenant-scope.js';
import { appendTenantLog, appendTenantLogBatch } from '../../src/platform/audit/log-writer.js';
import { ActorKind } from '../../src/platform/audit/log.entity.js';
import { platformChainSource, tenantChainSource, verifyChain } from '../../src/modules/log/log.verify.js';
import { parseGlobalId } from '../../src/platform/ids.js';

let server: TestServer;
let db: pg.Client;

const WORKERS = 8;
const PER_WORKER = 63; // 504 entries

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

async function seqs(tenantId: string): Promise<number[]> {
  const { rows } = await db.query('select seq from log_entry where tenant_id = $1 order by seq', [tenantId]);
  return rows.map((r) => Number(r.seq));
}

describe('concurrent writes in one tenant', () => {
  it(`${WORKERS} clients in parallel, ${WORKERS * PER_WORKER} mutations over HTTP: gapless sequence, intact chain`, async () => {
    const platform = await platformAdmin(server);
    const tenant = await provisionTenant(server, platform.token);
    const tenantId = parseGlobalId(tenant.id)!.id;
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, async (_, i) => {
        const member = await addMember(server, tenant, ['TENANT_ADMIN']);
        const unitId = await createUnit(server, member.token, tenant.rootUnitId, `worker ${i}`);
        return { member, unitId };
      }),
    );
    const before = (await seqs(tenantId)).length;
    const failures: string[] = [];
    await Promise.all(
      workers.map(async ({ member, unitId }, w) => {
        for (let n = 0; n < PER_WORKER; n++) {
          const res = await gql(server.url, `mutation($input: UpdateUnitInput!) { updateUnit(input: $input) { unit { id } userErrors { code } } }`,
            { input: { unitId, name: `worker ${w} round ${n}` } }, member.token);
          if (res.errors?.length || res.data?.updateUnit.userErrors.length) failures.push(JSON.stringify(res));
        }
      }),
    );
    expect(failures).toEqual([]);
    const all = await seqs(tenantId);
    expect(all.length).toBe(before + WORKERS * PER_WORKER);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    const head = await db.query('select seq from log_head where tenant_id = $1', [tenantId]);
    expect(Number(head.rows[0].seq)).toBe(all.length);
    // Each worker's entries are in the order it made them.
    const { rows } = await db.query(`select changes->0->'after'->>'name' as name from log_entry where tenant_id = $1 and action = 'unit.update' order by seq`, [tenantId]);
    for (let w = 0; w < WORKERS; w++) {
      const mine = rows.map((r) => r.name).filter((n: string) => n.startsWith(`worker ${w} `));
      expect(mine).toEqual(Array.from({ length: PER_WORKER }, (_, n) => `worker ${w} round ${n}`));
    }
    const verified = await ok<any>(server.url, '{ verifyAuditLog { ok checkedEntries headSeq firstBrokenSeq } }', {}, tenant.adminToken);
    expect(verified.verifyAuditLog).toEqual({ ok: true, checkedEntries: all.length, headSeq: all.length, firstBrokenSeq: null });
    // Commits in one tenant are serialised by the head lock: on a slow disk (fsync per commit) this takes a while.
  }, 300_000);

  it('parallel appends inside one transaction (reads logged by parallel resolvers) still chain', async () => {
    const platform = await platformAdmin(server);
    const tenant = await provisionTenant(server, platform.token);
    const tenantId = parseGlobalId(tenant.id)!.id;
    await withSystemContext(server.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, null);
      await Promise.all(Array.from({ length: 12 }, (_, i) =>
        appendTenantLog(ctx.em, { tenantId, actorKind: ActorKind.SYSTEM, action: 'test.parallel_read', reason: `read ${i}` })));
    });
    const result = await withSystemContext(server.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, null);
      return verifyChain(tenantChainSource(ctx.em, tenantId));
    });
    expect(result.ok).toBe(true);
    expect(result.checkedEntries).toBe(result.headSeq);
    expect(result.headSeq).toBeGreaterThanOrEqual(13);
  });

  it('batch appends (one head lock, hashes chained in JS) mixed with single ones and concurrent transactions: gapless, intact, stored as hashed', async () => {
    const platform = await platformAdmin(server);
    const tenant = await provisionTenant(server, platform.token);
    const tenantId = parseGlobalId(tenant.id)!.id;
    const before = (await seqs(tenantId)).length;
    const entry = (i: number) => ({
      tenantId, actorKind: ActorKind.USER, actorUserId: tenantId, actorMemberId: tenantId, actorRoles: ['webhook "principal"', 'a\\b', '角色'],
      action: 'test.batch_read', targetType: 'Petitioner', targetId: tenantId, incidentId: null, reason: `读 ${i} \u0000 {"x"}`,
      changes: [{ type: 'Petitioner', id: tenantId, op: 'update' as const, before: null, after: { nested: [i, '张三'] } }], requestId: `batch-${i}`,
    });
    await Promise.all(Array.from({ length: 4 }, (_, w) => withSystemContext(server.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, null);
      await appendTenantLog(ctx.em, { tenantId, actorKind: ActorKind.SYSTEM, action: 'test.single', reason: `before ${w}` });
      const out = await appendTenantLogBatch(ctx.em, [entry(w * 10), entry(w * 10 + 1), entry(w * 10 + 2)]);
      expect(out.map((o) => o.seq - out[0]!.seq)).toEqual([0, 1, 2]);
      await appendTenantLog(ctx.em, { tenantId, actorKind: ActorKind.SYSTEM, action: 'test.single', reason: `after ${w}` });
    })));
    const all = await seqs(tenantId);
    expect(all.length).toBe(before + 4 * 5);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    const { rows } = await db.query(`select actor_roles, reason, changes, request_id from log_entry where tenant_id = $1 and action = 'test.batch_read' order by seq`, [tenantId]);
    expect(rows).toHaveLength(12);
    expect(rows[0].actor_roles).toEqual(['webhook "principal"', 'a\\b', '角色']);
    expect(rows[0].reason).toMatch(/^读 \d+ \uFFFD \{"x"\}$/);
    expect(rows[0].changes[0].after.nested[1]).toBe('张三');
    const result = await withSystemContext(server.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, tenantId, null);
      return verifyChain(tenantChainSource(ctx.em, tenantId));
    });
    expect(result).toMatchObject({ ok: true, checkedEntries: all.length, headSeq: all.length });
  });

  it('the platform log under concurrent appends: gapless and intact', async () => {
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        for (let n = 0; n < 5; n++) {
          await withSystemContext(server.deps, null, (ctx) => ensurePlatformAdmin(ctx.em, `${uniq(`p${w}`)}@test.local`, 'P', null));
        }
      }),
    );
    const { rows } = await db.query('select seq from platform_log_entry order by seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(WORKERS * 5);
    const result = await withSystemContext(server.deps, null, (ctx) => verifyChain(platformChainSource(ctx.em)));
    expect(result.ok).toBe(true);
  });
});
