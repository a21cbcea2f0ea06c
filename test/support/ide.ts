// The IDE bundle (dist/ide/) is built by `npm run build`; build it when a test needs it and it is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function ensureIdeBundle(): void {
  const out = path.resolve('dist/ide/graphiql.js');
  const sources = [path.resolve('ide/graphiql.entry.js'), path.resolve('scripts/build-ide.mjs'), path.resolve('package-lock.json')];
  const builtAt = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
  if (sources.every((s) => fs.statSync(s).mtimeMs <= builtAt)) return;
  const build = spawnSync(process.execPath, ['scripts/build-ide.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`IDE bundle failed:\n${build.stdout}${build.stderr}`);
}
