import type { EntityManager } from '@mikro-orm/postgresql';
import type { ActorKind, LogChange } from './log.entity.js';
import { chainHash, GENESIS_HASH, LogHashAlgorithm, type HashedEntry, type PlatformHashedEntry } from './log-hash.js';
import { canonicalJson } from './canonical-json.js';

export const LOG_CHANNEL = 'xinfang_log';

/** When the writer last wrote an entry and last failed to (the alarm monitor watches them). */
export const logWriterHealth = { lastWriteAt: 0, lastFailureAt: 0, lastError: null as string | null };

async function watched<T>(write: () => Promise<T>): Promise<T> {
  try {
    const out = await write();
    logWriterHealth.lastWriteAt = Date.now();
    return out;
  } catch (error) {
    logWriterHealth.lastFailureAt = Date.now();
    logWriterHealth.lastError = error instanceof Error ? error.message : String(error);
    throw error;
  }
}

export interface LogAppend {
  tenantId: string;
  actorKind: ActorKind;
  actorUserId?: string | null;
  actorMemberId?: string | null;
  actorRoles?: string[];
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  incidentId?: string | null;
  event?: string | null;
  changes?: LogChange[];
  reason?: string | null;
  requestId?: string | null;
  clientAddress?: string | null;
}

// Unpaired surrogates and NUL cannot be stored in jsonb/text: they become U+FFFD
// before hashing, so the hash covers exactly what the database keeps.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/** A deep copy with every string storable (see UNSTORABLE). */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map((v) => storable(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storable(k)] = storable(v);
    return out as T;
  }
  return value;
}

// Appends sharing one transaction are serialised: the head is read by one
// statement and written by the next, so two interleaved appends (parallel
// field resolvers logging reads) would both link to the same previous hash.
const appendQueues = new WeakMap<object, Promise<unknown>>();

function serialised<T>(key: object, work: () => Promise<T>): Promise<T> {
  const previous = appendQueues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  appendQueues.set(key, next.catch(() => undefined));
  return next;
}

/**
 * Appends one entry to a tenant's log inside the caller's transaction. The
 * head row's lock is held until commit, so sequence order is commit order.
 * NOTIFY is transactional: listeners hear "tenant:seq" only if it commits.
 */
export async function appendTenantLog(em: EntityManager, entry: LogAppend): Promise<{ seq: number; hash: string }> {
  const ctx = em.getTransactionContext();
  if (!ctx) throw new Error('log entries are written inside a transaction');
  // One entry is a batch of one: the same head lock, insert and notification.
  return serialised(ctx as object, () => watched(async () => (await appendTenantLogBatchNow(em, ctx, entry.tenantId, [entry]))[0]!));
}

/** The record an entry's hash covers (every string storable). */
function hashedRecord(entry: LogAppend, seq: number, time: Date, algorithm: LogHashAlgorithm): HashedEntry {
  return storable({
    tenantId: entry.tenantId,
    seq,
    time: time.toISOString(),
    actorKind: entry.actorKind,
    actorUserId: entry.actorUserId ?? null,
    actorMemberId: entry.actorMemberId ?? null,
    actorRoles: entry.actorRoles ?? [],
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    incidentId: entry.incidentId ?? null,
    event: entry.event ?? null,
    // Through canonical JSON and back: what jsonb returns is what was hashed.
    changes: JSON.parse(canonicalJson(entry.changes ?? [])) as unknown[],
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
    clientAddress: entry.clientAddress ?? null,
    // The chain's algorithm is the head's; only a non-default one is part of the hashed record.
    ...(algorithm === LogHashAlgorithm.SHA256 ? {} : { hashAlgorithm: algorithm }),
  });
}

/**
 * Appends several entries of one tenant in one go: one head update (one lock
 * taken, held until commit, as for a single append), the hashes chained here
 * in order, one insert of them all and one notification (of the last seq:
 * listeners read the table from where they are).
 */
export async function appendTenantLogBatch(em: EntityManager, entries: LogAppend[]): Promise<{ seq: number; hash: string }[]> {
  if (!entries.length) return [];
  const ctx = em.getTransactionContext();
  if (!ctx) throw new Error('log entries are written inside a transaction');
  const tenantId = entries[0]!.tenantId;
  if (entries.some((e) => e.tenantId !== tenantId)) throw new Error('a batch append is for one tenant');
  return serialised(ctx as object, () => watched(() => appendTenantLogBatchNow(em, ctx, tenantId, entries)));
}

async function appendTenantLogBatchNow(em: EntityManager, ctx: unknown, tenantId: string, entries: LogAppend[]): Promise<{ seq: number; hash: string }[]> {
  const conn = em.getConnection();
  const [head] = await conn.execute<{ seq: string; hash: string; hash_algorithm: LogHashAlgorithm }[]>(
    'update log_head set seq = seq + ? where tenant_id = ? returning seq, hash, hash_algorithm',
    [entries.length, tenantId],
    'all',
    ctx as never,
  );
  if (!head) throw new Error(`tenant ${tenantId} has no log head`);
  const first = Number(head.seq) - entries.length + 1;
  const time = new Date();
  let prev = head.hash;
  const rows = entries.map((entry, i) => {
    const hashed = hashedRecord(entry, first + i, time, head.hash_algorithm);
    const hash = chainHash(prev, hashed);
    const row = {
      seq: hashed.seq, actor_kind: hashed.actorKind, actor_user_id: hashed.actorUserId, actor_member_id: hashed.actorMemberId,
      actor_roles: toPgArray(hashed.actorRoles), action: hashed.action, target_type: hashed.targetType, target_id: hashed.targetId,
      incident_id: hashed.incidentId, event: hashed.event, changes: hashed.changes, reason: hashed.reason, request_id: hashed.requestId,
      client_address: hashed.clientAddress, prev_hash: prev, hash,
    };
    prev = hash;
    return row;
  });
  const last = rows[rows.length - 1]!;
  await conn.execute(
    `with e as (
       insert into log_entry (tenant_id, id, seq, txid, created_at, actor_kind, actor_user_id, actor_member_id, actor_roles,
         action, target_type, target_id, incident_id, event, changes, reason, request_id, client_address, prev_hash, hash, hash_algorithm)
       select ?::uuid, gen_random_uuid(), x.seq, txid_current(), ?::timestamptz, x.actor_kind, x.actor_user_id, x.actor_member_id, x.actor_roles::text[],
         x.action, x.target_type, x.target_id, x.incident_id, x.event, x.changes, x.reason, x.request_id, x.client_address, x.prev_hash, x.hash, ?::text
       from jsonb_to_recordset(?::jsonb) as x(seq bigint, actor_kind text, actor_user_id uuid, actor_member_id uuid, actor_roles text, action text,
         target_type text, target_id uuid, incident_id uuid, event text, changes jsonb, reason text, request_id text, client_address text, prev_hash text, hash text)
     ), h as (update log_head set hash = ? where tenant_id = ?)
     select pg_notify(?, ?)`,
    [tenantId, time, head.hash_algorithm, JSON.stringify(rows), last.hash, tenantId, LOG_CHANNEL, `${tenantId}:${last.seq}`],
    'run',
    ctx as never,
  );
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

export function toPgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

export interface PlatformLogAppend {
  actorUserId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  tenantId?: string | null;
  changes?: LogChange[];
  reason?: string | null;
  requestId?: string | null;
  clientAddress?: string | null;
}

/** The platform chain: provisioning, suspension, platform sign-ins. Serialised by an advisory lock. */
export async function appendPlatformLog(em: EntityManager, entry: PlatformLogAppend): Promise<{ seq: number; hash: string }> {
  const ctx = em.getTransactionContext();
  if (!ctx) throw new Error('log entries are written inside a transaction');
  return serialised(ctx as object, () => watched(() => appendPlatformLogNow(em, ctx, entry)));
}

async function appendPlatformLogNow(em: EntityManager, ctx: unknown, entry: PlatformLogAppend): Promise<{ seq: number; hash: string }> {
  const conn = em.getConnection();
  // The lock first, alone: the next statement's snapshot then sees the last committed entry
  // (in one statement the snapshot would predate the wait for the lock).
  await conn.execute(`select pg_advisory_xact_lock(hashtext('xinfang_platform_log'))`, [], 'run', ctx as never);
  const [last] = await conn.execute<{ seq: string; hash: string }[]>(
    'select seq, hash from platform_log_entry order by seq desc limit 1',
    [],
    'all',
    ctx as never,
  );
  const seq = last ? Number(last.seq) + 1 : 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const time = new Date();
  const hashed: PlatformHashedEntry = storable({
    seq,
    time: time.toISOString(),
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    tenantId: entry.tenantId ?? null,
    changes: JSON.parse(canonicalJson(entry.changes ?? [])) as unknown[],
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
    clientAddress: entry.clientAddress ?? null,
  });
  const hash = chainHash(prevHash, hashed);
  await conn.execute(
    `insert into platform_log_entry (seq, id, created_at, actor_user_id, action, target_type, target_id, tenant_id, changes, reason, request_id, client_address, prev_hash, hash)
     values (?, gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)`,
    [seq, time, hashed.actorUserId, hashed.action, hashed.targetType, hashed.targetId, hashed.tenantId, canonicalJson(hashed.changes),
      hashed.reason, hashed.requestId, hashed.clientAddress, prevHash, hash],
    'run',
    ctx as never,
  );
  return { seq, hash };
}
