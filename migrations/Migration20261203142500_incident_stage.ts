import { Migration } from '@mikro-orm/migrations';

export class Migration20261203142500_incident_stage extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident" add column "stage" text check ("stage" in ('PREVENTION', 'RECEPTION', 'DECISION', 'AFTERMATH')) not null default 'RECEPTION', add column "stage_history" jsonb not null default '[]';`);
    this.addSql(`alter table "plan" add column "staged_duties" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident" drop column "stage", drop column "stage_history";`);
    this.addSql(`alter table "plan" drop column "staged_duties";`);
  }

}
