import { Migration } from '@mikro-orm/migrations';

export class Migration20261203132350_clock_suspension extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "clock_suspension" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "clock_id" uuid not null, "incident_id" uuid not null, "reason" text check ("reason" in ('SUPPLEMENTARY_MATERIAL', 'HEARING', 'APPRAISAL', 'OTHER_LAWFUL')) not null, "basis" text not null, "state" text check ("state" in ('PENDING', 'ACTIVE', 'REJECTED', 'RESUMED')) not null default 'PENDING', "suspended_from" timestamptz not null, "requested_at" timestamptz not null, "requested_by_id" uuid not null, "decided_at" timestamptz null, "decided_by_id" uuid null, "rejection_reason" text null, "resumed_at" timestamptz null, "resumed_by_id" uuid null, "working_days" int null, "due_before" timestamptz null, "due_after" timestamptz null, "updated_at" timestamptz not null default now(), constraint "clock_suspension_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "clock_suspension_tenant_id_state_suspended_from_index" on "clock_suspension" ("tenant_id", "state", "suspended_from");`);
    this.addSql(`create index "clock_suspension_tenant_id_clock_id_index" on "clock_suspension" ("tenant_id", "clock_id");`);

    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_tenant_id_clock_id_foreign" foreign key ("tenant_id", "clock_id") references "statutory_clock" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_tenant_id_requested_by_id_foreign" foreign key ("tenant_id", "requested_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_tenant_id_decided_by_id_foreign" foreign key ("tenant_id", "decided_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_tenant_id_resumed_by_id_foreign" foreign key ("tenant_id", "resumed_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "duty_occurrence" drop constraint if exists "duty_occurrence_source_check";`);

    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_source_check";`);

    this.addSql(`alter table "calendar_settings" add column "suspension_limit_days" int not null default 30;`);

    this.addSql(`alter table "duty_occurrence" add constraint "duty_occurrence_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CLOCK_SUSPENSION'));`);

    this.addSql(`alter table "accountability_finding" add column "suspension_id" uuid null;`);
    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CLOCK_SUSPENSION'));`);
    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_tenant_id_suspension_id_foreign" foreign key ("tenant_id", "suspension_id") references "clock_suspension" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_tenant_id_suspension_id_unique" unique ("tenant_id", "suspension_id");`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"clock_suspension\" enable row level security;");
    this.addSql("alter table \"clock_suspension\" force row level security;");
    this.addSql("create policy tenant_isolation on \"clock_suspension\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"clock_suspension\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"clock_suspension\" deferrable initially deferred for each row execute function xf_require_log_entry();");
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "accountability_finding" drop constraint "accountability_finding_tenant_id_suspension_id_foreign";`);

    this.addSql(`drop table if exists "clock_suspension" cascade;`);

    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_source_check";`);

    this.addSql(`alter table "duty_occurrence" drop constraint if exists "duty_occurrence_source_check";`);

    this.addSql(`alter table "accountability_finding" drop constraint "accountability_finding_tenant_id_suspension_id_unique";`);
    this.addSql(`alter table "accountability_finding" drop column "suspension_id";`);

    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK'));`);

    this.addSql(`alter table "calendar_settings" drop column "suspension_limit_days";`);

    this.addSql(`alter table "duty_occurrence" add constraint "duty_occurrence_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK'));`);
  }

}
