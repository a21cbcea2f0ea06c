import { Migration } from '@mikro-orm/migrations';

export class Migration20261202032822 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident_task" drop constraint if exists "incident_task_status_check";`);

    this.addSql(`alter table "incident_task" add column "supersedes_id" uuid null;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_status_check" check("status" in ('OPEN', 'DONE', 'CANCELLED', 'SUPERSEDED'));`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_supersedes_id_foreign" foreign key ("tenant_id", "supersedes_id") references "incident_task" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident_task" drop constraint if exists "incident_task_status_check";`);

    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_supersedes_id_foreign";`);

    this.addSql(`alter table "incident_task" drop column "supersedes_id";`);

    this.addSql(`alter table "incident_task" add constraint "incident_task_status_check" check("status" in ('OPEN', 'DONE', 'CANCELLED'));`);
  }

}
