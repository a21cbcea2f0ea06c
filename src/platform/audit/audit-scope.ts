import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogChange } from './log.entity.js';

/**
 * The changes of one audited mutation. The ORM subscriber fills it on every
 * flush; the mutation runner turns it into the mutation's single log entry.
 */
export class AuditScope {
  readonly changes: LogChange[] = [];

  record(change: LogChange): void {
    this.changes.push(change);
  }
}

export const auditScopeStorage = new AsyncLocalStorage<AuditScope>();
