import { Migration } from '@mikro-orm/migrations';

export class Migration20261203132439_referrals extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "referral" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "receiver_tenant_id" uuid not null, "kind" text check ("kind" in ('TRANSFER', 'ASSIGNMENT')) not null, "stage" text check ("stage" in ('TRANSFERRED', 'AWAITING_SIGN_IN', 'IN_PROGRESS', 'REPORT_SUBMITTED', 'CLOSED')) not null, "sender_incident_id" uuid not null, "receiver_incident_id" uuid null, "sender_name" text not null, "receiver_name" text not null, "sender_receipt_number" text not null, "reason" text null, "instructions" text null, "sign_in_due_at" timestamptz null, "signed_at" timestamptz null, "due_at" timestamptz null, "returns" int not null default 0, "closing_report" jsonb null, "history" jsonb not null, "updated_at" timestamptz not null default now(), constraint "referral_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "referral_receiver_tenant_id_receiver_incident_id_index" on "referral" ("receiver_tenant_id", "receiver_incident_id");`);
    this.addSql(`alter table "referral" add constraint "referral_tenant_id_sender_incident_id_receiver_tenant_id_unique" unique ("tenant_id", "sender_incident_id", "receiver_tenant_id");`);

    this.addSql(`create table "tenant_link" ("id" uuid not null, "upper_tenant_id" uuid not null, "lower_tenant_id" uuid not null, "kind" text check ("kind" in ('SUPERVISES', 'PEER')) not null, "created_at" timestamptz not null default now(), constraint "tenant_link_pkey" primary key ("id"));`);
    this.addSql(`create index "tenant_link_lower_tenant_id_index" on "tenant_link" ("lower_tenant_id");`);
    this.addSql(`alter table "tenant_link" add constraint "tenant_link_upper_tenant_id_lower_tenant_id_unique" unique ("upper_tenant_id", "lower_tenant_id");`);

    this.addSql(`alter table "referral" add constraint "referral_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "tenant_link" add constraint "tenant_link_upper_tenant_id_foreign" foreign key ("upper_tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "tenant_link" add constraint "tenant_link_lower_tenant_id_foreign" foreign key ("lower_tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "incident" drop constraint if exists "incident_status_check";`);

    this.addSql(`alter table "statutory_clock" drop constraint if exists "statutory_clock_kind_check";`);

    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_clock_kind_check";`);

    this.addSql(`alter table "incident" add column "transferred_to" text null, add column "source" text check ("source" in ('DIRECT', 'TRANSFERRED', 'ASSIGNED')) not null default 'DIRECT';`);
    this.addSql(`alter table "incident" add constraint "incident_status_check" check("status" in ('REPORTED', 'ACKNOWLEDGED', 'RESPONDING', 'HANDLING', 'REPLIED', 'CLOSED', 'WITHDRAWN', 'TRANSFERRED'));`);

    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_kind_check" check("kind" in ('ACCEPTANCE', 'TRANSFER_OBJECTION', 'REPLY', 'REVIEW_REQUEST', 'REVIEW_ANSWER', 'REREVIEW_REQUEST', 'REREVIEW_ANSWER', 'SIGN_IN', 'CLOSING_REPORT'));`);

    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_clock_kind_check" check("clock_kind" in ('ACCEPTANCE', 'TRANSFER_OBJECTION', 'REPLY', 'REVIEW_REQUEST', 'REVIEW_ANSWER', 'REREVIEW_REQUEST', 'REREVIEW_ANSWER', 'SIGN_IN', 'CLOSING_REPORT'));`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"referral\" enable row level security;");
    this.addSql("alter table \"referral\" force row level security;");
    this.addSql("create policy tenant_isolation on \"referral\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"referral\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"referral\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("create policy receiver_side on \"referral\" using (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "referral" cascade;`);

    this.addSql(`drop table if exists "tenant_link" cascade;`);

    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_clock_kind_check";`);

    this.addSql(`alter table "incident" drop constraint if exists "incident_status_check";`);

    this.addSql(`alter table "statutory_clock" drop constraint if exists "statutory_clock_kind_check";`);

    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_clock_kind_check" check("clock_kind" in ('ACCEPTANCE', 'TRANSFER_OBJECTION', 'REPLY', 'REVIEW_REQUEST', 'REVIEW_ANSWER', 'REREVIEW_REQUEST', 'REREVIEW_ANSWER'));`);

    this.addSql(`alter table "incident" drop column "transferred_to", drop column "source";`);

    this.addSql(`alter table "incident" add constraint "incident_status_check" check("status" in ('REPORTED', 'ACKNOWLEDGED', 'RESPONDING', 'HANDLING', 'REPLIED', 'CLOSED', 'WITHDRAWN'));`);

    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_kind_check" check("kind" in ('ACCEPTANCE', 'TRANSFER_OBJECTION', 'REPLY', 'REVIEW_REQUEST', 'REVIEW_ANSWER', 'REREVIEW_REQUEST', 'REREVIEW_ANSWER'));`);
  }

}
