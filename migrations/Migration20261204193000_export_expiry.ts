import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: a finished export's file is kept until expires_at, then the
 * export worker removes it and marks the job EXPIRED. The agenda role reads
 * expires_at (column grant) for its probe, led by the expiry time. A stored
 * file's row still never changes, but the application role may now delete
 * one (an expired export's; the foreign keys keep every file still referred to).
 */
export class Migration20261204193000_export_expiry extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "export_job" add column "expires_at" timestamptz null;`);
    this.addSql(`alter table "export_job" drop constraint if exists "export_job_status_check";`);
    this.addSql(`alter table "export_job" add constraint "export_job_status_check" check ("status" in ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'EXPIRED'));`);
    this.addSql(`create index "export_job_agenda_expiry" on "export_job" ("expires_at") where "status" = 'DONE';`);
    this.addSql(`grant select (expires_at) on "export_job" to xinfang_agenda;`);
    // Files finished before this migration expire one retention period from now (the setting is not known here: the default, 7 days).
    this.addSql(`update "export_job" set "expires_at" = now() + interval '168 hours' where "status" = 'DONE' and "expires_at" is null;`);
    this.addSql(`grant delete on "stored_file" to xinfang_app;`);
    this.addSql(`drop trigger if exists append_only_row on "stored_file";`);
    this.addSql(`create trigger append_only_row before update on "stored_file" for each row execute function xf_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists append_only_row on "stored_file";`);
    this.addSql(`create trigger append_only_row before update or delete on "stored_file" for each row execute function xf_append_only();`);
    this.addSql(`revoke delete on "stored_file" from xinfang_app;`);
    this.addSql(`revoke select (expires_at) on "export_job" from xinfang_agenda;`);
    this.addSql(`drop index if exists "export_job_agenda_expiry";`);
    this.addSql(`update "export_job" set "status" = 'DONE' where "status" = 'EXPIRED';`);
    this.addSql(`alter table "export_job" drop constraint if exists "export_job_status_check";`);
    this.addSql(`alter table "export_job" add constraint "export_job_status_check" check ("status" in ('QUEUED', 'RUNNING', 'DONE', 'FAILED'));`);
    this.addSql(`alter table "export_job" drop column "expires_at";`);
  }
}
