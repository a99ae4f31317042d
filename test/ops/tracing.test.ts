/**
 * OpenTelemetry tracing, end to end: the real SDK and OTLP/HTTP exporter send their spans to a
 * collector in this process (an HTTP server reading OTLP/JSON), from a real server on the run's
 * Neo4j. Off, it costs nothing: without an OTLP endpoint no OpenTelemetry module is loaded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/ops/logger.js';
import { otlpTracesUrl, startTracing, type Tracing } from '../../src/ops/tracing.js';
import { SEED_DIR } from '../../src/seed.js';
import { EDITOR, TEST_SECRET, tokenFor } from '../graphql/harness.js';
import { logSink, testDatabase } from '../helpers.js';

/** A span as the collector received it (OTLP/JSON), attributes decoded. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status: { code?: number };
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}
const SERVER = 2;
const CLIENT = 3;
const STATUS_ERROR = 2;

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number; arrayValue?: { values?: AnyValue[] } };
const decode = (v: AnyValue): unknown =>
  v.arrayValue ? (v.arrayValue.values ?? []).map(decode) : v.intValue !== undefined ? Number(v.intValue) : (v.stringValue ?? v.boolValue ?? v.doubleValue);
const attributes = (list: Array<{ key: string; value: AnyValue }> = []) => Object.fromEntries(list.map((a) => [a.key, decode(a.value)]));

const received: ReceivedSpan[] = [];
const requests: Array<{ path: string; contentType: string }> = [];
let collector: Server;

/** Log lines of the server, parsed. */
const { lines, sink } = logSink();

const db = testDatabase();
let tracing: Tracing;
let server: RunningServer;

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', contentType: String(req.headers['content-type']) });
      for (const rs of JSON.parse(body).resourceSpans ?? []) {
        const resource = attributes(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) received.push({ ...s, status: s.status ?? {}, attributes: attributes(s.attributes), resource });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  tracing = (await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'kg-tracing-test' }))!;
  await load(db, await readDatasetDir(SEED_DIR));
  server = await startServer({
    db,
    port: 0,
    tracing,
    logger: createLogger({ level: 'info', format: 'json', destination: sink, mixin: () => tracing.logFields() }),
    authenticate: await createAuthenticator({ jwtSecret: TEST_SECRET }),
  });
}, 300_000);
afterAll(async () => {
  await db.write('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix: 'facility:tracing-' }).catch(() => {});
  await server?.close();
  await db.close();
  await tracing?.shutdown();
  await new Promise((resolve) => collector?.close(resolve));
});

async function ask(query: string, headers: Record<string, string>, variables?: Record<string, unknown>) {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as any };
}

/** The request span that carries `requestId`, and the spans under it, once the collector has them. */
async function spansOf(requestId: string) {
  for (let i = 0; i < 100; i++) {
    await tracing.forceFlush();
    const root = received.find((s) => s.kind === SERVER && (s.attributes['http.response.header.x-request-id'] as string[] | undefined)?.[0] === requestId);
    if (root) return { root, children: received.filter((s) => s.parentSpanId === root.spanId) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no span for request ${requestId}`);
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('tracing on (OTLP endpoint configured)', () => {
  it('sends a request span by the GraphQL conventions, child of the caller traceparent, carrying the request id', async () => {
    const health = readFileSync(path.resolve(import.meta.dirname, '../../src/client/operations/health.graphql'), 'utf8');
    const res = await ask(health, { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, 'x-request-id': 'trace-health-1' });
    expect(res.body.data.health.ok).toBe(true);

    const { root } = await spansOf('trace-health-1');
    expect(root).toMatchObject({ traceId: TRACE_ID, parentSpanId: PARENT_ID, name: 'query Health', kind: SERVER });
    expect(root.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Health',
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
      'http.response.header.x-request-id': ['trace-health-1'],
    });
    expect(root.status.code ?? 0).not.toBe(STATUS_ERROR);
    expect(root.resource['service.name']).toBe('kg-tracing-test');
    expect(requests.every((r) => r.path === '/v1/traces' && r.contentType.startsWith('application/json'))).toBe(true);
  });

  it('sends a span per Cypher transaction, under the request that ran it, with the database conventions', async () => {
    await ask(`query Health { health { ok nodeCount } }`, { 'x-request-id': 'trace-health-2' });
    const { root, children } = await spansOf('trace-health-2');
    expect(children.length).toBeGreaterThanOrEqual(1);
    for (const span of children) {
      expect(span).toMatchObject({ traceId: root.traceId, kind: CLIENT, name: 'run neo4j' });
      expect(span.attributes).toMatchObject({ 'db.system.name': 'neo4j', 'db.operation.name': 'run', 'server.address': '127.0.0.1' });
      expect(span.attributes['db.query.text']).toEqual(expect.stringMatching(/MATCH|RETURN|CALL/));
    }
  });

  it('records a mutation with its write transaction', async () => {
    const res = await ask(
      `mutation CreateTracingLab($input: FacilityInput!) { createFacility(input: $input) { facility { id } } }`,
      { authorization: `Bearer ${await tokenFor(EDITOR)}`, 'x-request-id': 'trace-mutation-1' },
      { input: { id: 'facility:tracing-lab', name: '追蹤測試實驗室', kind: 'KEY_LAB', access: 'OPEN', sources: ['tracing test'] } },
    );
    expect(res.body.errors).toBeUndefined();
    const { root, children } = await spansOf('trace-mutation-1');
    expect(root.name).toBe('mutation CreateTracingLab');
    expect(root.attributes['graphql.operation.type']).toBe('mutation');
    expect(children.map((s) => s.attributes['db.operation.name'])).toContain('executeWrite');
  });

  it('lists user errors on the span without marking the request failed', async () => {
    const res = await ask(`query TooMany { facilities(first: 1000) { totalCount } }`, { 'x-request-id': 'trace-user-error-1' });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const { root } = await spansOf('trace-user-error-1');
    expect(root.attributes['graphql.error.codes']).toEqual(['BAD_USER_INPUT']);
    expect(root.status.code ?? 0).not.toBe(STATUS_ERROR);
    expect(root.attributes['error.type']).toBeUndefined();
  });

  it("correlates logs: the request's log line carries its span's trace and span ids beside the request id", async () => {
    await ask(`query Health { health { ok } }`, { 'x-request-id': 'trace-log-1' });
    const { root } = await spansOf('trace-log-1');
    const line = lines.find((l) => l.requestId === 'trace-log-1');
    expect(line).toMatchObject({ msg: 'graphql request', trace_id: root.traceId, span_id: root.spanId });
  });
});

describe('tracing off', () => {
  it('is off unless an OTLP endpoint is configured, and OTEL_SDK_DISABLED / OTEL_TRACES_EXPORTER=none turn it off', async () => {
    expect(otlpTracesUrl({})).toBeUndefined();
    expect(await startTracing({})).toBeUndefined();
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' })).toBe('http://b:4318/custom');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('loads no OpenTelemetry module: only the on-demand tracing-otel.ts (and the plugin it brings) import it at run time', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('generated'));
    const runtimeImports = (file: string, pattern: RegExp) =>
      readFileSync(path.join(src, file), 'utf8')
        .split('\n')
        .filter((l) => /^\s*import\s/.test(l) && !/^\s*import\s+type\s/.test(l) && pattern.test(l));
    const otel = files.filter((f) => runtimeImports(f, /from '@opentelemetry\//).length > 0).sort();
    expect(otel).toEqual(['graphql/plugins/use-tracing.ts', 'ops/tracing-otel.ts']);
    const loaders = files.filter((f) => runtimeImports(f, /tracing-otel|use-tracing/).length > 0);
    expect(loaders).toEqual(['ops/tracing-otel.ts']);
    // tracing.ts brings the SDK in with a dynamic import, after checking the endpoint
    expect(readFileSync(path.join(src, 'ops/tracing.ts'), 'utf8')).toMatch(/if \(!url\) return undefined;\s+const \{ createTracing \} = await import\('\.\/tracing-otel\.js'\);/);
  });
});
