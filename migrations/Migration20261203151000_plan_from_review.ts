import { Migration } from '@mikro-orm/migrations';

// A plan draft started from a post-incident review: which incident's review, and its proposals.
export class Migration20261203151000_plan_from_review extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "plan" add column "from_incident_id" uuid null, add column "revision_proposals" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "plan" drop column "from_incident_id", drop column "revision_proposals";`);
  }
}
