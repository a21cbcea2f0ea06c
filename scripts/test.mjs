// npm test: type check, IDE bundle, dependency rules, schema drift check, docker file lint, then the vitest suite against a real PostgreSQL.
import { spawnSync } from 'node:child_process';

function run(label, cmd, args) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

run('type check and build', 'npx', ['tsc', '-p', 'tsconfig.json']);
run('IDE bundle (scripts/build-ide.mjs)', 'node', ['scripts/build-ide.mjs']);
run('dependency rules (.dependency-cruiser.cjs)', 'npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);
run('schema drift check', 'node', ['dist/src/server/emit-schema.js', '--check']);
run('docker files (dclint, dockerfile-utils)', 'node', ['scripts/lint-docker.mjs']);
// The typed client example: its types come from the committed schema, so a breaking change fails here.
run('typed client example (graphql-codegen, tsc)', 'npx', ['graphql-codegen', '--config', 'examples/duty-room/codegen.ts', '--silent']);
run('typed client example type check', 'npx', ['tsc', '-p', 'examples/duty-room/tsconfig.json']);
run('tests', 'npx', ['vitest', 'run', ...process.argv.slice(2)]);
