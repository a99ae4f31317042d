import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** Options of the process logger. */
export interface LoggerOptions {
  /** pino level (LOG_LEVEL, default info). */
  level?: string;
  /**
   * `pretty`: coloured human lines (pino-pretty); `json`: one JSON object a line. Default: pretty
   * when stdout is a terminal, JSON otherwise (LOG_FORMAT overrides).
   */
  format?: 'pretty' | 'json';
  /** Where lines go (stdout by default). */
  destination?: DestinationStream;
  /** Fields added to every line (tracing's trace_id and span_id, when tracing is on). */
  mixin?: () => object;
}

/** The log format LOG_FORMAT asks for, else pretty on a terminal and JSON elsewhere. */
export function logFormat(env: NodeJS.ProcessEnv = process.env, isTTY = Boolean(process.stdout.isTTY)): 'pretty' | 'json' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  if (env.LOG_FORMAT) throw new Error(`LOG_FORMAT must be json or pretty, got '${env.LOG_FORMAT}'`);
  return isTTY ? 'pretty' : 'json';
}

/**
 * Structured logs on stdout: JSON for collectors, human lines on a terminal. Credentials are
 * redacted wherever they appear, and request logs carry ids, operation names, timings and error
 * codes only: never query text, variables or data, which may be classified.
 */
export function createLogger({ level = process.env.LOG_LEVEL ?? 'info', format = logFormat(), destination, mixin }: LoggerOptions = {}): Logger {
  const options = {
    level,
    ...(mixin ? { mixin } : {}),
    base: { service: 'dual-use-kg' },
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]', 'password', '*.password'], censor: '[redacted]' },
  };
  if (format === 'json') return destination ? pino(options, destination) : pino(options);
  // synchronous stream in this thread (no transport worker), so lines are never lost at exit
  const stream = pretty({ translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: false, sync: true, ...(destination ? { destination } : {}) });
  return pino(options, stream);
}

/** A logger that writes nothing (tests, embedded use). */
export const silentLogger: Logger = pino({ level: 'silent' });
