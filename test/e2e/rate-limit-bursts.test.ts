import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, addMember, gql, platformAdmin, provisionTenant, uniq, type TenantFixture } from '../support/fixtures.js';

// The sign-in and public-lookup limits decide in one statement: a burst of
// parallel attempts never gets more than the limit evaluated.
const LIMIT = 8;
const BURST = 100;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }`;
const STATUS = `query($r: String!, $c: String!) { petitionStatus(receiptNumber: $r, accessCode: $c) { stage } }`;

let server: TestServer;
let tenant: TenantFixture;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      TRUST_PROXY: 'true',
      LOGIN_RATE_PER_ACCOUNT: String(LIMIT),
      LOGIN_RATE_PER_ADDRESS: String(LIMIT),
      PUBLIC_LOOKUP_RATE_PER_ADDRESS: String(LIMIT),
    },
  });
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
});

afterAll(async () => {
  await server?.stop();
});

/** Answers reduced to "<status> <code>", counted. */
function tally(answers: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) out[a] = (out[a] ?? 0) + 1;
  return out;
}

const codeOf = (res: Awaited<ReturnType<typeof gql<any>>>) =>
  `${res.status} ${res.errors?.[0]?.extensions?.code ?? res.data?.login?.userErrors?.[0]?.code ?? (res.data?.petitionStatus === null ? 'NULL' : 'OTHER')}`;

describe('a burst of parallel attempts', () => {
  it(`at one account: exactly ${LIMIT} sign-ins evaluated`, async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        gql<any>(server.url, LOGIN, { input: { email: tenant.adminEmail, password: `wrong-${i}` } }, null, { 'x-forwarded-for': `198.51.100.${i}` }).then(codeOf),
      ),
    );
    expect(tally(answers)).toEqual({ '200 INVALID_CREDENTIALS': LIMIT, '429 RATE_LIMITED': BURST - LIMIT });
  });

  it(`from one address: exactly ${LIMIT} sign-ins evaluated`, async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        gql<any>(server.url, LOGIN, { input: { email: `${uniq('nobody')}@test.local`, password: `wrong-${i}` } }, null, { 'x-forwarded-for': '203.0.113.7' }).then(codeOf),
      ),
    );
    expect(tally(answers)).toEqual({ '200 INVALID_CREDENTIALS': LIMIT, '429 RATE_LIMITED': BURST - LIMIT });
  });

  it(`at petitionStatus from one address: exactly ${LIMIT} lookups evaluated`, async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        gql<any>(server.url, STATUS, { r: 'XF-20260101-0000000000', c: `WRONG-${i}` }, null, { 'x-forwarded-for': '203.0.113.8' }).then(codeOf),
      ),
    );
    expect(tally(answers)).toEqual({ '200 NULL': LIMIT, [`429 RATE_LIMITED`]: BURST - LIMIT });
  });

  it('a sign-in with the right password is given back: successes never use up the limit', async () => {
    const member = await addMember(server, tenant, ['MEMBER']);
    const address = { 'x-forwarded-for': '192.0.2.50' };
    for (let i = 0; i < LIMIT * 2; i++) {
      const res = await gql<any>(server.url, LOGIN, { input: { email: member.email, password: PASSWORD, tenantSlug: tenant.slug } }, null, address);
      expect(res.data?.login?.tokens?.accessToken, `sign-in ${i}`).toBeTruthy();
    }
  });
});
