import { Migration } from '@mikro-orm/migrations';

export class Migration20261202025259 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "log_head" add column "hash_algorithm" text check ("hash_algorithm" in ('SHA256', 'SM3')) not null default 'SHA256';`);

    this.addSql(`alter table "log_entry" add column "hash_algorithm" text check ("hash_algorithm" in ('SHA256', 'SM3')) not null default 'SHA256';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "log_entry" drop column "hash_algorithm";`);

    this.addSql(`alter table "log_head" drop column "hash_algorithm";`);
  }

}
