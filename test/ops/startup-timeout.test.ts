import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.js';
import { usePrivateDatabase } from '../helpers.js';
import { API_NODE_FLAGS } from '../../src/ops/heap.js';

/**
 * Startup work (migrations, the seed load) runs under STARTUP_TIMEOUT_MS, not QUERY_TIMEOUT_MS: on a
 * loaded machine the seed load's one transaction outlasted the request budget and `npm start` stopped
 * with "could not start". A 100 ms request budget stands in for that machine here: the seed load of a
 * fresh database (a cold JVM plans its statements) takes longer than that.
 */
const handle = usePrivateDatabase();

interface Run {
  code: number | null;
  logs: Array<Record<string, unknown>>;
}

/** Starts `npm start`'s entry point on the private database; stops it once it serves (or it exits). */
async function start(env: Record<string, string>): Promise<Run> {
  const port = await freePort();
  const child = spawn(process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, NEO4J_URI: handle.uri, PORT: String(port), LOG_LEVEL: 'info', WARM_UP: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    logs.push(entry);
    if (typeof entry.url === 'string') child.kill('SIGTERM');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, logs };
}

describe('startup work has its own timeout', () => {
  it('with startup held to the request budget, the seed load times out and the process does not start (the old behaviour)', async () => {
    const run = await start({ QUERY_TIMEOUT_MS: '100', STARTUP_TIMEOUT_MS: '100' });
    expect(run.code).not.toBe(0);
    expect(run.logs.some((l) => l.msg === 'seed graph loaded')).toBe(false);
    expect(run.logs.some((l) => typeof l.url === 'string')).toBe(false);
  }, 300_000);

  it('with the default STARTUP_TIMEOUT_MS, the same 100 ms request budget still loads the seed and serves', async () => {
    const run = await start({ QUERY_TIMEOUT_MS: '100' });
    expect(run.logs.find((l) => l.msg === 'seed graph loaded')).toMatchObject({ nodes: 269 });
    expect(run.logs.some((l) => typeof l.url === 'string')).toBe(true);
    expect(run.code).toBe(0);
  }, 300_000);
});
