// The IDE at GET /graphql (when introspection is on): GraphiQL bundled at build time into
// dist/ide/ (scripts/build-ide.mjs) and served from the API's own origin, so it works on a
// network without internet access. The Content-Security-Policy lets the page load nothing else.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';

export const IDE_ASSET_PATH = '/ide';

/** The project root (the folder holding package.json), from src/server or dist/src/server alike. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const IDE_BUNDLE_DIR = path.join(projectRoot(), 'dist', 'ide');

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL sets inline styles on its panes; fonts and icons are data: URLs inside the bundle.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  // HTTP and the websocket of the same origin (CSP 3: 'self' covers ws:/wss: of the same host).
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Xinfang GraphQL</title>
<link rel="stylesheet" href="${IDE_ASSET_PATH}/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the IDE…</div>
<script src="${IDE_ASSET_PATH}/graphiql.js"></script>
</body>
</html>
`;

function wantsHtml(req: Request): boolean {
  return req.method === 'GET' && !req.query.query && !req.query.extensions && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** Mounts the IDE page (before Apollo, on `graphqlPath`) and its assets. */
export function mountIde(app: Express, graphqlPath: string): void {
  const csp = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('content-security-policy', CSP);
    next();
  };
  app.use(IDE_ASSET_PATH, csp, express.static(IDE_BUNDLE_DIR, { index: false, fallthrough: false, maxAge: '1h' }));
  app.get(graphqlPath, (req, res, next) => {
    if (!wantsHtml(req)) return next();
    if (!fs.existsSync(path.join(IDE_BUNDLE_DIR, 'graphiql.js'))) {
      res.status(503).type('text/plain').send('The IDE is not built: run `npm run build` (scripts/build-ide.mjs).\n');
      return;
    }
    csp(req, res, () => {
      res.setHeader('cache-control', 'no-cache');
      res.type('html').send(PAGE);
    });
  });
}
