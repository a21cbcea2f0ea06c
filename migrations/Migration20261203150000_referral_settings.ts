import { Migration } from '@mikro-orm/migrations';

export class Migration20261203150000_referral_settings extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "referral_settings" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "sign_in_working_days" int not null default 1, "returns_escalate_at" int not null default 3, "updated_at" timestamptz not null default now(), constraint "referral_settings_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "referral_settings" add constraint "referral_settings_tenant_id_unique" unique ("tenant_id");`);
    this.addSql(`alter table "referral_settings" add constraint "referral_settings_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"referral_settings\" enable row level security;");
    this.addSql("alter table \"referral_settings\" force row level security;");
    this.addSql("create policy tenant_isolation on \"referral_settings\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"referral_settings\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"referral_settings\" deferrable initially deferred for each row execute function xf_require_log_entry();");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "referral_settings" cascade;`);
  }

}
