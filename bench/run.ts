/**
 * `npm run bench -- [--scales 10000,100000,1000000] [--runs 60] [--seconds 5] [--connections 32]`
 *
 * One embedded Neo4j; for each scale it loads the synthetic graph, starts the three HTTP servers
 * (B: this API; C: this API without DataLoader batching; D: @neo4j/graphql v7) as their own
 * processes, and measures every query of bench/queries.ts four ways (A: hand-written Cypher through
 * neo4j-driver): sequential latency after warm-up, round trips, then throughput under concurrency.
 * Raw results go to bench/results.json after every scale; bench/report.md and bench/latency.svg
 * are written from them (`npm run bench -- --report-only` rewrites them from the JSON).
 */
import autocannon from 'autocannon';
import neo4j, { type Driver } from 'neo4j-driver';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { mintToken } from '../src/auth/tokens.js';
import { Database, toParams } from '../src/db/database.js';
import { freePort, startEmbedded, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { writeChart } from './chart.js';
import { pick as pickFrom } from './picks.js';
import { BENCH_AUDIENCE, BENCH_ISSUER, BENCH_METRICS_TOKEN, generateGraph, peakRssBytes, startApi, stop, track, watchRss, type RssWatch } from './processes.js';
import { QUERIES, type BenchQuery, type Picks, type Row } from './queries.js';
import { writeReport, type Answers, type BenchResults, type ScaleResult, type Stats, type VariantName } from './report.js';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '10000,100000,1000000' },
    runs: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    'max-seconds': { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    home: { type: 'string', default: '/tmp/kg-bench-neo4j' },
    /** The embedded database's JVM heap and page cache, for loading and for timing. */
    heap: { type: 'string', default: '4g' },
    'pagecache-mb': { type: 'string', default: '4096' },
    only: { type: 'string' },
    'report-only': { type: 'boolean', default: false },
    /** Add this run's scales to bench/results.json (replacing a scale of the same size) instead of starting afresh. */
    append: { type: 'boolean', default: false },
  },
});
const RESULTS = 'bench/results.json';
const log = (m: string) => process.stderr.write(`${m}\n`);

if (values['report-only']) {
  const results = JSON.parse(await readFile(RESULTS, 'utf8')) as BenchResults;
  await writeReport(results);
  await writeChart(results);
  process.exit(0);
}

const SECRET = 'bench-secret-of-at-least-thirty-two-characters';
/**
 * INTERNAL (level 1): access filtering is at work on every read (some of the synthetic graph is
 * above it), and no response carries CONFIDENTIAL data, so B and C pay no audit writes on reads,
 * which A and D do not do either. B and C audit writes, as they always do.
 */
const CLEARANCE = 1;
/** Picks on which A, B, C and D must give the same answer before a query is timed. */
const ANSWER_PICKS = 5;
/**
 * A request that outlasts this fails (as an error of the variant), so a server that stops answering
 * cannot hang the run: in one run @neo4j/graphql's server, after refusing the deep page at 1M for the
 * transaction memory limit, left a warm-up request unanswered with the database idle. Above the
 * servers' own waits: the API's admission queue and query timeout (120 s each here), Neo4j's transaction
 * timeout (60 s). Declared before the scales' loop, which runs at the top level and posts requests.
 */
const REQUEST_TIMEOUT_MS = 300_000;
const runs = Number(values.runs);
const pageCacheMb = Number(values['pagecache-mb']);
const connections = Number(values.connections);
const warmup = Number(values.warmup);
const maxMs = Number(values['max-seconds']) * 1000;
const queries = QUERIES.filter((q) => !values.only || values.only.split(',').includes(q.name));

/**
 * Each scale has its own embedded Neo4j home under --home, emptied first and loaded through the bulk
 * importer while its database is stopped; then the database starts and this run's clients connect.
 */
let neo!: EmbeddedNeo4j;
let db!: Database;
let driver!: Driver;
async function openDatabase(home: string): Promise<void> {
  neo = await startEmbedded({ home, heap: values.heap, pageCacheMb });
  // the processes this run starts (API, peer) inherit the embedded database's credentials
  process.env.NEO4J_USER = neo.user;
  process.env.NEO4J_PASSWORD = neo.password;
  db = new Database({ uri: neo.uri, user: neo.user, password: neo.password, queryTimeoutMs: 120_000 });
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password));
}
async function closeDatabase(): Promise<void> {
  await driver.close();
  await db.close();
  await neo.stop();
}
const token = await mintToken({ secret: SECRET, subject: 'bench', clearance: 'INTERNAL', roles: ['reader', 'editor'], expiresIn: '12h', issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE });

const results: BenchResults = {
  date: new Date().toISOString(),
  command: process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(' ')}` : 'npm run bench',
  environment: {
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    neo4j: '?', // read from the first scale's database
    java: await javaVersion(),
  },
  settings: { runs, warmup, maxSecondsPerSeries: maxMs / 1000, concurrencySeconds: Number(values.seconds), connections: Number(values.connections), clearance: 'INTERNAL', neo4jHeap: values.heap, pageCacheMb },
  queries: QUERIES.map((q) => ({ name: q.name, title: q.title, d: typeof q.neo4jGraphql === 'string' ? null : q.neo4jGraphql.na, semantics: q.semantics })),
  scales: [],
};
// an appended scale says which run measured it; the report's headline stays with the main run
const previous = values.append ? (JSON.parse(await readFile(RESULTS, 'utf8')) as BenchResults) : null;
const thisRun = { date: results.date, command: results.command, settings: results.settings, environment: results.environment };
const output = previous ?? results;

for (const nodes of values.scales.split(',').map(Number)) {
  log(`\n== scale ${nodes.toLocaleString('en')} nodes`);
  const home = path.join(values.home, String(nodes));
  await rm(home, { recursive: true, force: true });
  const loadStarted = Date.now();
  await generateGraph({ home }, nodes, { heap: values.heap, pageCacheMb });
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  await openDatabase(home);
  results.environment.neo4j = ((await db.read('CALL dbms.components() YIELD versions RETURN versions[0] AS v'))[0]!.v as string) ?? '?';
  const graph = (await db.read('MATCH (n:Entity) WITH count(n) AS nodes CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels'))[0]!;
  log(`loaded ${graph.nodes} nodes, ${graph.rels} relationships in ${loadSeconds.toFixed(0)} s`);
  const picks = await pickFrom(db, CLEARANCE);

  const servers = {
    B: await startServer({}),
    C: await startServer({ BATCHING: 'false', ANSWER_CACHE_CELLS: '0' }),
    D: await startPeer(),
  };
  const answers: Record<string, Answers> = {};
  const queryRssMiB: NonNullable<ScaleResult['queryRssMiB']> = {};
  const scale: ScaleResult = {
    nodes: graph.nodes as number,
    relationships: graph.rels as number,
    loadSeconds,
    answers,
    sequential: {},
    concurrent: {},
    concurrencySeconds: {},
    roundTrips: {},
    peakRssMiB: {},
    queryRssMiB,
  };

  for (const q of queries) {
    // same question, same answer: A, B and D on the first picks, before anything is timed
    answers[q.name] = await sameAnswers(q, picks, servers);
    log(`${q.name.padEnd(16)} answers ${JSON.stringify(answers[q.name])}`);
    // each server's resident memory, sampled while it answers this query (sequential and concurrent)
    const watches = Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, watchRss(s.process.pid)])) as Record<'B' | 'C' | 'D', RssWatch>;
    scale.sequential[q.name] = {};
    scale.roundTrips[q.name] = {};
    const variants: Array<[VariantName, (i: number) => Promise<unknown>]> = [
      ['A', (i) => cypher(q.cypher, q.cypherParams(picks, i))],
      ['B', (i) => post(servers.B, q.graphql, q.variables(picks, i))],
      ['C', (i) => post(servers.C, q.graphql, q.variables(picks, i))],
    ];
    if (typeof q.neo4jGraphql === 'string') variants.push(['D', (i) => post(servers.D, q.neo4jGraphql as string, q.neo4jVariables!(picks, i))]);
    // every variant warms up before any is timed: B and C send the same statements, so whichever
    // was timed first paid Neo4j's warm-up of those statements (planning, then compiling them after
    // their first executions) and the other did not
    for (const [, run] of variants) for (let i = 0; i < warmup; i++) await run(i).catch(() => undefined);
    for (const [variant, run] of variants) {
      await quiesce();
      const s = (scale.sequential[q.name]![variant] = await sequential(run));
      if (s.error) {
        log(`${q.name.padEnd(16)} ${variant}  FAILED: ${s.error}`);
        continue;
      }
      scale.roundTrips[q.name]![variant] = await roundTrips(variant, servers, () => run(runs + warmup)).catch(() => NaN);
      log(`${q.name.padEnd(16)} ${variant}  p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  (n=${s.n})  round trips ${scale.roundTrips[q.name]![variant]}`);
    }
    const rssOf = () => {
      queryRssMiB[q.name] = Object.fromEntries(Object.entries(watches).map(([k, w]) => [k, Math.round(w.stop() / 2 ** 20)]));
    };
    if (q.mutation || !scale.sequential[q.name]!.B || scale.sequential[q.name]!.B!.error) {
      rssOf();
      continue;
    }
    scale.concurrent[q.name] = {};
    // Long enough for every connection to finish several requests: a slow query gets a longer run.
    const seconds = Math.min(60, Math.max(Number(values.seconds), Math.ceil((3 * scale.sequential[q.name]!.B!.p50 * connections) / (2 * 1000))));
    scale.concurrencySeconds[q.name] = seconds;
    await quiesce();
    scale.concurrent[q.name]!.A = await concurrentCypher(q.cypher, (i) => q.cypherParams(picks, i), seconds);
    await quiesce();
    scale.concurrent[q.name]!.B = await concurrentHttp(servers.B, q.graphql, (i) => q.variables(picks, i), seconds);
    await quiesce();
    scale.concurrent[q.name]!.C = await concurrentHttp(servers.C, q.graphql, (i) => q.variables(picks, i), seconds);
    await quiesce();
    if (typeof q.neo4jGraphql === 'string' && !scale.sequential[q.name]!.D?.error) scale.concurrent[q.name]!.D = await concurrentHttp(servers.D, q.neo4jGraphql, (i) => q.neo4jVariables!(picks, i), seconds);
    log(`${q.name.padEnd(16)} concurrent ${JSON.stringify(scale.concurrent[q.name])}`);
    rssOf();
    await save(scale, `${q.name} and the queries before it`);
  }
  for (const [name, s] of Object.entries(servers)) scale.peakRssMiB[name as VariantName] = Math.round((await peakRssBytes(s.process.pid)) / 2 ** 20);
  for (const s of Object.values(servers)) await stop(s.process);
  await closeDatabase();
  await rm(home, { recursive: true, force: true });
  await save(scale, null);
}

/**
 * Writes bench/results.json with `scale` in place (replacing a scale of the same size): after every
 * query, so that a run stopped part-way keeps what it measured (`measured` says how far it got), and
 * once the scale is done (`measured` null).
 */
async function save(scale: ScaleResult, measured: string | null): Promise<void> {
  if (measured) scale.measured = measured;
  else delete scale.measured;
  if (previous) scale.run = thisRun;
  output.scales = [...output.scales.filter((s) => s.nodes !== scale.nodes), scale].sort((a, b) => a.nodes - b.nodes);
  await writeFile(RESULTS, `${JSON.stringify(output, null, 2)}\n`);
}

await writeReport(output);
await writeChart(output);
log('wrote bench/results.json, bench/report.md, bench/latency.svg');
process.exit(0);

// ---------------------------------------------------------------------------------------------

interface HttpServer {
  url: string;
  process: ChildProcess;
  headers: Record<string, string>;
  /** Reads the server's count of database transactions so far (B and C only). */
  transactions?: () => Promise<number>;
}

async function startServer(env: Record<string, string>): Promise<HttpServer> {
  const { base, url, process: child } = await startApi(neo.uri, SECRET, { QUERY_TIMEOUT_MS: '120000', QUEUE_WAIT_MS: '120000', ...env });
  return {
    url,
    process: child,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    transactions: async () => {
      const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } })).text();
      return [...text.matchAll(/^neo4j_transaction_duration_seconds_count\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    },
  };
}

async function startPeer(): Promise<HttpServer> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'bench/peers/neo4j-graphql-server.ts'], {
      env: { ...process.env, NEO4J_URI: neo.uri, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line.startsWith('READY') && resolve());
    child.once('exit', (code) => reject(new Error(`D exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, process: child, headers: { 'content-type': 'application/json', 'x-clearance': String(CLEARANCE) } };
}

async function post(server: HttpServer, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(server.url, { method: 'POST', headers: server.headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string }>; extensions?: Record<string, unknown> };
  if (body.errors?.length) throw new Error(`${server.url}: ${body.errors[0]!.message}`);
  return body as Record<string, unknown>;
}

/**
 * Asks A, B, C and D (where D can) the query on the first `ANSWER_PICKS` picks and compares the answers
 * as the query reduces them: `same` when every pick agrees with A's, else the first difference.
 */
async function sameAnswers(q: BenchQuery, picks: Picks, servers: Record<'B' | 'C' | 'D', HttpServer>): Promise<Answers> {
  if ('skip' in q.answer) return { skipped: q.answer.skip };
  const shape = q.answer;
  const out: Answers = { picks: ANSWER_PICKS, B: 'same', C: 'same' };
  const dCan = typeof q.neo4jGraphql === 'string';
  if (dCan) out.D = shape.D === undefined || typeof shape.D === 'object' ? `not compared: ${shape.D?.differs ?? 'no reduction given'}` : 'same';
  const note = (variant: 'B' | 'C' | 'D', i: number, got: unknown, want: unknown) => {
    if (out[variant] === 'same') out[variant] = `differs at pick ${i}: ${JSON.stringify(got).slice(0, 160)} against A's ${JSON.stringify(want).slice(0, 160)}`;
  };
  for (let i = 0; i < ANSWER_PICKS; i++) {
    let rows: Row[];
    try {
      rows = await cypherRows(q.cypher, q.cypherParams(picks, i));
    } catch (err) {
      // A failing (e.g. its transaction timing out at 10M nodes) leaves nothing to compare with; its
      // timing then records the failure, as for any variant
      return { skipped: `A could not answer pick ${i}: ${(err as Error).message.slice(0, 160)}` };
    }
    const want = JSON.stringify(shape.A(rows));
    for (const variant of ['B', 'C'] as const) {
      const got = await post(servers[variant], q.graphql, q.variables(picks, i)).then((b) => shape.B(b.data), (e: Error) => `error: ${e.message}`);
      if (JSON.stringify(got) !== want) note(variant, i, got, JSON.parse(want));
    }
    if (dCan && typeof shape.D === 'function') {
      const reduce = shape.D;
      const got = await post(servers.D, q.neo4jGraphql as string, q.neo4jVariables!(picks, i)).then((b) => reduce(b.data), (e: Error) => `error: ${e.message}`);
      if (JSON.stringify(got) !== want) note('D', i, got, JSON.parse(want));
    }
  }
  return out;
}

async function cypherRows(text: string, params: Record<string, unknown>): Promise<Row[]> {
  return (await db.read(text, { ...params, c: CLEARANCE })) as Row[];
}

async function cypher(text: string, params: Record<string, unknown>): Promise<unknown> {
  const session = driver.session({ defaultAccessMode: /CREATE/.test(text) ? neo4j.session.WRITE : neo4j.session.READ });
  try {
    const work = (tx: { run: (q: string, p: unknown) => Promise<unknown> }) => tx.run(text, toParams({ ...params, c: CLEARANCE }));
    return /CREATE/.test(text) ? await session.executeWrite(work) : await session.executeRead(work);
  } finally {
    await session.close();
  }
}

/**
 * Warm-up, then up to `runs` sequential runs (fewer if a series would exceed max-seconds). A variant
 * that fails (an error answer, e.g. the database refusing a query's memory) is recorded as failed.
 */
async function sequential(run: (i: number) => Promise<unknown>): Promise<Stats> {
  const ms: number[] = [];
  try {
    for (let i = 0; i < warmup; i++) await run(i);
    const started = performance.now();
    for (let i = 0; i < runs && (ms.length < 10 || performance.now() - started < maxMs); i++) {
      const t = performance.now();
      await run(i);
      ms.push(performance.now() - t);
    }
  } catch (e) {
    return { ...stats(ms.length ? ms : [NaN]), error: (e instanceof Error ? e.message : String(e)).slice(0, 300) };
  }
  return stats(ms);
}

/**
 * Waits until Neo4j runs no transaction but this one: a concurrency run's clients stop at the end of
 * its window, but the queries they sent may still be running, and must not weigh on the next series.
 */
async function quiesce(): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const [row] = await db.read('SHOW TRANSACTIONS YIELD transactionId RETURN count(*) AS n');
    if ((row!.n as number) <= 1) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  log('quiesce: transactions still running after 300 s');
}

async function roundTrips(variant: VariantName, servers: Record<'B' | 'C' | 'D', HttpServer>, run: () => Promise<unknown>): Promise<number> {
  if (variant === 'A') return 1; // one statement, one transaction, by construction
  if (variant === 'D') return Number(((await run()) as { extensions?: { roundTrips?: number } }).extensions?.roundTrips ?? NaN);
  const server = servers[variant];
  const before = await server.transactions!();
  await run();
  return (await server.transactions!()) - before;
}

async function concurrentHttp(server: HttpServer, query: string, variables: (i: number) => Record<string, unknown>, seconds: number) {
  let i = 0;
  let errors = 0;
  const result = await autocannon({
    url: server.url,
    method: 'POST',
    connections,
    duration: seconds,
    timeout: 120,
    headers: server.headers,
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ query, variables: variables(i++) }) }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) errors++;
        },
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: errors + result.errors + result.timeouts + result.non2xx };
}

/**
 * Variant A under concurrency: as many workers as connections, each running the Cypher in a loop.
 * Like autocannon, it counts the requests completed within the window.
 */
async function concurrentCypher(text: string, params: (i: number) => Record<string, unknown>, seconds: number) {
  const until = performance.now() + seconds * 1000;
  const ms: number[] = [];
  let i = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await cypher(text, params(i++)).catch(() => errors++);
        if (performance.now() <= until) ms.push(performance.now() - t);
      }
    }),
  );
  const s = stats(ms);
  return { rps: ms.length / seconds, p50: Math.round(s.p50), p99: Math.round(s.p99), errors };
}

function stats(ms: number[]): Stats {
  const xs = [...ms].sort((a, b) => a - b);
  const at = (p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  return { n: xs.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}



async function javaVersion(): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn('java', ['-version'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let out = '';
    p.stderr!.on('data', (d) => (out += d));
    p.on('exit', () => resolve(out.split('\n')[0]?.trim() ?? '?'));
  });
}
