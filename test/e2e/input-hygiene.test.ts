import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { startTestServer, type TestServer } from '../support/server.js';
import { gql, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { superuserClient } from '../support/db.js';
import { captureLogs, type CapturedLog } from '../support/log-capture.js';
import { WsSession, waitUntil } from '../support/ws.js';
import { getSchema } from '../../src/server/schema.js';

// Every string that enters through GraphQL is screened at the edge: a NUL or
// a lone surrogate is refused with a code (4xx, or a userError), never a 5xx,
// and never reaches the database. The cases are generated from the built
// schema, so a new field or input is covered without editing this file.
const BAD = { NUL: 'a\u0000b', LONE_SURROGATE: 'a\uD800b' } as const;

let server: TestServer;
let tenant: TenantFixture;
let logs: CapturedLog;
let schema: GraphQLSchema;

beforeAll(async () => {
  logs = captureLogs('info');
  server = await startTestServer({ logger: logs.logger });
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  schema = await getSchema();
});

afterAll(async () => {
  await server?.stop();
});

/** A value the type accepts (so variables coerce and only the bad string is at fault). */
function placeholder(type: GraphQLInputType, seen: Set<string>): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [placeholder(t.ofType, seen)];
  if (isEnumType(t)) return t.getValues()[0]!.name;
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = placeholder(f.type, seen);
    }
    return out;
  }
  const scalars: Record<string, unknown> = {
    String: 'x', ID: 'x', Int: 1, Float: 1, Boolean: false, SafeInt: 1,
    DateTime: '2026-01-01T00:00:00Z', LocalDate: '2026-01-01', LocalTime: '08:00', JSON: {}, JSONObject: {},
  };
  const name = getNamedType(t).name;
  if (!(name in scalars)) throw new Error(`no placeholder for scalar ${name}: add one`);
  return scalars[name];
}

interface Target {
  /** Where the bad string goes, from the argument down. */
  path: string[];
  /** The path the server must name (a JSON scalar's string sits one key deeper). */
  expected: string[];
}

/** Every String, ID and JSON leaf reachable from the argument (each input type once per path, so recursive inputs end). */
function targetsOf(arg: GraphQLArgument): Target[] {
  const out: Target[] = [];
  const walk = (type: GraphQLInputType, path: string[], expected: string[], onPath: Set<string>) => {
    const t = getNullableType(type);
    if (isListType(t)) return walk(t.ofType, [...path, '0'], [...expected, '0'], onPath);
    if (isInputObjectType(t)) {
      if (onPath.has(t.name)) return;
      const next = new Set(onPath).add(t.name);
      for (const f of Object.values(t.getFields())) walk(f.type, [...path, f.name], [...expected, f.name], next);
      return;
    }
    if (isScalarType(t) && (t.name === 'String' || t.name === 'ID')) out.push({ path, expected });
    if (isScalarType(t) && (t.name === 'JSON' || t.name === 'JSONObject')) out.push({ path: [...path, 'k'], expected: [...expected, 'k'] });
  };
  walk(arg.type, [arg.name], [arg.name], new Set());
  return out;
}

/** Sets `value` at `path` inside the argument values, creating what is missing along the way. */
function setAt(root: Record<string, unknown>, args: readonly GraphQLArgument[], path: string[], value: unknown): void {
  const arg = args.find((a) => a.name === path[0])!;
  let type: GraphQLInputType = arg.type;
  let holder: any = root;
  let key: string = path[0]!;
  for (const step of path.slice(1)) {
    const t = getNullableType(type);
    if (isListType(t)) {
      holder[key] = Array.isArray(holder[key]) ? holder[key] : [placeholder(t.ofType, new Set())];
      type = t.ofType;
    } else if (isInputObjectType(t)) {
      holder[key] = holder[key] && typeof holder[key] === 'object' ? holder[key] : placeholder(t, new Set());
      type = t.getFields()[step]!.type;
    } else {
      // A JSON scalar: the string goes inside an object.
      holder[key] = {};
      type = t as GraphQLInputType;
    }
    holder = holder[key];
    key = step;
  }
  holder[key] = value;
}

function typeString(arg: GraphQLArgument): string {
  return String(arg.type);
}

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (!isObjectType(named) && !('getFields' in named)) return '';
  return isObjectType(named) && 'userErrors' in named.getFields() ? '{ __typename userErrors { code field message } }' : '{ __typename }';
}

interface Case {
  label: string;
  operation: 'query' | 'mutation';
  query: string;
  variables: Record<string, unknown>;
  expected: string[];
  payload: boolean;
  field: string;
}

function casesOf(kind: 'query' | 'mutation'): Case[] {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const cases: Case[] = [];
  for (const field of Object.values(root.getFields())) {
    for (const arg of field.args) {
      for (const target of targetsOf(arg)) {
        for (const [problem, bad] of Object.entries(BAD)) {
          const variables: Record<string, unknown> = {};
          for (const a of field.args) if (isNonNullType(a.type)) variables[a.name] = placeholder(a.type, new Set());
          setAt(variables, field.args, target.path, bad);
          const defs = field.args.filter((a) => a.name in variables).map((a) => `$${a.name}: ${typeString(a)}`).join(', ');
          const call = field.args.filter((a) => a.name in variables).map((a) => `${a.name}: $${a.name}`).join(', ');
          const named = getNamedType(field.type);
          cases.push({
            label: `${kind} ${field.name}(${target.expected.join('.')}) ${problem}`,
            operation: kind,
            query: `${kind}(${defs}) { ${field.name}(${call}) ${selectionOf(field)} }`,
            variables,
            expected: target.expected,
            payload: isObjectType(named) && 'userErrors' in named.getFields(),
            field: field.name,
          });
        }
      }
    }
  }
  return cases;
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

/** What the server answered, reduced to what this test asserts. */
async function send(c: Case, token: string | null): Promise<string> {
  const res = await gql<any>(server.url, c.query, c.variables, token);
  const userErrors = res.data?.[c.field]?.userErrors as { code: string; field: string[] }[] | undefined;
  if (c.payload && res.status === 200 && userErrors?.length) {
    const hit = userErrors.find((e) => e.code === 'INVALID_CHARACTERS');
    return hit ? `200 INVALID_CHARACTERS ${hit.field.join('.')}` : `200 ${JSON.stringify(userErrors)}`;
  }
  const e = res.errors?.[0];
  if (e?.extensions?.code === 'BAD_USER_INPUT' && e.extensions.reason === 'INVALID_CHARACTERS') {
    return `${res.status} BAD_USER_INPUT ${(e.extensions.field as string[]).join('.')}`;
  }
  return `${res.status} ${JSON.stringify(res.errors ?? res.data)}`;
}

describe('every String and ID input of the schema', () => {
  it('is refused with a code when it holds a NUL or a lone surrogate, before any database work', async () => {
    const cases = [...casesOf('query'), ...casesOf('mutation')];
    // The generator found the inputs the issue named (so it did not silently find nothing).
    const labels = cases.map((c) => c.label).join('\n');
    for (const must of ['query incidents(filter.text)', 'query members(filter.search)', 'query petitionStatus(receiptNumber)', 'mutation reportIncident(input.summary)', 'mutation reportIncident(input.demands)', 'mutation login(input.email)']) {
      expect(labels).toContain(must);
    }
    expect(labels).toMatch(/query auditLog\(filter\.\w+\)/);
    expect(cases.length).toBeGreaterThan(300);

    const su = await superuserClient(server.databaseUrl);
    const countLog = async () => Number((await su.query('select count(*)::int as n from log_entry')).rows[0].n);
    const entriesBefore = await countLog();
    const linesBefore = logs.lines.length;
    try {
      const answers = await inBatches(cases, 8, async (c) => ({ c, got: await send(c, tenant.adminToken) }));
      const wrong = answers.filter(({ c, got }) => {
        const want = c.payload ? `200 INVALID_CHARACTERS ${c.expected.join('.')}` : `400 BAD_USER_INPUT ${c.expected.join('.')}`;
        return got !== want;
      });
      expect(wrong.map(({ c, got }) => `${c.label}: ${got}`)).toEqual([]);
      // Nothing was written, nothing failed inside the server.
      expect(await countLog()).toBe(entriesBefore);
      const bad = logs.lines.slice(linesBefore).filter((l) => l.level >= 50 || /unexpected error|database unavailable/.test(l.msg ?? ''));
      expect(bad).toEqual([]);
      // Refused before the transaction: not one SQL statement ran for them.
      const sample = cases.find((c) => c.label.startsWith('query incidents(filter.text)'))!;
      const res = await gql<any>(server.url, sample.query, sample.variables, tenant.adminToken);
      expect(res.extensions?.sqlStatements).toBe(0);
    } finally {
      await su.end();
    }
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
  }, 300_000);
});

describe('the edge check', () => {
  it('covers literals in the document and arguments of nested fields', async () => {
    const literal = await gql<any>(server.url, `{ members(first: 5, filter: { search: "a\\u0000" }) { totalCount } }`, {}, tenant.adminToken);
    expect([literal.status, literal.errors?.[0]?.extensions?.code, literal.errors?.[0]?.extensions?.field]).toEqual([400, 'BAD_USER_INPUT', ['filter', 'search']]);
    const nested = await gql<any>(server.url, `query($t: String) { me { displayName } incidents(first: 1, filter: { text: $t }) { totalCount } }`, { t: '\uDC00' }, tenant.adminToken);
    expect([nested.status, nested.errors?.[0]?.extensions?.code, nested.data]).toEqual([400, 'BAD_USER_INPUT', null]);
  });

  it('answers each refused mutation with its own userErrors; the clean one beside it runs', async () => {
    const res = await gql<any>(
      server.url,
      `mutation($a: LoginInput!, $b: LoginInput!) {
        bad: login(input: $a) { tokens { accessToken } userErrors { code field } }
        good: login(input: $b) { tokens { accessToken } userErrors { code field } }
      }`,
      { a: { email: tenant.adminEmail, password: 'x\u0000' }, b: { email: tenant.adminEmail, password: 'correct-horse-battery', tenantSlug: tenant.slug } },
    );
    expect(res.status).toBe(200);
    expect(res.data.bad).toEqual({ tokens: null, userErrors: [{ code: 'INVALID_CHARACTERS', field: ['input', 'password'] }] });
    expect(res.data.good.tokens.accessToken).toBeTruthy();
  });

  it('login with a NUL in the e-mail is a userError, with no error logged', async () => {
    const before = logs.lines.length;
    const res = await gql<any>(server.url, `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code field } } }`, {
      input: { email: `a\u0000${tenant.adminEmail}`, password: 'whatever' },
    });
    expect(res.status).toBe(200);
    expect(res.data.login.userErrors).toEqual([{ code: 'INVALID_CHARACTERS', field: ['input', 'email'] }]);
    expect(logs.lines.slice(before).filter((l) => l.level >= 50)).toEqual([]);
  });

  it('covers GET requests (strings in the URL)', async () => {
    const url = new URL(server.url);
    url.searchParams.set('query', 'query($r: String!) { petitionStatus(receiptNumber: $r, accessCode: "x") { stage } }');
    url.searchParams.set('variables', JSON.stringify({ r: 'XF-\u0000' }));
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    const body = (await res.json()) as any;
    expect([res.status, body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('covers subscriptions over websockets', async () => {
    const session = new WsSession(server.wsUrl, tenant.adminToken);
    try {
      await session.connected();
      const sub = session.subscribe(`subscription($after: String) { incidentEvents(after: $after) { cursor } }`, { after: 'x\u0000' });
      await waitUntil(() => sub.errors.length > 0, 'the subscription to be refused');
      expect(JSON.stringify(sub.errors)).toMatch(/BAD_USER_INPUT/);
    } finally {
      await session.dispose();
    }
  });
});
