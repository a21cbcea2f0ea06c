import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000100_schema extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "platform_log_entry" ("seq" bigint not null, "id" uuid not null, "created_at" timestamptz not null default now(), "actor_user_id" uuid null, "action" text not null, "target_type" text null, "target_id" uuid null, "tenant_id" uuid null, "changes" jsonb not null, "reason" text null, "request_id" text null, "client_address" text null, "prev_hash" text not null, "hash" text not null, constraint "platform_log_entry_pkey" primary key ("seq"));`);

    this.addSql(`create table "rate_limit_bucket" ("key" text not null, "window_start" timestamptz not null, "hits" int not null, constraint "rate_limit_bucket_pkey" primary key ("key"));`);

    this.addSql(`create table "tenant" ("id" uuid not null, "slug" text not null, "name" text not null, "kind" text check ("kind" in ('TOWNSHIP', 'TOWN', 'COUNTY', 'CITY', 'ENTERPRISE', 'DISCIPLINE_COMMISSION')) not null, "timezone" text not null default 'Asia/Shanghai', "locale" text not null default 'zh-CN', "tier" text check ("tier" in ('BASIC', 'STANDARD', 'ENTERPRISE')) not null default 'STANDARD', "quota_overrides" jsonb null, "status" text check ("status" in ('ACTIVE', 'SUSPENDED')) not null default 'ACTIVE', "suspended_reason" text null, "platform_log_access" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "tenant_pkey" primary key ("id"));`);
    this.addSql(`alter table "tenant" add constraint "tenant_slug_unique" unique ("slug");`);

    this.addSql(`create table "role" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "key" text null, "name" text not null, "description" text null, "parent_id" uuid null, "permissions" text[] not null, "leader" boolean not null default false, "updated_at" timestamptz not null default now(), constraint "role_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "role" add constraint "role_tenant_id_name_unique" unique ("tenant_id", "name");`);
    this.addSql(`alter table "role" add constraint "role_tenant_id_key_unique" unique ("tenant_id", "key");`);

    this.addSql(`create table "petition_receipt" ("receipt_number" text not null, "tenant_id" uuid not null, "incident_id" uuid not null, "access_code_hash" text not null, "created_at" timestamptz not null default now(), constraint "petition_receipt_pkey" primary key ("receipt_number"));`);

    this.addSql(`create table "log_head" ("tenant_id" uuid not null, "seq" bigint not null default 0, "hash" text not null, constraint "log_head_pkey" primary key ("tenant_id"));`);

    this.addSql(`create table "log_entry" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "seq" bigint not null, "txid" bigint not null, "actor_kind" text check ("actor_kind" in ('USER', 'SYSTEM', 'PUBLIC')) not null, "actor_user_id" uuid null, "actor_member_id" uuid null, "actor_roles" text[] not null, "action" text not null, "target_type" text null, "target_id" uuid null, "incident_id" uuid null, "event" text null, "changes" jsonb not null, "reason" text null, "request_id" text null, "client_address" text null, "prev_hash" text not null, "hash" text not null, constraint "log_entry_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "log_entry_tenant_id_action_seq_index" on "log_entry" ("tenant_id", "action", "seq");`);
    this.addSql(`create index "log_entry_tenant_id_actor_user_id_seq_index" on "log_entry" ("tenant_id", "actor_user_id", "seq");`);
    this.addSql(`create index "log_entry_tenant_id_actor_member_id_seq_index" on "log_entry" ("tenant_id", "actor_member_id", "seq");`);
    this.addSql(`create index "log_entry_tenant_id_target_type_target_id_seq_index" on "log_entry" ("tenant_id", "target_type", "target_id", "seq");`);
    this.addSql(`create index "log_entry_tenant_id_created_at_index" on "log_entry" ("tenant_id", "created_at");`);
    this.addSql(`create index "log_entry_tenant_id_incident_id_seq_index" on "log_entry" ("tenant_id", "incident_id", "seq");`);
    this.addSql(`alter table "log_entry" add constraint "log_entry_tenant_id_seq_unique" unique ("tenant_id", "seq");`);

    this.addSql(`create table "log_checkpoint" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "seq" bigint not null, "hash" text not null, "signed_at" timestamptz not null, "algorithm" text not null, "key_id" text not null, "signature" text not null, "issued_by_user_id" uuid null, constraint "log_checkpoint_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "log_checkpoint_tenant_id_seq_index" on "log_checkpoint" ("tenant_id", "seq");`);

    this.addSql(`create table "calendar_year" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "year" int not null, "source" text null, "days_off" text[] not null, "make_up_workdays" text[] not null, "updated_at" timestamptz not null default now(), constraint "calendar_year_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "calendar_year" add constraint "calendar_year_tenant_id_year_unique" unique ("tenant_id", "year");`);

    this.addSql(`create table "calendar_settings" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "day_count_rule" text check ("day_count_rule" in ('NEXT_DAY', 'SAME_DAY')) not null default 'NEXT_DAY', "weekend_days" int[] not null, "last_day_off_rolls_over" boolean not null default false, "updated_at" timestamptz not null default now(), constraint "calendar_settings_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "calendar_settings" add constraint "calendar_settings_tenant_id_unique" unique ("tenant_id");`);

    this.addSql(`create table "unit" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "parent_id" uuid null, "kind" text check ("kind" in ('ROOT', 'OFFICE', 'DEPARTMENT', 'COMMITTEE', 'VILLAGE', 'WORK_AREA', 'OTHER')) not null, "name" text not null, "code" text null, "path" text not null, "depth" int not null, "archived_at" timestamptz null, constraint "unit_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "unit_tenant_id_path_index" on "unit" ("tenant_id", "path" text_pattern_ops);`);
    this.addSql(`alter table "unit" add constraint "unit_tenant_id_code_unique" unique ("tenant_id", "code");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "email" text not null, "display_name" text not null, "password_hash" text null, "platform_admin" boolean not null default false, "status" text check ("status" in ('ACTIVE', 'DISABLED')) not null default 'ACTIVE', "created_at" timestamptz not null default now(), constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "session" ("id" uuid not null, "user_id" uuid not null, "tenant_id" uuid null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" text null, "user_agent" text null, "client_address" text null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "refresh_token" ("id" uuid not null, "session_id" uuid not null, "token_hash" text not null, "created_at" timestamptz not null default now(), "used_at" timestamptz null, constraint "refresh_token_pkey" primary key ("id"));`);
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "password_token" ("id" uuid not null, "user_id" uuid not null, "token_hash" text not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null default now(), constraint "password_token_pkey" primary key ("id"));`);
    this.addSql(`create index "password_token_user_id_index" on "password_token" ("user_id");`);
    this.addSql(`alter table "password_token" add constraint "password_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "member" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "user_id" uuid not null, "unit_id" uuid not null, "title" text null, "status" text check ("status" in ('ACTIVE', 'REMOVED')) not null default 'ACTIVE', "removed_at" timestamptz null, constraint "member_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "member" add constraint "member_tenant_id_user_id_unique" unique ("tenant_id", "user_id");`);

    this.addSql(`create table "plan" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "version" int not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'SUPERSEDED')) not null default 'DRAFT', "title" text not null, "purpose" text not null default '', "scope" text not null default '', "principles" jsonb not null, "organisation" jsonb not null, "levels" jsonb not null, "general_requirements" jsonb not null, "template_key" text null, "based_on_id" uuid null, "created_by_id" uuid null, "revision" int not null default 1, "updated_at" timestamptz not null default now(), "published_at" timestamptz null, "published_by_id" uuid null, "superseded_at" timestamptz null, "superseded_by_id" uuid null, constraint "plan_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "plan_tenant_id_status_index" on "plan" ("tenant_id", "status");`);
    this.addSql(`create unique index "plan_one_published_per_tenant" on "plan" ("tenant_id") where "status" = 'PUBLISHED';`);
    this.addSql(`alter table "plan" add constraint "plan_tenant_id_version_unique" unique ("tenant_id", "version");`);

    this.addSql(`create table "member_role" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "member_id" uuid not null, "role_id" uuid not null, constraint "member_role_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "member_role" add constraint "member_role_tenant_id_member_id_role_id_unique" unique ("tenant_id", "member_id", "role_id");`);

    this.addSql(`create table "incident" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "receipt_number" text not null, "category" text check ("category" in ('INDIVIDUAL_VISIT', 'GROUP_VISIT', 'LETTER', 'ONLINE_PETITION', 'ABNORMAL_VISIT', 'REPORT_AGAINST_OFFICIAL')) not null, "level_reached" text check ("level_reached" in ('OWN', 'COUNTY', 'CITY', 'PROVINCE', 'NATIONAL')) not null, "headcount" int not null, "place" text null, "occurred_at" timestamptz not null, "received_at" timestamptz not null, "summary" text not null, "demands" text not null, "conduct_flags" text[] not null, "topics" text[] not null, "unit_id" uuid not null, "transferred_from" text null, "status" text check ("status" in ('REPORTED', 'ACKNOWLEDGED', 'RESPONDING', 'HANDLING', 'REPLIED', 'CLOSED', 'WITHDRAWN')) not null default 'REPORTED', "version" int not null default 1, "reported_by_id" uuid not null, "plan_id" uuid null, "plan_version" int null, "level_key" text null, "level_name" text null, "level_severity" int not null default 0, "alert_period_active" boolean not null default false, "on_duty_member_id" uuid null, "leader_on_call_id" uuid null, "case_owner_id" uuid null, "case_owner_assigned_at" timestamptz null, "acknowledged_at" timestamptz null, "acknowledged_by_id" uuid null, "responding_at" timestamptz null, "decision" text check ("decision" in ('PENDING', 'ACCEPTED', 'REFUSED', 'NOT_OURS')) not null default 'PENDING', "decided_at" timestamptz null, "decided_by_id" uuid null, "decision_reason" text null, "reply_text" text null, "replied_at" timestamptz null, "replied_by_id" uuid null, "review" jsonb null, "closed_at" timestamptz null, "closed_by_id" uuid null, "withdrawn_at" timestamptz null, "withdraw_reason" text null, "updated_at" timestamptz not null default now(), constraint "incident_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "incident_tenant_id_case_owner_id_index" on "incident" ("tenant_id", "case_owner_id");`);
    this.addSql(`create index "incident_tenant_id_unit_id_index" on "incident" ("tenant_id", "unit_id");`);
    this.addSql(`create index "incident_tenant_id_status_index" on "incident" ("tenant_id", "status");`);
    this.addSql(`create index "incident_tenant_id_updated_at_id_index" on "incident" ("tenant_id", "updated_at", "id");`);
    this.addSql(`create index "incident_tenant_id_received_at_id_index" on "incident" ("tenant_id", "received_at", "id");`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_receipt_number_unique" unique ("tenant_id", "receipt_number");`);

    this.addSql(`create table "statutory_clock" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "kind" text check ("kind" in ('ACCEPTANCE', 'TRANSFER_OBJECTION', 'REPLY', 'REVIEW_REQUEST', 'REVIEW_ANSWER', 'REREVIEW_REQUEST', 'REREVIEW_ANSWER')) not null, "party" text check ("party" in ('INSTITUTION', 'PETITIONER')) not null, "basis" text check ("basis" in ('CALENDAR_DAYS', 'WORKING_DAYS')) not null, "days" int not null, "article" text not null, "state" text check ("state" in ('OPEN', 'EXTENDED', 'MET', 'MISSED', 'EXPIRED', 'CANCELLED')) not null default 'OPEN', "started_at" timestamptz not null, "due_at" timestamptz not null, "original_due_at" timestamptz not null, "met_at" timestamptz null, "extension_days" int null, "extension_reason" text null, "extended_at" timestamptz null, "extension_approved_by_id" uuid null, "explanation" text not null, "fallback_years" jsonb not null, "history" jsonb not null, "updated_at" timestamptz not null default now(), constraint "statutory_clock_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "statutory_clock_tenant_id_state_due_at_index" on "statutory_clock" ("tenant_id", "state", "due_at");`);
    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_tenant_id_incident_id_kind_unique" unique ("tenant_id", "incident_id", "kind");`);

    this.addSql(`create table "petitioner" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "position" int not null, "name" text not null, "contact" text null, "representative" boolean not null default false, constraint "petitioner_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "petitioner_tenant_id_incident_id_index" on "petitioner" ("tenant_id", "incident_id");`);

    this.addSql(`create table "incident_task" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "level_sequence" int not null, "level_key" text not null, "plan_version" int null, "duty_key" text not null, "duty_kind" text check ("duty_kind" in ('NOTIFY', 'ARRIVE_ON_SCENE', 'RECEIVE_AND_EXPLAIN', 'INVESTIGATE', 'REPORT', 'DAILY_REPORT', 'OWN_CASE', 'COORDINATE', 'RECORD_EVIDENCE', 'REVIEW', 'OTHER')) not null, "stage" text check ("stage" in ('PREVENTION', 'RECEPTION', 'DECISION', 'AFTERMATH')) null, "action" text not null, "role_key" text not null, "role_id" uuid null, "assignee_id" uuid null, "responsible_unit_id" uuid null, "due_at" timestamptz not null, "recurring_every" jsonb null, "occurrence" int not null default 1, "evidence_required" boolean not null, "escalation" jsonb null, "status" text check ("status" in ('OPEN', 'DONE', 'CANCELLED')) not null default 'OPEN', "done_at" timestamptz null, "done_by_id" uuid null, "note" text null, "cancelled_at" timestamptz null, "cancel_reason" text null, constraint "incident_task_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "incident_task_tenant_id_assignee_id_status_index" on "incident_task" ("tenant_id", "assignee_id", "status");`);
    this.addSql(`create index "incident_task_tenant_id_status_due_at_index" on "incident_task" ("tenant_id", "status", "due_at");`);
    this.addSql(`create index "incident_task_tenant_id_incident_id_index" on "incident_task" ("tenant_id", "incident_id");`);

    this.addSql(`create table "incident_report" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "kind" text check ("kind" in ('SITUATION', 'DAILY', 'ALL_CLEAR')) not null, "body" text not null, "nothing_new" boolean not null default false, "headcount" int null, "reported_by_id" uuid not null, constraint "incident_report_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "incident_report_tenant_id_incident_id_created_at_index" on "incident_report" ("tenant_id", "incident_id", "created_at");`);

    this.addSql(`create table "incident_level" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "sequence" int not null, "kind" text check ("kind" in ('INITIAL', 'ESCALATION')) not null, "plan_id" uuid null, "plan_version" int null, "level_key" text null, "level_name" text null, "severity" int not null default 0, "level_changed" boolean not null, "facts" jsonb not null, "explanation" jsonb not null, "matched_level_keys" text[] not null, "applied_by_id" uuid not null, "reason" text null, constraint "incident_level_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "incident_level" add constraint "incident_level_tenant_id_incident_id_sequence_unique" unique ("tenant_id", "incident_id", "sequence");`);

    this.addSql(`create table "incident_exclusion" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "member_id" uuid not null, "kind" text check ("kind" in ('SUBJECT', 'RECUSED')) not null, constraint "incident_exclusion_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "incident_exclusion_tenant_id_member_id_index" on "incident_exclusion" ("tenant_id", "member_id");`);
    this.addSql(`alter table "incident_exclusion" add constraint "incident_exclusion_tenant_id_incident_id_member_id_unique" unique ("tenant_id", "incident_id", "member_id");`);

    this.addSql(`create table "incident_evidence" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "incident_id" uuid not null, "task_id" uuid null, "kind" text check ("kind" in ('TALK_RECORD', 'PHOTO', 'VIDEO', 'AUDIO', 'DOCUMENT', 'OTHER')) not null, "sha256" text not null, "size_bytes" bigint not null, "storage_key" text not null, "content_type" text null, "description" text null, "captured_at" timestamptz null, "recorded_by_id" uuid not null, constraint "incident_evidence_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "incident_evidence_tenant_id_task_id_index" on "incident_evidence" ("tenant_id", "task_id");`);
    this.addSql(`create index "incident_evidence_tenant_id_incident_id_index" on "incident_evidence" ("tenant_id", "incident_id");`);

    this.addSql(`create table "duty_shift" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "unit_id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "on_duty_member_id" uuid not null, "leader_on_call_id" uuid not null, "handover_note" text null, "handed_over_at" timestamptz null, "handed_over_by_id" uuid null, "created_by_id" uuid null, constraint "duty_shift_pkey" primary key ("tenant_id", "id"), constraint duty_shift_ends_after_start check (ends_at > starts_at));`);
    this.addSql(`create index "duty_shift_tenant_id_starts_at_ends_at_index" on "duty_shift" ("tenant_id", "starts_at", "ends_at");`);
    this.addSql(`create index "duty_shift_tenant_id_unit_id_starts_at_index" on "duty_shift" ("tenant_id", "unit_id", "starts_at");`);

    this.addSql(`create table "alert_period" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "name" text not null, "description" text null, "unit_id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "reporting_rule" jsonb not null, "declared_by_id" uuid not null, "cancelled_at" timestamptz null, "cancelled_by_id" uuid null, "cancel_reason" text null, constraint "alert_period_pkey" primary key ("tenant_id", "id"), constraint alert_period_window check (ends_at >= starts_at));`);
    this.addSql(`create index "alert_period_tenant_id_starts_at_ends_at_index" on "alert_period" ("tenant_id", "starts_at", "ends_at");`);

    this.addSql(`alter table "role" add constraint "role_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "role" add constraint "role_tenant_id_parent_id_foreign" foreign key ("tenant_id", "parent_id") references "role" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "petition_receipt" add constraint "petition_receipt_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "log_head" add constraint "log_head_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "log_entry" add constraint "log_entry_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "log_checkpoint" add constraint "log_checkpoint_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "calendar_year" add constraint "calendar_year_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "calendar_settings" add constraint "calendar_settings_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "unit" add constraint "unit_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "unit" add constraint "unit_tenant_id_parent_id_foreign" foreign key ("tenant_id", "parent_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete cascade;`);
    this.addSql(`alter table "session" add constraint "session_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_session_id_foreign" foreign key ("session_id") references "session" ("id") on update no action on delete cascade;`);

    this.addSql(`alter table "password_token" add constraint "password_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete cascade;`);

    this.addSql(`alter table "member" add constraint "member_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "member" add constraint "member_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "member" add constraint "member_tenant_id_unit_id_foreign" foreign key ("tenant_id", "unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "plan" add constraint "plan_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "plan" add constraint "plan_tenant_id_based_on_id_foreign" foreign key ("tenant_id", "based_on_id") references "plan" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "plan" add constraint "plan_tenant_id_created_by_id_foreign" foreign key ("tenant_id", "created_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "plan" add constraint "plan_tenant_id_published_by_id_foreign" foreign key ("tenant_id", "published_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "plan" add constraint "plan_tenant_id_superseded_by_id_foreign" foreign key ("tenant_id", "superseded_by_id") references "plan" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "member_role" add constraint "member_role_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "member_role" add constraint "member_role_tenant_id_member_id_foreign" foreign key ("tenant_id", "member_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "member_role" add constraint "member_role_tenant_id_role_id_foreign" foreign key ("tenant_id", "role_id") references "role" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident" add constraint "incident_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_unit_id_foreign" foreign key ("tenant_id", "unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_reported_by_id_foreign" foreign key ("tenant_id", "reported_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_plan_id_foreign" foreign key ("tenant_id", "plan_id") references "plan" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_on_duty_member_id_foreign" foreign key ("tenant_id", "on_duty_member_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_leader_on_call_id_foreign" foreign key ("tenant_id", "leader_on_call_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_case_owner_id_foreign" foreign key ("tenant_id", "case_owner_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_acknowledged_by_id_foreign" foreign key ("tenant_id", "acknowledged_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_decided_by_id_foreign" foreign key ("tenant_id", "decided_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_replied_by_id_foreign" foreign key ("tenant_id", "replied_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_closed_by_id_foreign" foreign key ("tenant_id", "closed_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_tenant_id_extension_approved_by_id_foreign" foreign key ("tenant_id", "extension_approved_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "petitioner" add constraint "petitioner_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "petitioner" add constraint "petitioner_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_role_id_foreign" foreign key ("tenant_id", "role_id") references "role" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_assignee_id_foreign" foreign key ("tenant_id", "assignee_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_responsible_unit_id_foreign" foreign key ("tenant_id", "responsible_unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_done_by_id_foreign" foreign key ("tenant_id", "done_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident_report" add constraint "incident_report_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_report" add constraint "incident_report_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_report" add constraint "incident_report_tenant_id_reported_by_id_foreign" foreign key ("tenant_id", "reported_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident_level" add constraint "incident_level_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_level" add constraint "incident_level_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_level" add constraint "incident_level_tenant_id_plan_id_foreign" foreign key ("tenant_id", "plan_id") references "plan" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_level" add constraint "incident_level_tenant_id_applied_by_id_foreign" foreign key ("tenant_id", "applied_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident_exclusion" add constraint "incident_exclusion_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_exclusion" add constraint "incident_exclusion_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_exclusion" add constraint "incident_exclusion_tenant_id_member_id_foreign" foreign key ("tenant_id", "member_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "incident_evidence" add constraint "incident_evidence_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_evidence" add constraint "incident_evidence_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_evidence" add constraint "incident_evidence_tenant_id_task_id_foreign" foreign key ("tenant_id", "task_id") references "incident_task" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_evidence" add constraint "incident_evidence_tenant_id_recorded_by_id_foreign" foreign key ("tenant_id", "recorded_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "duty_shift" add constraint "duty_shift_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "duty_shift" add constraint "duty_shift_tenant_id_unit_id_foreign" foreign key ("tenant_id", "unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "duty_shift" add constraint "duty_shift_tenant_id_on_duty_member_id_foreign" foreign key ("tenant_id", "on_duty_member_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "duty_shift" add constraint "duty_shift_tenant_id_leader_on_call_id_foreign" foreign key ("tenant_id", "leader_on_call_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "duty_shift" add constraint "duty_shift_tenant_id_handed_over_by_id_foreign" foreign key ("tenant_id", "handed_over_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "duty_shift" add constraint "duty_shift_tenant_id_created_by_id_foreign" foreign key ("tenant_id", "created_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "alert_period" add constraint "alert_period_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "alert_period" add constraint "alert_period_tenant_id_unit_id_foreign" foreign key ("tenant_id", "unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "alert_period" add constraint "alert_period_tenant_id_declared_by_id_foreign" foreign key ("tenant_id", "declared_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "alert_period" add constraint "alert_period_tenant_id_cancelled_by_id_foreign" foreign key ("tenant_id", "cancelled_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("revoke update, delete, truncate on \"platform_log_entry\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"platform_log_entry\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"platform_log_entry\" for each statement execute function xf_append_only();");
    this.addSql("alter table \"role\" enable row level security;");
    this.addSql("alter table \"role\" force row level security;");
    this.addSql("create policy tenant_isolation on \"role\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"role\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"role\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"log_head\" enable row level security;");
    this.addSql("alter table \"log_head\" force row level security;");
    this.addSql("create policy tenant_isolation on \"log_head\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create policy platform_log_grant on \"log_head\" for select using (exists (select 1 from app_user u where u.id = nullif(current_setting('app.user_id', true), '')::uuid and u.platform_admin) and exists (select 1 from tenant g where g.id = tenant_id and g.platform_log_access));");
    this.addSql("alter table \"log_entry\" enable row level security;");
    this.addSql("alter table \"log_entry\" force row level security;");
    this.addSql("create policy tenant_isolation on \"log_entry\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger log_written after insert on \"log_entry\" for each row execute function xf_log_written();");
    this.addSql("create policy platform_log_grant on \"log_entry\" for select using (exists (select 1 from app_user u where u.id = nullif(current_setting('app.user_id', true), '')::uuid and u.platform_admin) and exists (select 1 from tenant g where g.id = tenant_id and g.platform_log_access));");
    this.addSql("revoke update, delete, truncate on \"log_entry\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"log_entry\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"log_entry\" for each statement execute function xf_append_only();");
    this.addSql("alter table \"log_checkpoint\" enable row level security;");
    this.addSql("alter table \"log_checkpoint\" force row level security;");
    this.addSql("create policy tenant_isolation on \"log_checkpoint\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"log_checkpoint\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"log_checkpoint\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("create policy platform_log_grant on \"log_checkpoint\" for select using (exists (select 1 from app_user u where u.id = nullif(current_setting('app.user_id', true), '')::uuid and u.platform_admin) and exists (select 1 from tenant g where g.id = tenant_id and g.platform_log_access));");
    this.addSql("revoke update, delete, truncate on \"log_checkpoint\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"log_checkpoint\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"log_checkpoint\" for each statement execute function xf_append_only();");
    this.addSql("alter table \"calendar_year\" enable row level security;");
    this.addSql("alter table \"calendar_year\" force row level security;");
    this.addSql("create policy tenant_isolation on \"calendar_year\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"calendar_year\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"calendar_year\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"calendar_settings\" enable row level security;");
    this.addSql("alter table \"calendar_settings\" force row level security;");
    this.addSql("create policy tenant_isolation on \"calendar_settings\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"calendar_settings\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"calendar_settings\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"unit\" enable row level security;");
    this.addSql("alter table \"unit\" force row level security;");
    this.addSql("create policy tenant_isolation on \"unit\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"unit\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"unit\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"member\" enable row level security;");
    this.addSql("alter table \"member\" force row level security;");
    this.addSql("create policy tenant_isolation on \"member\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"member\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"member\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("create policy own_memberships on \"member\" for select using (user_id = nullif(current_setting('app.user_id', true), '')::uuid);");
    this.addSql("alter table \"plan\" enable row level security;");
    this.addSql("alter table \"plan\" force row level security;");
    this.addSql("create policy tenant_isolation on \"plan\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"plan\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"plan\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"member_role\" enable row level security;");
    this.addSql("alter table \"member_role\" force row level security;");
    this.addSql("create policy tenant_isolation on \"member_role\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"member_role\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"member_role\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"incident\" enable row level security;");
    this.addSql("alter table \"incident\" force row level security;");
    this.addSql("create policy tenant_isolation on \"incident\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"incident\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"incident\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"statutory_clock\" enable row level security;");
    this.addSql("alter table \"statutory_clock\" force row level security;");
    this.addSql("create policy tenant_isolation on \"statutory_clock\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"statutory_clock\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"statutory_clock\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"petitioner\" enable row level security;");
    this.addSql("alter table \"petitioner\" force row level security;");
    this.addSql("create policy tenant_isolation on \"petitioner\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"petitioner\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"petitioner\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"incident_task\" enable row level security;");
    this.addSql("alter table \"incident_task\" force row level security;");
    this.addSql("create policy tenant_isolation on \"incident_task\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"incident_task\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"incident_task\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"incident_report\" enable row level security;");
    this.addSql("alter table \"incident_report\" force row level security;");
    this.addSql("create policy tenant_isolation on \"incident_report\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"incident_report\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"incident_report\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"incident_level\" enable row level security;");
    this.addSql("alter table \"incident_level\" force row level security;");
    this.addSql("create policy tenant_isolation on \"incident_level\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"incident_level\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"incident_level\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"incident_exclusion\" enable row level security;");
    this.addSql("alter table \"incident_exclusion\" force row level security;");
    this.addSql("create policy tenant_isolation on \"incident_exclusion\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"incident_exclusion\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"incident_exclusion\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"incident_evidence\" enable row level security;");
    this.addSql("alter table \"incident_evidence\" force row level security;");
    this.addSql("create policy tenant_isolation on \"incident_evidence\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"incident_evidence\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"incident_evidence\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"duty_shift\" enable row level security;");
    this.addSql("alter table \"duty_shift\" force row level security;");
    this.addSql("create policy tenant_isolation on \"duty_shift\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"duty_shift\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"duty_shift\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"alert_period\" enable row level security;");
    this.addSql("alter table \"alert_period\" force row level security;");
    this.addSql("create policy tenant_isolation on \"alert_period\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"alert_period\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"alert_period\" deferrable initially deferred for each row execute function xf_require_log_entry();");
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "role" drop constraint "role_tenant_id_foreign";`);

    this.addSql(`alter table "petition_receipt" drop constraint "petition_receipt_tenant_id_foreign";`);

    this.addSql(`alter table "log_head" drop constraint "log_head_tenant_id_foreign";`);

    this.addSql(`alter table "log_entry" drop constraint "log_entry_tenant_id_foreign";`);

    this.addSql(`alter table "log_checkpoint" drop constraint "log_checkpoint_tenant_id_foreign";`);

    this.addSql(`alter table "calendar_year" drop constraint "calendar_year_tenant_id_foreign";`);

    this.addSql(`alter table "calendar_settings" drop constraint "calendar_settings_tenant_id_foreign";`);

    this.addSql(`alter table "unit" drop constraint "unit_tenant_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_tenant_id_foreign";`);

    this.addSql(`alter table "member" drop constraint "member_tenant_id_foreign";`);

    this.addSql(`alter table "plan" drop constraint "plan_tenant_id_foreign";`);

    this.addSql(`alter table "member_role" drop constraint "member_role_tenant_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_foreign";`);

    this.addSql(`alter table "statutory_clock" drop constraint "statutory_clock_tenant_id_foreign";`);

    this.addSql(`alter table "petitioner" drop constraint "petitioner_tenant_id_foreign";`);

    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_foreign";`);

    this.addSql(`alter table "incident_report" drop constraint "incident_report_tenant_id_foreign";`);

    this.addSql(`alter table "incident_level" drop constraint "incident_level_tenant_id_foreign";`);

    this.addSql(`alter table "incident_exclusion" drop constraint "incident_exclusion_tenant_id_foreign";`);

    this.addSql(`alter table "incident_evidence" drop constraint "incident_evidence_tenant_id_foreign";`);

    this.addSql(`alter table "duty_shift" drop constraint "duty_shift_tenant_id_foreign";`);

    this.addSql(`alter table "alert_period" drop constraint "alert_period_tenant_id_foreign";`);

    this.addSql(`alter table "role" drop constraint "role_tenant_id_parent_id_foreign";`);

    this.addSql(`alter table "member_role" drop constraint "member_role_tenant_id_role_id_foreign";`);

    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_role_id_foreign";`);

    this.addSql(`alter table "unit" drop constraint "unit_tenant_id_parent_id_foreign";`);

    this.addSql(`alter table "member" drop constraint "member_tenant_id_unit_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_unit_id_foreign";`);

    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_responsible_unit_id_foreign";`);

    this.addSql(`alter table "duty_shift" drop constraint "duty_shift_tenant_id_unit_id_foreign";`);

    this.addSql(`alter table "alert_period" drop constraint "alert_period_tenant_id_unit_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);

    this.addSql(`alter table "password_token" drop constraint "password_token_user_id_foreign";`);

    this.addSql(`alter table "member" drop constraint "member_user_id_foreign";`);

    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_session_id_foreign";`);

    this.addSql(`alter table "plan" drop constraint "plan_tenant_id_created_by_id_foreign";`);

    this.addSql(`alter table "plan" drop constraint "plan_tenant_id_published_by_id_foreign";`);

    this.addSql(`alter table "member_role" drop constraint "member_role_tenant_id_member_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_reported_by_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_on_duty_member_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_leader_on_call_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_case_owner_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_acknowledged_by_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_decided_by_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_replied_by_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_closed_by_id_foreign";`);

    this.addSql(`alter table "statutory_clock" drop constraint "statutory_clock_tenant_id_extension_approved_by_id_foreign";`);

    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_assignee_id_foreign";`);

    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_done_by_id_foreign";`);

    this.addSql(`alter table "incident_report" drop constraint "incident_report_tenant_id_reported_by_id_foreign";`);

    this.addSql(`alter table "incident_level" drop constraint "incident_level_tenant_id_applied_by_id_foreign";`);

    this.addSql(`alter table "incident_exclusion" drop constraint "incident_exclusion_tenant_id_member_id_foreign";`);

    this.addSql(`alter table "incident_evidence" drop constraint "incident_evidence_tenant_id_recorded_by_id_foreign";`);

    this.addSql(`alter table "duty_shift" drop constraint "duty_shift_tenant_id_on_duty_member_id_foreign";`);

    this.addSql(`alter table "duty_shift" drop constraint "duty_shift_tenant_id_leader_on_call_id_foreign";`);

    this.addSql(`alter table "duty_shift" drop constraint "duty_shift_tenant_id_handed_over_by_id_foreign";`);

    this.addSql(`alter table "duty_shift" drop constraint "duty_shift_tenant_id_created_by_id_foreign";`);

    this.addSql(`alter table "alert_period" drop constraint "alert_period_tenant_id_declared_by_id_foreign";`);

    this.addSql(`alter table "alert_period" drop constraint "alert_period_tenant_id_cancelled_by_id_foreign";`);

    this.addSql(`alter table "plan" drop constraint "plan_tenant_id_based_on_id_foreign";`);

    this.addSql(`alter table "plan" drop constraint "plan_tenant_id_superseded_by_id_foreign";`);

    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_plan_id_foreign";`);

    this.addSql(`alter table "incident_level" drop constraint "incident_level_tenant_id_plan_id_foreign";`);

    this.addSql(`alter table "statutory_clock" drop constraint "statutory_clock_tenant_id_incident_id_foreign";`);

    this.addSql(`alter table "petitioner" drop constraint "petitioner_tenant_id_incident_id_foreign";`);

    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_incident_id_foreign";`);

    this.addSql(`alter table "incident_report" drop constraint "incident_report_tenant_id_incident_id_foreign";`);

    this.addSql(`alter table "incident_level" drop constraint "incident_level_tenant_id_incident_id_foreign";`);

    this.addSql(`alter table "incident_exclusion" drop constraint "incident_exclusion_tenant_id_incident_id_foreign";`);

    this.addSql(`alter table "incident_evidence" drop constraint "incident_evidence_tenant_id_incident_id_foreign";`);

    this.addSql(`alter table "incident_evidence" drop constraint "incident_evidence_tenant_id_task_id_foreign";`);

    this.addSql(`drop table if exists "platform_log_entry" cascade;`);

    this.addSql(`drop table if exists "rate_limit_bucket" cascade;`);

    this.addSql(`drop table if exists "tenant" cascade;`);

    this.addSql(`drop table if exists "role" cascade;`);

    this.addSql(`drop table if exists "petition_receipt" cascade;`);

    this.addSql(`drop table if exists "log_head" cascade;`);

    this.addSql(`drop table if exists "log_entry" cascade;`);

    this.addSql(`drop table if exists "log_checkpoint" cascade;`);

    this.addSql(`drop table if exists "calendar_year" cascade;`);

    this.addSql(`drop table if exists "calendar_settings" cascade;`);

    this.addSql(`drop table if exists "unit" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop table if exists "password_token" cascade;`);

    this.addSql(`drop table if exists "member" cascade;`);

    this.addSql(`drop table if exists "plan" cascade;`);

    this.addSql(`drop table if exists "member_role" cascade;`);

    this.addSql(`drop table if exists "incident" cascade;`);

    this.addSql(`drop table if exists "statutory_clock" cascade;`);

    this.addSql(`drop table if exists "petitioner" cascade;`);

    this.addSql(`drop table if exists "incident_task" cascade;`);

    this.addSql(`drop table if exists "incident_report" cascade;`);

    this.addSql(`drop table if exists "incident_level" cascade;`);

    this.addSql(`drop table if exists "incident_exclusion" cascade;`);

    this.addSql(`drop table if exists "incident_evidence" cascade;`);

    this.addSql(`drop table if exists "duty_shift" cascade;`);

    this.addSql(`drop table if exists "alert_period" cascade;`);
  }

}
