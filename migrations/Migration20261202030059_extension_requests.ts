import { Migration } from '@mikro-orm/migrations';

export class Migration20261202030059_extension_requests extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "statutory_clock" add column "extension_request_state" text check ("extension_request_state" in ('PENDING', 'APPROVED', 'REJECTED')) null, add column "extension_request_days" int null, add column "extension_request_reason" text null, add column "extension_requested_at" timestamptz null, add column "extension_requested_by_id" uuid null, add column "extension_decided_at" timestamptz null, add column "extension_decided_by_id" uuid null, add column "extension_rejection_reason" text null;`);
    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_tenant_id_extension_requested_by_id_foreign" foreign key ("tenant_id", "extension_requested_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "statutory_clock" add constraint "statutory_clock_tenant_id_extension_decided_by_id_foreign" foreign key ("tenant_id", "extension_decided_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "statutory_clock" drop constraint "statutory_clock_tenant_id_extension_requested_by_id_foreign";`);
    this.addSql(`alter table "statutory_clock" drop constraint "statutory_clock_tenant_id_extension_decided_by_id_foreign";`);

    this.addSql(`alter table "statutory_clock" drop column "extension_request_state", drop column "extension_request_days", drop column "extension_request_reason", drop column "extension_requested_at", drop column "extension_requested_by_id", drop column "extension_decided_at", drop column "extension_decided_by_id", drop column "extension_rejection_reason";`);
  }

}
