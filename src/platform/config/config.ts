// The only module that reads process.env. Everything else receives a Config.
import path from 'node:path';

export type Environment = 'development' | 'test' | 'production';

export interface Config {
  env: Environment;
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL under dataDir is started. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  dbPoolMax: number;
  jwt: {
    /** Unset: generated once and kept under dataDir (development and embedded only). */
    secret?: string;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  /** PEM (PKCS#8) private key for signed log checkpoints, of checkpointAlgorithm's kind; unset: generated under dataDir. */
  checkpointPrivateKey?: string;
  /** How checkpoints are signed: ed25519, or sm2 (国密, GM/T 0003 with the default identifier). */
  checkpointAlgorithm: 'ed25519' | 'sm2';
  /** HMAC key of the petitioner match keys (repeat petitions); unset: generated under dataDir. */
  petitionerMatchKey?: string;
  /**
   * Encryption at rest of confidential content and petitioners' personal data: the cipher of new
   * data keys, and the master key wrapping them (base64 or hex of 32 bytes, or a file holding it;
   * neither: generated into dataDir/data-master-key).
   */
  dataEncryption: { algorithm: 'sm4' | 'aes-256-gcm'; masterKey?: string; masterKeyFile?: string };
  introspection: boolean;
  logLevel: string;
  seedDemo: boolean;
  bodyLimitBytes: number;
  /** Evidence bytes: the filesystem under dataDir, or an S3-compatible store when url is set. */
  objectStore: { url?: string; region: string; accessKeyId?: string; secretAccessKey?: string };
  /** Uploads: the largest file and the kinds of file accepted (sniffed from the bytes). */
  uploads: { maxBytes: number; allowedKinds: string[] };
  limits: {
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    maxDirectives: number;
    maxPageSize: number;
  };
  loginRate: { perAccount: number; perAddress: number; windowSeconds: number };
  publicLookupRate: { perAddress: number; windowSeconds: number };
  ws: {
    connectionInitTimeoutMs: number;
    maxSubscriptionsPerSocket: number;
    maxSocketsPerMember: number;
    maxPayloadBytes: number;
    maxBufferedBytes: number;
    authCheckIntervalMs: number;
  };
  /** The deadline sweeper (accountability): on/off, how often, how early clocks warn (CLOCK_DUE_SOON). */
  sweeper: { enabled: boolean; intervalMs: number; dueSoonHours: number };
  /** How long the log is kept (days, at least 180: 网络安全法 art. 21); the API never purges it. */
  logRetentionDays: number;
  /** The alarm monitor: how often it checks, and how often it re-verifies every tenant's chain (0: never). */
  alarms: { checkIntervalMs: number; verifyIntervalMs: number };
  /** Asynchronous exports (export): the worker on/off, how often it looks for jobs, a job's lease, most rows per file, how long a file is kept. */
  exports: { enabled: boolean; pollIntervalMs: number; leaseMs: number; maxRows: number; retentionHours: number };
  /** The outbox's delivery worker and webhook sending (notify). */
  webhooks: {
    enabled: boolean;
    pollIntervalMs: number;
    timeoutMs: number;
    /** How long a claimed delivery is held before another worker may take it over (a crashed process). */
    leaseMs: number;
    /** Addresses (IPs or CIDRs) of loopback, private, link-local or metadata ranges that endpoints may still reach. */
    allowPrivateNetworks: string[];
    /** How long the secret before a rotation keeps signing beside the new one. */
    secretGraceSeconds: number;
  };
  /** Telling people: where the acknowledgement link points (the front end's page, which calls acknowledgeTaskNotification). */
  notify: { ackBaseUrl?: string };
  /** Adds the SQL statement count of each request to the response extensions (tests, benchmarks). */
  exposeSqlCount: boolean;
  trustProxy: boolean;
  /**
   * GET /metrics (Prometheus): on the API's port behind a bearer token, or on a port of its own
   * (bound to `host`, token optional); neither set: not served.
   */
  /** Path of the manifest of the only operations that may run (trusted documents); unset: any operation. */
  trustedDocuments?: string;
  metrics: { token?: string; port?: number; host: string; tenantLabels: boolean; maxOperationNames: number };
  /** Developer tool only (`npm run migration:regen`): a server where a scratch database may be created. */
  regenAdminUrl?: string;
}

/**
 * A deadline sweep holds three pooled connections at once: its advisory lock's,
 * a step's read transaction and one finding's write transaction. Fewer, and the
 * sweep waits on its own pool for ever.
 */
export const MIN_DB_POOL = 3;

/** The kinds of file an upload may be (UPLOAD_ALLOWED_KINDS picks among them). */
export const UPLOAD_KINDS = ['image', 'video', 'audio', 'pdf', 'office', 'text'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];
/** Audit records are kept at least six months (网络安全法 art. 21). */
export const MIN_LOG_RETENTION_DAYS = 180;

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T, env: NodeJS.ProcessEnv): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const nodeEnv = (env.NODE_ENV ?? 'development') as Environment;
  const production = nodeEnv === 'production';
  const dataDir = path.resolve(env.XINFANG_DATA_DIR ?? '.data');
  const config: Config = {
    env: nodeEnv,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: int('PORT', 4000, env),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, env),
    dbPoolMax: int('DB_POOL_MAX', 10, env),
    jwt: {
      secret: env.JWT_SECRET || undefined,
      issuer: env.JWT_ISSUER ?? 'xinfang',
      audience: env.JWT_AUDIENCE ?? 'xinfang-api',
      accessTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, env),
      refreshTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, env),
    },
    checkpointPrivateKey: env.CHECKPOINT_PRIVATE_KEY || undefined,
    checkpointAlgorithm: oneOf('CHECKPOINT_SIGNATURE_ALGORITHM', ['ed25519', 'sm2'] as const, 'ed25519', env),
    petitionerMatchKey: env.PETITIONER_MATCH_KEY || undefined,
    dataEncryption: {
      algorithm: oneOf('DATA_ENCRYPTION_ALGORITHM', ['sm4', 'aes-256-gcm'] as const, 'sm4', env),
      masterKey: env.DATA_MASTER_KEY || undefined,
      masterKeyFile: env.DATA_MASTER_KEY_FILE || undefined,
    },
    introspection: bool('GRAPHQL_INTROSPECTION', !production, env),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    seedDemo: bool('SEED_DEMO', !production, env),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 256 * 1024, env),
    objectStore: {
      url: env.OBJECT_STORE_URL || undefined,
      region: env.OBJECT_STORE_REGION || 'us-east-1',
      accessKeyId: env.OBJECT_STORE_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.OBJECT_STORE_SECRET_ACCESS_KEY || undefined,
    },
    uploads: {
      maxBytes: int('UPLOAD_MAX_BYTES', 100 * 1024 * 1024, env),
      allowedKinds: (env.UPLOAD_ALLOWED_KINDS ?? 'image,video,audio,pdf,office,text').split(',').map((k) => k.trim()).filter(Boolean),
    },
    limits: {
      maxDepth: int('GRAPHQL_MAX_DEPTH', 12, env),
      maxCost: int('GRAPHQL_MAX_COST', 20000, env),
      maxAliases: int('GRAPHQL_MAX_ALIASES', 30, env),
      maxTokens: int('GRAPHQL_MAX_TOKENS', 3000, env),
      maxDirectives: int('GRAPHQL_MAX_DIRECTIVES', 30, env),
      maxPageSize: int('GRAPHQL_MAX_PAGE_SIZE', 100, env),
    },
    loginRate: {
      perAccount: int('LOGIN_RATE_PER_ACCOUNT', 10, env),
      perAddress: int('LOGIN_RATE_PER_ADDRESS', 50, env),
      windowSeconds: int('LOGIN_RATE_WINDOW_SECONDS', 900, env),
    },
    publicLookupRate: {
      perAddress: int('PUBLIC_LOOKUP_RATE_PER_ADDRESS', 20, env),
      windowSeconds: int('PUBLIC_LOOKUP_RATE_WINDOW_SECONDS', 900, env),
    },
    ws: {
      connectionInitTimeoutMs: int('WS_INIT_TIMEOUT_MS', 5000, env),
      maxSubscriptionsPerSocket: int('WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 10, env),
      maxSocketsPerMember: int('WS_MAX_SOCKETS_PER_MEMBER', 10, env),
      maxPayloadBytes: int('WS_MAX_PAYLOAD_BYTES', 64 * 1024, env),
      maxBufferedBytes: int('WS_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, env),
      authCheckIntervalMs: int('WS_AUTH_CHECK_INTERVAL_MS', 2000, env),
    },
    sweeper: {
      enabled: bool('SWEEPER_ENABLED', true, env),
      intervalMs: int('SWEEPER_INTERVAL_MS', 60_000, env),
      dueSoonHours: int('SWEEPER_DUE_SOON_HOURS', 72, env),
    },
    logRetentionDays: int('LOG_RETENTION_DAYS', 180, env),
    alarms: {
      checkIntervalMs: int('ALARM_CHECK_INTERVAL_MS', 60_000, env),
      verifyIntervalMs: int('LOG_VERIFY_INTERVAL_MS', 86_400_000, env),
    },
    exports: {
      enabled: bool('EXPORT_WORKER_ENABLED', true, env),
      pollIntervalMs: int('EXPORT_POLL_INTERVAL_MS', 1_000, env),
      leaseMs: int('EXPORT_LEASE_MS', 60_000, env),
      maxRows: int('EXPORT_MAX_ROWS', 200_000, env),
      retentionHours: int('EXPORT_RETENTION_HOURS', 168, env),
    },
    webhooks: {
      enabled: bool('WEBHOOK_WORKER_ENABLED', true, env),
      pollIntervalMs: int('WEBHOOK_POLL_INTERVAL_MS', 250, env),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, env),
      leaseMs: int('WEBHOOK_LEASE_MS', 30_000, env),
      allowPrivateNetworks: (env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      secretGraceSeconds: int('WEBHOOK_SECRET_GRACE_SECONDS', 24 * 3600, env),
    },
    notify: { ackBaseUrl: env.NOTIFY_ACK_BASE_URL || undefined },
    exposeSqlCount: bool('EXPOSE_SQL_COUNT', nodeEnv !== 'production', env),
    trustProxy: bool('TRUST_PROXY', false, env),
    trustedDocuments: env.GRAPHQL_TRUSTED_DOCUMENTS || undefined,
    metrics: {
      token: env.METRICS_TOKEN || undefined,
      port: env.METRICS_PORT ? int('METRICS_PORT', 0, env) : undefined,
      host: env.METRICS_HOST ?? '127.0.0.1',
      tenantLabels: bool('METRICS_TENANT_LABELS', false, env),
      maxOperationNames: int('METRICS_MAX_OPERATION_NAMES', 100, env),
    },
    regenAdminUrl: env.REGEN_ADMIN_URL || undefined,
  };
  if (production && !config.databaseUrl) {
    // Embedded PostgreSQL is for development; production must name its server.
    throw new Error('DATABASE_URL is required when NODE_ENV=production');
  }
  if (production && !config.jwt.secret) {
    throw new Error('JWT_SECRET is required when NODE_ENV=production');
  }
  if (production && !config.petitionerMatchKey) {
    // Every instance must derive the same match keys, or repeats go unrecognised.
    throw new Error('PETITIONER_MATCH_KEY is required when NODE_ENV=production');
  }
  if (config.petitionerMatchKey && config.petitionerMatchKey.length < 32) throw new Error('PETITIONER_MATCH_KEY must be at least 32 characters');
  if (production && !config.dataEncryption.masterKey && !config.dataEncryption.masterKeyFile) {
    // Every instance must unwrap the same tenant keys, and the key must not sit beside the data.
    throw new Error('DATA_MASTER_KEY or DATA_MASTER_KEY_FILE is required when NODE_ENV=production');
  }
  if (config.dataEncryption.masterKey && config.dataEncryption.masterKeyFile) throw new Error('Set DATA_MASTER_KEY or DATA_MASTER_KEY_FILE, not both');
  if (production && !config.checkpointPrivateKey) {
    // Every instance must sign checkpoints with the same key, kept outside the data directory.
    throw new Error('CHECKPOINT_PRIVATE_KEY is required when NODE_ENV=production');
  }
  const unknownKinds = config.uploads.allowedKinds.filter((k) => !(UPLOAD_KINDS as readonly string[]).includes(k));
  if (unknownKinds.length) throw new Error(`UPLOAD_ALLOWED_KINDS: unknown ${unknownKinds.join(', ')} (known: ${UPLOAD_KINDS.join(', ')})`);
  if (config.logRetentionDays < MIN_LOG_RETENTION_DAYS) {
    throw new Error(`LOG_RETENTION_DAYS must be at least ${MIN_LOG_RETENTION_DAYS} (six months, 网络安全法 art. 21)`);
  }
  if (!Number.isInteger(config.exports.retentionHours) || config.exports.retentionHours < 1 || config.exports.retentionHours > 87_600) {
    throw new Error(`EXPORT_RETENTION_HOURS must be a whole number of hours from 1 to 87600 (ten years), got ${config.exports.retentionHours}`);
  }
  if (config.dbPoolMax < MIN_DB_POOL) {
    throw new Error(`DB_POOL_MAX must be at least ${MIN_DB_POOL}`);
  }
  if (config.metrics.token && config.metrics.token.length < 16) {
    throw new Error('METRICS_TOKEN must be at least 16 characters');
  }
  if (config.jwt.secret && config.jwt.secret.length < 32) {
    throw new Error('JWT_SECRET must be at least 32 characters');
  }
  return { ...config, ...overrides };
}
