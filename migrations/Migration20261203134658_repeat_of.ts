import { Migration } from '@mikro-orm/migrations';

export class Migration20261203134658_repeat_of extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident" add column "repeat_of_id" uuid null;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_repeat_of_id_foreign" foreign key ("tenant_id", "repeat_of_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_repeat_of_id_foreign";`);

    this.addSql(`alter table "incident" drop column "repeat_of_id";`);
  }

}
