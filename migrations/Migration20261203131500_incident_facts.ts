import { Migration } from '@mikro-orm/migrations';

// Facts plans turn on (issue 20 part 5): intake channel, a language to serve in, the police decision.
export class Migration20261203131500_incident_facts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "incident" add column "intake_channel" text check ("intake_channel" in ('WINDOW', 'PHONE', 'LETTER', 'ONLINE', 'TEMPORARY_RECEPTION_POINT', 'MOBILE_VEHICLE', 'ON_SITE', 'TRANSFERRED')) null, add column "interpreter_language" text null, add column "police_called" boolean null, add column "police_decided_by_id" uuid null, add column "police_decided_at" timestamptz null, add column "police_reason" text null, add column "police_recorded_by_id" uuid null, add column "police_recorded_at" timestamptz null;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_police_decided_by_id_foreign" foreign key ("tenant_id", "police_decided_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "incident" add constraint "incident_tenant_id_police_recorded_by_id_foreign" foreign key ("tenant_id", "police_recorded_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_police_decided_by_id_foreign";`);
    this.addSql(`alter table "incident" drop constraint "incident_tenant_id_police_recorded_by_id_foreign";`);
    this.addSql(`alter table "incident" drop column "intake_channel", drop column "interpreter_language", drop column "police_called", drop column "police_decided_by_id", drop column "police_decided_at", drop column "police_reason", drop column "police_recorded_by_id", drop column "police_recorded_at";`);
  }

}
