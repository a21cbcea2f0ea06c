// The IDE in a real headless Chromium with every non-loopback address blocked: it loads, runs a
// mutation over HTTP, reads the result, and opens its subscription socket on the same origin.
// Needs Debian's chromium (`apt-get install -y chromium`, or CHROMIUM_PATH); skipped, saying so, without it.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { ensureIdeBundle } from '../support/ide.js';
import { platformAdmin, PASSWORD } from '../support/fixtures.js';

const executable = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
if (!executable) console.warn('ide-browser.test.ts skipped: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)');

const isLoopback = (url: string) => {
  const u = new URL(url);
  return u.protocol === 'data:' || u.protocol === 'blob:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
};

describe.skipIf(!executable)('the IDE in a browser, offline', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const blocked: string[] = [];
  const sockets: string[] = [];

  beforeAll(async () => {
    ensureIdeBundle();
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: executable,
      // DNS answers nothing but loopback, and the routes below refuse any other address.
      args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'],
    });
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (isLoopback(url)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    page.on('websocket', (ws) => sockets.push(ws.url()));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Runs in the page (the page's CSP forbids evaluating strings; the test's tsconfig has no DOM types).
  const readResponse = () => ((globalThis as any).document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? '') as string;
  const response = () => page.evaluate(readResponse);
  const responseHolds = (text: string) =>
    page.waitForFunction((t) => ((globalThis as any).document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? '').includes(t), text, { timeout: 30_000 });
  /** Puts an operation into the query editor and waits until GraphiQL has taken in its name. */
  const setQuery = async (value: string, operationName: string) => {
    await page.evaluate((v) => (globalThis as any).document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(v), value);
    await page.waitForSelector(`.graphiql-tab:has-text("${operationName}")`, { timeout: 10_000 });
  };

  it('loads with the network blocked, runs a query and reads the result', async () => {
    const admin = await platformAdmin(server);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 30_000 });

    await setQuery(`mutation SignIn { login(input: { email: "${admin.email}", password: "${PASSWORD}" }) { tokens { accessToken } userErrors { code } } }`, 'SignIn');
    await page.click('.graphiql-execute-button');
    await responseHolds('accessToken').catch(async (e) => { await page.screenshot({ path: '/tmp/intranet-ide.png' }); throw new Error(`${e}\nresponse: ${await response()}\nerrors: ${errors.join('\n')}\nrequested: ${requested.join(' ')}`); });
    const result = JSON.parse(await response());
    expect(result.data.login.userErrors).toEqual([]);
    expect(result.data.login.tokens.accessToken).toMatch(/^ey/);

    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requested.length).toBeGreaterThanOrEqual(3);
    expect(requested.filter((u) => !isLoopback(u))).toEqual([]);
  }, 90_000);

  it('runs subscriptions over the websocket of the same origin', async () => {
    // Without a token the server closes the socket with 4401, which the IDE shows: the socket went to our origin.
    await setQuery('subscription Live { incidentEvents { cursor kind } }', 'Live');
    await page.click('.graphiql-execute-button');
    await responseHolds('4401');
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    expect(sockets.every((u) => u.startsWith(server.wsUrl))).toBe(true);
    expect(blocked).toEqual([]);
  }, 60_000);
});
