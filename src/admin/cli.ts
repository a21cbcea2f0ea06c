// The admin CLI: `npm run admin -- <command> [--flags]`. It uses DATABASE_URL, or
// the embedded PostgreSQL under the data directory like `npm start` (reusing it
// when the API is running). Every change goes through the services, so it is
// logged like one made through the API.
import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config/config.js';
import { resolveDatabase } from '../server/boot.js';
import { createLogger } from '../server/logger.js';
import { createServices } from '../server/services.js';
import { verifyCaseFile } from './case-file-verify.js';
import { migrate } from '../server/database.js';
import { createOrm } from '../server/database.js';
import { setTenantScope } from '../platform/db/tenant-scope.js';
import { Tenant } from '../modules/tenant/tenant.entity.js';
import { TenantKind } from '../modules/tenant/tenant.enums.js';
import { tenantService } from '../modules/tenant/tenant.service.js';
import { ProvisionTenantInput, TenantAdminInput } from '../modules/tenant/tenant.types.js';
import { User } from '../modules/user/user.entity.js';
import { issuePasswordToken, normalizeEmail } from '../modules/user/user.service.js';
import { checkpointService, signedOf } from '../modules/log/checkpoint.service.js';
import { ExportLogCheckpointInput } from '../modules/log/log.types.js';
import { LogCheckpoint } from '../modules/log/checkpoint.entity.js';
import { platformChainSource, tenantChainSource, verifyChain, type ChainVerification } from '../modules/log/log.verify.js';
import { exportedEntryOf, LOG_ENTRY_COLUMNS, type LogEntryRow } from '../modules/log/log-rows.js';
import { verifyExport, type CheckpointAlgorithm, type SignedCheckpoint } from '../modules/log/checkpoint.verify.js';
import { isLogHashAlgorithm, LogHashAlgorithm, type ExportedEntry } from '../platform/audit/log-hash.js';
import { CheckpointSigner } from '../modules/log/checkpoint.signer.js';
import { keyMap, signingKeys } from '../modules/log/signing-keys.js';
import { toPgArray } from '../platform/audit/log-writer.js';
import { checkpointKey } from '../platform/config/secrets.js';
import { toGlobalId } from '../platform/ids.js';
import { inputOf } from '../platform/validation.js';
import type { Outcome } from '../platform/audit/mutation.js';
import { ensurePlatformAdmin } from '../modules/user/platform-admin.service.js';
import { platformActor, withSystemContext, type SystemDeps } from '../platform/system-context.js';
import { runDeadlineSweep } from '../modules/accountability/sweeper.js';
import { roleService } from '../modules/role/role.service.js';
import { PlatformRole } from '../platform/platform-roles.js';
import { generateCitusScript } from './citus-script.js';
import { encryptExisting, rotateMasterKey } from './encryption-cli.js';

/** Thrown for a wrong invocation: printed with the usage, exit code 2. */
class UsageError extends Error {}

type Flags = Record<string, string | boolean | undefined>;

interface Command {
  usage: string;
  summary: string;
  /** Runs without a database. */
  offline?: boolean;
  run: (flags: Flags, deps: SystemDeps | null) => Promise<number>;
}

function required(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v.trim();
}

function optionalInt(flags: Flags, name: string): number | null {
  const v = flags[name];
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
  return n;
}

function must<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => `${e.code}: ${e.message}${e.field ? ` (${e.field.join('.')})` : ''}`).join('\n'));
  return outcome.value;
}

async function tenantBySlug(deps: SystemDeps, slug: string): Promise<Tenant> {
  const tenant = await withSystemContext(deps, null, (ctx) => ctx.em.findOne(Tenant, { slug }));
  if (!tenant) throw new UsageError(`no tenant with slug "${slug}"`);
  return tenant;
}

/** The platform administrator acting for a CLI command: --as, or the only one there is. */
async function actingPlatformAdmin(deps: SystemDeps, email: string | undefined): Promise<User> {
  return withSystemContext(deps, null, async (ctx) => {
    if (email) {
      const user = await ctx.em.findOne(User, { email: normalizeEmail(email), platformRole: PlatformRole.SYSTEM_ADMIN });
      if (!user) throw new UsageError(`${email} is not a system administrator`);
      return user;
    }
    const admins = await ctx.em.find(User, { platformRole: PlatformRole.SYSTEM_ADMIN }, { orderBy: { createdAt: 'asc' }, limit: 2 });
    if (admins.length === 0) throw new UsageError('no system administrator yet: run create-platform-admin first');
    if (admins.length > 1) throw new UsageError('several system administrators: name the acting one with --as <email>');
    return admins[0]!;
  });
}

function printVerification(label: string, r: ChainVerification, checkpoints = true): void {
  if (r.ok) {
    const cps = checkpoints ? `, ${r.checkpointsChecked} signed checkpoint(s) consistent` : '';
    console.log(`${label}: OK — entries ${r.from}..${r.to} of ${r.headSeq} recomputed (${r.hashAlgorithm})${cps}.`);
  } else {
    console.log(`${label}: BROKEN at seq ${r.firstBrokenSeq} (${r.reason}): ${r.detail}`);
    console.log(`  ${r.checkedEntries} entries before it verified.`);
  }
}

const commands: Record<string, Command> = {
  'create-platform-admin': {
    usage: 'create-platform-admin --email <email> --name <name> [--role SYSTEM_ADMIN|SECURITY_ADMIN|AUDIT_ADMIN] [--password <password>]',
    summary: 'Creates (or sets the role of) a platform administrator (default SYSTEM_ADMIN); without --password prints a one-time set-password token.',
    async run(flags, deps) {
      const email = required(flags, 'email');
      const name = required(flags, 'name');
      const role = (typeof flags.role === 'string' ? flags.role.toUpperCase() : PlatformRole.SYSTEM_ADMIN) as PlatformRole;
      if (!Object.values(PlatformRole).includes(role)) throw new UsageError(`--role must be one of ${Object.values(PlatformRole).join(', ')}`);
      const password = typeof flags.password === 'string' ? flags.password : null;
      if (password !== null && password.length < 10) throw new UsageError('--password must be at least 10 characters');
      const { user, token } = await withSystemContext(deps!, null, async (ctx) => {
        const u = await ensurePlatformAdmin(ctx.em, email, name, password, role);
        return { user: u, token: issuePasswordToken(ctx.em, ctx.services.tokens, u) };
      });
      console.log(`Platform administrator ${user.email} (${toGlobalId('User', user.id)}), ${role}.`);
      if (token) console.log(`Set-password token (one use, 7 days; mutation setPassword): ${token}`);
      return 0;
    },
  },

  'apply-role-templates': {
    usage: 'apply-role-templates [--tenant <slug>]',
    summary: 'Gives every template role the permissions its template names in this release (one tenant, or all); each change is logged as the system.',
    async run(flags, deps) {
      const tenants = typeof flags.tenant === 'string'
        ? [await tenantBySlug(deps!, flags.tenant)]
        : await withSystemContext(deps!, null, (ctx) => ctx.em.find(Tenant, {}, { orderBy: { slug: 'asc' } }));
      for (const tenant of tenants) {
        const out = await withSystemContext(deps!, null, (ctx) => roleService.applyTemplatePermissions(ctx, tenant.id, tenant.kind));
        if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('; '));
        console.log(`${tenant.slug}: ${out.value.changed.length ? `updated ${out.value.changed.join(', ')}` : 'already current'}`);
      }
      return 0;
    },
  },

  'provision-tenant': {
    usage:
      'provision-tenant --name <name> --slug <slug> --kind <' + Object.values(TenantKind).join('|') + '> --admin-email <email> --admin-name <name> [--timezone <tz>] [--log-hash SHA256|SM3] [--as <platform admin email>]',
    summary: 'Provisions a tenant (root unit, template roles and plan, first administrator); prints the administrator\'s set-password token.',
    async run(flags, deps) {
      const kind = required(flags, 'kind').toUpperCase();
      if (!(Object.values(TenantKind) as string[]).includes(kind)) throw new UsageError(`--kind must be one of ${Object.values(TenantKind).join(', ')}`);
      const logHash = typeof flags['log-hash'] === 'string' ? flags['log-hash'].toUpperCase().replace('-', '') : LogHashAlgorithm.SHA256;
      if (!isLogHashAlgorithm(logHash)) throw new UsageError('--log-hash must be SHA256 or SM3');
      const admin = await actingPlatformAdmin(deps!, typeof flags.as === 'string' ? flags.as : undefined);
      const input = inputOf(ProvisionTenantInput, {
        logHashAlgorithm: logHash,
        name: required(flags, 'name'),
        slug: required(flags, 'slug'),
        kind: kind as TenantKind,
        timezone: typeof flags.timezone === 'string' ? flags.timezone : 'Asia/Shanghai',
        locale: 'zh-CN',
        admin: inputOf(TenantAdminInput, { email: required(flags, 'admin-email'), displayName: required(flags, 'admin-name') }),
      });
      const result = await withSystemContext(deps!, platformActor(admin.id, admin.email), async (ctx) => must(await tenantService.provision(ctx, input)));
      console.log(`Tenant ${result.tenant.slug} (${toGlobalId('Tenant', result.tenant.id)}) provisioned by ${admin.email}.`);
      console.log(result.setPasswordToken
        ? `Administrator's set-password token (one use, 7 days; mutation setPassword): ${result.setPasswordToken}`
        : 'The administrator already has a password.');
      return 0;
    },
  },

  'verify-log': {
    usage: 'verify-log --tenant <slug> [--from <seq>] [--to <seq>] [--json]',
    summary: 'Recomputes the tenant\'s hash chain and checks it against every stored signed checkpoint. Exit 1 when broken.',
    async run(flags, deps) {
      const tenant = await tenantBySlug(deps!, required(flags, 'tenant'));
      const signer = deps!.services.checkpoints;
      const { result, otherKeys } = await withSystemContext(deps!, null, async (ctx) => {
        await setTenantScope(ctx.em, tenant.id, null);
        const keys = await signingKeys(ctx.em, signer);
        const r = await verifyChain(tenantChainSource(ctx.em, tenant.id), {
          from: optionalInt(flags, 'from'),
          to: optionalInt(flags, 'to'),
          keys: keyMap(keys),
        });
        const [row] = await ctx.em.getConnection().execute<{ n: string }[]>(
          'select count(*) as n from log_checkpoint where tenant_id = ? and key_id <> all(?::text[])', [tenant.id, toPgArray(keys.map((k) => k.keyId))],
          'all', ctx.em.getTransactionContext(),
        );
        return { result: r, otherKeys: Number(row?.n ?? 0) };
      });
      if (flags.json) console.log(JSON.stringify({ tenant: tenant.slug, ...result, checkpointsSignedByOtherKeys: otherKeys }, null, 2));
      else {
        printVerification(`Log of ${tenant.slug}`, result);
        if (otherKeys) console.log(`  ${otherKeys} checkpoint(s) signed by a key not in the key history: hashes compared, signatures not checked.`);
      }
      return result.ok ? 0 : 1;
    },
  },

  'verify-platform-log': {
    usage: 'verify-platform-log [--json]',
    summary: 'Recomputes the platform log\'s hash chain. Exit 1 when broken.',
    async run(flags, deps) {
      const result = await withSystemContext(deps!, null, (ctx) => verifyChain(platformChainSource(ctx.em)));
      if (flags.json) console.log(JSON.stringify(result, null, 2));
      else printVerification('Platform log', result, false);
      return result.ok ? 0 : 1;
    },
  },

  'export-checkpoint': {
    usage: 'export-checkpoint --tenant <slug> [--reason <text>]',
    summary: 'Signs the tenant\'s current chain head, stores the checkpoint (logged as log.checkpoint) and prints it as JSON.',
    async run(flags, deps) {
      const tenant = await tenantBySlug(deps!, required(flags, 'tenant'));
      const input = inputOf(ExportLogCheckpointInput, { reason: typeof flags.reason === 'string' ? flags.reason : 'admin CLI' });
      const checkpoint = await withSystemContext(deps!, null, async (ctx) => must(await checkpointService.export(ctx, input, { tenantId: tenant.id })));
      console.log(JSON.stringify(signedOf(checkpoint), null, 2));
      return 0;
    },
  },

  'export-log': {
    usage: 'export-log --tenant <slug> [--from <seq>] [--to <seq>] [--stored-checkpoint] --out <file>',
    summary: 'Signs a checkpoint of the head now (logged; --stored-checkpoint: use the latest stored one) and writes the signed archive: entries (as hashed), that checkpoint, its public key, the key history and the retention period, for outside verification and keeping elsewhere.',
    async run(flags, deps) {
      const tenant = await tenantBySlug(deps!, required(flags, 'tenant'));
      const out = required(flags, 'out');
      if (!flags['stored-checkpoint'] && flags.to === undefined) {
        const input = inputOf(ExportLogCheckpointInput, { reason: 'export-log archive' });
        await withSystemContext(deps!, null, async (ctx) => must(await checkpointService.export(ctx, input, { tenantId: tenant.id })));
      }
      const from = optionalInt(flags, 'from') ?? 1;
      const signer = deps!.services.checkpoints;
      const written = await withSystemContext(deps!, null, async (ctx) => {
        await setTenantScope(ctx.em, tenant.id, null);
        const [head] = await ctx.em.getConnection().execute<{ seq: string }[]>('select seq from log_head where tenant_id = ?', [tenant.id], 'all', ctx.em.getTransactionContext());
        const to = Math.min(optionalInt(flags, 'to') ?? Number(head?.seq ?? 0), Number(head?.seq ?? 0));
        const cp = await ctx.em.findOne(LogCheckpoint, { tenant: tenant.id, seq: { $gte: from, $lte: to } }, { orderBy: { seq: 'desc', signedAt: 'desc' } });
        // The key that signed the included checkpoint (the key history keeps it after a rotation), and the whole history.
        const keys = await signingKeys(ctx.em, signer);
        const key = keys.find((k) => k.keyId === (cp?.keyId ?? signer.keyId)) ?? null;
        const [chain] = await ctx.em.getConnection().execute<{ hash_algorithm: string }[]>(
          'select hash_algorithm from log_head where tenant_id = ?', [tenant.id], 'all', ctx.em.getTransactionContext(),
        );
        const file = fs.openSync(out, 'w');
        const write = (text: string) => fs.writeSync(file, text);
        write(`{"format":"xinfang-log-export/v1","tenant":${JSON.stringify({ id: tenant.id, slug: tenant.slug })},`);
        write(`"hashAlgorithm":${JSON.stringify(chain?.hash_algorithm ?? null)},`);
        // Keep this archive at least this long (网络安全法 art. 21); the database's log itself is never purged by the API.
        const exportedAt = new Date();
        const keepUntil = new Date(exportedAt.getTime() + deps!.config.logRetentionDays * 86_400_000);
        write(`"retention":${JSON.stringify({ days: deps!.config.logRetentionDays, exportedAt: exportedAt.toISOString(), keepUntil: keepUntil.toISOString() })},`);
        write(`"publicKey":${JSON.stringify(key && { algorithm: key.algorithm, keyId: key.keyId, pem: key.publicKeyPem })},`);
        write(`"keyHistory":${JSON.stringify(keys.map((k) => ({ algorithm: k.algorithm, keyId: k.keyId, pem: k.publicKeyPem, firstUsedAt: k.firstUsedAt })))},`);
        write(`"checkpoint":${JSON.stringify(cp ? signedOf(cp) : null)},"entries":[`);
        let next = from;
        let count = 0;
        while (next <= to) {
          const rows = await ctx.em.getConnection().execute<LogEntryRow[]>(
            `select ${LOG_ENTRY_COLUMNS.join(', ')} from log_entry where tenant_id = ? and seq >= ? and seq <= ? order by seq limit 2000`,
            [tenant.id, next, to], 'all', ctx.em.getTransactionContext(),
          );
          if (rows.length === 0) break;
          for (const row of rows) write(`${count++ ? ',' : ''}\n${JSON.stringify(exportedEntryOf(row))}`);
          next = Number(rows[rows.length - 1]!.seq) + 1;
        }
        write('\n]}\n');
        fs.closeSync(file);
        return { count, checkpoint: cp };
      });
      console.log(`Wrote ${written.count} entries of ${tenant.slug} to ${out}.`);
      console.log(written.checkpoint
        ? `Included the checkpoint for seq ${written.checkpoint.seq} (${written.checkpoint.signedAt.toISOString()}).`
        : 'No stored checkpoint covers this range: run export-checkpoint first for an attested export.');
      return 0;
    },
  },

  'verify-export': {
    usage: 'verify-export --file <export.json> --public-key <public key PEM file> [--checkpoint <checkpoint JSON file>]',
    summary: 'Checks an export with the public key alone (no database): signature, every hash and link up to the checkpoint.',
    offline: true,
    async run(flags) {
      const doc = JSON.parse(fs.readFileSync(required(flags, 'file'), 'utf8')) as { entries: ExportedEntry[]; checkpoint: SignedCheckpoint | null };
      const pem = fs.readFileSync(required(flags, 'public-key'), 'utf8');
      const checkpoint = typeof flags.checkpoint === 'string'
        ? (JSON.parse(fs.readFileSync(flags.checkpoint, 'utf8')) as SignedCheckpoint)
        : doc.checkpoint;
      if (!checkpoint) throw new UsageError('the export holds no checkpoint: pass one with --checkpoint');
      const r = verifyExport(doc.entries, checkpoint, pem);
      console.log(r.ok
        ? `OK — ${r.verifiedEntries} entries (${doc.entries[0]?.hashAlgorithm ?? LogHashAlgorithm.SHA256}) verified up to the checkpoint at seq ${checkpoint.seq} (signed ${checkpoint.time}).`
        : `FAILED at seq ${r.brokenSeq} (${r.reason}): ${r.detail}`);
      return r.ok ? 0 : 1;
    },
  },

  'verify-case-file': {
    usage: 'verify-case-file --file <archive.zip> --public-key <public key PEM file>',
    summary: 'Checks a case-file archive (GET /cases/:id/archive) with the public key alone: checkpoint signature, close entry, index hash, every file, the entries\' chain.',
    offline: true,
    async run(flags) {
      const r = verifyCaseFile(fs.readFileSync(required(flags, 'file')), fs.readFileSync(required(flags, 'public-key'), 'utf8'));
      if (r.ok) console.log(`OK — ${r.checkedFiles} file(s) match the index, ${r.checkedEntries} entries verified, the index is in the close entry signed by the checkpoint.`);
      else for (const p of r.problems) console.log(`FAILED: ${p}`);
      return r.ok ? 0 : 1;
    },
  },

  'sweep-deadlines': {
    usage: 'sweep-deadlines [--tenant <slug>] [--json]',
    summary: 'Runs the deadline sweeper now (findings, escalations, clock warnings), for one tenant or all; skips when another sweeper holds the lock.',
    async run(flags, deps) {
      const tenant = typeof flags.tenant === 'string' ? await tenantBySlug(deps!, flags.tenant) : null;
      const r = await runDeadlineSweep(deps!, tenant ? { tenantIds: [tenant.id] } : {});
      if (flags.json) console.log(JSON.stringify(r));
      else if (!r.ran) console.log('Another deadline sweeper holds the lock: nothing done.');
      else console.log(`Swept ${r.tenants} tenant(s) with something due${r.deferred.length ? ` (${r.deferred.length} with more left for the next sweep)` : ''}: ${r.findings} finding(s), ${r.escalations} escalation(s), ${r.occurrences} occurrence(s) recorded, ${r.clocksMissed} clock(s) missed, ${r.dueSoon} due-soon warning(s).`);
      for (const f of r.failures) console.error(`tenant ${f.tenantId}: ${f.error}`);
      return r.ran && r.failures.length === 0 ? 0 : 1;
    },
  },

  'citus-script': {
    usage: 'citus-script [--out FILE]',
    summary: 'Writes the Citus distribution script for the migrated schema (docker/citus/distribute.sql); fails when Citus would refuse the schema.',
    async run(flags, deps) {
      const script = await generateCitusScript((sql) => deps!.orm.em.fork().getConnection().execute(sql));
      for (const p of script.problems) console.error(`Citus would refuse: ${p}`);
      if (typeof flags.out === 'string') fs.writeFileSync(flags.out, script.sql);
      else process.stdout.write(script.sql);
      return script.problems.length ? 1 : 0;
    },
  },

  'encrypt-at-rest': {
    usage: 'encrypt-at-rest',
    summary: 'Seals with each tenant\'s data key what was stored in plain text before encryption at rest: confidential cases\' summary and demands, petitioners\' names and contacts (logged per tenant; a second run finds nothing).',
    async run(_flags, deps) {
      const out = await encryptExisting(deps!);
      console.log(`Sealed ${out.incidents} confidential incident(s) and ${out.petitioners} petitioner(s) (${deps!.config.dataEncryption.algorithm}).`);
      return 0;
    },
  },

  'rotate-master-key': {
    usage: 'rotate-master-key [--new-key-file <path>]',
    summary: 'Re-wraps every tenant\'s data keys under a new master key (rows stay as they are; logged per tenant). Without a setting the generated key file is replaced; with DATA_MASTER_KEY(_FILE) name the new key\'s file, then switch the setting to it and restart every instance.',
    async run(flags, deps) {
      const out = await rotateMasterKey(deps!, typeof flags['new-key-file'] === 'string' ? flags['new-key-file'] : undefined);
      console.log(`Master key ${out.from} → ${out.to}: ${out.keys} data key(s) of ${out.tenants} tenant(s) re-wrapped; new key in ${out.file}. Restart every API instance with it.`);
      return 0;
    },
  },

  'public-key': {
    usage: 'public-key',
    summary: 'Prints the public key (PEM) that verifies log checkpoints, and its key id.',
    offline: true,
    async run() {
      const config = loadConfig();
      const signer = new CheckpointSigner(
        checkpointKey(config.dataDir, config.checkpointPrivateKey, config.checkpointAlgorithm), config.checkpointAlgorithm as CheckpointAlgorithm,
      );
      process.stdout.write(signer.publicKeyPem);
      console.error(`${signer.algorithm} key, id (sha-256 of SPKI DER): ${signer.keyId}`);
      return 0;
    },
  },
};

const STRING_FLAGS = ['role', 'log-hash', 'email', 'name', 'password', 'slug', 'kind', 'admin-email', 'admin-name', 'timezone', 'as', 'tenant', 'from', 'to', 'reason',
  'out', 'file', 'public-key', 'checkpoint', 'new-key-file'];
const OPTIONS = Object.fromEntries([
  ...STRING_FLAGS.map((f) => [f, { type: 'string' as const }]),
  ['json', { type: 'boolean' as const }],
  ['stored-checkpoint', { type: 'boolean' as const }],
]);

function usage(): string {
  return ['Usage: npm run admin -- <command> [flags]', '', ...Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name && name !== 'help' && name !== '--help' ? `Unknown command "${name}".\n\n${usage()}` : usage());
    return name === 'help' || name === '--help' ? 0 : 2;
  }
  let flags: Flags;
  try {
    flags = parseArgs({ args: rest, strict: true, allowPositionals: false, options: OPTIONS }).values as Flags;
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage: npm run admin -- ${command.usage}`);
    return 2;
  }
  if (command.offline) return runGuarded(command, flags, null);
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { url, embedded } = await resolveDatabase(config, logger);
  try {
    await migrate(url);
    const orm = await createOrm(url, 'app', 4);
    try {
      const deps: SystemDeps = { orm, config, logger, services: createServices(config, orm) };
      return await runGuarded(command, flags, deps);
    } finally {
      await orm.close(true);
    }
  } finally {
    await embedded?.stop();
  }
}

async function runGuarded(command: Command, flags: Flags, deps: SystemDeps | null): Promise<number> {
  try {
    return await command.run(flags, deps);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\nUsage: npm run admin -- ${command.usage}`);
      return 2;
    }
    console.error(`Failed: ${(error as Error).message}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
