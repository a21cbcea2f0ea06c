import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrmWith, type OrmSchema } from './orm.js';

/** Applies pending migrations as the table owner (the connecting user), then closes. */
export async function migrateWith(schema: OrmSchema, databaseUrl: string): Promise<string[]> {
  const orm = await createOrmWith(schema, databaseUrl, 'owner', 2);
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** Migrations this build knows that the database has not applied (readiness check; one cheap query). */
export async function pendingMigrationNamesOf(orm: MikroORM, migrations: OrmSchema['migrations']): Promise<string[]> {
  const rows = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations');
  const applied = new Set(rows.map((r) => r.name.replace(/\.(js|ts)$/, '')));
  return migrations.map((m) => m.name).filter((n) => !applied.has(n));
}
