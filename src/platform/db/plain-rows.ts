// Read-only lists without the ORM's hydration: one statement through the
// QueryBuilder (same where-objects, the tenant filter applied), raw rows mapped
// to plain objects with the entity's property names. References become `{ id }`,
// which is all the GraphQL node mappers read. Nothing enters the identity map,
// so nothing is tracked, flushed or propagated. Never pass these to a service.
import { raw, type EntityClass, type EntityMetadata, type EntityProperty, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

interface Column {
  name: string;
  field: string;
  kind: 'value' | 'date' | 'ref';
}

type Mapper = (row: Row, parseDate: (value: string) => Date) => Row;

// One mapper per entity, compiled from its metadata: a list page maps hundreds
// of rows, and walking the metadata (or keyed stores in a loop) per row showed
// in the profile. The generated object literal gets one stable shape.
const mappers = new WeakMap<EntityMetadata, Mapper>();

function columnsOf(meta: EntityMetadata): Column[] {
  const columns: Column[] = [];
  for (const prop of meta.props as EntityProperty[]) {
    if (prop.persist === false || !prop.fieldNames?.length) continue;
    if (prop.kind === 'scalar') columns.push({ name: prop.name, field: prop.fieldNames[0]!, kind: prop.runtimeType === 'Date' ? 'date' : 'value' });
    // Composite (tenant_id, x_id) keys: the last column is the referenced id.
    else if (prop.kind === 'm:1' || (prop.kind === '1:1' && prop.owner)) columns.push({ name: prop.name, field: prop.fieldNames[prop.fieldNames.length - 1]!, kind: 'ref' });
  }
  return columns;
}

function mapperOf(meta: EntityMetadata): Mapper {
  let mapper = mappers.get(meta);
  if (mapper) return mapper;
  // Names come from the entity metadata only, quoted with JSON.stringify.
  const props = columnsOf(meta).map((c) => {
    const v = `row[${JSON.stringify(c.field)}]`;
    // The driver leaves timestamps as text (the ORM parses them on hydration).
    const value = c.kind === 'date' ? `(typeof ${v} === 'string' ? parseDate(${v}) : (${v} ?? null))` : c.kind === 'ref' ? `(${v} == null ? null : { id: ${v} })` : `(${v} ?? null)`;
    return `${JSON.stringify(c.name)}: ${value}`;
  });
  mapper = new Function('row', 'parseDate', `return { ${props.join(', ')} };`) as Mapper;
  mappers.set(meta, mapper);
  return mapper;
}

function plainOf<T>(mapper: Mapper, row: Row, parseDate: (value: string) => Date): T {
  return mapper(row, parseDate) as T;
}

/** ISO text (json subqueries) parses directly; the driver's text form goes through the platform. */
function dateParser(em: EntityManager): (value: string) => Date {
  const platform = em.getPlatform();
  return (value) => (value.charCodeAt(10) === 84 /* T */ ? new Date(value) : (platform.parseDate(value) as Date));
}

/** Maps rows read some other way (e.g. `row_to_json` of the entity's table) to the same plain objects. */
export function plainMapper<T extends object>(em: EntityManager, entity: EntityClass<T>): (row: Row) => T {
  const mapper = mapperOf(em.getMetadata().get(entity.name));
  const parseDate = dateParser(em);
  return (row) => plainOf<T>(mapper, row, parseDate);
}

/**
 * `extra`: more columns, raw SQL over the alias `e` (e.g. a correlated json_agg
 * subquery), returned as-is under `extras` (same order as the rows).
 */
export async function findPlainWith<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T> | QueryOrderMap<T>[]; limit?: number; extra?: Record<string, string | { sql: string; params: unknown[] }> } = {},
): Promise<{ rows: T[]; extras: Row[] }> {
  const extra = Object.entries(options.extra ?? {});
  const column = ([name, e]: [string, string | { sql: string; params: unknown[] }]) =>
    typeof e === 'string' ? raw(`(${e}) as "${name}"`) : raw(`(${e.sql}) as "${name}"`, e.params);
  const qb = em.createQueryBuilder(entity, 'e').select(['e.*', ...extra.map(column)] as never).where(where as never);
  if (options.orderBy) qb.orderBy(options.orderBy as never);
  if (options.limit !== undefined) qb.limit(options.limit);
  await qb.applyFilters();
  const raws = await qb.execute<Row[]>('all', false);
  const mapper = mapperOf(em.getMetadata().get(entity.name));
  const parseDate = dateParser(em);
  return {
    rows: raws.map((r) => plainOf<T>(mapper, r, parseDate)),
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
