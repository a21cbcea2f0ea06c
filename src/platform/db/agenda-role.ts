// The one role that reads across tenants: for the background jobs' agendas
// (which tenants have work due), never for case data. It may select only the
// columns the due conditions need (column grants, see the agenda migration),
// and a select-only policy lets it past row-level security; everything the
// jobs then read or write about a tenant runs as the application role in
// that tenant's scope (RLS and `tenant_id = ?`).
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';

export const AGENDA_ROLE = 'xinfang_agenda';

/** One read-only statement as the agenda role, in a transaction of its own (the role ends with it). */
export async function readAcrossTenants<T>(orm: MikroORM, sql: string, params: unknown[]): Promise<T[]> {
  const knex = orm.em.getConnection().getKnex() as Knex;
  return knex.transaction(async (trx) => {
    await trx.raw(`set transaction read only; set local role ${AGENDA_ROLE}`);
    const res = (await trx.raw(sql, params as never)) as { rows: T[] };
    return res.rows;
  });
}
