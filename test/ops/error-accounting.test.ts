import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { Database } from '../../src/db/database.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/ops/logger.js';
import { createMetrics, type Metrics } from '../../src/ops/metrics.js';
import { logSink, testDatabase } from '../helpers.js';

/** Log lines of the server, parsed. */
const { lines, sink } = logSink();

const db = testDatabase();
let server: RunningServer;
let metrics: Metrics;
beforeAll(async () => {
  metrics = createMetrics(db, { defaults: false });
  server = await startServer({
    db,
    port: 0,
    metrics,
    logger: createLogger({ level: 'info', format: 'json', destination: sink }),
    // levels here must not depend on how busy the machine is
    slowRequestMs: 600_000,
    authenticate: await createAuthenticator({ jwtSecret: 'error-accounting-secret-of-32-chars!!' }),
  });
});
afterAll(async () => {
  await server?.close();
  await db.close();
});

async function ask(query: string, headers: Record<string, string> = {}, url = server.url) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': `acct-${lines.length}-${Math.random()}`.slice(0, 40), ...headers }, body: JSON.stringify({ query }) });
  await res.text();
  return res.headers.get('x-request-id')!;
}
const lineOf = (requestId: string) => lines.find((l) => l.requestId === requestId)!;
const errorCount = async (code: string) => (await metrics.errors.get()).values.find((v) => v.labels.code === code)?.value ?? 0;

describe('error accounting', () => {
  it('user errors are counted under their own code and logged at info, never as INTERNAL_SERVER_ERROR', async () => {
    const id = await ask('{ parks(first: 500) { totalCount } }');
    expect(lineOf(id)).toMatchObject({ level: 30, msg: 'graphql request with user errors', errors: ['BAD_USER_INPUT'] });
    const parse = await ask('{ parks(first: ) }');
    expect(lineOf(parse)).toMatchObject({ level: 30, errors: ['GRAPHQL_PARSE_FAILED'] });
    const invalid = await ask('{ parks { colour } }');
    expect(lineOf(invalid)).toMatchObject({ level: 30, errors: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(await errorCount('BAD_USER_INPUT')).toBe(1);
    expect(await errorCount('GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(await errorCount('INTERNAL_SERVER_ERROR')).toBe(0);
  });

  it('refusals (credentials, permissions, limits) are logged at warn under their codes', async () => {
    const forbidden = await ask('{ auditEvents { totalCount } }');
    expect(lineOf(forbidden)).toMatchObject({ level: 40, msg: 'graphql request refused', errors: ['UNAUTHENTICATED'] });
    const badToken = await ask('{ health { ok } }', { authorization: 'Bearer nonsense' });
    expect(lineOf(badToken)).toMatchObject({ level: 40, msg: 'authentication refused', errors: ['UNAUTHENTICATED'] });
    expect(await errorCount('UNAUTHENTICATED')).toBe(2);
    expect(await errorCount('INTERNAL_SERVER_ERROR')).toBe(0);
  });

  it('a successful request is info with no errors field', async () => {
    const id = await ask('query Health { health { ok } }');
    expect(lineOf(id)).toMatchObject({ level: 30, msg: 'graphql request', operation: 'Health', subject: 'anonymous' });
    expect(lineOf(id).errors).toBeUndefined();
  });

  it('a fault of the database is logged at error level under its own code', async () => {
    const away = new Database({ uri: 'bolt://127.0.0.1:1' });
    const s = await startServer({ db: away, port: 0, metrics, logger: createLogger({ level: 'info', format: 'json', destination: sink }) });
    try {
      const id = await ask('{ health { nodeCount } }', {}, s.url);
      expect(lineOf(id)).toMatchObject({ level: 50, msg: 'graphql request failed', errors: ['SERVICE_UNAVAILABLE'] });
      expect(await errorCount('SERVICE_UNAVAILABLE')).toBe(1);
    } finally {
      await s.close();
      await away.close();
    }
  });
});
