import { Migration } from '@mikro-orm/migrations';

export class Migration20261202033256_notify_people extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification_channel" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "kind" text check ("kind" in ('WECOM_APP', 'WECOM_ROBOT', 'DINGTALK_ROBOT', 'FEISHU_ROBOT', 'SMS_GATEWAY')) not null, "url" text not null, "secret" text null, "corp_id" text null, "agent_id" int null, "priority" int not null default 100, "enabled" boolean not null default true, constraint "notification_channel_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "notification_channel" add constraint "notification_channel_tenant_id_kind_unique" unique ("tenant_id", "kind");`);

    this.addSql(`create table "notification" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "log_seq" bigint not null, "member_id" uuid not null, "reason" text not null, "subject_id" uuid not null, "incident_id" uuid null, "task_id" uuid null, "status" text check ("status" in ('PENDING', 'SENT', 'UNREACHABLE', 'FAILED')) not null default 'PENDING', "channel" text null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "detail" text null, "sent_at" timestamptz null, "acknowledged_at" timestamptz null, constraint "notification_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "notification_tenant_id_member_id_created_at_index" on "notification" ("tenant_id", "member_id", "created_at");`);
    this.addSql(`create index "notification_tenant_id_status_next_attempt_at_index" on "notification" ("tenant_id", "status", "next_attempt_at");`);
    this.addSql(`alter table "notification" add constraint "notification_tenant_id_log_seq_member_id_subject_id_unique" unique ("tenant_id", "log_seq", "member_id", "subject_id");`);

    this.addSql(`create table "member_contact" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "member_id" uuid not null, "mobile" text null, "wecom_user_id" text null, "dingtalk_user_id" text null, "updated_at" timestamptz not null default now(), constraint "member_contact_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "member_contact" add constraint "member_contact_tenant_id_member_id_unique" unique ("tenant_id", "member_id");`);

    this.addSql(`alter table "notification_channel" add constraint "notification_channel_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "notification" add constraint "notification_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "notification" add constraint "notification_tenant_id_member_id_foreign" foreign key ("tenant_id", "member_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "member_contact" add constraint "member_contact_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "member_contact" add constraint "member_contact_tenant_id_member_id_foreign" foreign key ("tenant_id", "member_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"notification_channel\" enable row level security;");
    this.addSql("alter table \"notification_channel\" force row level security;");
    this.addSql("create policy tenant_isolation on \"notification_channel\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"notification_channel\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"notification_channel\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"notification\" enable row level security;");
    this.addSql("alter table \"notification\" force row level security;");
    this.addSql("create policy tenant_isolation on \"notification\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("alter table \"member_contact\" enable row level security;");
    this.addSql("alter table \"member_contact\" force row level security;");
    this.addSql("create policy tenant_isolation on \"member_contact\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"member_contact\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"member_contact\" deferrable initially deferred for each row execute function xf_require_log_entry();");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_channel" cascade;`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "member_contact" cascade;`);
  }

}
