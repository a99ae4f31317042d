/**
 * Load run (not a test): `npm run load -- [--nodes 100000] [--seconds 60] [--warmup 20] [--connections 64]`.
 * Starts an embedded Neo4j with the synthetic graph, runs the API as a separate process, drives a mix
 * of the API's queries at it with autocannon, and writes bench/load-report.md and bench/load-results.json.
 * With `--url URL --token T` it drives the same mix at a server already running (ids are drawn from
 * its `countsByLabel`; on a graph other than the synthetic one most ids do not exist, which the report
 * shows as NOT_FOUND answers). Give it the server's CURSOR_KEYS (environment) so that the deep-page
 * cursors it makes are the server's, and `--pid` to measure the server's peak RSS.
 */
import autocannon from 'autocannon';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { mintToken } from '../src/auth/tokens.js';
import { parseCursorKeys, setCursorKeys } from '../src/data/cursors.js';
import { encodeCursor } from '../src/data/pagination.js';
import { CLASSIFICATION_LEVEL } from '../src/ontology.js';
import { Database } from '../src/db/database.js';
import { startEmbedded } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrations.js';
import { BENCH_AUDIENCE, BENCH_ISSUER, generateGraph, peakRssBytes, startApi, stop } from './processes.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '20' },
    connections: { type: 'string', default: '64' },
    home: { type: 'string', default: '/tmp/kg-load-neo4j' },
    url: { type: 'string' },
    token: { type: 'string' },
    pid: { type: 'string' },
  },
});
const log = (m: string) => process.stderr.write(`${m}\n`);
if (values.url && !values.token) throw new Error('--url needs --token (a bearer token for that server)');
if (values.url && !process.env.CURSOR_KEYS) log('CURSOR_KEYS is not set: the deep-page queries will be refused unless the server uses the key this run generates');
// a running server's cursors: sealed with its keys (processes.ts generated one for a server it starts)
if (values.url && process.env.CURSOR_KEYS) setCursorKeys(parseCursorKeys(process.env.CURSOR_KEYS)!);
const NODES = Number(values.nodes);
const SECRET = 'load-run-secret-of-at-least-32-characters';

/** The server under load: one this run starts (embedded Neo4j, synthetic graph), or the one at --url. */
async function target(): Promise<{ url: string; token: string; counts: Record<string, number>; pid?: number; stop(): Promise<void> }> {
  if (values.url) {
    const res = await fetch(values.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token}` },
      body: JSON.stringify({ query: '{ countsByLabel { label count } }' }),
    }).catch((err: unknown) => {
      throw new Error(`cannot reach ${values.url}: ${err instanceof Error ? err.message : String(err)}`);
    });
    const body = (await res.json()) as { data?: { countsByLabel: Array<{ label: string; count: number }> }; errors?: Array<{ message: string }> };
    if (!body.data) throw new Error(`${values.url} answered: ${body.errors?.[0]?.message ?? res.status}`);
    const counts = Object.fromEntries(body.data.countsByLabel.map((c) => [c.label, Math.max(1, c.count)]));
    return { url: values.url, token: values.token!, counts, pid: values.pid ? Number(values.pid) : undefined, stop: async () => {} };
  }
  const start = () => startEmbedded({ home: values.home, heap: '2g', pageCacheMb: 1024 });
  let neo4j = await start();
  let db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
  await migrate(db);
  const n = (await db.read('MATCH (n:Entity) RETURN count(n) AS n'))[0]!.n as number;
  if (n !== NODES) {
    log(`generating ${NODES} nodes (found ${n}) ...`);
    if (n > 0) throw new Error(`${values.home} holds ${n} nodes; remove it or pass --home`);
    // through the bulk importer, which writes the files of the stopped database; the API then meets a cold one
    await db.close();
    await neo4j.stop();
    await generateGraph({ home: values.home }, NODES, { showProgress: true });
    neo4j = await start();
    db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
  }
  // the API this run starts inherits the embedded database's credentials
  process.env.NEO4J_USER = neo4j.user;
  process.env.NEO4J_PASSWORD = neo4j.password;
  const counts: Record<string, number> = Object.fromEntries(((await db.read('MATCH (n:Entity) UNWIND labels(n) AS l WITH l WHERE l <> "Entity" RETURN l, count(*) AS c')) as Array<{ l: string; c: number }>).map((r) => [r.l, r.c]));
  await db.close();
  const { url, process: api } = await startApi(neo4j.uri, SECRET);
  const token = await mintToken({ secret: SECRET, subject: 'load', clearance: 'SECRET', roles: ['reader'], expiresIn: '2h', issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE });
  return {
    url,
    token,
    counts,
    pid: api.pid,
    async stop() {
      await stop(api);
      await neo4j.stop();
    },
  };
}
const server = await target();
const loadBefore = loadavg();
const { url, token, counts } = server;
const N = values.url ? Object.values(counts).reduce((a, b) => a + b, 0) : NODES;

// mulberry32: a deterministic PRNG that stays exact in 32-bit integer arithmetic
let seed = 7;
const rnd = (k: number) => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * k) | 0;
};
// cursors are sealed for the token's clearance, with the key the API process shares (processes.ts)
const cursor = (id: string) => encodeCursor('ID', id, id, CLASSIFICATION_LEVEL.SECRET);
const MIX: Array<[string, () => { query: string; variables?: Record<string, unknown> }]> = [
  ['signature', () => ({ query: `query Signature($d: ID!, $t: ID!) { facilities(filter: {access: [OPEN], district: $d, technology: $t}, first: 20) { totalCount nodes { id name } } }`, variables: { d: `district:syn-${rnd(counts.District!)}`, t: `tech:syn-${rnd(Math.ceil(counts.Technology! / 156)) * 156}` } })],
  ['nested', () => ({ query: `query Nested($d: [ID!]) { districts(filter: {ids: $d}) { nodes { parks(first: 5) { nodes { facilities(first: 5) { nodes { technologies { nodes { id name } } } } } } } } }`, variables: { d: [`district:syn-${rnd(counts.District!)}`] } })],
  ['node', () => ({ query: `query Node($id: ID!) { node(id: $id) { id name ... on Facility { kind access park { name } } } }`, variables: { id: `facility:syn-${rnd(counts.Facility!)}` } })],
  ['deepPage', () => ({ query: `query Page($after: String) { facilities(orderBy: {field: ID}, first: 50, after: $after) { totalCount pageInfo { endCursor } nodes { id } } }`, variables: { after: cursor(`facility:syn-${rnd(counts.Facility!)}`) } })],
  ['search', () => ({ query: `query Search($q: String!) { search(text: $q, first: 10) { score node { id } } }`, variables: { q: `合成實驗室${rnd(1000)}` } })],
  ['path', () => ({ query: `query Path($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 4) { length } }`, variables: { a: `inst:syn-${rnd(counts.Institution!)}`, b: `tech:syn-${rnd(counts.Technology!)}` } })],
  ['neighborhood', () => ({ query: `query Hood($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) { nodes { id } relationships { id } } }`, variables: { id: `inst:syn-${rnd(counts.Institution!)}` } })],
  ['counts', () => ({ query: `query Counts { countsByLabel { label count } }` })],
];

let graphqlErrors = 0;
const perQuery: Record<string, { sent: number; done: number; ms: number[] }> = {};
const timeline: Array<[number, number]> = [];
let runStart = 0;
const errorsByQuery: Record<string, number> = {};
const errorsByCode: Record<string, number> = {};
const firstErrorByQuery: Record<string, string> = {};
const peak = { rss: 0 };
const sampler = setInterval(async () => {
  if (!server.pid) return;
  const status = await readFile(`/proc/${server.pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  peak.rss = Math.max(peak.rss, kb * 1024);
}, 250);

/** p50/p99 of the requests started in each window of `ms` milliseconds. */
const windows = (points: Array<[number, number]>, ms: number) => {
  const out: Array<{ fromS: number; requests: number; p50: number; p99: number }> = [];
  for (let from = 0; points.some(([t]) => t >= from); from += ms) {
    const xs = points.filter(([t]) => t >= from && t < from + ms).map(([, v]) => v).sort((x, y) => x - y);
    if (xs.length) out.push({ fromS: from / 1000, requests: xs.length, p50: xs[Math.floor(xs.length / 2)]!, p99: xs[Math.floor(xs.length * 0.99)]! });
  }
  return out;
};

/** One autocannon run of the mix; only a measured run records per-query figures. */
const drive = (seconds: number, measured: boolean) =>
  autocannon({
    url,
    connections: Number(values.connections),
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req, ctx) => {
          const [name, make] = MIX[rnd(MIX.length)]!;
          (ctx as Record<string, unknown>).name = name;
          (ctx as Record<string, unknown>).started = Date.now();
          if (measured) (perQuery[name] ??= { sent: 0, done: 0, ms: [] }).sent++;
          return { ...req, body: JSON.stringify(make()) };
        },
        onResponse: (status, body, ctx) => {
          if (!measured) return;
          const q = perQuery[String((ctx as Record<string, unknown>).name)]!;
          q.done++;
          q.ms.push(Date.now() - Number((ctx as Record<string, unknown>).started));
          timeline.push([Number((ctx as Record<string, unknown>).started) - runStart, Date.now() - Number((ctx as Record<string, unknown>).started)]);
          if (status === 200 && body.includes('"errors"')) {
            graphqlErrors++;
            const name = String((ctx as Record<string, unknown>).name);
            errorsByQuery[name] = (errorsByQuery[name] ?? 0) + 1;
          for (const [, code] of body.matchAll(/"code":"([A-Z_]+)"/g)) errorsByCode[code!] = (errorsByCode[code!] ?? 0) + 1;
            firstErrorByQuery[name] ??= body.slice(0, 300);
          }
        },
      },
    ],
  });

// A cold JVM compiles query plans and JIT-compiles the engine while 64 clients wait: the first
// seconds are not the steady state this run measures, so a warm-up of the same mix comes first.
log(`warm-up: ${values.connections} connections for ${values.warmup} s`);
const warmup = await drive(Number(values.warmup), false);
log(`load: ${values.connections} connections for ${values.seconds} s against ${url}`);
runStart = Date.now();
const result = await drive(Number(values.seconds), true);
clearInterval(sampler);
const vmhwm = server.pid ? await peakRssBytes(server.pid) : 0;
await server.stop();

const report = {
  date: new Date().toISOString(),
  loadAverageBefore: loadBefore,
  graph: { nodes: N, labels: counts },
  connections: Number(values.connections),
  seconds: Number(values.seconds),
  warmup: { seconds: Number(values.warmup), requests: warmup.requests.total, timeouts: warmup.timeouts, latencyMs: { p50: warmup.latency.p50, p99: warmup.latency.p99 } },
  latencyBy10s: windows(timeline, 10_000),
  requests: result.requests.total,
  throughputPerSecond: result.requests.average,
  non2xx: result.non2xx,
  transportErrors: result.errors,
  timeouts: result.timeouts,
  graphqlErrors,
  errorsByQuery,
  errorsByCode,
  firstErrorByQuery,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  peakRssBytes: Math.max(peak.rss, vmhwm),
  perQuery: Object.fromEntries(
    Object.entries(perQuery).map(([k, v]) => {
      const sorted = [...v.ms].sort((a, b) => a - b);
      return [k, { sent: v.sent, completed: v.done, p50: sorted[Math.floor(sorted.length / 2)] ?? null, p99: sorted[Math.floor(sorted.length * 0.99)] ?? null }];
    }),
  ),
  mix: MIX.map(([name]) => name),
};
await writeFile('bench/load-results.json', `${JSON.stringify(report, null, 2)}\n`);
const mb = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
await writeFile(
  'bench/load-report.md',
  `# Load run

${
  values.url
    ? `Command: \`npm run load -- --url ${values.url} --token … --seconds ${report.seconds} --warmup ${report.warmup.seconds} --connections ${report.connections}${values.pid ? ' --pid …' : ''}\`, ${report.date}.
The server was already running (its own settings and graph: ${N.toLocaleString('en')} nodes visible to the token); load generator and server on a machine with ${cpus().length} cores (load average before the run ${loadBefore.map((l) => l.toFixed(1)).join(' / ')}).`
    : `Command: \`npm run load -- --nodes ${N} --seconds ${report.seconds} --warmup ${report.warmup.seconds} --connections ${report.connections}\` on this project's
machine (2 cores, 24 GiB), ${report.date}. The API runs as its own process (\`NODE_ENV=production\`, a SECRET-cleared
token, so every query filters by classification) against an embedded Neo4j 5.26 holding the synthetic graph
(${N.toLocaleString('en')} nodes). Both share the 2 cores with the load generator.`
}

| figure | value |
|---|---|
| requests served | ${report.requests.toLocaleString('en')} (${Math.round(report.throughputPerSecond)} per second) |
| errors | ${report.non2xx} non-2xx, ${report.transportErrors} transport errors, ${report.timeouts} timeouts, ${report.graphqlErrors} GraphQL errors |
| latency p50 / p90 / p99 / max | ${report.latencyMs.p50} / ${report.latencyMs.p90} / ${report.latencyMs.p99} / ${report.latencyMs.max} ms |
| peak RSS of the API process | ${server.pid ? mb(report.peakRssBytes) : 'not measured (another process)'} |
| warm-up before it (same mix, not counted above) | ${report.warmup.seconds} s: ${report.warmup.requests.toLocaleString('en')} requests, ${report.warmup.timeouts} timeouts, p50 ${report.warmup.latencyMs.p50} ms, p99 ${report.warmup.latencyMs.p99} ms |

Latency by 10 s window of the measured run (p50 / p99, ms): ${report.latencyBy10s.map((w) => `${w.p50} / ${w.p99}`).join(' · ')}.
Per query kind (p50 / p99, ms): ${Object.entries(report.perQuery).map(([k, v]) => `${k} ${v.p50} / ${v.p99}`).join(' · ')}.

Query mix (chosen uniformly per request): ${report.mix.join(', ')}. Raw figures: \`bench/load-results.json\`.
${report.graphqlErrors > 0 ? `\nGraphQL errors by query: ${JSON.stringify(report.errorsByQuery)}; by code: ${JSON.stringify(report.errorsByCode)}
(NOT_FOUND is the correct answer for a random id above the token's clearance.)\n` : ''}`,
);
log(JSON.stringify(report, null, 2));
process.exit(0);
