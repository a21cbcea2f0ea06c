// Every mutation of the schema writes exactly one log entry (or the documented
// number) with the right actor and target, and a failed attempt writes none.
// The mutations are read from the built schema: a new mutation is covered
// without touching this file (the operation driver makes its arguments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { hashOpaqueToken } from '../../src/modules/session/tokens.service.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { accessRules } from '../../src/platform/graphql/allow.js';
import { normalizeEmail } from '../../src/modules/user/user.service.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { createDriverFixture, type DriverFixture } from '../support/driver-fixture.js';
import { describeAttempts, type AttemptRecord } from '../support/operation-driver.js';

interface LoggedRow {
  tenant_id: string | null;
  seq: string;
  action: string;
  actor_user_id: string | null;
  actor_member_id?: string | null;
  target_type: string | null;
  target_id: string | null;
}

interface Written {
  tenant: LoggedRow[];
  platform: LoggedRow[];
}

interface Expectation {
  /** Why this mutation differs from the default for its access rule. */
  why: string;
  tenantEntries?: number;
  platformEntries?: number;
  /** Either log, exactly this many in total (session events: tenant log, or platform log for a platform-only session). */
  totalEntries?: number;
  /** Expected target type when the payload holds no (or another) object. */
  target?: string;
  /** The acting user's id, when not the caller (public mutations). */
  actor?: (a: AttemptRecord, db: pg.Client) => Promise<string | null>;
  /** Target types an extra documented entry may have (closing's checkpoint entry). */
  otherTargets?: string[];
  /** A failed attempt may write entries (a security event that must be recorded although the call fails). */
  failureMayLog?: RegExp;
  /** A step between two tenants (referrals): one entry in each tenant's log; the other tenant's names the caller's user and no member. */
  crossTenant?: boolean;
}

// Defaults by access rule: member → one entry in the caller's tenant log;
// platformAdmin → one in the affected tenant's log and one in the platform log;
// public / signedIn → one entry in total. Exceptions, each with its reason:
const EXPECT: Record<string, Expectation> = {
  setContactPoints: { why: 'the payload names the member by id only (its contact points are personal data)', target: 'Member' },
  configureNotificationChannel: { why: 'a channel is no Node; the entry targets it', target: 'NotificationChannel' },
  login: {
    why: 'a member signs in into the tenant log; a platform-only session into the platform log',
    totalEntries: 1,
    target: 'User',
    actor: async (a, db) => userIdByEmail(db, String((a.variables.input as { email: string }).email)),
  },
  refreshSession: {
    why: 'the session\'s tenant log (platform log without tenant); presenting a used token fails AND logs the reuse',
    totalEntries: 1,
    target: 'Session',
    actor: async (a, db) => {
      const token = String((a.variables.input as { refreshToken: string }).refreshToken);
      const { rows } = await db.query('select s.user_id from refresh_token r join session s on s.id = r.session_id where r.token_hash = $1', [hashOpaqueToken(token)]);
      return rows[0]?.user_id ?? null;
    },
    failureMayLog: /REFRESH_TOKEN_REUSED/,
  },
  setPassword: {
    why: 'a user-level act, before any session: the platform log',
    tenantEntries: 0,
    platformEntries: 1,
    actor: async (a, db) => {
      const token = String((a.variables.input as { token: string }).token);
      const { rows } = await db.query('select user_id from password_token where token_hash = $1', [hashOpaqueToken(token)]);
      return rows[0]?.user_id ?? null;
    },
    target: 'User',
  },
  logout: { why: 'the payload holds no object; the target is the session', totalEntries: 1, target: 'Session' },
  saveDocumentTemplate: { why: 'a template version is not a Node; the target is the saved DocumentTemplate row', target: 'DocumentTemplate' },
  switchTenant: { why: 'logged in the tenant switched to; the target is the session', totalEntries: 1, target: 'Session' },
  setCalendarYear: { why: 'the payload shows the calendar (not a node); the target is the year\'s row', target: 'CalendarYear' },
  loadOfficialHolidays: { why: 'the payload shows the calendar (not a node); the target is the year\'s row', target: 'CalendarYear' },
  updateCalendarDays: { why: 'the payload shows the calendar (not a node); the target is the year\'s row', target: 'CalendarYear' },
  removeCalendarYear: { why: 'the payload shows the calendar (not a node); the target is the removed year\'s row', target: 'CalendarYear' },
  setPlatformRole: {
    why: 'platform-level, no tenant touched (三员分立): only the platform log; the payload shows the administrator, the target is the user',
    tenantEntries: 0,
    platformEntries: 1,
    target: 'User',
  },
  exportIncidents: { why: 'an export returns a file, not a node; the target is the export (its sha256 in the entry)', target: 'Export' },
  exportAssessmentFigures: { why: 'an export returns a file, not a node; the target is the export (its sha256 in the entry)', target: 'Export' },
  exportList: { why: 'an export returns a file, not a node; the target is the export (its sha256 in the entry)', target: 'Export' },
  rateReply: { why: 'the petitioner is told a receipt of the rating, not a node; the target is the rating', totalEntries: 1, target: 'SatisfactionRating' },
  updateSatisfactionSettings: { why: 'the payload shows the settings (not a node); the target is the settings row', target: 'SatisfactionSettings' },
  openIncidentFromConcern: { why: 'the incident is reported (its own entry) and the concern records what it became', tenantEntries: 2, otherTargets: ['Incident'] },
  closeIncident: {
    why: 'closing files the case (归档): incident.close (the case-file index in it), then log.checkpoint signing that entry, in one transaction',
    tenantEntries: 2,
    otherTargets: ['LogCheckpoint'],
  },
  updateCalendarSettings: { why: 'the payload shows the calendar (not a node); the target is the settings row', target: 'CalendarSettings' },
  updateReferralSettings: { why: 'the payload shows the settings (not a node); the target is the settings row', target: 'ReferralSettings' },
  // Between tenants (issue 15): both tenants' logs, each entry naming the other's.
  linkTenants: { why: 'a link is logged in both tenants\' logs and the platform log', tenantEntries: 2, platformEntries: 1 },
  unlinkTenants: { why: 'a link is logged in both tenants\' logs and the platform log', tenantEntries: 2, platformEntries: 1 },
  ...Object.fromEntries(['transferMatter', 'assignMatter', 'acceptAssignment', 'submitClosingReport', 'returnClosingReport', 'acceptClosingReport', 'issueSupervisionOrder', 'answerSupervisionOrder'].map((n) => [
    n, { why: 'a referral step writes the sender\'s and the receiver\'s log in one transaction', tenantEntries: 2, crossTenant: true },
  ])),
};

/** Mutations the driver may not exercise, each with its reason. Empty: every mutation must run. */
const NOT_EXERCISED: Record<string, string> = {
  // Needs a delivery the outbox worker has attempted (it is off here); test/integration/webhooks.test.ts checks its one entry.
  redeliverWebhook: 'needs a finished delivery',
  // Needs the token of a notification the worker sent; test/integration/notify-people.test.ts checks its one entry and actor.
  acknowledgeTaskNotification: 'needs a sent notification',
};

let server: TestServer;
let fx: DriverFixture;
let db: pg.Client;

async function userIdByEmail(client: pg.Client, email: string): Promise<string | null> {
  const { rows } = await client.query('select id from app_user where email = $1', [normalizeEmail(email)]);
  return rows[0]?.id ?? null;
}

async function heads(): Promise<{ tenants: Map<string, number>; platform: number }> {
  const t = await db.query('select tenant_id, seq from log_head');
  const p = await db.query('select coalesce(max(seq), 0) as seq from platform_log_entry');
  return { tenants: new Map(t.rows.map((r) => [r.tenant_id, Number(r.seq)])), platform: Number(p.rows[0].seq) };
}

async function writtenSince(before: Awaited<ReturnType<typeof heads>>): Promise<Written> {
  const tenant = await db.query<LoggedRow>(
    `select e.tenant_id, e.seq, e.action, e.actor_user_id, e.actor_member_id, e.target_type, e.target_id
     from log_entry e where e.seq > coalesce((select v.seq from jsonb_to_recordset($1::jsonb) as v(tenant_id uuid, seq bigint) where v.tenant_id = e.tenant_id), 0)
     order by e.tenant_id, e.seq`,
    [JSON.stringify([...before.tenants].map(([tenant_id, seq]) => ({ tenant_id, seq })))],
  );
  const platform = await db.query<LoggedRow>(
    'select tenant_id, seq, action, actor_user_id, target_type, target_id from platform_log_entry where seq > $1 order by seq',
    [before.platform],
  );
  return { tenant: tenant.rows, platform: platform.rows };
}

/** The object a payload returns (its first field holding a global id), as {type, id}. */
function payloadTarget(a: AttemptRecord): { type: string; id: string } | null {
  const payload = a.response.data?.[a.field] as Record<string, unknown> | null;
  for (const value of Object.values(payload ?? {})) {
    const id = (value as { id?: unknown } | null)?.id;
    const parsed = typeof id === 'string' ? parseGlobalId(id) : null;
    if (parsed) return parsed;
  }
  return null;
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  fx = await createDriverFixture(server);
});
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('every mutation in the schema is logged', () => {
  it('writes exactly the documented entries with the right actor and target; failed attempts write nothing', async () => {
    const { driver } = fx;
    const mutations = driver.fields('mutation');
    expect(mutations.length).toBeGreaterThan(10);
    const written = new Map<AttemptRecord, Written>();
    let before: Awaited<ReturnType<typeof heads>>;
    const results = await driver.exerciseAll(mutations, 'mutation', {
      before: async () => {
        before = await heads();
      },
      after: async (record) => {
        written.set(record, await writtenSince(before));
      },
    });

    if (process.env.DRIVER_DEBUG) for (const [n, r] of results) console.log(n, r.ok, r.attempts.length, r.success?.caller.label, JSON.stringify([...written.get(r.success!)?.tenant ?? [], ...written.get(r.success!)?.platform ?? []].map((e) => e.action)));
    const problems: string[] = [];
    for (const field of mutations) {
      const name = field.name;
      const result = results.get(name)!;
      const rule = accessRules.get(name);
      const exp = EXPECT[name];
      if (!rule) problems.push(`${name}: no access rule`);
      for (const a of result.attempts.filter((x) => !x.ok)) {
        const w = written.get(a)!;
        const n = w.tenant.length + w.platform.length;
        if (n > 0 && !(exp?.failureMayLog && exp.failureMayLog.test(a.failure ?? ''))) {
          problems.push(`${name}: a failed attempt (${a.failure}) wrote ${n} entries: ${JSON.stringify([...w.tenant, ...w.platform].map((e) => e.action))}`);
        }
      }
      if (!result.ok) {
        if (!NOT_EXERCISED[name]) problems.push(`${name}: the driver could not exercise it successfully; last attempts:\n${describeAttempts(result)}`);
        continue;
      }
      const a = result.success!;
      const w = written.get(a)!;
      const caller = a.caller;
      const byRule = rule?.kind === 'platformAdmin' ? { tenant: 1, platform: 1 } : rule?.kind === 'member' || rule?.kind === 'memberOrPlatformAdmin' ? { tenant: 1, platform: 0 } : null;
      const wantTenant = exp?.tenantEntries ?? (exp?.totalEntries === undefined ? byRule?.tenant : undefined);
      const wantPlatform = exp?.platformEntries ?? (exp?.totalEntries === undefined ? byRule?.platform : undefined);
      const wantTotal = exp?.totalEntries ?? (wantTenant === undefined ? 1 : undefined);
      const summary = `tenant log ${JSON.stringify(w.tenant.map((e) => e.action))}, platform log ${JSON.stringify(w.platform.map((e) => e.action))}`;
      if (wantTenant !== undefined && w.tenant.length !== wantTenant) problems.push(`${name}: expected ${wantTenant} tenant entries, got ${summary}`);
      if (wantPlatform !== undefined && w.platform.length !== wantPlatform) problems.push(`${name}: expected ${wantPlatform} platform entries, got ${summary}`);
      if (wantTotal !== undefined && w.tenant.length + w.platform.length !== wantTotal) problems.push(`${name}: expected ${wantTotal} entries in all, got ${summary}`);

      const actorUser = exp?.actor ? await exp.actor(a, db) : caller.userId;
      const target = exp?.target ? { type: exp.target, id: null } : payloadTarget(a);
      if (!target) problems.push(`${name}: its payload returns no object; document the expected target in EXPECT`);
      for (const e of [...w.tenant, ...w.platform]) {
        if (!e.action) problems.push(`${name}: entry without action`);
        if (!actorUser || e.actor_user_id !== actorUser) problems.push(`${name}: entry ${e.action} has actor ${e.actor_user_id}, expected ${actorUser}`);
        if (target && !exp?.otherTargets?.includes(e.target_type ?? '') && (e.target_type !== target.type || (target.id && e.target_id !== target.id))) {
          problems.push(`${name}: entry ${e.action} targets ${e.target_type}:${e.target_id}, expected ${target.type}:${target.id ?? '*'}`);
        }
      }
      if (rule?.kind === 'member' && exp?.crossTenant) {
        const own = w.tenant.filter((e) => e.tenant_id === caller.tenantId);
        if (own.length !== 1 || own[0]!.actor_member_id !== caller.memberId) problems.push(`${name}: expected one entry by the caller's member in its own tenant, got ${summary}`);
        for (const e of w.tenant.filter((x) => x.tenant_id !== caller.tenantId)) if (e.actor_member_id !== null) problems.push(`${name}: the other tenant's entry names member ${e.actor_member_id}`);
      } else if (rule?.kind === 'member') {
        for (const e of w.tenant) {
          if (e.tenant_id !== caller.tenantId) problems.push(`${name}: written into tenant ${e.tenant_id}, not the caller's ${caller.tenantId}`);
          if (e.actor_member_id !== caller.memberId) problems.push(`${name}: actor member ${e.actor_member_id}, expected ${caller.memberId}`);
        }
      }
      if (rule?.kind === 'platformAdmin' && target?.type === 'Tenant') {
        for (const e of w.tenant) if (e.tenant_id !== target.id) problems.push(`${name}: written into tenant ${e.tenant_id}, not the affected ${target.id}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    // Every mutation of the schema runs here, with retries: the time grows with the schema.
  }, 900_000);
});
