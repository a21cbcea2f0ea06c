// The application's database: the platform's ORM set-up with this build's
// entities and migrations.
import type { MikroORM, Options } from '@mikro-orm/postgresql';
import { createOrmWith, ormOptions as platformOrmOptions, type OrmRole, type OrmSchema } from '../platform/db/orm.js';
import { migrateWith, pendingMigrationNamesOf } from '../platform/db/migrate.js';
import { entities } from './entities.js';
import { migrationsList } from '../../migrations/index.js';

export const ormSchema: OrmSchema = { entities, migrations: migrationsList };

export function ormOptions(databaseUrl: string, role: OrmRole, poolMax?: number, snapshot?: boolean): Options {
  return platformOrmOptions(ormSchema, databaseUrl, role, poolMax, snapshot);
}

export function createOrm(databaseUrl: string, role: OrmRole, poolMax?: number): Promise<MikroORM> {
  return createOrmWith(ormSchema, databaseUrl, role, poolMax);
}

export function migrate(databaseUrl: string): Promise<string[]> {
  return migrateWith(ormSchema, databaseUrl);
}

export function pendingMigrationNames(orm: MikroORM): Promise<string[]> {
  return pendingMigrationNamesOf(orm, migrationsList);
}
