/** Child processes the load run and the benchmark share: the generator, the API server, their memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setCursorKeys } from '../src/data/cursors.js';
import { readFile } from 'node:fs/promises';
import { freePort } from '../src/db/embedded.js';
import { API_NODE_FLAGS } from '../src/ops/heap.js';

const children = new Set<ChildProcess>();
/**
 * Kills `child` when this process exits, however it exits (a failed run must not leave servers
 * serving and holding memory for the next one); returns it.
 */
export function track(child: ChildProcess): ChildProcess {
  if (children.size === 0) process.once('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * Loads the synthetic graph (`kg generate --seed 1`): into the empty embedded database of `home`
 * (not running) through Neo4j's bulk importer, or into the Neo4j at `uri` with `MERGE` batches.
 */
export function generateGraph(
  into: { home: string } | { uri: string },
  nodes: number,
  { showProgress = false, heap = '4g', pageCacheMb = 4096 } = {},
): Promise<void> {
  const bulk = 'home' in into;
  const env = bulk
    ? { ...process.env, NEO4J_URI: '', NEO4J_HOME_DIR: into.home, NEO4J_HEAP: heap, NEO4J_PAGECACHE_MB: String(pageCacheMb) }
    : { ...process.env, NEO4J_URI: into.uri };
  return new Promise((resolve, reject) => {
    const gen = track(
      spawn(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', 'generate', '--nodes', String(nodes), '--seed', '1', '--batch', '10000', '--bulk', bulk ? 'on' : 'off'], {
        env,
        stdio: ['ignore', showProgress || bulk ? 'inherit' : 'ignore', 'inherit'],
      }),
    );
    gen.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generate exited ${code}`))));
  });
}

export interface ApiProcess {
  /** e.g. `http://127.0.0.1:PORT` */
  base: string;
  /** `${base}/graphql` */
  url: string;
  process: ChildProcess;
}

/**
 * The cursor key shared by the API processes started here and this process, so that a benchmark can
 * mint the cursors of deep pages itself (cursors are sealed; see src/data/cursors.ts).
 */
const CURSOR_KEY = randomBytes(32);
setCursorKeys([CURSOR_KEY]);
/** `iss` and `aud` of the benchmark's tokens (production mode accepts tokens only with both checked). */
export const BENCH_ISSUER = 'kg-bench';
export const BENCH_AUDIENCE = 'kg-api';
/** Production serves /metrics only with a token: the benchmark reads its transaction counts with this one. */
export const BENCH_METRICS_TOKEN = randomBytes(16).toString('hex');

/** Starts this API as its own production process on the Neo4j at `uri`; resolves once /readyz is green. */
export async function startApi(uri: string, jwtSecret: string, env: Record<string, string> = {}, timeoutMs = 300_000): Promise<ApiProcess> {
  const port = await freePort();
  const child = track(spawn(process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NEO4J_URI: uri, PORT: String(port), SEED: 'false', LOG_LEVEL: 'warn', JWT_SECRET: jwtSecret, JWT_ISSUER: BENCH_ISSUER, JWT_AUDIENCE: BENCH_AUDIENCE, NODE_ENV: 'production',
      CURSOR_KEYS: CURSOR_KEY.toString('base64'),
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      // one client at full speed is the point of a load run: no per-client rate limits; the nested
      // query's omitted page sizes now count as 20 each (cost about 1.1M), so the cost limit is raised
      RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_SUBJECT: '0', MAX_COST: '2000000', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  }));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}) before it was ready`);
    if (Date.now() > deadline) throw new Error(`the API was not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, url: `${base}/graphql`, process: child };
}

/** Peak resident memory of a process so far (VmHWM), in bytes; 0 once it has exited. */
export async function peakRssBytes(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** A sampler of one process's resident memory; `stop` ends it and returns the peak it saw, in bytes. */
export interface RssWatch {
  stop(): number;
}

/** Samples VmRSS of `pid` every `everyMs` (VmHWM only grows, so it cannot give one query's peak). */
export function watchRss(pid: number | undefined, everyMs = 100): RssWatch {
  let peak = 0;
  const sample = () =>
    void readFile(`/proc/${pid}/status`, 'utf8').then(
      (status) => (peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024)),
      () => undefined,
    );
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** SIGTERM, then wait for the exit. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
