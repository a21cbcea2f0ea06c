/**
 * Tenant isolation, read from the schema: every query and mutation is called
 * by a member of tenant A (holding every permission) with tenant B's ids. Each
 * one that takes B's ids answers NOT_FOUND or FORBIDDEN and never succeeds; no
 * answer carries anything of B; nothing of B changes. A new operation is
 * covered without editing this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getNamedType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType,
} from 'graphql';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { createDriverFixture, type DriverFixture } from '../support/driver-fixture.js';
import { DESTRUCTIVE, discover, type Caller, type OperationKind, type RootField } from '../support/operation-driver.js';
import { superuserClient } from '../support/db.js';
import { parseGlobalId } from '../../src/platform/ids.js';
import { tenantOwnedTables } from '../../src/platform/db/table-policies.js';
import { accessRules } from '../../src/platform/graphql/allow.js';

let server: TestServer;
let su: pg.Client;
let a: DriverFixture;
let b: DriverFixture;
let bTenantId: string;

const DENIED = new Set(['NOT_FOUND', 'FORBIDDEN']);
// Mutations not used to populate B: they end sessions or tear things down.
const NOT_FOR_POPULATING = /^(setPassword|switchTenant|login|refreshSession)$/;

function takesIds(type: GraphQLInputType, depth = 0): boolean {
  if (isNonNullType(type) || isListType(type)) return takesIds(type.ofType as GraphQLInputType, depth);
  if (isScalarType(type)) return type.name === 'ID';
  if (isInputObjectType(type) && depth < 6) return Object.values(type.getFields()).some((f) => takesIds(f.type, depth + 1));
  return false;
}

function idsIn(value: unknown): string[] {
  const json = JSON.stringify(value ?? null);
  return json.match(/[A-Za-z0-9_-]{20,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
}

/** Fingerprint of every row B owns, taken behind the API's back. */
async function fingerprintB(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tenantOwnedTables(server.orm.getMetadata())) {
    const { rows } = await su.query(`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${table}" t where tenant_id = $1`, [bTenantId]);
    out[table] = `${rows[0].n}:${rows[0].h}`;
  }
  const tenant = await su.query(`select t::text as row from tenant t where id = $1`, [bTenantId]);
  out.tenant = tenant.rows[0].row;
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  su = await superuserClient(server.databaseUrl);
  b = await createDriverFixture(server);
  bTenantId = parseGlobalId(b.tenant.id)!.id;
  // Give B one of everything the API can create, so A has real ids to try.
  const creators = b.driver.fields('mutation').filter((f) => !DESTRUCTIVE.test(f.name) && !NOT_FOR_POPULATING.test(f.name));
  await b.driver.exerciseAll(creators, 'mutation');
  await discover(b.driver, b.principal);
  a = await createDriverFixture(server);
}, 600_000);

afterAll(async () => {
  await su?.end();
  await server?.stop();
});

async function attackers(field: RootField): Promise<Caller[]> {
  const rule = accessRules.get(field.name);
  if (rule?.kind === 'public') return [a.anonymous, a.principal];
  if (rule?.kind === 'signedIn') return [await a.freshSession()];
  return [a.principal, a.admin];
}

describe('tenant isolation', () => {
  it('every operation with B\'s ids is NOT_FOUND or FORBIDDEN, reveals nothing of B and changes nothing of B', async () => {
    const bIds = new Set<string>();
    for (const id of b.pool.allIds()) {
      bIds.add(id);
      bIds.add(parseGlobalId(id)!.id);
    }
    bIds.add(bTenantId);
    expect(b.pool.types().length).toBeGreaterThan(4);
    const before = await fingerprintB();
    const problems: string[] = [];
    let checked = 0;

    for (const kind of ['query', 'mutation'] as OperationKind[]) {
      for (const field of a.driver.fields(kind)) {
        const withIds = field.args.some((arg) => takesIds(arg.type));
        let denied = false;
        for (const caller of await attackers(field)) {
          for (let attempt = 0; attempt < 4; attempt++) {
            const variables = a.driver.variablesFor(field, { attempt, pool: b.pool, fillOptional: attempt % 2 === 1 });
            const sentB = idsIn(variables).some((id) => bIds.has(id));
            const { response, ok } = await a.driver.execute(kind, field, variables, caller);
            checked++;
            const leaked = idsIn(response.data).filter((id) => bIds.has(id));
            if (leaked.length) problems.push(`${kind} ${field.name}: answer carries B's ids ${leaked.slice(0, 3).join(', ')}`);
            if (!sentB) continue;
            const codes = [
              ...(response.errors ?? []).map((e) => e.extensions?.code),
              ...(((response.data?.[field.name] as { userErrors?: { code: string }[] } | null)?.userErrors ?? []).map((e) => e.code)),
            ];
            if (ok) problems.push(`${kind} ${field.name}: succeeded with B's ids ${JSON.stringify(variables)}`);
            if (codes.some((c) => DENIED.has(c))) denied = true;
          }
        }
        if (withIds && !denied) problems.push(`${kind} ${field.name}: never answered NOT_FOUND or FORBIDDEN to B's ids`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
    expect(await fingerprintB()).toEqual(before);
  }, 600_000);
});
