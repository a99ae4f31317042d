import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout. Credentials are redacted wherever they appear, and request logs
 * carry ids, operation names, timings and error codes only: never query text, variables or data,
 * which may be classified.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'dual-use-kg' },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]', 'password', '*.password'], censor: '[redacted]' },
  });
}

/** A logger that writes nothing (tests, embedded use). */
export const silentLogger: Logger = pino({ level: 'silent' });
