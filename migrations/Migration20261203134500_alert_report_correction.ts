import { Migration } from '@mikro-orm/migrations';

// A report corrected by a new one superseding it: one original per unit and
// due time, one correction per report.
export class Migration20261203134500_alert_report_correction extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "alert_period_report" add column "supersedes_id" uuid null, add column "correction_reason" text null, add column "superseded_at" timestamptz null;`);
    this.addSql(`alter table "alert_period_report" drop constraint "alert_period_report_tenant_id_period_id_unit_id_due_at_unique";`);
    this.addSql(`create unique index "alert_period_report_one_original" on "alert_period_report" ("tenant_id", "period_id", "unit_id", "due_at") where "supersedes_id" is null;`);
    this.addSql(`alter table "alert_period_report" add constraint "alert_period_report_tenant_id_supersedes_id_unique" unique ("tenant_id", "supersedes_id");`);
    this.addSql(`alter table "alert_period_report" add constraint "alert_period_report_tenant_id_supersedes_id_foreign" foreign key ("tenant_id", "supersedes_id") references "alert_period_report" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert_period_report" drop constraint "alert_period_report_tenant_id_supersedes_id_foreign";`);
    this.addSql(`alter table "alert_period_report" drop constraint "alert_period_report_tenant_id_supersedes_id_unique";`);
    this.addSql(`drop index "alert_period_report_one_original";`);
    this.addSql(`alter table "alert_period_report" add constraint "alert_period_report_tenant_id_period_id_unit_id_due_at_unique" unique ("tenant_id", "period_id", "unit_id", "due_at");`);
    this.addSql(`alter table "alert_period_report" drop column "supersedes_id", drop column "correction_reason", drop column "superseded_at";`);
  }

}
