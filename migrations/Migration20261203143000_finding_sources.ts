import { Migration } from '@mikro-orm/migrations';

// Clock suspensions and concerns were added on two branches, each of which
// rewrote the source check with only its own new value: this one holds both.
const SOURCES = ['TASK', 'RECURRING_DUTY', 'ALERT_PERIOD_REPORT', 'STATUTORY_CLOCK', 'CLOCK_SUSPENSION', 'CONCERN'];
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
      this.addSql(`alter table "${t}" add constraint "${t}_source_check" ${check(SOURCES.filter((s) => s !== 'CLOCK_SUSPENSION'))};`);
    }
  }
}
