// Checks the docker files without a Docker engine: dclint validates the compose file against the
// Compose schema and lints it (warnings fail too), dockerfile-utils lints the Dockerfile.
// Usage: node scripts/lint-docker.mjs [compose.yaml] [Dockerfile]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { validate } from 'dockerfile-utils';

const [compose = 'docker/compose.yaml', dockerfile = 'docker/Dockerfile'] = process.argv.slice(2);
const require = createRequire(import.meta.url);
let failed = false;

const dclint = path.join(path.dirname(require.resolve('dclint/package.json')), 'bin/dclint.cjs');
const result = spawnSync(process.execPath, [dclint, compose, '--max-warnings', '0'], { stdio: 'inherit' });
if (result.status !== 0) failed = true;

const diagnostics = validate(fs.readFileSync(dockerfile, 'utf8'));
for (const d of diagnostics) {
  console.log(`${dockerfile}:${d.range.start.line + 1}: ${d.severity === 1 ? 'error' : 'warning'} ${d.message}`);
}
if (diagnostics.length) failed = true;

if (failed) process.exit(1);
console.log(`${compose} and ${dockerfile}: no problems`);
