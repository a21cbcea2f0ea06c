import type { ChangeSet, EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { ChangeSetType, helper } from '@mikro-orm/core';
import { auditScopeStorage } from './audit-scope.js';
import { TenantEntity } from '../db/base.entity.js';
import type { LogChange } from './log.entity.js';

const OP: Record<ChangeSetType, LogChange['op'] | null> = {
  [ChangeSetType.CREATE]: 'create',
  [ChangeSetType.UPDATE]: 'update',
  [ChangeSetType.DELETE]: 'delete',
  [ChangeSetType.UPDATE_EARLY]: 'update',
  [ChangeSetType.DELETE_EARLY]: 'delete',
};

/** A logged value: dates as ISO text, a reference as its own id (never the tenant part of the key). */
function plain(value: unknown, tenantId: string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    // Composite foreign keys arrive as [tenant_id, id].
    if (value.length === 2 && value[0] === tenantId && typeof value[1] === 'string') return value[1];
    return value.map((v) => plain(v, tenantId));
  }
  if (value && typeof value === 'object') {
    const v = value as { id?: unknown; unwrap?: () => unknown };
    if (typeof v.unwrap === 'function') return (v.unwrap() as { id?: string }).id ?? null;
    if (typeof v.id === 'string') return v.id;
  }
  return value;
}

/**
 * Records every change to a tenant-owned entity into the active audit scope,
 * and refuses a flush of tenant-owned changes when there is none: a change
 * without its log entry cannot be written through the ORM (the database's
 * deferred check catches raw SQL).
 */
export class AuditSubscriber implements EventSubscriber {
  async onFlush(args: FlushEventArgs): Promise<void> {
    const changeSets = args.uow.getChangeSets();
    const tenantChanges = changeSets.filter((cs) => cs.entity instanceof TenantEntity);
    if (tenantChanges.length === 0) return;
    const scope = auditScopeStorage.getStore();
    if (!scope) {
      throw new Error(`refusing to flush ${tenantChanges[0]!.name} outside an audited mutation`);
    }
    for (const cs of tenantChanges) scope.record(describe(cs));
  }
}

function describe(cs: ChangeSet<object>): LogChange {
  const meta = cs.meta;
  const redacted = new Set<string>(meta.props.filter((p) => p.hidden).map((p) => p.name as string));
  const op = OP[cs.type] ?? 'update';
  // A delete has no payload (nor originalEntity): its "before" is the whole row as last loaded or flushed.
  const original = (cs.originalEntity ?? helper(cs.entity).__originalEntityData) as Record<string, unknown> | undefined;
  const fieldNames = op === 'delete' ? Object.keys(original ?? {}) : Object.keys(cs.payload ?? {});
  const tenantId = (cs.entity as TenantEntity).tenant.id;
  const pick = (source: Record<string, unknown> | undefined) => {
    if (!source) return null;
    const out: Record<string, unknown> = {};
    for (const key of fieldNames) {
      if (key === 'tenant' || key === 'id') continue;
      out[key] = redacted.has(key) ? '[redacted]' : plain(source[key], tenantId);
    }
    return out;
  };
  const entity = cs.entity as { id?: string };
  return {
    type: meta.className,
    id: String(entity.id ?? ''),
    op,
    before: op === 'create' ? null : pick(original),
    after: op === 'delete' ? null : pick(cs.payload as Record<string, unknown>),
  };
}
