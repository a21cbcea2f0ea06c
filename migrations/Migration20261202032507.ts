import { Migration } from '@mikro-orm/migrations';

export class Migration20261202032507 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "platform_role" text check ("platform_role" in ('SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDIT_ADMIN')) null;`);
    // 三员分立: platform administrators from before the split keep provisioning (system administrators);
    // a security administrator is then created with the admin CLI (create-platform-admin --role SECURITY_ADMIN).
    this.addSql(`update "app_user" set "platform_role" = 'SYSTEM_ADMIN' where "platform_admin";`);
    this.addSql(`alter table "app_user" add constraint "app_user_platform_admin_has_role" check ("platform_admin" = ("platform_role" is not null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "app_user" drop constraint "app_user_platform_admin_has_role";`);
    this.addSql(`alter table "app_user" drop column "platform_role";`);
  }

}
