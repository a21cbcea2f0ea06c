import { Migration } from '@mikro-orm/migrations';

export class Migration20261202030448_outbox_webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "outbox_cursor" ("tenant_id" uuid not null, "seq" bigint not null, "endpoints" int not null default 0, constraint "outbox_cursor_pkey" primary key ("tenant_id"));`);

    this.addSql(`create table "webhook_endpoint" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "url" text not null, "event_kinds" text[] not null, "description" text null, "role_id" uuid not null, "secret" text not null, "previous_secret" text null, "previous_secret_until" timestamptz null, "enabled" boolean not null default true, "disabled_reason" text null, "since_seq" bigint not null, "deleted_at" timestamptz null, "updated_at" timestamptz not null default now(), constraint "webhook_endpoint_pkey" primary key ("tenant_id", "id"));`);

    this.addSql(`create table "webhook_delivery" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "endpoint_id" uuid not null, "log_seq" bigint not null, "logged_at" timestamptz not null, "event_kind" text not null, "status" text check ("status" in ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED')) not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "payload" text null, "last_status_code" int null, "delivered_at" timestamptz null, constraint "webhook_delivery_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "webhook_delivery_tenant_id_endpoint_id_status_log_seq_index" on "webhook_delivery" ("tenant_id", "endpoint_id", "status", "log_seq");`);
    this.addSql(`create index "webhook_delivery_tenant_id_status_next_attempt_at_index" on "webhook_delivery" ("tenant_id", "status", "next_attempt_at");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_tenant_id_endpoint_id_log_seq_unique" unique ("tenant_id", "endpoint_id", "log_seq");`);

    this.addSql(`create table "webhook_attempt" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "delivery_id" uuid not null, "attempt" int not null, "started_at" timestamptz not null, "duration_ms" int not null, "status_code" int null, "response_excerpt" text null, "error" text null, "success" boolean not null, constraint "webhook_attempt_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "webhook_attempt_tenant_id_delivery_id_started_at_index" on "webhook_attempt" ("tenant_id", "delivery_id", "started_at");`);

    this.addSql(`alter table "outbox_cursor" add constraint "outbox_cursor_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_tenant_id_role_id_foreign" foreign key ("tenant_id", "role_id") references "role" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_tenant_id_endpoint_id_foreign" foreign key ("tenant_id", "endpoint_id") references "webhook_endpoint" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "webhook_attempt" add constraint "webhook_attempt_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "webhook_attempt" add constraint "webhook_attempt_tenant_id_delivery_id_foreign" foreign key ("tenant_id", "delivery_id") references "webhook_delivery" ("tenant_id", "id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"webhook_endpoint\" enable row level security;");
    this.addSql("alter table \"webhook_endpoint\" force row level security;");
    this.addSql("create policy tenant_isolation on \"webhook_endpoint\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"webhook_endpoint\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"webhook_endpoint\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"webhook_delivery\" enable row level security;");
    this.addSql("alter table \"webhook_delivery\" force row level security;");
    this.addSql("create policy tenant_isolation on \"webhook_delivery\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("alter table \"webhook_attempt\" enable row level security;");
    this.addSql("alter table \"webhook_attempt\" force row level security;");
    this.addSql("create policy tenant_isolation on \"webhook_attempt\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_tenant_id_endpoint_id_foreign";`);

    this.addSql(`alter table "webhook_attempt" drop constraint "webhook_attempt_tenant_id_delivery_id_foreign";`);

    this.addSql(`drop table if exists "outbox_cursor" cascade;`);

    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_attempt" cascade;`);
  }

}
