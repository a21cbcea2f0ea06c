import { Migration } from '@mikro-orm/migrations';

// 三员分立 in row-level security too: of the platform administrators, only the
// audit administrator reads a tenant's log where the tenant grants it
// (PLATFORM_LOG_GRANT_PREDICATE in src/platform/db/table-policies.ts, as of this migration).
const TABLES = ['log_entry', 'log_head', 'log_checkpoint'];
const grant = (who: string) =>
  `exists (select 1 from app_user u where u.id = nullif(current_setting('app.user_id', true), '')::uuid and ${who})` +
  ` and exists (select 1 from tenant g where g.id = tenant_id and g.platform_log_access)`;

export class Migration20261202040000_audit_admin_log_grant extends Migration {
  override async up(): Promise<void> {
    for (const t of TABLES) {
      this.addSql(`drop policy if exists platform_log_grant on "${t}";`);
      this.addSql(`create policy platform_log_grant on "${t}" for select using (${grant(`u.platform_role = 'AUDIT_ADMIN'`)});`);
    }
  }

  override async down(): Promise<void> {
    for (const t of TABLES) {
      this.addSql(`drop policy if exists platform_log_grant on "${t}";`);
      this.addSql(`create policy platform_log_grant on "${t}" for select using (${grant('u.platform_admin')});`);
    }
  }
}
