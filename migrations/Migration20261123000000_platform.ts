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

    // A change without its log entry cannot commit. Every change to a tenant-owned
    // row marks its tenant "unlogged" for the rest of the transaction (a local
    // setting, undone with a rolled-back savepoint); writing a log entry for the
    // tenant clears the mark; a deferred check refuses the commit while a mark
    // remains. So the entry must come after the change, in the same transaction
    // (the mutation runner writes both, the entry last).
    this.addSql(`create or replace function xf_unlogged_setting(t uuid) returns text language sql immutable as $$
      select 'xf.unlogged_' || replace(t::text, '-', '_')
    $$;`);
    this.addSql(`create or replace function xf_mark_unlogged() returns trigger language plpgsql as $$
      begin
        perform set_config(xf_unlogged_setting(case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end), tg_table_name, true);
        if tg_op = 'UPDATE' and old.tenant_id is distinct from new.tenant_id then
          perform set_config(xf_unlogged_setting(old.tenant_id), tg_table_name, true);
        end if;
        return null;
      end $$;`);
    this.addSql(`create or replace function xf_log_written() returns trigger language plpgsql as $$
      begin
        perform set_config(xf_unlogged_setting(new.tenant_id), '', true);
        return null;
      end $$;`);
    this.addSql(`create or replace function xf_require_log_entry() returns trigger language plpgsql as $$
      declare
        t uuid := case when tg_op = 'DELETE' then old.tenant_id else new.tenant_id end;
        pending text := coalesce(current_setting(xf_unlogged_setting(t), true), '');
      begin
        if pending <> '' then
          raise exception 'change to % without a log entry after it in the same transaction', pending
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
    this.addSql('drop function if exists xf_log_written();');
    this.addSql('drop function if exists xf_mark_unlogged();');
    this.addSql('drop function if exists xf_unlogged_setting(uuid);');
  }
}
