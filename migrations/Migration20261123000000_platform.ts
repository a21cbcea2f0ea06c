import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: the application role and the functions the table policies use.
 * Tables come from the generated migrations that follow.
 */
export class Migration20261123000000_platform extends Migration {
  override async up(): Promise<void> {
    // Cluster-wide role: created once, shared by every database of the cluster.
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'xinfang_app') then
        create role xinfang_app nologin nosuperuser nobypassrls noinherit;
      end if;
    end $$;`);
    // Lets a non-superuser owner (a managed database's login role) SET ROLE to it.
    this.addSql(`do $$ begin
      if not pg_has_role(current_user, 'xinfang_app', 'member') then
        execute format('grant xinfang_app to %I', current_user);
      end if;
    end $$;`);
    this.addSql(`grant usage on schema public to xinfang_app;`);
    // Readiness checks compare applied migrations with the running build.
    this.addSql(`grant select on mikro_orm_migrations to xinfang_app;`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to xinfang_app;`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to xinfang_app;`);

    // Deferred check: a change to a tenant-owned row commits only with a log entry
    // written by the same transaction (the mutation runner writes both).
    this.addSql(`create or replace function xf_require_log_entry() returns trigger language plpgsql as $$
      declare t uuid := coalesce(case when tg_op = 'DELETE' then null else new.tenant_id end, old.tenant_id);
      begin
        if not exists (select 1 from log_entry where tenant_id = t and txid = txid_current()) then
          raise exception 'change to % without a log entry in the same transaction', tg_table_name
            using errcode = 'XF001';
        end if;
        return null;
      end $$;`);

    this.addSql(`create or replace function xf_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name using errcode = 'XF002';
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists xf_append_only();');
    this.addSql('drop function if exists xf_require_log_entry();');
  }
}
