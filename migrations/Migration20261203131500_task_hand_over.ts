import { Migration } from '@mikro-orm/migrations';

// When a task's holder got it and its time to act, so a due time runs from
// the moment someone could act; a due time passed before a hand-over stays
// against the earlier holder.
export class Migration20261203131500_task_hand_over extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident_task" add column "due_within" jsonb null, add column "assigned_at" timestamptz null, add column "lapsed_due_at" timestamptz null, add column "lapsed_assignee_id" uuid null, add column "lapsed_unit_id" uuid null;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_lapsed_assignee_id_foreign" foreign key ("tenant_id", "lapsed_assignee_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident_task" add constraint "incident_task_tenant_id_lapsed_unit_id_foreign" foreign key ("tenant_id", "lapsed_unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_lapsed_assignee_id_foreign";`);
    this.addSql(`alter table "incident_task" drop constraint "incident_task_tenant_id_lapsed_unit_id_foreign";`);
    this.addSql(`alter table "incident_task" drop column "due_within", drop column "assigned_at", drop column "lapsed_due_at", drop column "lapsed_assignee_id", drop column "lapsed_unit_id";`);
  }

}
