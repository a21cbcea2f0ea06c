import { Migration } from '@mikro-orm/migrations';

export class Migration20261202032148 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "satisfaction_settings" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "rating_window_days" int not null default 30, "follow_up_days" int not null default 5, "updated_at" timestamptz not null default now(), constraint "satisfaction_settings_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "satisfaction_settings" add constraint "satisfaction_settings_tenant_id_unique" unique ("tenant_id");`);

    this.addSql(`create table "follow_up_call" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "caller_id" uuid not null, "called_at" timestamptz not null, "summary" text not null, "outcome" text check ("outcome" in ('REACHED', 'NOT_REACHED', 'DECLINED')) not null, constraint "follow_up_call_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "follow_up_call_tenant_id_incident_id_called_at_index" on "follow_up_call" ("tenant_id", "incident_id", "called_at");`);

    this.addSql(`create table "satisfaction_rating" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "stage" text check ("stage" in ('REPLY', 'REVIEW', 'REREVIEW')) not null, "rating" text check ("rating" in ('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED')) not null, "comment" text null, "channel" text check ("channel" in ('PETITIONER', 'PHONE')) not null, "taken_by_id" uuid null, "call_id" uuid null, "answered_at" timestamptz not null, "rated_at" timestamptz not null, "follow_up_task_id" uuid null, constraint "satisfaction_rating_pkey" primary key ("tenant_id", "id"), constraint satisfaction_rating_phone check (channel <> 'PHONE' or (taken_by_id is not null and call_id is not null)));`);
    this.addSql(`create index "satisfaction_rating_tenant_id_rated_at_index" on "satisfaction_rating" ("tenant_id", "rated_at");`);
    this.addSql(`alter table "satisfaction_rating" add constraint "satisfaction_rating_tenant_id_incident_id_stage_unique" unique ("tenant_id", "incident_id", "stage");`);

    this.addSql(`alter table "satisfaction_settings" add constraint "satisfaction_settings_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "follow_up_call" add constraint "follow_up_call_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "follow_up_call" add constraint "follow_up_call_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "follow_up_call" add constraint "follow_up_call_tenant_id_caller_id_foreign" foreign key ("tenant_id", "caller_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "satisfaction_rating" add constraint "satisfaction_rating_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "satisfaction_rating" add constraint "satisfaction_rating_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "satisfaction_rating" add constraint "satisfaction_rating_tenant_id_taken_by_id_foreign" foreign key ("tenant_id", "taken_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "satisfaction_rating" add constraint "satisfaction_rating_tenant_id_call_id_foreign" foreign key ("tenant_id", "call_id") references "follow_up_call" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "satisfaction_rating" add constraint "satisfaction_rating_tenant_id_follow_up_task_id_foreign" foreign key ("tenant_id", "follow_up_task_id") references "incident_task" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident_task" drop constraint if exists "incident_task_duty_kind_check";`);

    this.addSql(`alter table "duty_occurrence" drop constraint if exists "duty_occurrence_duty_kind_check";`);

    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_duty_kind_check";`);

    this.addSql(`alter table "incident_task" add constraint "incident_task_duty_kind_check" check("duty_kind" in ('NOTIFY', 'ARRIVE_ON_SCENE', 'RECEIVE_AND_EXPLAIN', 'INVESTIGATE', 'REPORT', 'DAILY_REPORT', 'OWN_CASE', 'COORDINATE', 'RECORD_EVIDENCE', 'REVIEW', 'FOLLOW_UP', 'OTHER'));`);

    this.addSql(`alter table "duty_occurrence" add constraint "duty_occurrence_duty_kind_check" check("duty_kind" in ('NOTIFY', 'ARRIVE_ON_SCENE', 'RECEIVE_AND_EXPLAIN', 'INVESTIGATE', 'REPORT', 'DAILY_REPORT', 'OWN_CASE', 'COORDINATE', 'RECORD_EVIDENCE', 'REVIEW', 'FOLLOW_UP', 'OTHER'));`);

    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_duty_kind_check" check("duty_kind" in ('NOTIFY', 'ARRIVE_ON_SCENE', 'RECEIVE_AND_EXPLAIN', 'INVESTIGATE', 'REPORT', 'DAILY_REPORT', 'OWN_CASE', 'COORDINATE', 'RECORD_EVIDENCE', 'REVIEW', 'FOLLOW_UP', 'OTHER'));`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"satisfaction_settings\" enable row level security;");
    this.addSql("alter table \"satisfaction_settings\" force row level security;");
    this.addSql("create policy tenant_isolation on \"satisfaction_settings\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"satisfaction_settings\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"satisfaction_settings\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"follow_up_call\" enable row level security;");
    this.addSql("alter table \"follow_up_call\" force row level security;");
    this.addSql("create policy tenant_isolation on \"follow_up_call\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"follow_up_call\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"follow_up_call\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("revoke update, delete, truncate on \"follow_up_call\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"follow_up_call\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"follow_up_call\" for each statement execute function xf_append_only();");
    this.addSql("alter table \"satisfaction_rating\" enable row level security;");
    this.addSql("alter table \"satisfaction_rating\" force row level security;");
    this.addSql("create policy tenant_isolation on \"satisfaction_rating\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"satisfaction_rating\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"satisfaction_rating\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("revoke update, delete, truncate on \"satisfaction_rating\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"satisfaction_rating\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"satisfaction_rating\" for each statement execute function xf_append_only();");
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "satisfaction_rating" drop constraint "satisfaction_rating_tenant_id_call_id_foreign";`);

    this.addSql(`drop table if exists "satisfaction_settings" cascade;`);

    this.addSql(`drop table if exists "follow_up_call" cascade;`);

    this.addSql(`drop table if exists "satisfaction_rating" cascade;`);

    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_duty_kind_check";`);

    this.addSql(`alter table "duty_occurrence" drop constraint if exists "duty_occurrence_duty_kind_check";`);

    this.addSql(`alter table "incident_task" drop constraint if exists "incident_task_duty_kind_check";`);

    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_duty_kind_check" check("duty_kind" in ('NOTIFY', 'ARRIVE_ON_SCENE', 'RECEIVE_AND_EXPLAIN', 'INVESTIGATE', 'REPORT', 'DAILY_REPORT', 'OWN_CASE', 'COORDINATE', 'RECORD_EVIDENCE', 'REVIEW', 'OTHER'));`);

    this.addSql(`alter table "duty_occurrence" add constraint "duty_occurrence_duty_kind_check" check("duty_kind" in ('NOTIFY', 'ARRIVE_ON_SCENE', 'RECEIVE_AND_EXPLAIN', 'INVESTIGATE', 'REPORT', 'DAILY_REPORT', 'OWN_CASE', 'COORDINATE', 'RECORD_EVIDENCE', 'REVIEW', 'OTHER'));`);

    this.addSql(`alter table "incident_task" add constraint "incident_task_duty_kind_check" check("duty_kind" in ('NOTIFY', 'ARRIVE_ON_SCENE', 'RECEIVE_AND_EXPLAIN', 'INVESTIGATE', 'REPORT', 'DAILY_REPORT', 'OWN_CASE', 'COORDINATE', 'RECORD_EVIDENCE', 'REVIEW', 'OTHER'));`);
  }

}
