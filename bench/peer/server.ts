// The peer: PostGraphile 4.14.1 (library mode, in a node:http server) on the
// same database. The JWT is checked here exactly like the baseline does; the
// verified token's tenant and user become pgSettings, so PostGraphile runs
// each request in a transaction as xinfang_app under the same RLS policies.
// Env: DATABASE_URL (superuser URL), PORT, JWT_SECRET, DB_POOL_MAX.
import http from 'node:http';
import './one-graphql.js';
import { countingPool } from '../lib/pool.js';
import { verifyToken, type Claims } from '../baseline/auth.js';

const secret = process.env.JWT_SECRET!;
const issuer = process.env.JWT_ISSUER ?? 'xinfang';
const audience = process.env.JWT_AUDIENCE ?? 'xinfang-api';
const { pool, statements } = countingPool(process.env.DATABASE_URL!, Number(process.env.DB_POOL_MAX ?? 10), null);

type ClaimedRequest = http.IncomingMessage & { claims?: Claims };

// A self-referencing foreign key on a unique column (alert_period_report.supersedes_id) gives
// PostGraphile the same name for its forward and backward relation, and its schema build fails:
// name the backward side by smart comment (bench database only; the API ignores comments).
await pool.query(`do $$ declare c record; begin
  for c in select conname, conrelid::regclass as tbl from pg_constraint where contype = 'f' and conrelid = confrelid loop
    execute format('comment on constraint %I on %s is %L', c.conname, c.tbl,
      E'@foreignFieldName ' || replace(initcap(replace(c.conname, '_', ' ')), ' ', '') || 'Inverse'
      || E'\\n@foreignSingleFieldName ' || replace(initcap(replace(c.conname, '_', ' ')), ' ', '') || 'InverseOne');
  end loop; end $$`);

const { postgraphile } = await import('postgraphile');
const middleware = postgraphile(pool, 'public', {
  graphqlRoute: '/graphql',
  disableDefaultMutations: true,
  disableQueryLog: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  retryOnInitFail: false,
  watchPg: false,
  graphiql: false,
  pgSettings: async (req) => {
    const claims = (req as ClaimedRequest).claims!;
    return { role: 'xinfang_app', 'app.tenant_id': claims.tid, 'app.user_id': claims.sub };
  },
});

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req: ClaimedRequest, res) => {
  if (req.method === 'GET' && req.url === '/stats') return send(res, 200, { statements: statements() });
  if (req.method === 'GET' && req.url === '/readyz') {
    // Ready once the schema is built (the first introspection).
    middleware.getGraphQLSchema().then(() => send(res, 200, { status: 'ready' }), () => send(res, 503, { status: 'not ready' }));
    return;
  }
  if (req.url === '/graphql' && req.method === 'POST') {
    const claims = verifyToken(req.headers.authorization, secret, issuer, audience);
    if (!claims) return send(res, 401, { errors: [{ message: 'Invalid access token', extensions: { code: 'UNAUTHENTICATED' } }] });
    req.claims = claims;
  }
  middleware(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 4200), '127.0.0.1', () => console.log(`peer listening on ${process.env.PORT}`));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
