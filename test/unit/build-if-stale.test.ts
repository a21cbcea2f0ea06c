// `npm start` compiles only when a source is newer than the last successful build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve('scripts/build-if-stale.mjs');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xinfang-stale-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function run() {
  const r = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}
const outFile = path.join(root, 'dist/src/a.js');

describe('build-if-stale', () => {
  it('builds a fresh tree, skips an unchanged one, rebuilds after an edit and refuses a failing build', () => {
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { outDir: 'dist', rootDir: '.', module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' },
      include: ['src/**/*.ts'],
    }));
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'export const a: number = 1;\n');

    const first = run();
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain('compiling');
    expect(fs.readFileSync(outFile, 'utf8')).toContain('a = 1');

    const second = run();
    expect(second.status).toBe(0);
    expect(second.out).toContain('up to date');

    // mtime one second ahead: file systems with coarse timestamps still see the edit.
    fs.writeFileSync(path.join(root, 'src/a.ts'), 'export const a: number = 2;\n');
    const later = new Date(Date.now() + 1000);
    fs.utimesSync(path.join(root, 'src/a.ts'), later, later);
    const third = run();
    expect(third.status, third.out).toBe(0);
    expect(third.out).toContain('compiling');
    expect(fs.readFileSync(outFile, 'utf8')).toContain('a = 2');

    fs.writeFileSync(path.join(root, 'src/a.ts'), 'export const a: number = "two";\n');
    const muchLater = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(root, 'src/a.ts'), muchLater, muchLater);
    const broken = run();
    expect(broken.status).not.toBe(0);
    // A failed build leaves the tree stale: the next start tries again instead of running old output.
    expect(run().out).toContain('compiling');
  });
});
