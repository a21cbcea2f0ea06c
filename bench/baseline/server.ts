// The baseline: bare node:http + pg + jsonwebtoken, hand-written SQL, the
// same JWT checks and the same RLS tenant scope (app role, app.tenant_id) as
// the API. It recognises the bench operations by operationName and answers
// them in the GraphQL answer's shape; it parses no GraphQL.
// Env: DATABASE_URL (superuser URL; connections SET ROLE xinfang_app), PORT, JWT_SECRET, DB_POOL_MAX.
import http from 'node:http';
import { countingPool } from '../lib/pool.js';
import { beginAsActor, verifyToken, type BaselineActor } from './auth.js';
import { listIncidents } from './w1.js';
import { accountabilityReport } from './w2.js';
import { reportIncident, type ReportInput } from './w4.js';
import { assessmentFigures } from './w6.js';
import type pg from 'pg';

const secret = process.env.JWT_SECRET!;
const issuer = process.env.JWT_ISSUER ?? 'xinfang';
const audience = process.env.JWT_AUDIENCE ?? 'xinfang-api';
const { pool, statements } = countingPool(process.env.DATABASE_URL!, Number(process.env.DB_POOL_MAX ?? 10), 'xinfang_app');

type Handler = (client: pg.PoolClient, actor: BaselineActor, variables: Record<string, unknown>) => Promise<unknown>;

const OPERATIONS: Record<string, Handler> = {
  W1List: (c, a, v) => listIncidents(c, a, Number(v.first ?? 50)),
  W2Report: (c, a, v) => accountabilityReport(c, a, String(v.from), String(v.to)),
  W4Report: (c, a, v) => reportIncident(c, a, v.input as ReportInput),
  W6Figures: (c, a, v) => assessmentFigures(c, a, String(v.from), String(v.to)),
};

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/stats') return send(res, 200, { statements: statements() });
  if (req.method === 'GET' && req.url === '/readyz') return send(res, 200, { status: 'ready' });
  if (req.method !== 'POST' || req.url !== '/graphql') return send(res, 404, { errors: [{ message: 'not found' }] });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: { operationName?: string; variables?: Record<string, unknown> };
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return send(res, 400, { errors: [{ message: 'malformed JSON', extensions: { code: 'MALFORMED_JSON' } }] });
  }
  const operation = OPERATIONS[body.operationName ?? ''];
  if (!operation) return send(res, 400, { errors: [{ message: 'unknown operation', extensions: { code: 'BAD_REQUEST' } }] });
  const claims = verifyToken(req.headers.authorization, secret, issuer, audience);
  if (!claims) return send(res, 401, { errors: [{ message: 'Invalid access token', extensions: { code: 'UNAUTHENTICATED' } }] });
  const client = await pool.connect();
  try {
    const actor = await beginAsActor(client, claims);
    if (!actor) {
      await client.query('rollback');
      return send(res, 401, { errors: [{ message: 'Session is no longer valid', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const data = await operation(client, actor, body.variables ?? {});
    await client.query('commit');
    send(res, 200, { data });
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    send(res, 500, { errors: [{ message: (error as Error).message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => send(res, 500, { errors: [{ message: String(error) }] }));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 4100), '127.0.0.1', () => console.log(`baseline listening on ${process.env.PORT}`));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
