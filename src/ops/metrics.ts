import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.js';

/** The server's Prometheus metrics, in a registry of its own (several servers may share a process in tests). */
export interface Metrics {
  registry: Registry;
  requests: Counter<'operation'>;
  duration: Histogram<'operation'>;
  errors: Counter<'code'>;
  cypher: Histogram<'mode' | 'outcome'>;
  batchSize: Histogram<'field'>;
}

/** Gauges of the admission gate (src/http/admission.ts): requests executing and waiting for a turn. */
export function watchAdmission(metrics: Metrics, admission: { readonly running: number; readonly waiting: number }): void {
  const { registry } = metrics;
  new Gauge({ name: 'graphql_requests_running', help: 'GraphQL requests executing now (at most MAX_CONCURRENT_REQUESTS)', registers: [registry], collect() { this.set(admission.running); } });
  new Gauge({ name: 'graphql_requests_waiting', help: 'GraphQL requests waiting for a turn to execute', registers: [registry], collect() { this.set(admission.waiting); } });
}

/** Creates the metrics and attaches the database's transaction hook and pool gauges. */
export function createMetrics(db: Database, { defaults = true }: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry });
  const metrics: Metrics = {
    registry,
    requests: new Counter({ name: 'graphql_requests_total', help: 'GraphQL operations received, by operation name', labelNames: ['operation'], registers: [registry] }),
    duration: new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its response, by operation name',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    errors: new Counter({ name: 'graphql_errors_total', help: 'Errors returned to clients, by extensions.code', labelNames: ['code'], registers: [registry] }),
    cypher: new Histogram({
      name: 'neo4j_transaction_duration_seconds',
      help: 'Duration of each Cypher transaction (one database round trip), by access mode and outcome',
      labelNames: ['mode', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'dataloader_batch_size',
      help: 'Keys per DataLoader batch (one Cypher query each), by field',
      labelNames: ['field'],
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [registry],
    }),
  };
  new Gauge({ name: 'neo4j_sessions_active', help: 'Driver sessions open now (connections in use)', registers: [registry], collect() { this.set(db.activeSessions); } });
  new Gauge({ name: 'neo4j_pool_max_size', help: 'Upper bound of the driver connection pool', registers: [registry], collect() { this.set(db.maxPoolSize); } });
  db.observe((mode, seconds, ok) => metrics.cypher.observe({ mode, outcome: ok ? 'ok' : 'error' }, seconds));
  return metrics;
}
