// Log rows as read with SQL, and the exact records their hashes cover.
import { LogHashAlgorithm, type ExportedEntry, type HashedEntry, type PlatformHashedEntry } from '../../platform/audit/log-hash.js';

/** A log_entry row as selected by LOG_ENTRY_COLUMNS. */
export interface LogEntryRow {
  id: string;
  tenant_id: string;
  seq: string | number;
  created_at: Date | string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_member_id: string | null;
  actor_roles: string[] | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  incident_id: string | null;
  event: string | null;
  changes: unknown[] | null;
  reason: string | null;
  request_id: string | null;
  client_address: string | null;
  prev_hash: string;
  hash: string;
  hash_algorithm: string;
}

export const LOG_ENTRY_COLUMNS = [
  'id', 'tenant_id', 'seq', 'created_at', 'actor_kind', 'actor_user_id', 'actor_member_id', 'actor_roles', 'action', 'target_type',
  'target_id', 'incident_id', 'event', 'changes', 'reason', 'request_id', 'client_address', 'prev_hash', 'hash', 'hash_algorithm',
] as const;

export interface PlatformLogRow {
  seq: string | number;
  created_at: Date | string;
  actor_user_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  tenant_id: string | null;
  changes: unknown[] | null;
  reason: string | null;
  request_id: string | null;
  client_address: string | null;
  prev_hash: string;
  hash: string;
}

export const PLATFORM_LOG_COLUMNS = [
  'seq', 'created_at', 'actor_user_id', 'action', 'target_type', 'target_id', 'tenant_id', 'changes', 'reason', 'request_id',
  'client_address', 'prev_hash', 'hash',
] as const;

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The record a tenant entry's hash covers, rebuilt from its row. */
export function hashedEntryOf(row: LogEntryRow): HashedEntry {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    time: iso(row.created_at),
    actorKind: row.actor_kind,
    actorUserId: row.actor_user_id,
    actorMemberId: row.actor_member_id,
    actorRoles: row.actor_roles ?? [],
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    incidentId: row.incident_id,
    event: row.event,
    changes: row.changes ?? [],
    reason: row.reason,
    requestId: row.request_id,
    clientAddress: row.client_address,
    // Only a non-default algorithm is part of the hashed record (see log-hash.ts).
    ...(row.hash_algorithm === LogHashAlgorithm.SHA256 ? {} : { hashAlgorithm: row.hash_algorithm as LogHashAlgorithm }),
  };
}

/** The hashed record with its link, hash and algorithm (every exported entry names its algorithm). */
export function exportedEntryOf(row: LogEntryRow): ExportedEntry {
  return { ...hashedEntryOf(row), hashAlgorithm: row.hash_algorithm as LogHashAlgorithm, prevHash: row.prev_hash, hash: row.hash };
}

export function platformHashedEntryOf(row: PlatformLogRow): PlatformHashedEntry {
  return {
    seq: Number(row.seq),
    time: iso(row.created_at),
    actorUserId: row.actor_user_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    tenantId: row.tenant_id,
    changes: row.changes ?? [],
    reason: row.reason,
    requestId: row.request_id,
    clientAddress: row.client_address,
  };
}
