import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import type { OutageReason } from '../../src/db/failure.js';
import { EmbeddedSupervisor, restartDelay, type SupervisorOptions } from '../../src/db/supervisor.js';

/** A supervised embedded Neo4j whose JVM the test kills, once with the disk made to look too small. */
describe('the embedded database supervisor', () => {
  const events: Array<OutageReason | null> = [];
  const logged: string[] = [];
  let home: string;
  let supervisor: EmbeddedSupervisor;
  let options: SupervisorOptions;
  afterAll(async () => {
    await supervisor?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 600_000;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };

  it('reports the death of the JVM at once, then restarts it on the same port and the driver reconnects', async () => {
    home = await mkdtemp(path.join(tmpdir(), 'kg-supervised-'));
    options = {
      home,
      heap: '256m',
      pageCacheMb: 32,
      startTimeoutMs: 600_000,
      restartDelayMs: 50,
      failAfter: 2,
      logger: { info: (_f, m) => logged.push(m), error: (_f, m) => logged.push(m) },
      onAvailability: (reason) => events.push(reason),
    };
    supervisor = new EmbeddedSupervisor(options);
    const first = await supervisor.start();
    const db = new Database({ uri: first.uri, user: first.user, password: first.password });
    try {
      await db.write('CREATE (:Probe {x: 1})');
      first.kill();
      await until(() => events.includes('RESTARTING'));
      expect(supervisor.status).toMatchObject({ state: 'restarting', reason: 'RESTARTING' });
      await until(() => supervisor.status.state === 'ready');
      expect(supervisor.status.restarts).toBe(1);
      expect(supervisor.embedded!.port).toBe(first.port);
      expect(supervisor.embedded!.pid).not.toBe(first.pid);
      const [row] = await db.read('MATCH (n:Probe) RETURN n.x AS x');
      expect(row!.x).toBe(1);
      expect(events).toEqual([null, 'RESTARTING', null]);
      expect(logged).toEqual(['embedded Neo4j exited unexpectedly; restarting it', 'embedded Neo4j restarted']);
    } finally {
      await db.close();
    }
  }, 1_200_000);

  it('counts as failed once restarts fail in a row (here: too little disk), and recovers when they succeed', async () => {
    const current = supervisor.embedded!;
    options.minFreeMb = 2 ** 40; // every start attempt now fails its free-space check
    current.kill();
    await until(() => supervisor.status.failed);
    expect(supervisor.status).toMatchObject({ state: 'restarting', reason: 'DISK_FULL', failed: true });
    expect(logged).toContain('embedded Neo4j could not be restarted');
    options.minFreeMb = undefined;
    await until(() => supervisor.status.state === 'ready');
    expect(supervisor.status).toMatchObject({ state: 'ready', reason: null, failed: false, failedAttempts: 0 });
  }, 1_200_000);
});

describe('restart back-off', () => {
  it('waits 0.5 s before the first restart, doubling after each failed one, at most 30 s', () => {
    expect(Array.from({ length: 8 }, (_, i) => restartDelay(i))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(restartDelay(3, 50, 200)).toBe(200);
  });
});
