// Hostile requests the API must refuse quickly, each with a code.
import { reportInput } from '../../test/support/incidents.js';

export interface AbuseRequest {
  body: string | Buffer;
  headers?: Record<string, string>;
  /** Sent with the tenant writer's token (the limits must hold for signed-in callers too). */
  auth?: boolean;
}

export interface AbuseCase {
  name: string;
  what: string;
  count: number;
  concurrency: number;
  /** Paced: requests started per second (at most `concurrency` open). */
  rate: number;
  make: (i: number) => AbuseRequest;
}

const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const nest = (n: number): string => (n === 0 ? 'id' : `parent { ${nest(n - 1)} }`);
const INCIDENT_WIDE = `id receiptNumber category levelReached headcount place occurredAt receivedAt summary demands conductFlags topics transferredFrom confidential status version planVersion levelKey levelName levelSeverity alertPeriodActive decision decidedAt reply repliedAt acknowledgedAt createdAt updatedAt
  unit { id name } caseOwner { id displayName } tasks { id dutyKey status dueAt assignee { id displayName } } clocks { id kind state dueAt }`;
/** Fragments that double at every level: 2^k fields once expanded, from a few hundred tokens. */
function fragmentBomb(levels: number): string {
  const defs = [`fragment F0 on Incident { ${INCIDENT_WIDE} }`];
  for (let i = 1; i <= levels; i++) defs.push(`fragment F${i} on Incident { ...F${i - 1} ...F${i - 1} }`);
  return `{ incidents(first: 100) { edges { node { ...F${levels} } } } } ${defs.join(' ')}`;
}
function nestedJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** The bad-login address: X-Forwarded-For is honoured by the soak's API processes (TRUST_PROXY). */
export const ABUSER_ADDRESS = '203.0.113.66';

export function abuseCases(victimEmail: string, unitId: string, badLogins: number): AbuseCase[] {
  return [
    { name: 'deep query', rate: 50, what: 'units → parent nested 40 deep (limit 12)', count: 200, concurrency: 8, make: () => ({ body: json(`{ units(first: 5) { edges { node { ${nest(40)} } } } }`), auth: true }) },
    { name: 'wide query', rate: 50, what: '30 aliases × every incident field with tasks and clocks, first: 100', count: 200, concurrency: 8, make: () => ({ body: json(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: incidents(first: 100) { edges { node { ${INCIDENT_WIDE} } } }`).join(' ')} }`), auth: true }) },
    { name: 'fragment bomb', rate: 50, what: '16 levels of doubling fragments (65,536 incident selections once expanded)', count: 200, concurrency: 8, make: () => ({ body: json(fragmentBomb(16)), auth: true }) },
    { name: 'alias flood', rate: 50, what: '400 aliases of `me { email }`', count: 200, concurrency: 8, make: () => ({ body: json(`{ ${Array.from({ length: 400 }, (_, i) => `a${i}: me { email }`).join(' ')} }`), auth: true }) },
    { name: 'token flood', rate: 25, what: '20,000 `__typename` in one selection (~200 KB)', count: 100, concurrency: 4, make: () => ({ body: json(`{ ${Array(20_000).fill('__typename').join(' ')} }`), auth: true }) },
    { name: 'directive flood', rate: 50, what: '200 `@include(if: true)` on one field', count: 200, concurrency: 8, make: () => ({ body: json(`{ me { email ${'@include(if: true) '.repeat(200)} } }`), auth: true }) },
    { name: 'huge variable string', rate: 10, what: 'reportIncident with a 200 KB summary', count: 50, concurrency: 4, make: () => ({ body: json(`mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } userErrors { code field } } }`, { input: reportInput(unitId, { summary: '长'.repeat(60_000) }) }), auth: true }) },
    { name: 'huge variable list', rate: 10, what: 'reportIncident with 5,000 petitioners (limit 500)', count: 50, concurrency: 4, make: () => ({ body: json(`mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } userErrors { code field } } }`, { input: reportInput(unitId, { petitioners: Array.from({ length: 5_000 }, (_, i) => ({ name: `张${i}`, contact: '1' })) }) }), auth: true }) },
    { name: 'deeply nested JSON', rate: 10, what: 'an `ID!` variable of 100,000 nested arrays', count: 50, concurrency: 4, make: () => ({ body: `{"query":"query($x: ID!) { node(id: $x) { id } }","variables":{"x":${nestedJson(100_000)}}}`, auth: true }) },
    { name: 'oversized body', rate: 10, what: '5 MB body (limit 256 KB)', count: 50, concurrency: 4, make: () => ({ body: json('{ __typename }', { pad: 'x'.repeat(5 * 1024 * 1024) }) }) },
    { name: 'malformed JSON', rate: 100, what: 'truncated JSON', count: 500, concurrency: 8, make: () => ({ body: '{"query": "{ me { email } }", "variables": {' }) },
    { name: 'malformed GraphQL', rate: 100, what: 'unterminated selection', count: 500, concurrency: 8, make: () => ({ body: json('{ me { email '), auth: true }) },
    { name: 'wrong content type', rate: 50, what: 'text/plain body without a preflight header (CSRF)', count: 200, concurrency: 8, make: () => ({ body: json('{ __typename }'), headers: { 'content-type': 'text/plain' } }) },
    {
      name: 'bad logins', rate: 100, what: `${badLogins.toLocaleString('en')} wrong passwords for one account from one address`, count: badLogins, concurrency: 16,
      make: (i) => ({ body: json(`mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }`, { input: { email: victimEmail, password: `wrong-${i}` } }), headers: { 'x-forwarded-for': ABUSER_ADDRESS } }),
    },
  ];
}
