import { Migration } from '@mikro-orm/migrations';

export class Migration20261202032708 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "document_counter" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "year" int not null, "last" int not null, constraint "document_counter_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "document_counter" add constraint "document_counter_tenant_id_year_unique" unique ("tenant_id", "year");`);

    this.addSql(`create table "document_template" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "kind" text check ("kind" in ('ACCEPTANCE_NOTICE', 'NON_ACCEPTANCE_NOTICE', 'NO_FURTHER_ACCEPTANCE_NOTICE', 'EXTENSION_NOTICE', 'REPLY_OPINION', 'REVIEW_OPINION', 'REREVIEW_OPINION')) not null, "version" int not null, "title" text not null, "body" text not null, "major" boolean not null, "saved_by_id" uuid not null, constraint "document_template_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "document_template" add constraint "document_template_tenant_id_kind_version_unique" unique ("tenant_id", "kind", "version");`);

    this.addSql(`create table "case_document" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "kind" text check ("kind" in ('ACCEPTANCE_NOTICE', 'NON_ACCEPTANCE_NOTICE', 'NO_FURTHER_ACCEPTANCE_NOTICE', 'EXTENSION_NOTICE', 'REPLY_OPINION', 'REVIEW_OPINION', 'REREVIEW_OPINION')) not null, "status" text check ("status" in ('DRAFT', 'APPROVED', 'SERVED')) not null default 'DRAFT', "title" text not null, "body" text not null, "template_version" int not null, "drafted_by_id" uuid not null, "approved_by_id" uuid null, "approved_at" timestamptz null, "number" text null, "year" int null, "sequence" int null, "pdf_file_id" uuid null, "docx_file_id" uuid null, "service_method" text check ("service_method" in ('IN_PERSON', 'POST', 'ELECTRONIC')) null, "served_at" timestamptz null, "receipt_file_id" uuid null, "served_late" boolean not null default false, constraint "case_document_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "case_document_tenant_id_incident_id_created_at_index" on "case_document" ("tenant_id", "incident_id", "created_at");`);
    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_year_sequence_unique" unique ("tenant_id", "year", "sequence");`);

    this.addSql(`alter table "document_counter" add constraint "document_counter_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "document_template" add constraint "document_template_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "document_template" add constraint "document_template_tenant_id_saved_by_id_foreign" foreign key ("tenant_id", "saved_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_drafted_by_id_foreign" foreign key ("tenant_id", "drafted_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_approved_by_id_foreign" foreign key ("tenant_id", "approved_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_pdf_file_id_foreign" foreign key ("tenant_id", "pdf_file_id") references "stored_file" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_docx_file_id_foreign" foreign key ("tenant_id", "docx_file_id") references "stored_file" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "case_document" add constraint "case_document_tenant_id_receipt_file_id_foreign" foreign key ("tenant_id", "receipt_file_id") references "stored_file" ("tenant_id", "id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"document_counter\" enable row level security;");
    this.addSql("alter table \"document_counter\" force row level security;");
    this.addSql("create policy tenant_isolation on \"document_counter\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"document_counter\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"document_counter\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"document_template\" enable row level security;");
    this.addSql("alter table \"document_template\" force row level security;");
    this.addSql("create policy tenant_isolation on \"document_template\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"document_template\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"document_template\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("revoke update, delete, truncate on \"document_template\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"document_template\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"document_template\" for each statement execute function xf_append_only();");
    this.addSql("alter table \"case_document\" enable row level security;");
    this.addSql("alter table \"case_document\" force row level security;");
    this.addSql("create policy tenant_isolation on \"case_document\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"case_document\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"case_document\" deferrable initially deferred for each row execute function xf_require_log_entry();");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "document_counter" cascade;`);

    this.addSql(`drop table if exists "document_template" cascade;`);

    this.addSql(`drop table if exists "case_document" cascade;`);
  }

}
