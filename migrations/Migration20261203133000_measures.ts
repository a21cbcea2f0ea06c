import { Migration } from '@mikro-orm/migrations';

// Supplementary measures beside response levels, risk flags and "known in
// advance" as incident facts (issue 20, parts 1 and 2). Existing rows: no
// measures; the conduct flags that are risks set the risk flags.
export class Migration20261203133000_measures extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "plan" add column "measures" jsonb not null default '[]';`);
    this.addSql(`alter table "incident" add column "risk_flags" text[] not null default '{}', add column "known_in_advance" boolean not null default false, add column "measure_keys" text[] not null default '{}';`);
    this.addSql(`update "incident" set "risk_flags" = array_remove(array[
      case when 'SELF_HARM_RISK' = any("conduct_flags") then 'SELF_HARM_RISK' end,
      case when 'VIOLENCE_OR_DAMAGE' = any("conduct_flags") then 'VIOLENCE' end], null)
      where 'SELF_HARM_RISK' = any("conduct_flags") or 'VIOLENCE_OR_DAMAGE' = any("conduct_flags");`);
    this.addSql(`alter table "incident_level" add column "measures" jsonb not null default '[]';`);
    this.addSql(`alter table "incident_task" add column "measure_key" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident_task" drop column "measure_key";`);
    this.addSql(`alter table "incident_level" drop column "measures";`);
    this.addSql(`alter table "incident" drop column "risk_flags", drop column "known_in_advance", drop column "measure_keys";`);
    this.addSql(`alter table "plan" drop column "measures";`);
  }

}
