import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { mintToken } from '../../src/auth/tokens.js';
import { freePort } from '../../src/db/embedded.js';
import { Database } from '../../src/db/database.js';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { SEED_DIR } from '../../src/seed.js';
import { API_NODE_FLAGS } from '../../src/ops/heap.js';

/** `npm start`'s entry point as a real process, on the run's database. */
const SECRET = 'process-test-secret-of-at-least-32-chars';
let child: ChildProcess;
let url: string;
const logs: Array<Record<string, unknown>> = [];
let exited: Promise<number | null>;

beforeAll(async () => {
  const db = new Database({ uri: inject('neo4jUri'), user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, queryTimeoutMs: 300_000 });
  await load(db, await readDatasetDir(SEED_DIR));
  await db.close();
  const port = await freePort();
  child = spawn(process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NEO4J_URI: inject('neo4jUri'), PORT: String(port), SEED: 'false', JWT_SECRET: SECRET, LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '20000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (typeof entry.url === 'string') {
        url = entry.url;
        resolve();
      }
    });
    child.once('exit', () => reject(new Error('server exited before it was ready')));
  });
});
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

const ask = (query: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('the running service', () => {
  it('logs one JSON line per request with its request id, operation and subject, and no secret', async () => {
    const token = await mintToken({ secret: SECRET, subject: 'log-reader', clearance: 'INTERNAL', roles: ['reader'] });
    const res = await ask('query WhoIsThere { node(id: "tech:beidou") { id } }', { authorization: `Bearer ${token}`, 'x-request-id': 'req-12345' });
    expect(res.headers.get('x-request-id')).toBe('req-12345');
    await res.json();
    await new Promise((r) => setTimeout(r, 100));
    const line = logs.find((l) => l.requestId === 'req-12345');
    expect(line).toMatchObject({ level: 30, operation: 'WhoIsThere', subject: 'log-reader', msg: 'graphql request' });
    expect(typeof line!.ms).toBe('number');
    expect(JSON.stringify(logs)).not.toContain(token);
    expect(JSON.stringify(logs)).not.toContain('tech:beidou'); // no query text or data
    // without the caller's x-request-id, a new one is made, echoed and logged; variables are not logged
    const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query ById($id: ID!) { node(id: $id) { id } }', variables: { id: 'tech:variable-only-9931' } }) });
    const made = plain.headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    await plain.json();
    await new Promise((r) => setTimeout(r, 100));
    expect(logs.find((l) => l.requestId === made)).toMatchObject({ operation: 'ById', subject: 'anonymous' });
    expect(JSON.stringify(logs)).not.toContain('variable-only-9931');
  });

  it('serves Prometheus metrics: requests, latency, errors by code, Cypher time, batch sizes, pool', async () => {
    await (await ask('query Fail { facilities(first: 1000) { totalCount } }')).json();
    // below `nodes(ids)` relationship fields are batched by DataLoader (below lists they are compiled into the list's statement)
    const parks = ['park:beidou-spatial-information-industrial-base', 'park:zgc-changping-park', 'park:daxing-cmi-industrial-base'];
    await (await ask(`query Nested { nodes(ids: ${JSON.stringify(parks)}) { ... on Park { facilities { totalCount } } } }`)).json();
    const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    // names that no shipped client uses are counted as "other" (labels stay bounded)
    expect(text).toMatch(/graphql_requests_total\{operation="other"\} \d+/);
    expect(text).toMatch(/graphql_request_duration_seconds_bucket\{le="[^"]+",operation="other"\}/);
    expect(text).not.toMatch(/operation="Nested"/);
    expect(text).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} 1/);
    expect(text).toMatch(/neo4j_transaction_duration_seconds_count\{mode="READ",outcome="ok"\} \d+/);
    expect(text).toMatch(/dataloader_batch_size_sum\{field="Park\.facilities"\} 3/);
    expect(text).toMatch(/neo4j_sessions_active \d+/);
    expect(text).toMatch(/neo4j_pool_max_size \d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds \d/);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram'); // series appear with the first collection
    // an operation without a name is "anonymous"
    await (await ask('{ health { ok } }')).json();
    const after = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(after).toMatch(/graphql_requests_total\{operation="anonymous"\} \d+/);
  });

  it('on SIGTERM finishes every request in flight, then stops', async () => {
    const query = 'query Slow { neighborhood(id: "task:fengtai-base", depth: 3, limit: 500) { nodes { id } } }';
    const inFlight = Array.from({ length: 30 }, () => ask(query).then(async (r) => ({ status: r.status, body: (await r.json()) as any })));
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const ready = await fetch(url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503); // out of the load balancer at once
    expect(await ready.json()).toEqual({ ready: false, draining: true });
    const answers = await Promise.all(inFlight);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body.data.neighborhood.nodes.length).toBeGreaterThan(1);
    }
    expect(await exited).toBe(0);
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: draining in-flight requests', 'stopped']));
    await expect(ask('{ health { ok } }')).rejects.toThrow(); // no longer accepting
  });
});
