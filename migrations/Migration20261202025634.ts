import { Migration } from '@mikro-orm/migrations';

export class Migration20261202025634 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "member_jurisdiction" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "member_id" uuid not null, "unit_id" uuid not null, constraint "member_jurisdiction_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`alter table "member_jurisdiction" add constraint "member_jurisdiction_tenant_id_member_id_unit_id_unique" unique ("tenant_id", "member_id", "unit_id");`);

    this.addSql(`alter table "member_jurisdiction" add constraint "member_jurisdiction_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "member_jurisdiction" add constraint "member_jurisdiction_tenant_id_member_id_foreign" foreign key ("tenant_id", "member_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "member_jurisdiction" add constraint "member_jurisdiction_tenant_id_unit_id_foreign" foreign key ("tenant_id", "unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"member_jurisdiction\" enable row level security;");
    this.addSql("alter table \"member_jurisdiction\" force row level security;");
    this.addSql("create policy tenant_isolation on \"member_jurisdiction\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"member_jurisdiction\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"member_jurisdiction\" deferrable initially deferred for each row execute function xf_require_log_entry();");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "member_jurisdiction" cascade;`);
  }

}
