import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type { EntityClass, MigrationObject } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { tenantFilter } from './tenant-filter.js';
import { AuditSubscriber } from '../audit/audit-subscriber.js';
import { countStatement } from './sql-counter.js';
import { TenantEntity } from './base.entity.js';

import { APP_ROLE } from './app-role.js';
export { APP_ROLE };

export type OrmRole = 'app' | 'owner';

/** What the application is made of: every entity and every migration, in order (the lists are the server's). */
export interface OrmSchema {
  entities: EntityClass<object>[];
  migrations: MigrationObject[];
}

function tenantOwnedEntityNames(entities: OrmSchema['entities']): string[] {
  return entities.filter((e) => e.prototype instanceof TenantEntity).map((e) => e.name);
}

/** `snapshot`: only the migration CLI writes migrations/.snapshot.json (applying migrations must not touch the tree). */
export function ormOptions(schema: OrmSchema, databaseUrl: string, role: OrmRole, poolMax = 10, snapshot = false): Options {
  const { entities, migrations: migrationsList } = schema;
  return {
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities,
    filters: tenantFilter(tenantOwnedEntityNames(entities)),
    subscribers: role === 'app' ? [new AuditSubscriber()] : [],
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: 'migrations',
      snapshot,
      snapshotName: '.snapshot',
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
      emit: 'ts',
      silent: true,
    },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    // The only filter is the tenant's, and every relation is a composite (tenant_id, id)
    // foreign key: a referenced row is always in the same tenant, so joining each
    // reference to re-check the filter (9 joins on an incident) only costs time.
    autoJoinRefsForFilters: false,
    discovery: { checkDuplicateTableNames: true },
    pool: {
      min: 0,
      max: poolMax,
      // Every pooled connection acts as the application role, so row-level
      // security holds even for a statement that escapes a transaction.
      afterCreate:
        role === 'app'
          ? (conn: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
              conn.query(`SET ROLE ${APP_ROLE}; SET statement_timeout = '30s'`, (err) => done(err, conn));
            }
          : undefined,
    },
    debug: false,
  };
}

export async function createOrmWith(schema: OrmSchema, databaseUrl: string, role: OrmRole, poolMax?: number): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(schema, databaseUrl, role, poolMax));
  if (role === 'app') {
    orm.em.getConnection().getKnex().on('query', countStatement);
  }
  return orm;
}
