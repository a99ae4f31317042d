import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../graphql/context.js';

/** One Cypher transaction, as a span describes it. */
export interface TransactionInfo {
  /**
   * The driver call that ran it: `run` (one read statement, auto-commit), `executeRead`,
   * `executeWrite`, or `beginTransaction` (explicit, rolled back).
   */
  operation: 'run' | 'executeRead' | 'executeWrite' | 'beginTransaction';
  /** Database name; undefined for the server's default. */
  database?: string;
  /** The server the driver was given (a router, for `neo4j://`). */
  server: { address: string; port?: number };
  /** The statement's Cypher text when the transaction runs one: parameters only, never values. */
  statement?: string;
}

/**
 * OpenTelemetry tracing, as the server and the database use it. It exists only when an OTLP endpoint
 * is configured: otherwise `startTracing` returns undefined, no OpenTelemetry module is loaded and
 * no span code runs (callers test for it once).
 */
export interface Tracing {
  /**
   * Runs `handle` in a SERVER span for one HTTP request (child of the caller's W3C `traceparent`
   * when it sends one), which carries the request id and ends when `handle` settles.
   */
  request(req: IncomingMessage, res: ServerResponse, requestId: string, handle: () => Promise<void>): Promise<void>;
  /** Runs one Cypher transaction in a CLIENT span (child of the active request span). */
  transaction<T>(info: TransactionInfo, run: () => Promise<T>): Promise<T>;
  /** Names the request span after its GraphQL operation and records GraphQL attributes. */
  plugin(): ApolloServerPlugin<Context>;
  /** `trace_id` and `span_id` of the active span, for log lines (empty outside a span). */
  logFields(): Record<string, string>;
  /** Sends every ended span now. */
  forceFlush(): Promise<void>;
  /** Sends what is left and stops. */
  shutdown(): Promise<void>;
}

/**
 * The OTLP/HTTP traces URL the environment configures, as the OpenTelemetry specification reads it:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`;
 * undefined (tracing off) when neither is set, or when OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none.
 */
export function otlpTracesUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** Tracing when an OTLP endpoint is configured (see otlpTracesUrl), else undefined. */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<Tracing | undefined> {
  const url = otlpTracesUrl(env);
  if (!url) return undefined;
  const { createTracing } = await import('./tracing-otel.js');
  return createTracing({ url, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'dual-use-kg' });
}
