import { pino, type Logger } from 'pino';

/** Structured JSON logs (pino: fast, well kept, redaction built in). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'xinfang' },
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.refreshToken', '*.accessToken', '*.accessCode', 'variables'],
      censor: '[redacted]',
    },
  });
}
