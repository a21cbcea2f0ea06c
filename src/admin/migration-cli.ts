// Migration commands: `create` (diff entities against the snapshot), `up`,
// `check` (exit 1 when entities and migrations disagree), and `regen-initial`
// (rebuild the generated schema migration from scratch, before the first release).
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../platform/config/config.js';
import { ormOptions } from '../server/database.js';
import { policySqlFor, tenantOwnedTables } from '../platform/db/table-policies.js';
import { tablePolicyRules } from '../server/table-rules.js';
import { startEmbeddedPostgres } from '../platform/db/embedded.js';
import { migrationsList } from '../../migrations/index.js';

const MIGRATIONS_DIR = path.resolve('migrations');

async function databaseUrl(): Promise<{ url: string; stop?: () => Promise<void> }> {
  const config = loadConfig();
  if (config.databaseUrl) return { url: config.databaseUrl };
  const db = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'xinfang' });
  return { url: db.url, stop: db.stop };
}

/** Appends the row-level security and log guards of every table the migration creates. */
function addPolicies(file: string, tenantTables: string[]): void {
  let code = fs.readFileSync(file, 'utf8');
  const created = [...code.matchAll(/create table \\?"(\w+)\\?"/g)].map((m) => m[1]!);
  const statements = created.flatMap((t) => policySqlFor(t, tenantTables, tablePolicyRules));
  if (statements.length === 0) return;
  const lines = statements.map((s) => `    this.addSql(${JSON.stringify(s)});`).join('\n');
  // Insert before the end of up(): the first "\n  }\n" after "async up".
  const upStart = code.indexOf('async up()');
  const upEnd = code.indexOf('\n  }\n', upStart);
  code = `${code.slice(0, upEnd)}\n\n    // Row-level security and log guards (src/db/table-policies.ts).\n${lines}${code.slice(upEnd)}`;
  fs.writeFileSync(file, code);
}

function writeIndex(names: string[]): void {
  const imports = names.map((n) => `import { ${n} } from './${n}.js';`).join('\n');
  const list = names.map((n) => `  { name: '${n}', class: ${n} },`).join('\n');
  fs.writeFileSync(
    path.join(MIGRATIONS_DIR, 'index.ts'),
    `// The ordered list of migrations; \`npm run migration:create\` appends to it.\n${imports}\n\nexport const migrationsList = [\n${list}\n];\n`,
  );
}

async function create(): Promise<void> {
  const { url, stop } = await databaseUrl();
  const orm = await MikroORM.init(ormOptions(url, 'owner', 2, true));
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(MIGRATIONS_DIR);
    if (!result.fileName) {
      console.log('No changes: entities and migrations agree.');
      return;
    }
    const file = path.join(MIGRATIONS_DIR, result.fileName);
    addPolicies(file, tenantOwnedTables(orm.getMetadata()));
    const name = path.basename(result.fileName).replace(/\.ts$/, '');
    writeIndex([...migrationsList.map((m) => m.name), name]);
    console.log(`Created ${result.fileName}; review it, then run npm run migration:up.`);
  } finally {
    await orm.close(true);
    await stop?.();
  }
}

async function regenInitial(): Promise<void> {
  const config = loadConfig();
  const adminUrl = config.regenAdminUrl ?? config.databaseUrl;
  if (!adminUrl) throw new Error('set REGEN_ADMIN_URL (a server where a scratch database can be created)');
  const scratch = `xinfang_regen_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const hand = migrationsList.filter((m) => !m.name.endsWith('_schema'));
  for (const f of fs.readdirSync(MIGRATIONS_DIR)) {
    if (f.endsWith('_schema.ts') || f.startsWith('.snapshot')) fs.rmSync(path.join(MIGRATIONS_DIR, f));
  }
  const options = ormOptions(url.toString(), 'owner', 2, true);
  options.migrations = { ...options.migrations, migrationsList: hand };
  const orm = await MikroORM.init(options);
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(MIGRATIONS_DIR);
    const generated = path.join(MIGRATIONS_DIR, result.fileName);
    const name = 'Migration20261123000100_schema';
    const className = path.basename(result.fileName).replace(/\.ts$/, '');
    const code = fs.readFileSync(generated, 'utf8').replace(new RegExp(className, 'g'), name);
    fs.rmSync(generated);
    const target = path.join(MIGRATIONS_DIR, `${name}.ts`);
    fs.writeFileSync(target, code);
    addPolicies(target, tenantOwnedTables(orm.getMetadata()));
    writeIndex([...hand.map((m) => m.name), name].sort());
    console.log(`Regenerated ${name}.ts`);
  } finally {
    await orm.close(true);
    await admin.query(`drop database ${scratch}`);
    await admin.end();
  }
}

async function up(): Promise<void> {
  const { url, stop } = await databaseUrl();
  const orm = await MikroORM.init(ormOptions(url, 'owner', 2, true));
  try {
    const applied = await orm.getMigrator().up();
    console.log(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}` : 'Up to date.');
  } finally {
    await orm.close(true);
    await stop?.();
  }
}

/**
 * Rewrites migrations/.snapshot.json from the entities, without a database:
 * after merging two branches that each added a migration, the snapshot (what
 * the next `create` diffs against) must describe both.
 */
async function snapshot(): Promise<void> {
  const orm = await MikroORM.init({ ...ormOptions('postgres://snapshot@127.0.0.1:1/none', 'owner', 1, true), connect: false });
  try {
    // Migrator.storeCurrentSchema is public on the class, not on the IMigrator interface.
    await (orm.getMigrator() as unknown as { storeCurrentSchema(): Promise<void> }).storeCurrentSchema();
    console.log('Wrote migrations/.snapshot.json from the entities.');
  } finally {
    await orm.close(true);
  }
}

const command = process.argv[2];
const commands: Record<string, () => Promise<void>> = { create, up, snapshot, 'regen-initial': regenInitial };
const run = commands[command ?? ''];
if (!run) {
  console.error(`usage: migration-cli <${Object.keys(commands).join('|')}>`);
  process.exit(2);
}
run().catch((error) => {
  console.error(error);
  process.exit(1);
});
