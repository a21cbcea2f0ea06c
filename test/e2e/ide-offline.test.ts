// The IDE page and every asset it loads come from the API's own origin (政务内网: no internet).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ensureIdeBundle } from '../support/ide.js';

let server: TestServer;
let closed: TestServer;

beforeAll(async () => {
  ensureIdeBundle();
  server = await startTestServer();
  closed = await startTestServer({ env: { GRAPHQL_INTROSPECTION: 'false' } });
});
afterAll(async () => {
  await server?.stop();
  await closed?.stop();
});

const ABSOLUTE = /(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'`()<>\\]+/gi;
// In scripts: a URL with a host name (leaves out regular expressions and templates such as `http://${url}`).
const HOSTED = /(?:https?:|wss?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b[^\s"'`()<>\\]*/gi;
// Links a person may click (documentation, the GraphiQL project) and XML namespaces: never loaded by the page.
const NOT_LOADED = new Set([
  'https://codemirror.net/5/doc/manual.html#keymaps',
  'https://commonmark.org/',
  'https://en.wikipedia.org/wiki/IEEE_floating_point',
  'https://github.com/graphql/graphiql',
  'https://reactjs.org/docs/error-decoder.html?invariant=',
  'https://yarnpkg.com/en/docs/selective-version-resolutions',
]);
const isNamespace = (u: string) => /^http:\/\/www\.w3\.org\/(1999|2000|XML\/1998|1998\/Math)\//.test(u);

function otherOrigin(urls: string[], origin: string): string[] {
  return urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
}

async function get(url: string, accept = '*/*') {
  const res = await fetch(url, { headers: { accept } });
  return { res, text: await res.text() };
}

describe('the offline IDE at GET /graphql', () => {
  it('serves the page and every asset from its own origin, with nothing from another origin', async () => {
    const origin = new URL(server.url).origin;
    const page = await get(server.url, 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).toContain('<div id="graphiql">');
    // The page itself names no other origin at all.
    expect(page.text.match(ABSOLUTE) ?? []).toEqual([]);

    const refs = [...page.text.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(2);
    const assets = refs.map((r) => new URL(r, server.url).toString());
    expect(otherOrigin(assets, origin)).toEqual([]);

    for (const asset of assets) {
      const { res, text } = await get(asset);
      expect(res.status, asset).toBe(200);
      expect(text.length, asset).toBeGreaterThan(1000);
      if (asset.endsWith('.css')) {
        expect(res.headers.get('content-type')).toMatch(/^text\/css/);
        // Styles load nothing: no @import, and every url() is inline data (the fonts included).
        expect(text).not.toMatch(/@import/);
        const urls = [...text.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]!);
        expect(urls.length).toBeGreaterThan(0);
        expect(urls.filter((u) => !u.startsWith('data:'))).toEqual([]);
        expect(text).not.toMatch(/fonts\.googleapis|fonts\.gstatic/);
      } else {
        expect(res.headers.get('content-type')).toMatch(/javascript/);
        const urls = [...new Set(text.match(HOSTED) ?? [])].filter((u) => !isNamespace(u));
        expect(urls.filter((u) => !NOT_LOADED.has(u) && !u.startsWith(origin))).toEqual([]);
        expect(text).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|embeddable-sandbox|apollographql\.com/);
      }
    }
  });

  it('still answers GraphQL GETs and POSTs on the same path', async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('is not served when introspection is off', async () => {
    const page = await get(closed.url, 'text/html');
    expect(page.text).not.toContain('graphiql');
    const asset = await get(new URL('/ide/graphiql.js', closed.url).toString());
    expect(asset.res.status).toBe(404);
  });
});

describe('an operationName the document does not hold', () => {
  it('is the client’s fault (400), not a 500', async () => {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toMatch(/Unknown operation named "B"/);
  });
});
