import { Migration } from '@mikro-orm/migrations';

// A suspension lapses when its clock is met (a reply, an answer) before it was decided or began.
export class Migration20261204184500_suspension_lapsed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "clock_suspension" drop constraint if exists "clock_suspension_state_check";`);
    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_state_check" check ("state" in ('PENDING', 'ACTIVE', 'REJECTED', 'RESUMED', 'LAPSED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "clock_suspension" drop constraint if exists "clock_suspension_state_check";`);
    this.addSql(`alter table "clock_suspension" add constraint "clock_suspension_state_check" check ("state" in ('PENDING', 'ACTIVE', 'REJECTED', 'RESUMED'));`);
  }
}
