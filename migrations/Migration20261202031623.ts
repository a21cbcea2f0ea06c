import { Migration } from '@mikro-orm/migrations';

export class Migration20261202031623 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "case_record" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "kind" text check ("kind" in ('INTERVIEW', 'SCENE', 'WORK_SUMMARY')) not null, "status" text check ("status" in ('DRAFT', 'FILED')) not null default 'DRAFT', "version" int not null, "content" jsonb not null, "author_id" uuid not null, "filed_at" timestamptz null, constraint "case_record_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "case_record_tenant_id_incident_id_created_at_index" on "case_record" ("tenant_id", "incident_id", "created_at");`);

    this.addSql(`create table "case_record_version" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "record_id" uuid not null, "version" int not null, "content" jsonb not null, "status" text check ("status" in ('DRAFT', 'FILED')) not null, "edited_by_id" uuid not null, constraint "case_record_version_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "case_record_version" add constraint "case_record_version_tenant_id_record_id_version_unique" unique ("tenant_id", "record_id", "version");`);

    this.addSql(`alter table "case_record" add constraint "case_record_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "case_record" add constraint "case_record_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "case_record" add constraint "case_record_tenant_id_author_id_foreign" foreign key ("tenant_id", "author_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "case_record_version" add constraint "case_record_version_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "case_record_version" add constraint "case_record_version_tenant_id_record_id_foreign" foreign key ("tenant_id", "record_id") references "case_record" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "case_record_version" add constraint "case_record_version_tenant_id_edited_by_id_foreign" foreign key ("tenant_id", "edited_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"case_record\" enable row level security;");
    this.addSql("alter table \"case_record\" force row level security;");
    this.addSql("create policy tenant_isolation on \"case_record\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"case_record\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"case_record\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"case_record_version\" enable row level security;");
    this.addSql("alter table \"case_record_version\" force row level security;");
    this.addSql("create policy tenant_isolation on \"case_record_version\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"case_record_version\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"case_record_version\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("revoke update, delete, truncate on \"case_record_version\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"case_record_version\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"case_record_version\" for each statement execute function xf_append_only();");
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "case_record_version" drop constraint "case_record_version_tenant_id_record_id_foreign";`);

    this.addSql(`drop table if exists "case_record" cascade;`);

    this.addSql(`drop table if exists "case_record_version" cascade;`);
  }

}
