import { Migration } from '@mikro-orm/migrations';

// Clock suspensions, concerns and supervision were added on three branches,
// each rewriting the source check with its own list: this one holds them all
// (the supervision migration before it already does; kept so the last word
// on the check is in one place).
const SOURCES = ['TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CLOCK_SUSPENSION', 'CONCERN', 'SUPERVISION'];
const TABLES = ['duty_occurrence', 'accountability_finding'];
const check = (sources: string[]) => `check("source" in (${sources.map((s) => `'${s}'`).join(', ')}))`;

export class Migration20261203143000_finding_sources extends Migration {
  override async up(): Promise<void> {
    for (const t of TABLES) {
      this.addSql(`alter table "${t}" drop constraint if exists "${t}_source_check";`);
      this.addSql(`alter table "${t}" add constraint "${t}_source_check" ${check(SOURCES)};`);
    }
  }

  override async down(): Promise<void> {
    for (const t of TABLES) {
      this.addSql(`alter table "${t}" drop constraint if exists "${t}_source_check";`);
      this.addSql(`alter table "${t}" add constraint "${t}_source_check" ${check(SOURCES)};`);
    }
  }
}
