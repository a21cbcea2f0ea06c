// W3's own tenants, members and subscriber plan, made through the real API
// (the test fixtures), so W3 can run on a database that holds other bench data.
import type { Cluster } from '../../test/support/processes.js';
import { addMember, createUnit, platformAdmin, provisionTenant, type TenantFixture } from '../../test/support/fixtures.js';
import { TEST_LEVELS, publishPlan, raw } from '../../test/support/incidents.js';

/** Roles of the subscribing members at the root unit: distinct permission shapes (DEPUTY_LEADER holds PII read: renders per member). */
const ROOT_SUBSCRIBER_ROLES = ['MEMBER', 'LIAISON', 'OFFICE_DIRECTOR', 'DEPUTY_LEADER', 'AUDITOR'];

export interface W3Member {
  memberId: string;
  /** The member's uuid (what log rows and routes carry). */
  uuid: string;
  token: string;
  /** 'root' or 'sub': the sub-unit member sees only the sub-unit's incidents. */
  unit: 'root' | 'sub';
}

export interface W3Tenant {
  fixture: TenantFixture;
  /** Tenant uuid (what log rows carry). */
  uuid: string;
  subUnitId: string;
  /** Sends every mutation of the tenant. */
  writer: { token: string };
  subscribers: W3Member[];
}

export interface W3Client {
  key: string;
  tenant: number;
  member: number;
  /** Index of the API process the socket is on. */
  instance: number;
  wsUrl: string;
  token: string;
}

/** Runs `work` over `items` with at most `limit` at a time (setup is API-bound; two cores). */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

/** `count` tenants, each with a published plan, a sub-unit, a writer and six subscribing members. */
export async function provisionW3Tenants(cluster: Cluster, count: number, log: (line: string) => void): Promise<W3Tenant[]> {
  const api = cluster.server(0);
  const platform = await platformAdmin(api);
  return inBatches(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
    const fixture = await provisionTenant(api, platform.token, 'TOWNSHIP');
    await publishPlan(api, fixture, TEST_LEVELS);
    const subUnitId = await createUnit(api, fixture.adminToken, fixture.rootUnitId, 'W3 分队', 'VILLAGE');
    const writer = await addMember(api, fixture, ['MEMBER']);
    const subscribers: W3Member[] = [];
    const member = async (role: string, unit: 'root' | 'sub'): Promise<W3Member> => {
      const m = await addMember(api, fixture, [role], unit === 'root' ? fixture.rootUnitId : subUnitId);
      return { memberId: m.memberId, uuid: raw(m.memberId), token: m.token, unit };
    };
    for (const role of ROOT_SUBSCRIBER_ROLES) subscribers.push(await member(role, 'root'));
    subscribers.push(await member('MEMBER', 'sub'));
    log(`W3: tenant ${i + 1}/${count} ${fixture.slug} ready`);
    return { fixture, uuid: raw(fixture.id), subUnitId, writer, subscribers };
  });
}

/**
 * Spreads `total` sockets over the tenants, their members and the API
 * processes round-robin. Returns the clients and the most sockets any member
 * holds on one process (the WS_MAX_SOCKETS_PER_MEMBER it needs).
 */
export function planClients(tenants: W3Tenant[], total: number, wsUrls: string[]): { clients: W3Client[]; maxPerMemberPerInstance: number } {
  const clients: W3Client[] = [];
  const load = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const t = i % tenants.length;
    const k = Math.floor(i / tenants.length); // k-th socket of tenant t
    const instance = k % wsUrls.length;
    const member = Math.floor(k / wsUrls.length) % tenants[t]!.subscribers.length;
    const m = tenants[t]!.subscribers[member]!;
    const slot = `${m.memberId}@${instance}`;
    load.set(slot, (load.get(slot) ?? 0) + 1);
    clients.push({ key: `c${i}`, tenant: t, member, instance, wsUrl: wsUrls[instance]!, token: m.token });
  }
  return { clients, maxPerMemberPerInstance: Math.max(0, ...load.values()) };
}
