import { Migration } from '@mikro-orm/migrations';

export class Migration20261202031005 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "log_signing_key" ("key_id" text not null, "algorithm" text not null, "public_key_pem" text not null, "first_used_at" timestamptz not null default now(), constraint "log_signing_key_pkey" primary key ("key_id"));`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("revoke update, delete, truncate on \"log_signing_key\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"log_signing_key\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"log_signing_key\" for each statement execute function xf_append_only();");
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "log_signing_key" cascade;`);
  }

}
