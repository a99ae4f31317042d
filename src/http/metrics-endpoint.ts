import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../ops/metrics.js';
import { send } from './respond.js';

/** Where and to whom /metrics is served. */
export interface MetricsEndpointOptions {
  /** When set, scrapers must send `authorization: Bearer <token>`. */
  token?: string;
  /**
   * When set, /metrics is served only on this port of `host` (a listener of its own, 127.0.0.1 by
   * default) and no longer on the GraphQL port. 0 picks a free port.
   */
  port?: number;
  host?: string;
  /**
   * Not served at all (production without a token or a port of its own): an anonymous scraper
   * would see when classified data was read, each such read writing its audit record.
   */
  closed?: boolean;
}

/** A separate metrics listener. */
export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Answers a /metrics request: 404 when closed, 401 without the configured token, else the Prometheus text. */
export function metricsHandler(metrics: Metrics, token: string | undefined, closed = false) {
  const expected = token ? digest(token) : null;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (closed) return send(res, 404, { error: 'in production, metrics are served only with METRICS_TOKEN set or on METRICS_PORT' });
    if (expected) {
      const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      // digests of equal length, compared in constant time
      if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
        res.setHeader('www-authenticate', 'Bearer');
        return send(res, 401, { error: 'metrics need the metrics token' });
      }
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  };
}

/** Serves /metrics alone on its own port (anything else is a 404). */
export async function startMetricsServer(metrics: Metrics, { token, port = 0, host = '127.0.0.1' }: MetricsEndpointOptions): Promise<MetricsServer> {
  const handler = metricsHandler(metrics, token);
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/metrics') return send(res, 404, { error: 'not found; metrics are at /metrics' });
    handler(req, res).catch(() => send(res, 500, { error: 'metrics unavailable' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
