// Compiles with tsc only when an input is newer than the last successful build, so
// `npm start` (and the admin CLI) are ready in seconds when nothing changed.
// Inputs: the tsconfig's include folders, tsconfig.json, package-lock.json and the IDE's sources.
// The stamp is written after a build that succeeded; tsc's incremental output
// alone cannot tell (it leaves files it did not need to rewrite untouched).
// Usage: node scripts/build-if-stale.mjs [--root <project dir>] [--quiet]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const root = path.resolve(rootArg >= 0 ? args[rootArg + 1] : '.');
const quiet = args.includes('--quiet');
const tsconfigPath = path.join(root, 'tsconfig.json');
const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
const outDir = path.join(root, tsconfig.compilerOptions?.outDir ?? 'dist');
const stamp = path.join(outDir, '.build-stamp');

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder
  for (const e of fs.readdirSync(entry, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, e.name)));
  }
  return newest;
}

// "src/**/*.ts" → src; "vitest.config.ts" → that file.
const inputs = (tsconfig.include ?? ['.']).map((p) => path.join(root, p.split('*')[0]));
const ideBuild = path.join(root, 'scripts/build-ide.mjs');
inputs.push(tsconfigPath, path.join(root, 'package-lock.json'), path.join(root, 'ide'), ideBuild);
const newestInput = Math.max(...inputs.map(newestMtime));
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;

if (built >= newestInput) {
  if (!quiet) console.log('build is up to date');
  process.exit(0);
}
if (!quiet) console.log('sources changed since the last build: compiling (tsc)…');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const buildStarted = new Date();
const result = spawnSync(process.execPath, [tsc, '-p', tsconfigPath], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);
// The IDE bundle (GraphiQL for GET /graphql), where the project has one.
if (fs.existsSync(ideBuild)) {
  const ide = spawnSync(process.execPath, [ideBuild], { stdio: 'inherit', cwd: root });
  if (ide.status !== 0) process.exit(ide.status ?? 1);
}
fs.mkdirSync(outDir, { recursive: true });
// The stamp carries the time the build started reading, so an edit during the build is seen next time.
fs.writeFileSync(stamp, '');
fs.utimesSync(stamp, buildStarted, buildStarted);
