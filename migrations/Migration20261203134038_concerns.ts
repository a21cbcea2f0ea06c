import { Migration } from '@mikro-orm/migrations';

// Prevention records (issue 20 part 4): concern, concern_update, and findings about a concern.
export class Migration20261203134038_concerns extends Migration {

  override async up(): Promise<void> {

    this.addSql(`create table "concern" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "unit_id" uuid not null, "issue" text not null, "affected_count" int not null, "planned_resolution" text not null, "resolve_by" timestamptz not null, "owner_id" uuid not null, "recorded_by_id" uuid not null, "status" text check ("status" in ('OPEN', 'RESOLVED', 'BECAME_INCIDENT')) not null default 'OPEN', "closed_at" timestamptz null, "closed_by_id" uuid null, "resolution" text null, "incident_id" uuid null, "version" int not null default 1, "updated_at" timestamptz not null default now(), constraint "concern_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "concern_tenant_id_unit_id_index" on "concern" ("tenant_id", "unit_id");`);
    this.addSql(`create index "concern_tenant_id_status_resolve_by_index" on "concern" ("tenant_id", "status", "resolve_by");`);
    this.addSql(`create index "concern_tenant_id_created_at_id_index" on "concern" ("tenant_id", "created_at", "id");`);

    this.addSql(`create table "concern_update" ("tenant_id" uuid not null, "id" uuid not null, "created_at" timestamptz not null default now(), "concern_id" uuid not null, "note" text not null, "recorded_by_id" uuid not null, constraint "concern_update_pkey" primary key ("tenant_id", "id"));`);
    this.addSql(`create index "concern_update_tenant_id_concern_id_created_at_index" on "concern_update" ("tenant_id", "concern_id", "created_at");`);

    this.addSql(`alter table "concern" add constraint "concern_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "concern" add constraint "concern_tenant_id_unit_id_foreign" foreign key ("tenant_id", "unit_id") references "unit" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "concern" add constraint "concern_tenant_id_owner_id_foreign" foreign key ("tenant_id", "owner_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "concern" add constraint "concern_tenant_id_recorded_by_id_foreign" foreign key ("tenant_id", "recorded_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "concern" add constraint "concern_tenant_id_closed_by_id_foreign" foreign key ("tenant_id", "closed_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "concern" add constraint "concern_tenant_id_incident_id_foreign" foreign key ("tenant_id", "incident_id") references "incident" ("tenant_id", "id") on update no action on delete no action;`);

    this.addSql(`alter table "concern_update" add constraint "concern_update_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update no action on delete no action;`);
    this.addSql(`alter table "concern_update" add constraint "concern_update_tenant_id_concern_id_foreign" foreign key ("tenant_id", "concern_id") references "concern" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "concern_update" add constraint "concern_update_tenant_id_recorded_by_id_foreign" foreign key ("tenant_id", "recorded_by_id") references "member" ("tenant_id", "id") on update no action on delete no action;`);



    this.addSql(`alter table "duty_occurrence" drop constraint if exists "duty_occurrence_source_check";`);

    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_source_check";`);


    this.addSql(`alter table "duty_occurrence" add constraint "duty_occurrence_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CONCERN'));`);


    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CONCERN'));`);
    this.addSql(`alter table "accountability_finding" add column "concern_id" uuid null;`);
    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_tenant_id_concern_id_foreign" foreign key ("tenant_id", "concern_id") references "concern" ("tenant_id", "id") on update no action on delete no action;`);
    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_tenant_id_concern_id_unique" unique ("tenant_id", "concern_id");`);

    // Row-level security and log guards (src/db/table-policies.ts).
    this.addSql("alter table \"concern\" enable row level security;");
    this.addSql("alter table \"concern\" force row level security;");
    this.addSql("create policy tenant_isolation on \"concern\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"concern\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"concern\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("alter table \"concern_update\" enable row level security;");
    this.addSql("alter table \"concern_update\" force row level security;");
    this.addSql("create policy tenant_isolation on \"concern_update\" using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);");
    this.addSql("create trigger mark_unlogged after insert or update or delete on \"concern_update\" for each row execute function xf_mark_unlogged();");
    this.addSql("create constraint trigger require_log_entry after insert or update or delete on \"concern_update\" deferrable initially deferred for each row execute function xf_require_log_entry();");
    this.addSql("revoke update, delete, truncate on \"concern_update\" from xinfang_app;");
    this.addSql("create trigger append_only_row before update or delete on \"concern_update\" for each row execute function xf_append_only();");
    this.addSql("create trigger append_only_truncate before truncate on \"concern_update\" for each statement execute function xf_append_only();");
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "accountability_finding" drop constraint "accountability_finding_tenant_id_concern_id_unique";`);
    this.addSql(`alter table "accountability_finding" drop constraint "accountability_finding_tenant_id_concern_id_foreign";`);
    this.addSql(`alter table "accountability_finding" drop column "concern_id";`);
    this.addSql(`alter table "accountability_finding" drop constraint if exists "accountability_finding_source_check";`);
    this.addSql(`alter table "accountability_finding" add constraint "accountability_finding_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK'));`);
    this.addSql(`alter table "duty_occurrence" drop constraint if exists "duty_occurrence_source_check";`);
    this.addSql(`alter table "duty_occurrence" add constraint "duty_occurrence_source_check" check("source" in ('TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK'));`);
    this.addSql(`drop table if exists "concern_update" cascade;`);
    this.addSql(`drop table if exists "concern" cascade;`);
  }

}
