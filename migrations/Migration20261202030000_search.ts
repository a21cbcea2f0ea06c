import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: text search that works in Chinese (pg_trgm, trusted since
 * PostgreSQL 13, so the database owner may create it; the embedded server
 * ships it). Every character is doubled before the trigrams are taken, so a
 * trigram holds two neighbouring characters and a two-character query (the
 * usual Chinese search) has trigrams the index can look up. The index is
 * declared on Incident (incident.entity.ts) with the same expression.
 *
 * Under row-level security PostgreSQL uses an index only for leakproof
 * operators, and LIKE and the trigram operators are not: a query of the app
 * role would scan the tenant's rows. So the lookup is two functions that run
 * as their owner (SECURITY DEFINER) and return the ids of the current
 * tenant's matching incidents — the tenant from the transaction's setting,
 * never from an argument. Where the owner bypasses row-level security (a
 * superuser: the embedded server, docker/compose.yaml) they use the index;
 * an owner under FORCE ROW LEVEL SECURITY gets the same rows without it.
 */
export class Migration20261202030000_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    // PL/pgSQL with its real cost, not an inlined SQL function: inlined, the planner prices the
    // regular expression at one operator and prefers reading every row to the index.
    this.addSql(`create function xf_search_key(text) returns text language plpgsql immutable strict parallel safe cost 1000 as $$ begin return regexp_replace($1, '(.)', '\\1\\1', 'g'); end $$;`);
    this.addSql(`create index "incident_search_trgm" on "incident" using gin (xf_search_key("summary" || ' ' || "demands" || ' ' || "receipt_number") gin_trgm_ops);`);
    const key = `xf_search_key(i.summary || ' ' || i.demands || ' ' || i.receipt_number)`;
    // The tenant and the values are quoted into the statement (format %L), so it is planned for them: with a
    // parameter, or the tenant as an expression, the planner reads the whole tenant through a tenant_id index.
    const lookup = (name: string, args: string, match: string, values: string) =>
      `create function ${name}(${args}) returns setof uuid language plpgsql stable security definer set search_path = public, pg_temp rows 50 as $$ ` +
      `begin return query execute format('select i.id from incident i where i.tenant_id = %L::uuid and ${match.replace(/'/g, "''")}', ` +
      `nullif(current_setting('app.tenant_id', true), ''), ${values}); end $$;`;
    this.addSql(lookup('xf_incident_text_like', 'pattern text', `${key} ilike %L`, 'pattern'));
    // Close or holding it: word similarity to the doubled query, or the doubled LIKE pattern.
    this.addSql(lookup('xf_incident_text_close', 'search_key text, pattern text', `(%L <%% ${key} or ${key} ilike %L)`, 'search_key, pattern'));
    for (const fn of ['xf_incident_text_like(text)', 'xf_incident_text_close(text, text)']) {
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to xinfang_app;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists xf_incident_text_like(text);`);
    this.addSql(`drop function if exists xf_incident_text_close(text, text);`);
    this.addSql(`drop index if exists "incident_search_trgm";`);
    this.addSql(`drop function if exists xf_search_key(text);`);
  }
}
