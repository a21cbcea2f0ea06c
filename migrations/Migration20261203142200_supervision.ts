import { Migration } from '@mikro-orm/migrations';

export class Migration20261203142200_supervision extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "supervision_order" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "receiver_tenant_id" uuid not null, "referral_id" uuid not null, "instruction" text not null, "due_at" timestamptz not null, "issued_by" uuid null, "cause" text null, "answer" text null, "answered_at" timestamptz null, "answered_by" uuid null, "updated_at" timestamptz not null default now(), constraint "supervision_order_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "supervision_order_tenant_id_referral_id_index" on "supervision_order" ("tenant_id", "referral_id");`);
    this.addSql(`create index "supervision_order_receiver_tenant_id_index" on "supervision_order" ("receiver_tenant_id");`);
    this.addSql(`alter table "supervision_order" add constraint "supervision_order_tenant_id_referral_id_cause_unique" unique ("tenant_id", "referral_id", "cause");`);

    this.addSql(`alter table "supervision_order" add constraint "supervision_order_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    // A 提级督办 finding; CLOCK_SUSPENSION back too (the concerns migration's list had lost it).
    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_source_check";`);
    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CLOCK_SUSPENSION', 'CONCERN', 'SUPERVISION'));`);

    this.addSql(`alter table "duty_occurrence" drop constraint if exists "duty_occurrence_source_check";`);
    this.addSql(`alter table "duty_occurrence" add constraint "duty_occurrence_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CLOCK_SUSPENSION', 'CONCERN', 'SUPERVISION'));`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"supervision_order\" enable row level security;");
    this.addSql("alter table \"supervision_order\" force row level security;");
    this.addSql("create policy tenant_isolation on \"supervision_order\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"supervision_order\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"supervision_order\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("create policy receiver_side on \"supervision_order\" using (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "supervision_order" cascade;`);
  }

}
