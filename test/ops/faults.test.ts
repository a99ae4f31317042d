import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { mintToken } from '../../src/auth/tokens.js';
import { Database } from '../../src/db/database.js';
import { freePort } from '../../src/db/embedded.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';
import { recordFaults, type FaultRow } from './fault-report.js';
import { auditWrites, startWriters, type WriteAudit, type WriteOutcome, type Writers } from './writers.js';
import { API_NODE_FLAGS } from '../../src/ops/heap.js';

/**
 * Fault injection against the API under 8 concurrent writers that retry (ambiguous answers,
 * `SERVICE_UNAVAILABLE`, refused connections) with the same `Idempotency-Key`:
 * - the Neo4j JVM killed (SIGKILL) under the API's own supervised embedded Neo4j;
 * - the disk filled to the last byte (a 200 MiB tmpfs holding the embedded Neo4j's home; needs root),
 *   and at the end SIGTERM while it is full (the stop must not hang);
 * - SIGTERM to the API, a replacement process started on the same port (what a rolling restart does),
 *   against the run's database.
 * Each checks that no acknowledged write is lost, that every write the client was told had failed
 * but that had committed is answered by its retry with the original success (the server says
 * `Idempotent-Replayed: true`), that none is still reported failed at the end yet present, and
 * (JVM, disk) that the API recovers without being restarted. Importer kills: test/ops/crash-safe.test.ts.
 *
 * `npm test` runs the cheapest experiment only, SIGTERM, for one round (about 20 s): the JVM kill and
 * the full disk each start their own JVM and wait for it to be restarted (minutes on a loaded 2-core
 * machine). `npm run faults` runs all of them, FAULT_ROUNDS rounds each, and writes
 * bench/faults-report.md (see bench/faults-report.ts). No timing is asserted; times are reported.
 * FAULT_PORT / FAULT_BOLT_PORT fix the ports used (consecutive from there), random ports otherwise.
 */
const FULL = Boolean(process.env.FAULT_ROUNDS || process.env.FAULTS);
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 1);
const SECRET = 'fault-test-secret-of-at-least-32-characters';
const ISSUER = { issuer: 'kg-fault-test', audience: 'kg-api' };
const rows: FaultRow[] = [];
/** Each API process's log, for looking into a slow or failed recovery. */
const LOGS = path.join('test-artifacts', 'faults', 'logs');
// one file per experiment, so that a run of some of them (vitest -t) keeps the others' figures
afterAll(() => {
  for (const e of new Set(rows.map((r) => r.experiment))) recordFaults(`api-${e.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`, rows.filter((r) => r.experiment === e));
});

let nextPort = Number(process.env.FAULT_PORT ?? 0);
let nextBolt = Number(process.env.FAULT_BOLT_PORT ?? 0);
const apiPort = async () => (nextPort ? nextPort++ : freePort());
const boltPort = () => (nextBolt ? nextBolt++ : 0);

interface Api {
  child: ChildProcess;
  base: string;
  url: string;
  bolt: string;
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/**
 * `npm start`'s entry point in production mode: on its own supervised embedded Neo4j in `home`, or
 * on the run's database (`uri`).
 */
async function startApi(target: { home: string } | { uri: string }, port?: number): Promise<Api> {
  port ??= await apiPort();
  const database =
    'home' in target
      ? { NEO4J_URI: '', NEO4J_HOME_DIR: target.home, NEO4J_EMBEDDED_PORT: String(boltPort()), NEO4J_HEAP: '256m', NEO4J_PAGECACHE_MB: '32', NEO4J_START_TIMEOUT_MS: '600000' }
      : { NEO4J_URI: target.uri };
  const child = spawn(process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'production', ...database, PORT: String(port), SEED: 'false', JWT_SECRET: SECRET, JWT_ISSUER: ISSUER.issuer, JWT_AUDIENCE: ISSUER.audience, LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '10000', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_SUBJECT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const logs: Array<Record<string, unknown>> = [];
  let bolt = '';
  mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `api-${port}-${Date.now()}.log`);
  createInterface({ input: child.stdout! }).on('line', (line) => {
    appendFileSync(logFile, `${line}\n`);
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      const m = /Embedded Neo4j ready at (bolt:\S+)/.exec(String(entry.msg));
      if (m) bolt = m[1]!;
    } catch {
      // not a log line
    }
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base, child, 600_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}; its last log lines (all in ${logFile}): ${logs.slice(-5).map((l) => `${l.msg} ${l.err ?? ''}`).join(' | ')}`);
  }
  return { child, base, url: `${base}/graphql`, bolt, logs, exited };
}

async function waitReady(base: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode})`);
    if (Date.now() - started > timeoutMs) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

async function stopApi(api: Api): Promise<void> {
  if (api.child.exitCode !== null) return;
  api.child.kill('SIGTERM');
  await api.exited;
}

/** Pid of the launcher JVM for `home`. */
const jvmOf = (home: string) => Number(execFileSync('pgrep', ['-f', `org.dualuse.launcher.EmbeddedNeo4j --home ${home}`], { encoding: 'utf8' }).trim().split('\n')[0]);

async function databaseOf(api: Api, home: string): Promise<Database> {
  const password = (await readFile(path.join(home, 'password'), 'utf8')).trim();
  return new Database({ uri: api.bolt, user: 'neo4j', password });
}

const token = () => mintToken({ secret: SECRET, subject: 'writer', clearance: 'PUBLIC', roles: ['editor'], ...ISSUER });

/** Waits until `n` more writes than now are acknowledged (writing goes on after a recovery). */
async function moreAcks(writers: Writers, n: number): Promise<void> {
  const before = writers.outcomes.filter((o) => o.status === 'ok').length;
  const deadline = Date.now() + 300_000;
  while (writers.outcomes.filter((o) => o.status === 'ok').length < before + n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

/** Earliest acknowledgement of a write that was told something else first (it retried through the fault). */
const firstRetriedAck = (outcomes: WriteOutcome[]) => Math.min(Infinity, ...outcomes.filter((o) => o.status === 'ok' && o.attempts > 1).map((o) => o.ackAt!));
const since = (at: number, t0: number) => (Number.isFinite(at) ? at - t0 : undefined);

/** The figures of one round, and the checks every experiment shares. */
function settle(experiment: string, round: number, audit: WriteAudit, outcomes: WriteOutcome[], recovery: FaultRow['recovery'], note?: string): void {
  rows.push({
    experiment,
    round,
    writes: audit.writes,
    requests: audit.requests,
    retries: audit.retries,
    acknowledged: audit.acknowledged,
    acknowledgedLost: audit.acknowledgedLost.length,
    failedButPresent: audit.failedButPresent.length,
    resolvedByRetry: audit.resolvedByRetry.length,
    finalFailedButPresent: audit.finalFailedButPresent.length,
    answers: [...new Set(outcomes.flatMap((o) => o.history))].sort(),
    recovery,
    note,
  });
  expect(audit.acknowledged).toBeGreaterThan(0);
  expect(audit.acknowledgedLost).toEqual([]);
  // every write told "failed" (or cut off) that had in fact committed got the original success on its retry
  expect(audit.finalFailedButPresent).toEqual([]);
  expect(audit.resolvedByRetry).toEqual(audit.failedButPresent);
  // and every write ended acknowledged: the writers retry through the fault
  expect(outcomes.filter((o) => o.status !== 'ok'), JSON.stringify(outcomes.filter((o) => o.status !== 'ok').slice(0, 5))).toEqual([]);
}

describe('fault injection under 8 writers retrying with their idempotency keys', () => {
  const db = testDatabase();
  afterAll(async () => {
    await deleteByPrefix(db, 'tech:fault-term-');
    await db.close();
  });

  it(`SIGTERM to the API, a replacement started on the same port (${FULL ? ROUNDS : 1} round(s)): no write lost, none reported failed yet committed, no connection reset`, async () => {
    const port = await apiPort();
    for (let round = 0; round < (FULL ? ROUNDS : 1); round++) {
      const prefix = `tech:fault-term-${Date.now()}-${round}`;
      const first = await startApi({ uri: inject('neo4jUri') }, port);
      let replacement: Api | undefined;
      try {
        // warm up: a cold server takes seconds over a first write on a shared machine
        await startWriters({ url: first.url, token: await token(), prefix: `${prefix}-warm`, writers: 8 }).stop();
        const writers = startWriters({ url: first.url, token: await token(), prefix, writers: 8, retries: 4_000, retryDelayMs: 250 });
        await new Promise((r) => setTimeout(r, 1_000));
        const termAt = Date.now();
        first.child.kill('SIGTERM');
        expect(await first.exited).toBe(0);
        const drainMs = Date.now() - termAt;
        replacement = await startApi({ uri: inject('neo4jUri') }, port);
        const readyMs = Date.now() - termAt;
        await moreAcks(writers, 8);
        const outcomes = await writers.stop();
        const audit = await auditWrites(db, prefix, outcomes);
        settle('SIGTERM to the API under 8 writers, replacement on the same port', round, audit, outcomes, { drainMs, readyMs, firstAckMs: since(firstRetriedAck(outcomes), termAt), restarted: true });
        // graceful: nothing cut off, so nothing committed was ever reported failed
        expect(audit.ambiguousAttempts).toBe(0);
        expect(audit.failedButPresent).toEqual([]);
      } finally {
        await stopApi(first);
        if (replacement) await stopApi(replacement);
      }
    }
  }, 1_500_000);

  it.runIf(FULL)(`the Neo4j JVM killed (${ROUNDS} round(s)): SERVICE_UNAVAILABLE RESTARTING at once, nothing acknowledged lost, the API restarts it by itself`, async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'kg-fault-kill-'));
    let api: Api | undefined;
    try {
      api = await startApi({ home });
      for (let round = 0; round < ROUNDS; round++) {
        const prefix = `tech:fault-kill-${round}`;
        await startWriters({ url: api.url, token: await token(), prefix: `${prefix}-warm`, writers: 8 }).stop();
        const writers = startWriters({ url: api.url, token: await token(), prefix, writers: 8, retries: 4_000, retryDelayMs: 250 });
        await new Promise((r) => setTimeout(r, 2_000));
        const killedAt = Date.now();
        process.kill(jvmOf(home), 'SIGKILL');
        // the very next answers say so at once, with the reason
        await new Promise((r) => setTimeout(r, 300));
        const down = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { ok } }' }) }).then((r) => r.json() as Promise<any>);
        expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'RESTARTING' });
        expect(await fetch(`${api.base}/readyz`).then((r) => r.json())).toMatchObject({ ready: false, reason: 'RESTARTING' });
        await waitReady(api.base, api.child, 600_000);
        const readyMs = Date.now() - killedAt;
        await moreAcks(writers, 8);
        const outcomes = await writers.stop();
        const dbOf = await databaseOf(api, home);
        const audit = await auditWrites(dbOf, prefix, outcomes);
        await dbOf.close();
        settle('Neo4j JVM SIGKILL under 8 writers', round, audit, outcomes, { readyMs, firstAckMs: since(firstRetriedAck(outcomes), killedAt), restarted: false });
        expect(api.child.exitCode).toBeNull(); // same API process throughout
      }
      expect(api.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['embedded Neo4j exited unexpectedly; restarting it', 'embedded Neo4j restarted']));
    } finally {
      if (api) await stopApi(api);
      await rm(home, { recursive: true, force: true });
    }
  }, 1_500_000);

  // a small filesystem of its own: tmpfs needs root (CAP_SYS_ADMIN); nothing else here can fill a disk safely
  const canMount = (() => {
    try {
      execFileSync('mount', ['--version'], { stdio: 'ignore' });
      return process.getuid?.() === 0;
    } catch {
      return false;
    }
  })();

  it.runIf(FULL && canMount)(`the disk filled under writers (${ROUNDS} round(s)): DISK_FULL answers (never internal errors), readiness says so, recovery once space is freed`, async () => {
    const mnt = await mkdtemp(path.join(tmpdir(), 'kg-fault-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200m', 'tmpfs', mnt]);
    const home = path.join(mnt, 'neo4j');
    const filler = path.join(mnt, 'filler');
    let api: Api | undefined;
    try {
      api = await startApi({ home });
      for (let round = 0; round < ROUNDS; round++) {
        const prefix = `tech:fault-disk-${round}`;
        await startWriters({ url: api.url, token: await token(), prefix: `${prefix}-warm`, writers: 8 }).stop();
        const writers = startWriters({ url: api.url, token: await token(), prefix, writers: 8, retries: 4_000, retryDelayMs: 250 });
        await new Promise((r) => setTimeout(r, 1_000));
        // fill the disk to the last byte
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'ignore' });
        } catch {
          // dd stops with "No space left on device"
        }
        const fullAt = Date.now();
        let seen: any;
        while (Date.now() - fullAt < 300_000) {
          seen = await fetch(`${api.base}/readyz`).then((r) => r.json());
          if (seen.reason === 'DISK_FULL') break;
          await new Promise((r) => setTimeout(r, 250));
        }
        const detectMs = Date.now() - fullAt;
        expect(seen).toMatchObject({ ready: false, reason: 'DISK_FULL' });
        const answer = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { ok } }' }) }).then((r) => r.json() as Promise<any>);
        expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'DISK_FULL' });
        await rm(filler);
        const freedAt = Date.now();
        await waitReady(api.base, api.child, 600_000);
        const readyMs = Date.now() - freedAt;
        await moreAcks(writers, 8);
        const outcomes = await writers.stop();
        const dbOf = await databaseOf(api, home);
        const audit = await auditWrites(dbOf, prefix, outcomes);
        await dbOf.close();
        settle('disk full (200 MiB tmpfs) under 8 writers', round, audit, outcomes, { detectMs, readyMs, firstAckMs: since(firstRetriedAck(outcomes), freedAt), restarted: false }, 'recovery times from the moment space was freed');
        expect(outcomes.flatMap((o) => o.history).filter((h) => h.includes('INTERNAL'))).toEqual([]);
        expect(api.child.exitCode).toBeNull();
      }
      // stopping never hangs, even while the disk is full and the database down for it
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'ignore' });
      } catch {
        // full
      }
      await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` }, body: JSON.stringify({ query: 'mutation { createTechnology(input: {id: "tech:fault-disk-last", name: "末", sources: ["t"]}) { technology { id } } }' }) }).catch(() => null);
      for (const until = Date.now() + 300_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
        if ((await fetch(`${api.base}/readyz`).then((r) => r.json() as Promise<any>)).reason === 'DISK_FULL') break;
      }
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
    } finally {
      if (api) await stopApi(api);
      execFileSync('umount', ['-l', mnt]);
      await rm(mnt, { recursive: true, force: true });
    }
  }, 1_500_000);
});
