import { Migration } from '@mikro-orm/migrations';

export class Migration20261202030753 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident_task" add column "assigned_via" text check ("assigned_via" in ('ON_DUTY', 'ROLE', 'ROLE_ABOVE', 'MANUAL')) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident_task" drop column "assigned_via";`);
  }

}
