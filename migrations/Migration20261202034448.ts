import { Migration } from '@mikro-orm/migrations';

export class Migration20261202034448 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident" add column "headcount_reached" int null, add column "related_incident_id" uuid null;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_related_incident_id_foreign" foreign key ("tenant_id", "related_incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_related_incident_id_foreign";`);

    this.addSql(`alter table "incident" drop column "headcount_reached", drop column "related_incident_id";`);
  }

}
