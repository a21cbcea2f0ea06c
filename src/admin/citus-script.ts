// The Citus distribution script, generated from the migrated catalog: every
// tenant-owned table distributed by tenant_id and co-located, platform tables
// as reference tables, the few tables keyed otherwise distributed by their own
// key. A table nobody classified stops the generation, so a new table cannot
// be forgotten; the checks below are what Citus would refuse, found here
// without Citus (it cannot be installed on these machines).

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Platform tables and the tables not keyed by tenant: how each is placed, and why. */
const PLACEMENT: Record<string, { kind: 'reference' | 'local' } | { kind: 'distributed'; column: string }> = {
  tenant: { kind: 'reference' },
  // Links between organisations: few, read by both sides of a referral, written by platform administrators.
  tenant_link: { kind: 'reference' },
  app_user: { kind: 'reference' },
  log_signing_key: { kind: 'reference' },
  password_token: { kind: 'reference' },
  // The platform chain is ordered by one sequence and written rarely.
  platform_log_entry: { kind: 'reference' },
  mikro_orm_migrations: { kind: 'local' },
  // Looked up by receipt number alone (the petitioner has no tenant to name).
  petition_receipt: { kind: 'distributed', column: 'receipt_number' },
  // Written on every counted request: a reference table would write to every node.
  rate_limit_bucket: { kind: 'distributed', column: 'key' },
  // Found by id or token hash, never by tenant, and read on every request: a copy on every node; written only at sign-in and refresh.
  session: { kind: 'reference' },
  refresh_token: { kind: 'reference' },
};

const ACTION: Record<string, string> = { c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** The anchor of the tenant co-location group. */
const TENANT_ANCHOR = 'log_head';

interface Table {
  name: string;
  hasTenantId: boolean;
  keys: { name: string; columns: string[] }[];
  /** Non-internal triggers; `extension` when the trigger belongs to an extension (Citus refuses those). */
  triggers: { name: string; fn: string; extension: boolean }[];
  /** Columns filled by a sequence (serial default or identity), with their type. */
  sequenced: { column: string; type: string; identity: boolean }[];
  rowSecurity: boolean;
  forceRowSecurity: boolean;
  policies: number;
}

interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  /** pg_constraint.confdeltype / confupdtype: a no action, r restrict, c cascade, n set null, d set default. */
  onDelete: string;
  onUpdate: string;
}

export interface CitusScript {
  sql: string;
  /** Tables as placed: name → reference | local | distributed(column). */
  placement: Map<string, string>;
  /** What Citus would refuse; empty when the schema distributes as is. */
  problems: string[];
}

/** Comment lines of at most about 110 characters. */
function wrap(text: string, prefix: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && prefix.length + line.length + word.length > 110) {
      out.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(prefix + line);
  return out;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : String(v).replace(/^\{|\}$/g, '').split(',').filter(Boolean));

async function readCatalog(query: Query): Promise<{ tables: Table[]; fks: ForeignKey[] }> {
  const tables = await query(`
    select c.relname as name,
      exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant_id,
      coalesce((select json_agg(json_build_object('name', i.relname, 'columns',
          (select array_agg(a.attname order by k.ord) from unnest(x.indkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum)))
        from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = c.oid and x.indisunique), '[]') as keys,
      coalesce((select json_agg(json_build_object('name', t.tgname, 'fn', p.proname,
          'extension', exists (select 1 from pg_depend d where d.classid = 'pg_trigger'::regclass and d.objid = t.oid and d.deptype = 'x')) order by t.tgname)
        from pg_trigger t join pg_proc p on p.oid = t.tgfoid where t.tgrelid = c.oid and not t.tgisinternal), '[]') as triggers,
      coalesce((select json_agg(json_build_object('column', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'identity', a.attidentity <> '') order by a.attnum)
        from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          and (a.attidentity <> '' or pg_get_expr(d.adbin, d.adrelid) like 'nextval(%')), '[]') as sequenced,
      c.relrowsecurity as row_security, c.relforcerowsecurity as force_row_security,
      (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`);
  const fks = await query(`
    select con.conname as name, con.conrelid::regclass::text as table, con.confrelid::regclass::text as ref_table,
      (select array_agg(a.attname order by k.ord) from unnest(con.conkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns,
      (select array_agg(a.attname order by k.ord) from unnest(con.confkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as ref_columns,
      con.confdeltype as on_delete, con.confupdtype as on_update
    from pg_constraint con where con.contype = 'f' and con.connamespace = 'public'::regnamespace order by 2, 1`);
  return {
    tables: tables.map((r) => ({
      name: String(r.name),
      hasTenantId: Boolean(r.has_tenant_id),
      keys: (r.keys as { name: string; columns: unknown }[]).map((k) => ({ name: k.name, columns: asList(k.columns) })),
      triggers: r.triggers as Table['triggers'],
      sequenced: r.sequenced as Table['sequenced'],
      rowSecurity: Boolean(r.row_security),
      forceRowSecurity: Boolean(r.force_row_security),
      policies: Number(r.policies),
    })),
    fks: fks.map((r) => ({
      name: String(r.name), table: String(r.table), refTable: String(r.ref_table), columns: asList(r.columns), refColumns: asList(r.ref_columns),
      onDelete: String(r.on_delete), onUpdate: String(r.on_update),
    })),
  };
}

/** Reference tables first, then distributed ones in foreign-key order (a referenced table is distributed before its referrers). */
function ordered(names: string[], fks: ForeignKey[]): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const fk of fks) if (fk.table === name && fk.refTable !== name && names.includes(fk.refTable)) visit(fk.refTable, path);
    done.add(name);
    out.push(name);
  };
  for (const n of names) visit(n, new Set());
  return out;
}

export async function generateCitusScript(query: Query): Promise<CitusScript> {
  const { tables, fks } = await readCatalog(query);
  const placement = new Map<string, string>();
  const column = new Map<string, string>();
  const group = new Map<string, string>();
  const problems: string[] = [];
  const unclassified: string[] = [];

  for (const t of tables) {
    const p = PLACEMENT[t.name];
    if (p?.kind === 'reference' || p?.kind === 'local') placement.set(t.name, p.kind);
    else if (p?.kind === 'distributed') {
      placement.set(t.name, `distributed(${p.column})`);
      column.set(t.name, p.column);
      // Keyed otherwise: a co-location group of its own.
      group.set(t.name, t.name);
    } else if (t.hasTenantId) {
      placement.set(t.name, 'distributed(tenant_id)');
      column.set(t.name, 'tenant_id');
      group.set(t.name, TENANT_ANCHOR);
    } else unclassified.push(t.name);
  }
  if (unclassified.length) {
    throw new Error(`tables with no tenant_id and no placement in src/admin/citus-script.ts: ${unclassified.join(', ')}`);
  }

  // Citus: every primary key and unique index of a distributed table holds its distribution column.
  for (const t of tables) {
    const col = column.get(t.name);
    if (!col) continue;
    for (const k of t.keys) if (!k.columns.includes(col)) problems.push(`${t.name}: unique key ${k.name} (${k.columns.join(', ')}) lacks the distribution column ${col}`);
  }
  // Citus: a foreign key between distributed tables joins co-located tables on their distribution columns
  // (same position on both sides); a reference table may not refer to a distributed one; a key holding the
  // referrer's distribution column may not SET NULL / SET DEFAULT on delete, nor SET NULL / SET DEFAULT / CASCADE on update.
  const fkKinds = { colocated: 0, toReference: 0, betweenReference: 0 };
  const before = problems.length;
  for (const fk of fks) {
    const from = placement.get(fk.table);
    const to = placement.get(fk.refTable);
    if (!from || !to || from === 'local' || to === 'local') continue;
    if (from === 'reference' && to !== 'reference') problems.push(`${fk.name}: reference table ${fk.table} refers to distributed ${fk.refTable}`);
    if (from === 'reference' && to === 'reference') fkKinds.betweenReference++;
    if (from.startsWith('distributed') && to === 'reference') fkKinds.toReference++;
    const own = column.get(fk.table);
    const badDelete = ['n', 'd'].includes(fk.onDelete);
    if (own && fk.columns.includes(own) && (badDelete || ['n', 'd', 'c'].includes(fk.onUpdate))) {
      problems.push(`${fk.name}: ${fk.table}(${fk.columns.join(', ')}) holds the distribution column ${own} and ${badDelete ? `ON DELETE ${ACTION[fk.onDelete]}` : `ON UPDATE ${ACTION[fk.onUpdate]}`}`);
    }
    if (from.startsWith('distributed') && to.startsWith('distributed')) {
      const a = column.get(fk.table)!;
      const b = column.get(fk.refTable)!;
      const i = fk.columns.indexOf(a);
      if (group.get(fk.table) !== group.get(fk.refTable)) problems.push(`${fk.name}: ${fk.table} and ${fk.refTable} are not co-located`);
      else if (i < 0 || fk.refColumns[i] !== b) problems.push(`${fk.name}: ${fk.table}(${fk.columns.join(', ')}) → ${fk.refTable}(${fk.refColumns.join(', ')}) does not join on the distribution columns`);
      else fkKinds.colocated++;
    }
  }
  const fkRefused = problems.length - before;
  // Citus: create_reference_table / create_distributed_table refuse a table with a trigger that belongs to an extension, whatever the settings.
  for (const t of tables) {
    if (!placement.get(t.name) || placement.get(t.name) === 'local') continue;
    for (const tg of t.triggers) if (tg.extension) problems.push(`${t.name}: trigger ${tg.name} belongs to an extension`);
  }

  const reference = ordered(tables.filter((t) => placement.get(t.name) === 'reference').map((t) => t.name), fks);
  const distributed = ordered(tables.filter((t) => column.has(t.name)).map((t) => t.name), fks);
  // The anchor and the other groups' own anchors come first, so co-location can name them.
  const anchors = distributed.filter((n) => group.get(n) === n || n === TENANT_ANCHOR);
  const rest = distributed.filter((n) => !anchors.includes(n));
  // Citus: a foreign key's target must be distributed (or a reference table) before the table referring to it.
  const sequence = [...reference, ...anchors, ...rest];
  for (const fk of fks) {
    const i = sequence.indexOf(fk.table);
    const j = sequence.indexOf(fk.refTable);
    if (i >= 0 && j >= 0 && fk.table !== fk.refTable && j > i) problems.push(`${fk.name}: ${fk.table} would be distributed before ${fk.refTable}, which it refers to`);
  }

  const placed = tables.filter((t) => placement.get(t.name) && placement.get(t.name) !== 'local');
  const byTenant = placed.filter((t) => placement.get(t.name) === 'distributed(tenant_id)');
  const withTriggers = placed.filter((t) => t.triggers.length > 0);
  const triggerGroups = new Map<string, string[]>();
  for (const t of withTriggers) {
    const key = [...new Set(t.triggers.map((tg) => `${tg.name} → ${tg.fn}()`))].join(', ');
    triggerGroups.set(key, [...(triggerGroups.get(key) ?? []), t.name]);
  }
  const sequenced = placed.flatMap((t) => t.sequenced.map((c) => `${t.name}.${c.column} (${c.type}${c.identity ? ', identity' : ''})`));
  const secured = placed.filter((t) => column.has(t.name) && t.rowSecurity);
  const unsecured = byTenant.filter((t) => !t.rowSecurity).map((t) => t.name);
  const lines = [
    '-- Generated by `npm run admin -- citus-script` from the migrated catalog; a test compares it with the migrations.',
    '-- Run on the Citus coordinator after the migrations, before the API starts. See README, "How it scales".',
    '-- Nothing here has run on Citus: below are Citus\'s rules (its documentation and source) applied to our catalog.',
    '',
    '-- What the catalog shows:',
    `-- * ${byTenant.length} tables hold tenant_id and are distributed by it, co-located with ${TENANT_ANCHOR}.`,
    '-- * Placed by hand, each with its reason in src/admin/citus-script.ts (no tenant_id, or keyed otherwise):',
    ...wrap(`${tables.filter((t) => PLACEMENT[t.name]).map((t) => t.name).join(', ')}.`, '--   '),
    `-- * Foreign keys: ${fkKinds.colocated} between co-located tenant tables, each with tenant_id at the same position on both sides`,
    '--   (the composite (tenant_id, …) keys); ' + `${fkKinds.toReference} from distributed to reference tables; ${fkKinds.betweenReference} between reference tables;`,
    `--   ${fkRefused ? `${fkRefused} Citus would refuse (the generator names them)` : 'none Citus would refuse'}.`,
    `-- * Row-level security on ${secured.length} distributed tables (${secured.filter((t) => t.forceRowSecurity).length} forced, ${secured.reduce((n, t) => n + t.policies, 0)} policies): Citus (11.0 and later)`,
    '--   creates the policies and ENABLE/FORCE on every shard. Tenant-owned tables without it: ' + (unsecured.length ? unsecured.join(', ') : 'none') + '.',
    `-- * Sequences on distributed or reference tables: ${sequenced.length ? sequenced.join(', ') : 'none (ids are uuids; seq columns are counted by the log head)'}.`,
    `-- * Triggers on ${withTriggers.length} distributed or reference tables; Citus refuses to distribute a table with triggers`,
    '--   unless citus.enable_unsafe_triggers is on (set below), and then runs them on the shards:',
    ...[...triggerGroups].flatMap(([k, names]) => [`--   ${k}:`, ...wrap(`${names.join(', ')}.`, '--     ')]),
    '',
    '-- The policies read app.tenant_id: the workers see it only when it is set with a SET LOCAL statement',
    '-- (propagated with this setting); set_config() is not propagated. See README before running this.',
    "ALTER SYSTEM SET citus.propagate_set_commands = 'local';",
    ...(withTriggers.length ? ['ALTER SYSTEM SET citus.enable_unsafe_triggers = on;'] : []),
    'SELECT pg_reload_conf();',
    ...(withTriggers.length ? ['SET citus.enable_unsafe_triggers = on;'] : []),
    '',
    '-- Platform tables: one copy on every node.',
    ...reference.map((n) => `SELECT create_reference_table('${n}');`),
    '',
    '-- Each group of co-located tables begins with its anchor.',
    ...anchors.map((n) => `SELECT create_distributed_table('${n}', '${column.get(n)}', colocate_with => 'none');`),
    '',
    '-- Every tenant-owned table beside its tenant, referenced tables first: joins, foreign keys and the log stay on one shard.',
    ...rest.map((n) => `SELECT create_distributed_table('${n}', '${column.get(n)}', colocate_with => '${group.get(n)}');`),
    '',
    `-- Stays on the coordinator: ${tables.filter((t) => placement.get(t.name) === 'local').map((t) => t.name).join(', ')}.`,
    '',
  ];
  return { sql: lines.join('\n'), placement, problems };
}
