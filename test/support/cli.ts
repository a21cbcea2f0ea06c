import { vi } from 'vitest';
import { runCli } from '../../src/admin/cli.js';

/** Runs an admin CLI command in-process; returns its exit code and what it printed with console.log. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  try {
    return { code: await runCli(argv), out: out.join('\n') };
  } finally {
    log.mockRestore();
  }
}
