import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from './orm.js';
import { migrationsList } from '../../migrations/index.js';

/** Applies pending migrations as the table owner (the connecting user), then closes. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const orm = await createOrm(databaseUrl, 'owner', 2);
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** Migrations this build knows that the database has not applied (readiness check; one cheap query). */
export async function pendingMigrationNames(orm: MikroORM): Promise<string[]> {
  const rows = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations');
  const applied = new Set(rows.map((r) => r.name.replace(/\.(js|ts)$/, '')));
  return migrationsList.map((m) => m.name).filter((n) => !applied.has(n));
}
