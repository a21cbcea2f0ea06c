// A change without its log entry is impossible by construction, and a failed
// mutation leaves neither change nor entry. These tests try to get around it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createUnit, gql, ok, platformAdmin, provisionTenant, uniq, type TenantFixture } from '../support/fixtures.js';
import { withSystemContext } from '../../src/platform/system-context.js';
import { tenantActor } from '../../src/modules/tenant/system-actor.service.js';
import { audited } from '../../src/platform/audit/mutation.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { Unit, UnitKind } from '../../src/modules/unit/unit.entity.js';
import { Member } from '../../src/modules/member/member.entity.js';
import { Tenant } from '../../src/modules/tenant/tenant.entity.js';
import { provisionHooks } from '../../src/server/hooks.js';
import type { ProvisionHook } from '../../src/platform/hooks.js';
import type { Actor } from '../../src/platform/context.js';

let server: TestServer;
let db: pg.Client;
let platform: { email: string; token: string };
let tenant: TenantFixture;
let tenantId: string;
let actor: Actor;

async function head(id = tenantId): Promise<number> {
  const { rows } = await db.query('select seq from log_head where tenant_id = $1', [id]);
  return Number(rows[0]?.seq ?? 0);
}

async function platformHead(): Promise<number> {
  return Number((await db.query('select coalesce(max(seq), 0) as s from platform_log_entry')).rows[0].s);
}

async function unitCount(): Promise<number> {
  return Number((await db.query('select count(*) from unit where tenant_id = $1', [tenantId])).rows[0].count);
}

function rawInsertUnit(name: string): [string, unknown[]] {
  const id = randomUUID();
  const root = parseGlobalId(tenant.rootUnitId)!.id;
  return [
    `insert into unit (tenant_id, id, parent_id, kind, name, path, depth, created_at) select tenant_id, ?, id, 'OFFICE', ?, path || ? || '/', 1, now() from unit where tenant_id = ? and id = ?`,
    [id, name, id, tenantId, root],
  ];
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token);
  tenantId = parseGlobalId(tenant.id)!.id;
  const adminUser = (await db.query('select id from app_user where email = $1', [tenant.adminEmail])).rows[0].id;
  const adminMember = (await db.query('select id from member where tenant_id = $1 and user_id = $2', [tenantId, adminUser])).rows[0].id;
  actor = await tenantActor(server.deps, tenantId, { userId: adminUser, email: tenant.adminEmail, memberId: adminMember, roleLabels: ['TENANT_ADMIN'] });
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('a change without its entry cannot commit', () => {
  it('raw SQL into a tenant table inside a tenant transaction, without audited: the commit fails', async () => {
    const [seq, units] = [await head(), await unitCount()];
    const [sql, params] = rawInsertUnit('sneaked in');
    await expect(withSystemContext(server.deps, actor, (ctx) => ctx.em.execute(sql, params))).rejects.toThrow(/without a log entry/);
    await expect(withSystemContext(server.deps, actor, (ctx) => ctx.em.execute(`update unit set name = 'renamed' where tenant_id = ?`, [tenantId]))).rejects.toThrow(/without a log entry/);
    await expect(withSystemContext(server.deps, actor, (ctx) => ctx.em.execute(`delete from member_role where tenant_id = ?`, [tenantId]))).rejects.toThrow(/without a log entry/);
    expect([await head(), await unitCount()]).toEqual([seq, units]);
  });

  it('the same as the application role on a connection of its own', async () => {
    const units = await unitCount();
    await db.query('begin');
    await db.query('set local role xinfang_app');
    await db.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    const [sql, params] = rawInsertUnit('sneaked in');
    let n = 0;
    await db.query(sql.replace(/\?/g, () => `$${++n}`), params);
    await expect(db.query('commit')).rejects.toMatchObject({ code: 'XF001' });
    expect(await unitCount()).toBe(units);
  });

  it('a change after an audited entry in the same transaction: the commit fails, the entry goes too', async () => {
    const [seq, units] = [await head(), await unitCount()];
    await expect(
      withSystemContext(server.deps, actor, async (ctx) => {
        const outcome = await audited(ctx, 'unit.create', async (tx) => {
          const root = await tx.em.findOneOrFail(Unit, { id: parseGlobalId(tenant.rootUnitId)!.id });
          const unit = tx.em.create(Unit, { tenant: ref(Tenant, tenantId), parent: root, kind: UnitKind.OFFICE, name: 'logged', path: '', depth: 1 });
          unit.path = `${root.path}${unit.id}/`;
          return { result: unit, target: { type: 'Unit', id: unit.id } };
        });
        expect(outcome.ok).toBe(true);
        // The entry exists now; a change made after it is not described by it.
        await ctx.em.execute(`update unit set name = 'changed afterwards' where tenant_id = ? and name = 'logged'`, [tenantId]);
      }),
    ).rejects.toThrow(/without a log entry/);
    expect([await head(), await unitCount()]).toEqual([seq, units]);
  });

  it('an ORM flush of tenant-owned changes outside audited throws', async () => {
    const [seq, units] = [await head(), await unitCount()];
    await expect(
      withSystemContext(server.deps, actor, async (ctx) => {
        const member = await ctx.em.findOneOrFail(Member, { tenant: tenantId }, { filters: false });
        member.title = 'changed without a mutation';
        await ctx.em.flush();
      }),
    ).rejects.toThrow(/refusing to flush Member outside an audited mutation/);
    expect([await head(), await unitCount()]).toEqual([seq, units]);
    const { rows } = await db.query(`select count(*) from member where tenant_id = $1 and title = 'changed without a mutation'`, [tenantId]);
    expect(Number(rows[0].count)).toBe(0);
  });

  it('inside audited the same change commits with exactly one entry describing it', async () => {
    const [seq, units] = [await head(), await unitCount()];
    await withSystemContext(server.deps, actor, async (ctx) => {
      const outcome = await audited(ctx, 'unit.raw_insert', async (tx) => {
        const [sql, params] = rawInsertUnit('bulk, described');
        await tx.em.execute(sql, params);
        return { result: null, extraChanges: [{ type: 'Unit', id: String(params[0]), op: 'create', before: null, after: { name: 'bulk, described' } }] };
      });
      expect(outcome.ok).toBe(true);
    });
    expect([await head(), await unitCount()]).toEqual([seq + 1, units + 1]);
    const { rows } = await db.query('select action, changes from log_entry where tenant_id = $1 and seq = $2', [tenantId, seq + 1]);
    expect(rows[0].action).toBe('unit.raw_insert');
    expect(rows[0].changes[0].after.name).toBe('bulk, described');
  });
});

describe('a failed mutation leaves neither change nor entry', () => {
  it('a rule failure', async () => {
    const [seq, units] = [await head(), await unitCount()];
    const res = await ok<any>(server.url, `mutation($input: ArchiveUnitInput!) { archiveUnit(input: $input) { unit { id } userErrors { code } } }`, {
      input: { unitId: tenant.rootUnitId },
    }, tenant.adminToken).catch((e) => String(e));
    expect(res).toMatch(/UNIT_IS_ROOT/);
    expect([await head(), await unitCount()]).toEqual([seq, units]);
  });

  it('a failure after earlier writes of the same mutation rolls them back too (validation after changes)', async () => {
    const [seq, units] = [await head(), await unitCount()];
    const outcome = await withSystemContext(server.deps, actor, (ctx) =>
      audited(ctx, 'unit.create', async (tx) => {
        const [sql, params] = rawInsertUnit('half done');
        await tx.em.execute(sql, params);
        const { DomainError } = await import('../../src/platform/errors.js');
        throw new DomainError('INVALID_INPUT', 'changed my mind');
      }),
    );
    expect(outcome.ok).toBe(false);
    expect([await head(), await unitCount()]).toEqual([seq, units]);
  });

  it('a constraint violation in the middle of provisioning: no tenant, no entries, and the server keeps working', async () => {
    let thrown: unknown = null;
    const hook: ProvisionHook = async (tx, t, info) => {
      const root = await tx.em.findOneOrFail(Unit, { tenant: t.id, id: info.rootUnitId }, { filters: false });
      for (let i = 0; i < 2; i++) {
        tx.em.create(Unit, { tenant: t.id, parent: root, kind: UnitKind.OFFICE, name: `dup ${i}`, code: 'same-code', path: `${root.path}x${i}/`, depth: 1 });
      }
      try {
        await tx.em.flush();
      } catch (e) {
        thrown = e;
        throw e;
      }
    };
    await expectProvisionLeavesNothing(hook);
    expect(thrown).toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('an exception thrown in the middle of a service: nothing remains', async () => {
    const hook: ProvisionHook = async () => {
      throw new Error('the mail server is down');
    };
    await expectProvisionLeavesNothing(hook);
  });

  it('in an operation of two mutations, the failed one leaves nothing and the other stays', async () => {
    const [seq, units] = [await head(), await unitCount()];
    const res = await gql(
      server.url,
      `mutation($ok: CreateUnitInput!, $bad: ArchiveUnitInput!) {
        a: createUnit(input: $ok) { unit { id } userErrors { code } }
        b: archiveUnit(input: $bad) { unit { id } userErrors { code } } }`,
      { ok: { parentId: tenant.rootUnitId, name: 'kept', kind: 'OFFICE' }, bad: { unitId: tenant.rootUnitId } },
      tenant.adminToken,
    );
    expect(res.data?.a.userErrors).toEqual([]);
    expect(res.data?.b.userErrors.map((e: any) => e.code)).toEqual(['UNIT_IS_ROOT']);
    expect([await head(), await unitCount()]).toEqual([seq + 1, units + 1]);
  });
});

async function expectProvisionLeavesNothing(hook: ProvisionHook): Promise<void> {
  const slug = uniq('fail');
  const [platformSeq, tenants] = [await platformHead(), Number((await db.query('select count(*) from tenant')).rows[0].count)];
  provisionHooks.push(hook);
  try {
    const res = await gql(
      server.url,
      `mutation($input: ProvisionTenantInput!) { provisionTenant(input: $input) { tenant { id } userErrors { code } } }`,
      { input: { name: 'Doomed', slug, kind: 'TOWN', admin: { email: `${slug}@test.local`, displayName: 'Nobody' } } },
      platform.token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(res)).not.toMatch(/mail server|same-code|duplicate/);
  } finally {
    provisionHooks.splice(provisionHooks.indexOf(hook), 1);
  }
  expect(await platformHead()).toBe(platformSeq);
  expect(Number((await db.query('select count(*) from tenant')).rows[0].count)).toBe(tenants);
  expect((await db.query('select 1 from app_user where email = $1', [`${slug}@test.local`])).rowCount).toBe(0);
  expect((await db.query('select 1 from log_entry e join tenant t on t.id = e.tenant_id where t.slug = $1', [slug])).rowCount).toBe(0);
  // The connection and the server are fine afterwards.
  const again = await provisionTenant(server, platform.token);
  expect(again.id).toBeTruthy();
  await createUnit(server, tenant.adminToken, tenant.rootUnitId, 'still working');
}
