// Envelope keys per tenant: one data key per tenant (and per cipher in use),
// kept in tenant_data_key wrapped under the master key, unwrapped on first use
// and cached in the process. Rows are written at provisioning, at boot for
// tenants that have none of the configured cipher, or (a fallback) inside the
// first sealing operation; a key inserted by an open transaction is never
// cached, so a rolled-back key cannot outlive its transaction here.
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, isDataCipher, type DataCipher } from './field-cipher.js';
import { unwrapDataKey, wrapDataKey, type MasterKey } from './master-key.js';

export interface DataKey {
  tenantId: string;
  version: number;
  cipher: DataCipher;
  key: Buffer;
}

interface KeyRow {
  version: number;
  algorithm: string;
  wrapped_key: string;
  master_key_id: string;
}

const COLUMNS = 'version, algorithm, wrapped_key, master_key_id';

function execute<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

export class DataKeyring {
  private readonly keys = new Map<string, DataKey>();
  private readonly current = new Map<string, number>();
  /** Keys this process inserted in a transaction it cannot see commit (the fallback). */
  private readonly uncommitted = new Set<string>();

  constructor(
    readonly master: MasterKey,
    /** The cipher of new data keys (DATA_ENCRYPTION_ALGORITHM). */
    readonly cipher: DataCipher,
  ) {}

  private unwrap(tenantId: string, row: KeyRow): DataKey {
    if (!isDataCipher(row.algorithm)) throw new Error(`tenant ${tenantId} data key ${row.version}: unknown cipher ${row.algorithm}`);
    if (row.master_key_id !== this.master.id) {
      throw new Error(`tenant ${tenantId} data key ${row.version} is wrapped under master key ${row.master_key_id}; this process holds ${this.master.id} (${this.master.source})`);
    }
    return { tenantId, version: row.version, cipher: row.algorithm, key: unwrapDataKey(this.master, row.algorithm, row.wrapped_key, tenantId, row.version) };
  }

  private remember(key: DataKey): DataKey {
    if (!this.uncommitted.has(`${key.tenantId}:${key.version}`)) this.keys.set(`${key.tenantId}:${key.version}`, key);
    return key;
  }

  /** The key that sealed a value (its version), read in `em`'s transaction (row-level security: the tenant's own). */
  async byVersion(em: EntityManager, tenantId: string, version: number): Promise<DataKey> {
    const cached = this.keys.get(`${tenantId}:${version}`);
    if (cached) return cached;
    const [row] = await execute<KeyRow>(em, `select ${COLUMNS} from tenant_data_key where tenant_id = ? and version = ?`, [tenantId, version]);
    if (!row) throw new Error(`tenant ${tenantId} has no data key ${version}`);
    return this.remember(this.unwrap(tenantId, row));
  }

  /** The key new values are sealed with: the newest of the configured cipher, created when there is none. */
  async forSealing(em: EntityManager, tenantId: string): Promise<DataKey> {
    const version = this.current.get(tenantId);
    if (version !== undefined) return this.byVersion(em, tenantId, version);
    const [row] = await execute<KeyRow>(em, `select ${COLUMNS} from tenant_data_key where tenant_id = ? and algorithm = ? order by version desc limit 1`, [tenantId, this.cipher]);
    if (row) {
      const key = this.remember(this.unwrap(tenantId, row));
      if (!this.uncommitted.has(`${tenantId}:${key.version}`)) this.current.set(tenantId, key.version);
      return key;
    }
    const created = await this.create(em, tenantId);
    if (!created) return this.forSealing(em, tenantId);
    this.uncommitted.add(`${tenantId}:${created.version}`);
    return created;
  }

  /**
   * Inserts the next version of the tenant's key in the configured cipher, in
   * `em`'s transaction (the caller logs it); null when another writer won the race.
   */
  async create(em: EntityManager, tenantId: string): Promise<DataKey | null> {
    const [{ next }] = (await execute<{ next: number }>(em, 'select coalesce(max(version), 0) + 1 as next from tenant_data_key where tenant_id = ?', [tenantId])) as [{ next: number }];
    const key = randomBytes(DATA_KEY_BYTES);
    const wrapped = wrapDataKey(this.master, this.cipher, key, tenantId, next);
    const inserted = await execute(
      em,
      'insert into tenant_data_key (tenant_id, id, created_at, version, algorithm, wrapped_key, master_key_id) values (?, gen_random_uuid(), now(), ?, ?, ?, ?) on conflict (tenant_id, version) do nothing returning version',
      [tenantId, next, this.cipher, wrapped, this.master.id],
    );
    return inserted.length ? { tenantId, version: next, cipher: this.cipher, key } : null;
  }

  /** Whether the tenant has a key of the configured cipher (boot's check). */
  async hasSealingKey(em: EntityManager, tenantId: string): Promise<boolean> {
    const rows = await execute(em, 'select 1 from tenant_data_key where tenant_id = ? and algorithm = ? limit 1', [tenantId, this.cipher]);
    return rows.length > 0;
  }

  /**
   * Re-wraps every key of the tenant from this keyring's master key to `next`
   * (rows sealed with them stay as they are); returns the versions re-wrapped.
   * Keys already under `next` are left alone, so a repeated run does nothing.
   */
  async rewrap(em: EntityManager, tenantId: string, next: MasterKey): Promise<number[]> {
    const rows = await execute<KeyRow>(em, `select ${COLUMNS} from tenant_data_key where tenant_id = ? order by version for update`, [tenantId]);
    const done: number[] = [];
    for (const row of rows) {
      if (row.master_key_id === next.id) continue;
      const key = this.unwrap(tenantId, row);
      await execute(em, 'update tenant_data_key set wrapped_key = ?, master_key_id = ?, rewrapped_at = now() where tenant_id = ? and version = ?', [
        wrapDataKey(next, key.cipher, key.key, tenantId, row.version), next.id, tenantId, row.version,
      ]);
      done.push(row.version);
    }
    return done;
  }
}
