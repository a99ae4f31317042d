import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { mintToken } from '../../src/auth/tokens.js';
import { freePort } from '../../src/db/embedded.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';
import { auditWrites, startWriters } from './writers.js';
import { API_NODE_FLAGS } from '../../src/ops/heap.js';

/**
 * `npm start`'s entry point in PRODUCTION mode (where Apollo would install its own signal handlers),
 * stopped with SIGTERM and SIGINT while eight writers keep creating nodes.
 */
const SECRET = 'shutdown-test-secret-of-at-least-32-chars';
const db = testDatabase();
afterAll(async () => {
  await deleteByPrefix(db, 'tech:shutdown-');
  await db.close();
});

async function startProduction(): Promise<{ child: ChildProcess; url: string; base: string; exited: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEO4J_URI: inject('neo4jUri'),
      PORT: String(port),
      SEED: 'false',
      JWT_SECRET: SECRET,
      // production accepts tokens only with issuer and audience checked
      JWT_ISSUER: 'kg-shutdown-test',
      JWT_AUDIENCE: 'kg-api',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '10000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the server did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url: `${base}/graphql`, base, exited };
}

describe.each(['SIGTERM', 'SIGINT'] as const)('%s in production mode under 8 concurrent writers', (signal) => {
  let server: Awaited<ReturnType<typeof startProduction>>;
  beforeAll(async () => {
    server = await startProduction();
  });
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('turns readiness red at once, finishes every request it accepted, resets none, then exits 0', async () => {
    const token = await mintToken({ secret: SECRET, subject: 'writer', clearance: 'PUBLIC', roles: ['editor'], issuer: 'kg-shutdown-test', audience: 'kg-api' });
    const prefix = `tech:shutdown-${signal.toLowerCase()}`;
    // warm up: a cold JVM and server take seconds over a first write on this shared machine
    await startWriters({ url: server.url, token, prefix: `${prefix}-warm`, writers: 8 }).stop();
    const writers = startWriters({ url: server.url, token, prefix, writers: 8, stopWhenRefused: true });
    await new Promise((r) => setTimeout(r, 1_000));
    server.child.kill(signal);
    await new Promise((r) => setTimeout(r, 100));
    const ready = await fetch(`${server.base}/readyz`);
    const readyBody = await ready.json();
    expect(ready.status, JSON.stringify(readyBody)).toBe(503);
    expect(readyBody).toEqual({ ready: false, draining: true });
    expect(ready.headers.get('connection')).toBe('close'); // no keep-alive while draining
    const t0 = Date.now();

    const outcomes = await writers.done;
    expect(await server.exited).toBe(0);
    const audit = await auditWrites(db, prefix, outcomes);
    expect(audit.acknowledged, JSON.stringify(outcomes.slice(0, 12))).toBeGreaterThan(8);
    expect(audit.ambiguousAttempts, JSON.stringify(outcomes.filter((o) => o.status !== 'ok'))).toBe(0); // no ECONNRESET, no "other side closed"
    expect(audit.acknowledgedLost).toEqual([]);
    expect(audit.failedButPresent).toEqual([]);
    expect(outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    expect(outcomes.filter((o) => o.status === 'refused')).toHaveLength(8); // each writer stopped when told the server is going
  });
});

describe('npm start', () => {
  it("runs Node in npm's place (exec), so SIGINT to npm's pid alone stops the server", async () => {
    const port = await freePort();
    // npm as the test's own npm (npm_execpath) when run through npm, else the one on PATH
    const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, 'start']] : ['npm', ['start']];
    const child = spawn(npm[0] as string, npm[1] as string[], {
      env: { ...process.env, NODE_ENV: 'production', NEO4J_URI: inject('neo4jUri'), PORT: String(port), SEED: 'false', JWT_SECRET: SECRET, JWT_ISSUER: 'kg-shutdown-test', JWT_AUDIENCE: 'kg-api', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 120_000;
      while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error('npm start did not become ready');
        await new Promise((r) => setTimeout(r, 200));
      }
      process.kill(child.pid!, 'SIGINT'); // npm's pid only, not its process group
      await exited;
      // the server is gone with it (it may still be finishing its drain when npm returns)
      let refused: string | undefined;
      for (const until = Date.now() + 60_000; refused !== 'ECONNREFUSED' && Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
        refused = await fetch(`${base}/readyz`).then((r) => `HTTP ${r.status}`, (err: any) => err?.cause?.code);
      }
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
