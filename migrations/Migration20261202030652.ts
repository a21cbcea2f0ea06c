import { Migration } from '@mikro-orm/migrations';

export class Migration20261202030652 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "stored_file" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "sha256" text not null, "size_bytes" bigint not null, "content_type" text not null, "kind" text check ("kind" in ('IMAGE', 'VIDEO', 'AUDIO', 'PDF', 'OFFICE', 'TEXT')) not null, "original_name" text not null, "storage_key" text not null, "uploaded_by_id" uuid not null, constraint "stored_file_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "stored_file_tenant_id_sha256_index" on "stored_file" ("tenant_id", "sha256");`);

    this.addSql(`alter table "stored_file" add constraint "stored_file_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "stored_file" add constraint "stored_file_tenant_id_uploaded_by_id_foreign" foreign key ("tenant_id", "uploaded_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident_evidence" add column "file_id" uuid null;`);
    this.addSql(`alter table "incident_evidence" add constraint "incident_evidence_tenant_id_file_id_foreign" foreign key ("tenant_id", "file_id") references "stored_file" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_evidence" add constraint "incident_evidence_tenant_id_file_id_unique" unique ("tenant_id", "file_id");`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"stored_file\" enable row level security;");
    this.addSql("alter table \"stored_file\" force row level security;");
    this.addSql("create policy tenant_isolation on \"stored_file\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"stored_file\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"stored_file\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("revoke update, delete, truncate on \"stored_file\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"stored_file\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"stored_file\" for each statement execute function xf_append_only();");

    // Attached evidence never changes (issue 16): incident_evidence becomes append-only too.
    this.addSql("revoke update, delete, truncate on \"incident_evidence\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"incident_evidence\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"incident_evidence\" for each statement execute function xf_append_only();");
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists append_only_row on "incident_evidence";`);
    this.addSql(`drop trigger if exists append_only_truncate on "incident_evidence";`);
    this.addSql(`grant update, delete, truncate on "incident_evidence" to xinfang_app;`);
    this.addSql(`alter table "incident_evidence" drop constraint "incident_evidence_tenant_id_file_id_foreign";`);

    this.addSql(`drop table if exists "stored_file" cascade;`);

    this.addSql(`alter table "incident_evidence" drop constraint "incident_evidence_tenant_id_file_id_unique";`);
    this.addSql(`alter table "incident_evidence" drop column "file_id";`);
  }

}
