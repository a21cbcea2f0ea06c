import { Migration } from '@mikro-orm/migrations';

// 提级督办 of an unanswered 督办 order: the sweep's agenda reads the orders' due and answer times.
export class Migration20261204200500_supervision_answer_missed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`grant select (due_at, answered_at) on "supervision_order" to xinfang_agenda;`);
  }

  override async down(): Promise<void> {
    this.addSql(`revoke select (due_at, answered_at) on "supervision_order" from xinfang_agenda;`);
  }
}
