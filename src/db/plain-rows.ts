// Read-only lists without the ORM's hydration: one statement through the
// QueryBuilder (same where-objects, the tenant filter applied), raw rows mapped
// to plain objects with the entity's property names. References become `{ id }`,
// which is all the GraphQL node mappers read. Nothing enters the identity map,
// so nothing is tracked, flushed or propagated. Never pass these to a service.
import { raw, type EntityClass, type EntityMetadata, type EntityProperty, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

function plainOf<T>(meta: EntityMetadata, row: Row, parseDate: (value: string) => Date): T {
  const out: Row = {};
  for (const prop of meta.props as EntityProperty[]) {
    if (prop.persist === false || !prop.fieldNames?.length) continue;
    if (prop.kind === 'scalar') {
      const value = row[prop.fieldNames[0]!];
      // The driver leaves timestamps as text (the ORM parses them on hydration).
      out[prop.name] = value === undefined || value === null ? null : prop.runtimeType === 'Date' && typeof value === 'string' ? parseDate(value) : value;
    } else if (prop.kind === 'm:1' || (prop.kind === '1:1' && prop.owner)) {
      // Composite (tenant_id, x_id) keys: the last column is the referenced id.
      const id = row[prop.fieldNames[prop.fieldNames.length - 1]!];
      out[prop.name] = id === null || id === undefined ? null : { id };
    }
  }
  return out as T;
}

/** A row read some other way (e.g. `row_to_json` of the entity's table) as the same plain object. */
export function plainRow<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Row): T {
  const platform = em.getPlatform();
  return plainOf<T>(em.getMetadata().get(entity.name), row, (value) => platform.parseDate(value));
}

/**
 * `extra`: more columns, raw SQL over the alias `e` (e.g. a correlated json_agg
 * subquery), returned as-is under `extras` (same order as the rows).
 */
export async function findPlainWith<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T> | QueryOrderMap<T>[]; limit?: number; extra?: Record<string, string> } = {},
): Promise<{ rows: T[]; extras: Row[] }> {
  const extra = Object.entries(options.extra ?? {});
  const qb = em.createQueryBuilder(entity, 'e').select(['e.*', ...extra.map(([name, sql]) => raw(`(${sql}) as "${name}"`))] as never).where(where as never);
  if (options.orderBy) qb.orderBy(options.orderBy as never);
  if (options.limit !== undefined) qb.limit(options.limit);
  await qb.applyFilters();
  const raws = await qb.execute<Row[]>('all', false);
  const meta = em.getMetadata().get(entity.name);
  const platform = em.getPlatform();
  const parseDate = (value: string) => platform.parseDate(value);
  return {
    rows: raws.map((r) => plainOf<T>(meta, r, parseDate)),
    extras: extra.length ? raws.map((r) => Object.fromEntries(extra.map(([name]) => [name, r[name]]))) : [],
  };
}

export async function findPlain<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T> | QueryOrderMap<T>[]; limit?: number } = {},
): Promise<T[]> {
  return (await findPlainWith(em, entity, where, options)).rows;
}
