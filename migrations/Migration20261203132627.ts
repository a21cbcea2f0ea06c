import { Migration } from '@mikro-orm/migrations';

export class Migration20261203132627 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "export_job" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "kind" text check ("kind" in ('INCIDENTS', 'ACCOUNTABILITY_FINDINGS', 'ASSESSMENT_FIGURES', 'AUDIT_LOG')) not null, "format" text check ("format" in ('CSV', 'XLSX', 'JSONL')) not null, "filter" jsonb not null, "include_personal_data" boolean not null, "requested_by_id" uuid not null, "session_id" uuid not null, "user_id" uuid not null, "status" text check ("status" in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')) not null default 'QUEUED', "rows_done" int not null default 0, "rows_total" int null, "attempts" int not null default 0, "lease_until" timestamptz null, "file_id" uuid null, "file_name" text null, "sha256" text null, "error" text null, "finished_at" timestamptz null, constraint "export_job_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "export_job_tenant_id_requested_by_id_created_at_index" on "export_job" ("tenant_id", "requested_by_id", "created_at");`);
    this.addSql(`create index "export_job_tenant_id_status_created_at_index" on "export_job" ("tenant_id", "status", "created_at");`);

    this.addSql(`alter table "export_job" add constraint "export_job_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "export_job" add constraint "export_job_tenant_id_requested_by_id_foreign" foreign key ("tenant_id", "requested_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "export_job" add constraint "export_job_tenant_id_file_id_foreign" foreign key ("tenant_id", "file_id") references "stored_file" ("tenant_id", "id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"export_job\" enable row level security;");
    this.addSql("alter table \"export_job\" force row level security;");
    this.addSql("create policy tenant_isolation on \"export_job\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "export_job" cascade;`);
  }

}
