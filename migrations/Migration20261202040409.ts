import { Migration } from '@mikro-orm/migrations';

export class Migration20261202040409 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident_task" add column "arrived_at" timestamptz null, add column "recorded_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident_task" drop column "arrived_at", drop column "recorded_at";`);
  }

}
