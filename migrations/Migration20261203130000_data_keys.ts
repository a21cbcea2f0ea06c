import { Migration } from '@mikro-orm/migrations';

// Encryption at rest: each tenant's data keys, wrapped under the master key (src/platform/crypto/data-keys.ts).
export class Migration20261203130000_data_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "tenant_data_key" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "version" int not null, "algorithm" text not null, "wrapped_key" text not null, "master_key_id" text not null, "rewrapped_at" timestamptz null, constraint "tenant_data_key_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "tenant_data_key" add constraint "tenant_data_key_tenant_id_version_unique" unique ("tenant_id", "version");`);
    this.addSql(`alter table "tenant_data_key" add constraint "tenant_data_key_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);

    // Row-level security and log guards (src/platform/db/table-policies.ts).
    this.addSql("alter table \"tenant_data_key\" enable row level security;");
    this.addSql("alter table \"tenant_data_key\" force row level security;");
    this.addSql("create policy tenant_isolation on \"tenant_data_key\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"tenant_data_key\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"tenant_data_key\" deferrable initially deferred for each row execute function xf_require_log_entry();");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "tenant_data_key" cascade;`);
  }

}
