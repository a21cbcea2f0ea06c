import { Migration } from '@mikro-orm/migrations';

export class Migration20261202131000_task_recorded_by extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident_task" add column "recorded_by_id" uuid null;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_recorded_by_id_foreign" foreign key ("tenant_id", "recorded_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_recorded_by_id_foreign";`);
    this.addSql(`alter table "incident_task" drop column "recorded_by_id";`);
  }

}
