import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: the agenda role (src/platform/db/agenda-role.ts), which reads
 * across tenants only the columns the background jobs' due conditions need
 * (column grants; a select-only policy per tenant table lets it past
 * row-level security), and the indexes its probes use, led by the due time.
 * The application role may SET ROLE to it only through its login (the
 * session user is granted it, as for xinfang_app); it writes nothing.
 */
export class Migration20261204183000_sweep_agenda extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'xinfang_agenda') then
        create role xinfang_agenda nologin nosuperuser nobypassrls noinherit;
      end if;
    end $$;`);
    this.addSql(`do $$ begin
      if not pg_has_role(current_user, 'xinfang_agenda', 'member') then
        execute format('grant xinfang_agenda to %I', current_user);
      end if;
    end $$;`);
    this.addSql(`grant usage on schema public to xinfang_agenda;`);
    this.addSql(`grant select (id, status, timezone) on "tenant" to xinfang_agenda;`);
    this.addSql(`grant select (tenant_id, id, incident_id, level_sequence, duty_key, occurrence, recurring_every, status, due_at, lapsed_due_at, done_at, cancelled_at, assigned_at) on "incident_task" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "incident_task" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, series_task_id, alert_period_id, occurrence, due_at, next_due_at) on "duty_occurrence" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "duty_occurrence" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, id, task_id, clock_id, suspension_id, concern_id, escalate_at) on "accountability_finding" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "accountability_finding" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, finding_id) on "finding_escalation" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "finding_escalation" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, id, party, state, due_at, met_at) on "statutory_clock" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "statutory_clock" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, id, clock_id, state, suspended_from) on "clock_suspension" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "clock_suspension" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, clock_id, kind, due_at) on "clock_notice" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "clock_notice" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, suspension_limit_days) on "calendar_settings" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "calendar_settings" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, id, starts_at, ends_at) on "alert_period" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "alert_period" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, id, status, resolve_by, closed_at) on "concern" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "concern" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, id, kind, stage, returns, sign_in_due_at, due_at) on "referral" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "referral" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, returns_escalate_at) on "referral_settings" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "referral_settings" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, referral_id, cause) on "supervision_order" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "supervision_order" for select to xinfang_agenda using (true);`);
    this.addSql(`grant select (tenant_id, status, lease_until) on "export_job" to xinfang_agenda;`);
    this.addSql(`create policy agenda_read on "export_job" for select to xinfang_agenda using (true);`);
    this.addSql(`create index "incident_task_agenda_due" on "incident_task" ((coalesce("lapsed_due_at", "due_at"))) where "recurring_every" is null and ("lapsed_due_at" is not null or "status" = 'OPEN' or ("status" = 'DONE' and "done_at" > "due_at") or ("status" = 'CANCELLED' and "cancelled_at" > "due_at"));`);
    this.addSql(`create index "incident_task_agenda_series" on "incident_task" ("tenant_id", "incident_id", "level_sequence", "duty_key", "occurrence") where "recurring_every" is not null and "status" in ('OPEN', 'CANCELLED');`);
    this.addSql(`create index "statutory_clock_agenda_due" on "statutory_clock" ("due_at") where "party" = 'INSTITUTION' and ("state" in ('OPEN', 'EXTENDED', 'MISSED') or ("state" = 'MET' and "met_at" > "due_at"));`);
    this.addSql(`create index "clock_suspension_agenda_active" on "clock_suspension" ("suspended_from") where "state" = 'ACTIVE';`);
    this.addSql(`create index "concern_agenda_due" on "concern" ("resolve_by") where "status" = 'OPEN' or "closed_at" > "resolve_by";`);
    this.addSql(`create index "accountability_finding_agenda_escalate" on "accountability_finding" ("escalate_at") where "escalate_at" is not null;`);
    this.addSql(`create index "referral_agenda_open" on "referral" ("tenant_id") where "kind" = 'ASSIGNMENT' and "stage" <> 'CLOSED';`);
    this.addSql(`create index "alert_period_agenda_start" on "alert_period" ("starts_at");`);
    this.addSql(`create index "export_job_agenda_pending" on "export_job" ("tenant_id") where "status" in ('QUEUED', 'RUNNING');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "incident_task_agenda_due";`);
    this.addSql(`drop index if exists "incident_task_agenda_series";`);
    this.addSql(`drop index if exists "statutory_clock_agenda_due";`);
    this.addSql(`drop index if exists "clock_suspension_agenda_active";`);
    this.addSql(`drop index if exists "concern_agenda_due";`);
    this.addSql(`drop index if exists "accountability_finding_agenda_escalate";`);
    this.addSql(`drop index if exists "referral_agenda_open";`);
    this.addSql(`drop index if exists "alert_period_agenda_start";`);
    this.addSql(`drop index if exists "export_job_agenda_pending";`);
    this.addSql(`revoke select on "tenant" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "incident_task";`);
    this.addSql(`revoke select on "incident_task" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "duty_occurrence";`);
    this.addSql(`revoke select on "duty_occurrence" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "accountability_finding";`);
    this.addSql(`revoke select on "accountability_finding" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "finding_escalation";`);
    this.addSql(`revoke select on "finding_escalation" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "statutory_clock";`);
    this.addSql(`revoke select on "statutory_clock" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "clock_suspension";`);
    this.addSql(`revoke select on "clock_suspension" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "clock_notice";`);
    this.addSql(`revoke select on "clock_notice" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "calendar_settings";`);
    this.addSql(`revoke select on "calendar_settings" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "alert_period";`);
    this.addSql(`revoke select on "alert_period" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "concern";`);
    this.addSql(`revoke select on "concern" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "referral";`);
    this.addSql(`revoke select on "referral" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "referral_settings";`);
    this.addSql(`revoke select on "referral_settings" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "supervision_order";`);
    this.addSql(`revoke select on "supervision_order" from xinfang_agenda;`);
    this.addSql(`drop policy if exists agenda_read on "export_job";`);
    this.addSql(`revoke select on "export_job" from xinfang_agenda;`);
  }
}
