// auditLog, verifyAuditLog, checkpoints and platform log access over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { addMember, createUnit, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { verifyExport, type SignedCheckpoint } from '../../src/modules/log/checkpoint.verify.js';
import type { ExportedEntry } from '../../src/platform/audit/log-hash.js';
import { parseGlobalId, toGlobalId } from '../../src/platform/ids.js';
import { PlatformRole } from '../../src/platform/platform-roles.js';

let server: TestServer;
let db: pg.Client;
let platform: { email: string; token: string };
let tenant: TenantFixture;
let auditor: { memberId: string; email: string; token: string };
let liaison: { memberId: string; email: string; token: string };

const ENTRY_FIELDS = `id seq time action reason requestId clientAddress prevHash hash record incidentId event
  actor { kind userId memberId roles displayName email } target { type id } changes { type id op before after }`;

const LOG = `query($filter: AuditLogFilter, $order: AuditLogOrder, $first: Int, $after: String, $tenantId: ID) {
  auditLog(filter: $filter, order: $order, first: $first, after: $after, tenantId: $tenantId) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY_FIELDS} } } } }`;

const VERIFY = `query($from: Int, $to: Int, $tenantId: ID) { verifyAuditLog(from: $from, to: $to, tenantId: $tenantId) {
  ok from to headSeq checkedEntries checkpointsChecked firstBrokenSeq reason detail } }`;

const EXPORT = `mutation($input: ExportLogCheckpointInput) { exportLogCheckpoint(input: $input) {
  checkpoint { id tenantId seq hash time algorithm keyId signature signedMessage } userErrors { code message } } }`;

async function allEntries(token: string, extra: Record<string, unknown> = {}): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await ok(server.url, LOG, { first: 100, after, order: 'OLDEST_FIRST', ...extra }, token);
    out.push(...data.auditLog.edges.map((e: any) => e.node));
    if (!data.auditLog.pageInfo.hasNextPage) return out;
    after = data.auditLog.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'DISCIPLINE_COMMISSION');
  auditor = await addMember(server, tenant, ['AUDITOR']);
  liaison = await addMember(server, tenant, ['LIAISON']);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('auditLog', () => {
  it('is readable with AUDIT_READ (auditors, tenant admins), not by ordinary members', async () => {
    for (const token of [auditor.token, tenant.adminToken]) {
      const res = await ok<any>(server.url, LOG, { first: 5 }, token);
      expect(res.auditLog.edges.length).toBeGreaterThan(0);
    }
    const denied = await gql(server.url, LOG, { first: 5 }, liaison.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(denied.data).toBeNull();
    const anonymous = await gql(server.url, LOG, { first: 5 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A member naming another tenant learns nothing about it.
    const other = await provisionTenant(server, platform.token);
    const cross = await gql(server.url, LOG, { first: 5, tenantId: other.id }, auditor.token);
    expect(cross.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('records actor, action, target, before/after, reason, request id and client address', async () => {
    const unitId = await createUnit(server, tenant.adminToken, tenant.rootUnitId, '信访办公室');
    const res = await gql(
      server.url,
      `mutation($input: ArchiveUnitInput!) { archiveUnit(input: $input) { unit { id } userErrors { code } } }`,
      { input: { unitId, reason: '机构调整' } },
      tenant.adminToken,
      { 'x-request-id': 'req-archive-1' },
    );
    expect(res.data?.archiveUnit.userErrors).toEqual([]);
    const data = await ok<any>(server.url, LOG, { first: 1, filter: { targetId: unitId, actions: ['unit.archive'] } }, auditor.token);
    const entry = data.auditLog.edges[0].node;
    expect(entry.action).toBe('unit.archive');
    expect(entry.reason).toBe('机构调整');
    expect(entry.requestId).toBe('req-archive-1');
    expect(entry.clientAddress).toMatch(/127\.0\.0\.1/);
    expect(entry.target).toEqual({ type: 'Unit', id: unitId });
    expect(entry.actor.kind).toBe('USER');
    expect(entry.actor.email).toBe(tenant.adminEmail);
    expect(entry.actor.roles).toEqual(['TENANT_ADMIN']);
    expect(entry.changes).toHaveLength(1);
    expect(entry.changes[0]).toMatchObject({ type: 'Unit', id: unitId, op: 'UPDATE', before: { archivedAt: null } });
    expect(typeof entry.changes[0].after.archivedAt).toBe('string');
    expect(entry.record).toMatchObject({ seq: entry.seq, action: 'unit.archive', targetId: parseGlobalId(unitId)!.id, prevHash: entry.prevHash, hash: entry.hash });
    const created = await ok<any>(server.url, LOG, { first: 1, filter: { targetId: unitId, actions: ['unit.create'] } }, auditor.token);
    expect(created.auditLog.edges[0].node.changes[0]).toMatchObject({ op: 'CREATE', before: null, after: { name: '信访办公室', kind: 'OFFICE' } });
  });

  it('records deleted rows with their content (role links replaced by assignRole)', async () => {
    const m = await addMember(server, tenant, ['LIAISON']);
    await ok(server.url, `mutation($input: AssignRoleInput!) { assignRole(input: $input) { member { id } userErrors { code } } }`,
      { input: { memberId: m.memberId, roleIds: [tenant.roles.MEMBER] } }, tenant.adminToken);
    const data = await ok<any>(server.url, LOG, { first: 1, filter: { targetId: m.memberId, actions: ['member.assign_roles'] } }, auditor.token);
    const changes = data.auditLog.edges[0].node.changes;
    const deleted = changes.find((c: any) => c.op === 'DELETE');
    const created = changes.find((c: any) => c.op === 'CREATE');
    expect(deleted).toMatchObject({ type: 'MemberRole', after: null, before: { member: parseGlobalId(m.memberId)!.id, role: parseGlobalId(tenant.roles.LIAISON)!.id } });
    expect(created).toMatchObject({ type: 'MemberRole', before: null, after: { role: parseGlobalId(tenant.roles.MEMBER)!.id } });
  });

  it('filters by actor, action, target, time and sequence, in both orders, with cursors', async () => {
    const t = await provisionTenant(server, platform.token);
    const aud = await addMember(server, t, ['AUDITOR']);
    const other = await addMember(server, t, ['TENANT_ADMIN']);
    const units: string[] = [];
    for (let i = 0; i < 4; i++) units.push(await createUnit(server, t.adminToken, t.rootUnitId, `U${i}`));
    await createUnit(server, other.token, t.rootUnitId, 'by other');
    const everything = await allEntries(aud.token);
    const seqs = everything.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));

    const newest = await ok<any>(server.url, LOG, { first: 3 }, aud.token);
    expect(newest.auditLog.edges.map((e: any) => e.node.seq)).toEqual([seqs.length, seqs.length - 1, seqs.length - 2]);
    const next = await ok<any>(server.url, LOG, { first: 3, after: newest.auditLog.pageInfo.endCursor }, aud.token);
    expect(next.auditLog.edges.map((e: any) => e.node.seq)).toEqual([seqs.length - 3, seqs.length - 4, seqs.length - 5]);

    const byOther = await ok<any>(server.url, LOG, { first: 50, filter: { actorMemberId: other.memberId } }, aud.token);
    expect(byOther.auditLog.edges.map((e: any) => e.node.action)).toEqual(['unit.create', 'session.login']);
    const otherUser = byOther.auditLog.edges[0].node.actor.userId;
    const byUser = await ok<any>(server.url, LOG, { first: 50, filter: { actorUserId: otherUser } }, aud.token);
    // As a user: also the set-password entry is in the platform log, so here the same two.
    expect(byUser.auditLog.totalCount).toBe(2);

    const creations = await ok<any>(server.url, LOG, { first: 50, filter: { actions: ['unit.create'] }, order: 'OLDEST_FIRST' }, aud.token);
    expect(creations.auditLog.edges.map((e: any) => e.node.target.id)).toEqual([...units, expect.any(String)]);
    expect(creations.auditLog.totalCount).toBe(5);
    const prefix = await ok<any>(server.url, LOG, { first: 50, filter: { actionPrefix: 'member.' } }, aud.token);
    expect(prefix.auditLog.edges.every((e: any) => e.node.action.startsWith('member.'))).toBe(true);
    expect(prefix.auditLog.totalCount).toBe(2);
    const literal = await ok<any>(server.url, LOG, { first: 50, filter: { actionPrefix: 'member_' } }, aud.token);
    expect(literal.auditLog.totalCount).toBe(0);

    const target = await ok<any>(server.url, LOG, { first: 50, filter: { targetId: units[2] } }, aud.token);
    expect(target.auditLog.edges).toHaveLength(1);
    const byType = await ok<any>(server.url, LOG, { first: 50, filter: { targetType: 'Unit' } }, aud.token);
    expect(byType.auditLog.totalCount).toBe(5);

    const range = await ok<any>(server.url, LOG, { first: 50, filter: { seqFrom: 2, seqTo: 4 }, order: 'OLDEST_FIRST' }, aud.token);
    expect(range.auditLog.edges.map((e: any) => e.node.seq)).toEqual([2, 3, 4]);

    const pivot = everything[everything.length - 3];
    const since = await ok<any>(server.url, LOG, { first: 50, filter: { since: pivot.time } }, aud.token);
    expect(since.auditLog.edges.every((e: any) => e.node.time >= pivot.time)).toBe(true);
    expect(since.auditLog.edges.map((e: any) => e.node.seq)).toContain(pivot.seq);
    const until = await ok<any>(server.url, LOG, { first: 50, filter: { until: pivot.time } }, aud.token);
    expect(until.auditLog.edges.every((e: any) => e.node.time < pivot.time)).toBe(true);

    const bad = await gql(server.url, LOG, { first: 5, filter: { actorMemberId: t.rootUnitId } }, aud.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const tooMany = await gql(server.url, LOG, { first: 1000 }, aud.token);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('costs the same number of statements for 5 or 25 entries (no N+1)', async () => {
    const t = await provisionTenant(server, platform.token);
    const aud = await addMember(server, t, ['AUDITOR']);
    for (let i = 0; i < 12; i++) await addMember(server, t, ['LIAISON']);
    const counts: number[] = [];
    for (const first of [5, 25]) {
      const res = await gql(server.url, LOG, { first }, aud.token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.auditLog.edges.length).toBe(first);
      counts.push(res.extensions!.sqlStatements);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('is readable by node(id:) with AUDIT_READ only', async () => {
    const data = await ok<any>(server.url, LOG, { first: 1 }, auditor.token);
    const id = data.auditLog.edges[0].node.id;
    const q = `query($id: ID!) { node(id: $id) { id ... on LogEntry { seq action } } }`;
    expect((await ok<any>(server.url, q, { id }, auditor.token)).node.id).toBe(id);
    expect((await gql(server.url, q, { id }, liaison.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('verifyAuditLog and checkpoints', () => {
  it('verifies the whole chain or a range; refuses a bad range; not for ordinary members', async () => {
    const whole = await ok<any>(server.url, VERIFY, {}, auditor.token);
    expect(whole.verifyAuditLog).toMatchObject({ ok: true, from: 1, firstBrokenSeq: null, reason: null });
    expect(whole.verifyAuditLog.to).toBe(whole.verifyAuditLog.headSeq);
    expect(whole.verifyAuditLog.checkedEntries).toBe(whole.verifyAuditLog.headSeq);
    const part = await ok<any>(server.url, VERIFY, { from: 3, to: 5 }, tenant.adminToken);
    expect(part.verifyAuditLog).toMatchObject({ ok: true, from: 3, to: 5, checkedEntries: 3 });
    const bad = await gql(server.url, VERIFY, { from: 5, to: 3 }, auditor.token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_RANGE');
    expect((await gql(server.url, VERIFY, {}, liaison.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('exports a signed checkpoint that an outsider verifies with the public key alone', async () => {
    const before = await ok<any>(server.url, VERIFY, {}, auditor.token);
    const res = await ok<any>(server.url, EXPORT, { input: { reason: '季度核查' } }, auditor.token);
    const cp = res.exportLogCheckpoint.checkpoint;
    expect(cp).toMatchObject({ tenantId: parseGlobalId(tenant.id)!.id, seq: before.verifyAuditLog.headSeq, algorithm: 'ed25519' });
    expect(cp.signedMessage).toBe(`xinfang-log-checkpoint/v1\n${JSON.stringify({ hash: cp.hash, seq: cp.seq, tenantId: cp.tenantId, time: cp.time })}`);

    // The public key needs no account.
    const key = await ok<any>(server.url, '{ logCheckpointPublicKey { algorithm keyId pem } }');
    expect(key.logCheckpointPublicKey.keyId).toBe(cp.keyId);

    const entries: ExportedEntry[] = (await allEntries(auditor.token)).map((n) => n.record);
    const signed: SignedCheckpoint = { tenantId: cp.tenantId, seq: cp.seq, hash: cp.hash, time: cp.time, algorithm: cp.algorithm, keyId: cp.keyId, signature: cp.signature };
    expect(verifyExport(entries, signed, key.logCheckpointPublicKey.pem)).toMatchObject({ ok: true, verifiedEntries: cp.seq });

    // The issue of the checkpoint is the next entry, by the auditor, about the checkpoint.
    const issued = entries.find((e) => e.seq === cp.seq + 1)!;
    expect(issued).toMatchObject({ action: 'log.checkpoint', targetType: 'LogCheckpoint', targetId: parseGlobalId(cp.id)!.id, reason: '季度核查', actorMemberId: parseGlobalId(auditor.memberId)!.id });

    const list = await ok<any>(server.url, `{ logCheckpoints(first: 5) { totalCount edges { node { id seq signature } } } }`, {}, auditor.token);
    expect(list.logCheckpoints.edges[0].node).toMatchObject({ id: cp.id, seq: cp.seq, signature: cp.signature });
    const after = await ok<any>(server.url, VERIFY, {}, auditor.token);
    expect(after.verifyAuditLog).toMatchObject({ ok: true, checkpointsChecked: 1 });
    const denied = await gql(server.url, EXPORT, {}, liaison.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists checkpoints with a fixed number of statements', async () => {
    for (let i = 0; i < 6; i++) await ok(server.url, EXPORT, {}, auditor.token);
    const q = `query($first: Int) { logCheckpoints(first: $first) { edges { node { id seq hash time keyId signedMessage } } } }`;
    const small = await gql(server.url, q, { first: 2 }, auditor.token);
    const large = await gql(server.url, q, { first: 7 }, auditor.token);
    expect(large.data!.logCheckpoints.edges).toHaveLength(7);
    expect(large.extensions!.sqlStatements).toBe(small.extensions!.sqlStatements);
  });
});

describe('platform administrators and the tenant log', () => {
  it('see nothing until the tenant grants it; the grant and revocation are logged; their reads are recorded', async () => {
    const t = await provisionTenant(server, platform.token);
    // The audit administrator is the platform administrator who reads logs (三员分立).
    const reader = await platformAdmin(server, PlatformRole.AUDIT_ADMIN);
    const denied = await gql(server.url, LOG, { first: 5, tenantId: t.id }, reader.token);
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LOG_ACCESS_NOT_GRANTED' });
    expect((await gql(server.url, VERIFY, { tenantId: t.id }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server.url, LOG, { first: 5 }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Behind the API's back too: row-level security hides the rows from a platform administrator's transaction.
    const platformUser = (await db.query('select id from app_user where email = $1', [reader.email])).rows[0].id;
    const visibleRows = async () => {
      await db.query('begin');
      try {
        await db.query(`set local role xinfang_app`);
        await db.query(`select set_config('app.user_id', $1, true), set_config('app.tenant_id', '', true)`, [platformUser]);
        return Number((await db.query('select count(*) from log_entry where tenant_id = $1', [parseGlobalId(t.id)!.id])).rows[0].count);
      } finally {
        await db.query('rollback');
      }
    };
    expect(await visibleRows()).toBe(0);

    const grant = `mutation($input: SetPlatformLogAccessInput!) { setPlatformLogAccess(input: $input) { tenant { platformLogAccess } userErrors { code } } }`;
    const liaisonOfT = await addMember(server, t, ['LIAISON']);
    expect((await gql(server.url, grant, { input: { granted: true } }, liaisonOfT.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const granted = await ok<any>(server.url, grant, { input: { granted: true, reason: '协助排查' } }, t.adminToken);
    expect(granted.setPlatformLogAccess.tenant.platformLogAccess).toBe(true);
    const again = await ok<any>(server.url, grant, { input: { granted: true } }, t.adminToken).catch((e) => String(e));
    expect(again).toMatch(/ALREADY_IN_STATE/);

    expect(await visibleRows()).toBeGreaterThan(0);
    const platformSeq = Number((await db.query('select coalesce(max(seq), 0) as s from platform_log_entry')).rows[0].s);
    const read = await ok<any>(server.url, LOG, { first: 50, tenantId: t.id }, reader.token);
    const actions = read.auditLog.edges.map((e: any) => e.node.action);
    expect(actions[0]).toBe('tenant.grant_platform_log_access');
    expect(read.auditLog.edges[0].node.reason).toBe('协助排查');
    expect(read.auditLog.edges[0].node.changes[0]).toMatchObject({ type: 'Tenant', before: { platformLogAccess: false }, after: { platformLogAccess: true } });
    expect(read.auditLog.totalCount).toBe(read.auditLog.edges.length);
    const verified = await ok<any>(server.url, VERIFY, { tenantId: t.id }, reader.token);
    expect(verified.verifyAuditLog.ok).toBe(true);
    const recorded = await db.query('select action, tenant_id, actor_user_id, reason from platform_log_entry where seq > $1 order by seq', [platformSeq]);
    expect(recorded.rows.map((r) => [r.action, r.reason])).toEqual([['log.platform_read', 'auditLog'], ['log.platform_read', 'verifyAuditLog']]);
    expect(recorded.rows.every((r) => r.tenant_id === parseGlobalId(t.id)!.id && r.actor_user_id === platformUser)).toBe(true);

    // The grant is for platform administrators only, and for this tenant only.
    expect((await gql(server.url, LOG, { first: 5, tenantId: t.id }, auditor.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Of the platform administrators, only the audit administrator reads it (三员分立).
    expect((await gql(server.url, LOG, { first: 5, tenantId: t.id }, platform.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server.url, LOG, { first: 5, tenantId: tenant.id }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await ok(server.url, grant, { input: { granted: false, reason: '排查结束' } }, t.adminToken);
    expect((await gql(server.url, LOG, { first: 5, tenantId: t.id }, reader.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await visibleRows()).toBe(0);
    const aud = await addMember(server, t, ['AUDITOR']);
    const own = await ok<any>(server.url, LOG, { first: 50, filter: { actionPrefix: 'tenant.' }, order: 'OLDEST_FIRST' }, aud.token);
    expect(own.auditLog.edges.map((e: any) => [e.node.action, e.node.reason])).toEqual([
      ['tenant.provision', null],
      ['tenant.grant_platform_log_access', '协助排查'],
      ['tenant.revoke_platform_log_access', '排查结束'],
    ]);
    expect(toGlobalId('Tenant', parseGlobalId(t.id)!.id)).toBe(t.id);
  });
});
