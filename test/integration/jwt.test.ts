import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server.js';
import { gql, login, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';

let server: TestServer;
let tenant: TenantFixture;
let claims: { sub: string; sid: string; tid: string };
const SECRET = 'test-secret-test-secret-test-secret-0123456789';

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token);
  const decoded = jwt.decode(tenant.adminToken) as jwt.JwtPayload;
  claims = { sub: decoded.sub!, sid: decoded.sid, tid: decoded.tid };
});
afterAll(async () => {
  await server?.stop();
});

function sign(payload: Record<string, unknown>, options: jwt.SignOptions = {}, secret: jwt.Secret = SECRET): string {
  const defaults: jwt.SignOptions = { algorithm: 'HS256', issuer: 'xinfang', audience: 'xinfang-api', subject: claims.sub };
  if (payload.exp === undefined) defaults.expiresIn = 600;
  return jwt.sign(payload, secret, { ...defaults, ...options });
}

async function expect401(token: string) {
  const res = await gql(server.url, '{ me { email } }', {}, token);
  expect(res.status).toBe(401);
  expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(JSON.stringify(res.errors)).not.toMatch(/stack|at .*\.js/);
}

describe('access tokens', () => {
  it('accessTokenExpiresAt is the token\'s exp exactly (login and refresh)', async () => {
    const TOKENS = 'tokens { accessToken accessTokenExpiresAt refreshToken }';
    const signedIn = await ok<any>(server.url, `mutation($input: LoginInput!) { login(input: $input) { ${TOKENS} userErrors { code } } }`, {
      input: { email: tenant.adminEmail, password: 'correct-horse-battery', tenantSlug: tenant.slug },
    });
    const refreshed = await ok<any>(server.url, `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${TOKENS} userErrors { code } } }`, {
      input: { refreshToken: signedIn.login.tokens.refreshToken },
    });
    for (const tokens of [signedIn.login.tokens, refreshed.refreshSession.tokens]) {
      const decoded = jwt.decode(tokens.accessToken) as jwt.JwtPayload;
      expect(new Date(tokens.accessTokenExpiresAt).getTime()).toBe(decoded.exp! * 1000);
      expect(decoded.exp! - decoded.iat!).toBe(server.config.jwt.accessTtlSeconds);
    }
  });

  it('accepts a valid token', async () => {
    const data = await ok<any>(server.url, '{ me { email } }', {}, sign({ sid: claims.sid, tid: claims.tid }));
    expect(data.me.email).toBe(tenant.adminEmail);
  });

  it('rejects an expired token', async () => {
    await expect401(sign({ sid: claims.sid, tid: claims.tid, exp: Math.floor(Date.now() / 1000) - 60 }));
  });

  it('rejects a token not valid yet', async () => {
    await expect401(sign({ sid: claims.sid, tid: claims.tid }, { notBefore: 3600 }));
  });

  it('rejects a wrong issuer or audience', async () => {
    await expect401(sign({ sid: claims.sid, tid: claims.tid }, { issuer: 'someone-else' }));
    await expect401(sign({ sid: claims.sid, tid: claims.tid }, { audience: 'other-api' }));
  });

  it('rejects alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ sub: claims.sub, sid: claims.sid, tid: claims.tid, iss: 'xinfang', aud: 'xinfang-api', exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url');
    await expect401(`${header}.${body}.`);
  });

  it('rejects HS/RS confusion: an RS256 token, and an HS256 token keyed with a public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect401(sign({ sid: claims.sid, tid: claims.tid }, { algorithm: 'RS256' }, privateKey));
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect401(sign({ sid: claims.sid, tid: claims.tid }, {}, pem));
  });

  it('rejects a tampered payload and a wrongly signed token', async () => {
    const good = sign({ sid: claims.sid, tid: claims.tid });
    const [h, , s] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: claims.sub, sid: claims.sid, tid: '00000000-0000-4000-8000-000000000000', iss: 'xinfang', aud: 'xinfang-api', exp: 9999999999 })).toString('base64url');
    await expect401(`${h}.${forged}.${s}`);
    await expect401(sign({ sid: claims.sid, tid: claims.tid }, {}, 'another-secret-another-secret-another-secret'));
  });

  it('rejects garbage and malformed authorization headers', async () => {
    await expect401('not-a-jwt');
    const res = await gql(server.url, '{ me { email } }', {}, null, { authorization: 'Basic abc' });
    expect(res.status).toBe(401);
  });

  it('rejects a token whose claims do not name a session', async () => {
    await expect401(sign({ sid: '00000000-0000-4000-8000-000000000000', tid: claims.tid }));
    await expect401(sign({ sid: 'not-a-uuid', tid: claims.tid }));
    await expect401(sign({ tid: claims.tid }));
  });

  it('rejects the tokens of a revoked session', async () => {
    const { accessToken } = await login(server, tenant.adminEmail, undefined, tenant.slug);
    await ok(server.url, 'mutation { logout { revokedSessions userErrors { code } } }', {}, accessToken);
    await expect401(accessToken);
  });
});
