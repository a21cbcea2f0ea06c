// The soak's world: its own embedded PostgreSQL (it gets stopped in phase 3),
// two API processes, and a few tenants provisioned through the real API.
import { startPrivatePostgres, type PrivatePostgres } from '../../test/support/private-pg.js';
import { startCluster, type Cluster, type ServerProcess } from '../../test/support/processes.js';
import { PASSWORD, addMember, platformAdmin, provisionTenant, type TenantFixture } from '../../test/support/fixtures.js';
import { TEST_LEVELS, publishPlan, raw } from '../../test/support/incidents.js';

export interface Member {
  email: string;
  token: string;
}

export interface SoakTenant {
  fixture: TenantFixture;
  /** Raw tenant id (uuid), as stored and inside event cursors. */
  id: string;
  writer: Member;
  /** One watcher per API process (sockets per member are capped). */
  watchers: Member[];
}

export interface SoakEnv {
  pg: PrivatePostgres;
  cluster: Cluster;
  servers: ServerProcess[];
  tenants: SoakTenant[];
  password: string;
  stop(): Promise<void>;
}

/** X-Forwarded-For is honoured (TRUST_PROXY) so the abuse phase's address can be rate limited without locking out the normal clients. */
export const API_ENV: Record<string, string> = {
  TRUST_PROXY: 'true',
  ACCESS_TOKEN_TTL_SECONDS: '14400',
  LOG_LEVEL: 'warn',
};

export async function startSoakEnv(options: { tenants: number; log: (line: string) => void }): Promise<SoakEnv> {
  const pg = await startPrivatePostgres();
  options.log(`embedded PostgreSQL on port ${pg.port} (${pg.dir})`);
  const cluster = await startCluster({ databaseUrl: pg.url, count: 2, env: API_ENV });
  options.log(`API processes: ${cluster.servers.map((s) => `${s.name} pid ${s.pid} port ${s.port}`).join(', ')}`);
  const admin = cluster.server(0);
  const platform = await platformAdmin(admin);
  const tenants: SoakTenant[] = [];
  for (let i = 0; i < options.tenants; i++) {
    const fixture = await provisionTenant(admin, platform.token, 'TOWNSHIP');
    await publishPlan(admin, fixture, TEST_LEVELS);
    const writer = await addMember(admin, fixture, ['MEMBER']);
    const watchers = [await addMember(admin, fixture, ['LIAISON']), await addMember(admin, fixture, ['LIAISON'])];
    tenants.push({ fixture, id: raw(fixture.id), writer, watchers });
  }
  options.log(`${tenants.length} tenants provisioned (plan published, a writer and two watchers each)`);
  return {
    pg,
    cluster,
    servers: cluster.servers,
    tenants,
    password: PASSWORD,
    stop: async () => {
      if (!pg.up) await pg.start().catch(() => undefined);
      await cluster.stop().catch(() => undefined);
      await pg.destroy();
    },
  };
}
