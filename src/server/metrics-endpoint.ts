// GET /metrics: on the API's port behind `Authorization: Bearer $METRICS_TOKEN`, or on
// METRICS_PORT (bound to METRICS_HOST, 127.0.0.1 by default; the token is checked there too when set).
import http from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Express } from 'express';
import type { Config } from '../platform/config/config.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

async function answer(metrics: Metrics, token: string | undefined, authorization: string | undefined): Promise<{ status: number; type: string; body: string; headers?: Record<string, string> }> {
  if (token && !tokenMatches(authorization, token)) {
    return { status: 401, type: 'text/plain', body: 'metrics need Authorization: Bearer <METRICS_TOKEN>\n', headers: { 'www-authenticate': 'Bearer realm="metrics"' } };
  }
  return { status: 200, type: metrics.registry.contentType, body: await metrics.registry.metrics() };
}

/** Mounts /metrics on the API's app when a token is set and no port of its own is. */
export function mountMetrics(app: Express, config: Config['metrics'], metrics: Metrics): void {
  if (config.port !== undefined || !config.token) return;
  app.get(METRICS_PATH, async (req, res) => {
    const a = await answer(metrics, config.token, req.headers.authorization);
    res.status(a.status).set(a.headers ?? {}).type(a.type).send(a.body);
  });
}

/** Its own listener when METRICS_PORT is set; resolves with the port it listens on. */
export async function startMetricsServer(config: Config['metrics'], metrics: Metrics): Promise<{ port: number; close: () => Promise<void> } | null> {
  if (config.port === undefined) return null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://metrics');
    if (req.method !== 'GET' || url.pathname !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    answer(metrics, config.token, req.headers.authorization).then(
      (a) => res.writeHead(a.status, { 'content-type': a.type, ...a.headers }).end(a.body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : config.port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
