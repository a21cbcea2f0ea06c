// Bundles the IDE page's script and styles (ide/graphiql.entry.js) into dist/ide/ with esbuild,
// so GET /graphql serves GraphiQL from the API's own origin, offline.
// Part of `npm run build`; the API image copies dist/ide/ from its build stage.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { graphiql: 'ide/graphiql.entry.js' },
  outdir: 'dist/ide',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  platform: 'browser',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Fonts and images referenced by the styles are inlined; nothing is fetched from elsewhere.
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
  legalComments: 'linked',
  logLevel: 'warning',
});
