import { Migration } from '@mikro-orm/migrations';

export class Migration20261202035524 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident" add column "first_petition" boolean not null default false;`);

    this.addSql(`alter table "petitioner" add column "match_key" text null;`);
    this.addSql(`create index "petitioner_tenant_id_match_key_index" on "petitioner" ("tenant_id", "match_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident" drop column "first_petition";`);

    this.addSql(`drop index "petitioner_tenant_id_match_key_index";`);
    this.addSql(`alter table "petitioner" drop column "match_key";`);
  }

}
