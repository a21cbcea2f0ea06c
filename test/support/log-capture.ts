// A real pino logger whose JSON lines are kept in memory, to assert what the server logged.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface CapturedLog {
  logger: Logger;
  lines: Record<string, any>[];
}

export function captureLogs(level = 'info'): CapturedLog {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level, base: { service: 'xinfang' } }, sink), lines };
}
