// Row-level security and log guards for each table, appended to the migration
// that creates the table (see migration-cli.ts). The catalog test checks them.
import type { MetadataStorage } from '@mikro-orm/core';
import { TenantEntity } from './base.entity.js';
import { APP_ROLE } from './app-role.js';

export const TENANT_PREDICATE = `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * The platform's audit administrator (of the three, 三员分立) reads a tenant's log only while the tenant grants it.
 * The user test is uncorrelated (evaluated once per statement), so other callers pay nothing per row.
 */
export const PLATFORM_LOG_GRANT_PREDICATE =
  `exists (select 1 from app_user u where u.id = nullif(current_setting('app.user_id', true), '')::uuid and u.platform_role = 'AUDIT_ADMIN')` +
  ` and exists (select 1 from tenant g where g.id = tenant_id and g.platform_log_access)`;

/** Tables whose rows belong to one tenant (tenant_id leads the key), from the ORM metadata. */
export function tenantOwnedTables(metadata: MetadataStorage): string[] {
  return Object.values(metadata.getAll())
    .filter((meta) => meta.class && (meta.class.prototype instanceof TenantEntity || meta.className === 'LogHead'))
    .map((meta) => meta.tableName);
}

/** Tenant-owned tables that keep their own history rules instead of requiring a log entry per change. */
const LOG_TABLES = new Set(['log_entry', 'log_head']);
/** The log's own append-only tables. */
const LOG_APPEND_ONLY = ['log_entry', 'platform_log_entry'];

/** What modules ask of their tables beyond tenant isolation (the server's list). */
export interface TablePolicyRules {
  /** Rows never change once written (no UPDATE, DELETE, TRUNCATE for the app role). */
  appendOnly: readonly string[];
  /** Rows never change, but the app role may delete one (what still refers to a row keeps it, by foreign key). */
  removableAppendOnly?: readonly string[];
  /** Readable by platform administrators while the tenant grants it (the tenant's platformLogAccess). */
  platformLogGrant: readonly string[];
  /** Further statements per table (an extra policy), run after the isolation policy. */
  extra: Readonly<Record<string, readonly string[]>>;
  /**
   * Bookkeeping rows of background work derived from the log (the outbox's
   * cursor, deliveries, attempts): tenant-isolated, but no log entry per change,
   * since they record the log's delivery, not a change to the tenant's data.
   */
  operational?: readonly string[];
}

export function policySqlFor(table: string, tenantTables: string[], rules: TablePolicyRules): string[] {
  const appendOnly = new Set([...LOG_APPEND_ONLY, ...rules.appendOnly]);
  const logReadGrant = new Set(['log_entry', 'log_head', ...rules.platformLogGrant]);
  const sql: string[] = [];
  const q = `"${table}"`;
  if (tenantTables.includes(table)) {
    sql.push(
      `alter table ${q} enable row level security;`,
      `alter table ${q} force row level security;`,
      `create policy tenant_isolation on ${q} using (${TENANT_PREDICATE}) with check (${TENANT_PREDICATE});`,
    );
    if (!LOG_TABLES.has(table) && !rules.operational?.includes(table)) {
      // A change marks its tenant unlogged until a log entry follows; the deferred check refuses the commit otherwise.
      sql.push(
        `create trigger mark_unlogged after insert or update or delete on ${q} for each row execute function xf_mark_unlogged();`,
        `create constraint trigger require_log_entry after insert or update or delete on ${q} deferrable initially deferred for each row execute function xf_require_log_entry();`,
      );
    }
  }
  sql.push(...(rules.extra[table] ?? []));
  if (table === 'log_entry') {
    // Writing an entry clears its tenant's "unlogged" mark (see the platform migration).
    sql.push(`create trigger log_written after insert on ${q} for each row execute function xf_log_written();`);
  }
  if (logReadGrant.has(table)) {
    sql.push(`create policy platform_log_grant on ${q} for select using (${PLATFORM_LOG_GRANT_PREDICATE});`);
  }
  if (appendOnly.has(table)) {
    sql.push(
      `revoke update, delete, truncate on ${q} from ${APP_ROLE};`,
      `create trigger append_only_row before update or delete on ${q} for each row execute function xf_append_only();`,
      `create trigger append_only_truncate before truncate on ${q} for each statement execute function xf_append_only();`,
    );
  }
  if (rules.removableAppendOnly?.includes(table)) {
    sql.push(
      `revoke update, truncate on ${q} from ${APP_ROLE};`,
      `create trigger append_only_row before update on ${q} for each row execute function xf_append_only();`,
      `create trigger append_only_truncate before truncate on ${q} for each statement execute function xf_append_only();`,
    );
  }
  return sql;
}
