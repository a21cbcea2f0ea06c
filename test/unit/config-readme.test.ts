import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/platform/config/config.js';

// The README's configuration table names exactly the environment variables
// the code reads: config.ts is the only reader of process.env, so its names
// (read from its source, and recorded while it runs) are the whole list.
const CONFIG_TS = path.resolve('src/platform/config/config.ts');

/** Names in the source: int('X', …), bool('X', …), env.X, env['X']. */
function namesInSource(source: string): Set<string> {
  const names = new Set<string>();
  for (const re of [/\b(?:int|bool)\(\s*'([A-Z][A-Z0-9_]*)'/g, /\benv\.([A-Z][A-Z0-9_]*)/g, /\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g]) {
    for (const m of source.matchAll(re)) names.add(m[1]!);
  }
  return names;
}

/** Names loadConfig asks for while it runs (catches a name built at run time). */
function namesRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_t, key) => {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  loadConfig(env);
  return read;
}

/** First-column names of the table under "## Configuration". */
function namesInReadme(): Set<string> {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const section = readme.split(/^## Configuration\s*$/m)[1]!.split(/^## /m)[0]!;
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|') || /^\|\s*(variable|---)/.test(line)) continue;
    const first = line.split('|')[1]!;
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1]!);
  }
  return names;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('configuration', () => {
  it('the README table lists every environment variable the code reads, and no other', () => {
    const code = new Set([...namesInSource(fs.readFileSync(CONFIG_TS, 'utf8')), ...namesRead()]);
    const readme = namesInReadme();
    // The extraction works (it finds the ones this test was written for).
    expect(code).toContain('PUBLIC_LOOKUP_RATE_PER_ADDRESS');
    expect(readme.size).toBeGreaterThan(20);
    expect({ missingFromReadme: [...code].filter((n) => !readme.has(n)).sort(), notReadByCode: [...readme].filter((n) => !code.has(n)).sort() }).toEqual({
      missingFromReadme: [],
      notReadByCode: [],
    });
  });

  it('config.ts is the only reader of process.env under src/', () => {
    const readers = filesUnder(path.resolve('src'))
      .filter((f) => f.endsWith('.ts') && f !== CONFIG_TS)
      .filter((f) => /process\.env\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(process.cwd(), f));
    expect(readers).toEqual([]);
  });
});
