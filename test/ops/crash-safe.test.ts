import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/data/export.js';
import { writeDataset } from '../../src/data/files.js';
import { snapshot, usePrivateDatabase, wipe } from '../helpers.js';
import { recordFaults, type FaultRow } from './fault-report.js';

/**
 * Imports killed with SIGKILL at random points, then re-run, leave exactly the graph an uninterrupted
 * import leaves: batches are transactions and loads are idempotent. Part of the fault suite: each
 * killed run is a row of bench/faults-report.md (FAULT_ROUNDS raises the number of kills).
 */
const priv = usePrivateDatabase();
const rows: FaultRow[] = [];
afterAll(() => recordFaults('importer', rows));
const KILLS = Math.max(0, Number(process.env.FAULT_ROUNDS ?? 0));
// generous time limits: a loaded 2-core machine has taken over a minute for one 6,000-node generate
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kg-crash-files-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const count = async () => ((await priv.db.read('MATCH (n:Entity) RETURN count(n) AS n'))[0]!.n as number);

/** Runs the kg CLI; with `killAtNodes`, SIGKILLs it once that many nodes are in the database. */
function kg(args: string[], killAtNodes?: number): Promise<{ code: number | null; killed: boolean; seenAtKill: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args], { env: { ...process.env, NEO4J_URI: priv.uri }, stdio: 'ignore' });
    let killed = false;
    let seenAtKill = 0;
    let timer: NodeJS.Timeout | undefined;
    if (killAtNodes !== undefined) {
      timer = setInterval(async () => {
        if (killed) return;
        const n = await count().catch(() => 0);
        if (n >= killAtNodes) {
          killed = true;
          seenAtKill = n;
          child.kill('SIGKILL');
        }
      }, 20);
    }
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearInterval(timer);
      resolve({ code, killed, seenAtKill, ms: Date.now() - started });
    });
  });
}

describe('crash-safe writes', () => {
  const NODES = 6000; // about 23,000 records: above the single-transaction limit, so batches commit one by one
  let clean: string;

  it('a clean generate gives the reference graph', async () => {
    await wipe(priv.db);
    expect((await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500'])).code).toBe(0);
    clean = await snapshot(priv.db);
    expect(await count()).toBe(NODES);
  }, 900_000);

  it('generate killed with SIGKILL at random points, then re-run, gives the same graph', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NODES - 1 }), async (killAt) => {
        await wipe(priv.db);
        const first = await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500'], killAt);
        expect(first.killed).toBe(true);
        const lost = Math.max(0, first.seenAtKill - (await count()));
        expect(await snapshot(priv.db)).not.toBe(clean); // interrupted part-way
        const again = await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500']);
        expect(again.code).toBe(0);
        const same = (await snapshot(priv.db)) === clean;
        rows.push(killedRow('kg generate (6,000 nodes, batches of 500) SIGKILLed at a random point, re-run', first, lost, again.ms, same));
        expect(lost).toBe(0);
        expect(same).toBe(true);
      }),
      { numRuns: Math.max(3, KILLS), seed: 11 },
    );
  }, 900_000 * Math.max(3, KILLS));

  it('import killed with SIGKILL at random points, then re-run, gives the same graph', async () => {
    const dir = path.join(work, 'export');
    await writeDataset(dir, await exportGraph(priv.db), 'json');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NODES - 1 }), async (killAt) => {
        await wipe(priv.db);
        const first = await kg(['import', dir], killAt);
        expect(first.killed).toBe(true);
        const lost = Math.max(0, first.seenAtKill - (await count()));
        const again = await kg(['import', dir]);
        expect(again.code).toBe(0);
        const same = (await snapshot(priv.db)) === clean;
        rows.push(killedRow('kg import (the same graph exported) SIGKILLed at a random point, re-run', first, lost, again.ms, same));
        expect(lost).toBe(0);
        expect(same).toBe(true);
      }),
      { numRuns: Math.max(2, KILLS), seed: 12 },
    );
  }, 900_000 * Math.max(2, KILLS));
});

/** A killed run as a row of the fault report: nodes seen committed before the kill and missing after it count as lost. */
function killedRow(experiment: string, first: { seenAtKill: number; ms: number }, lost: number, rerunMs: number, same: boolean): FaultRow {
  return {
    experiment,
    round: rows.filter((r) => r.experiment === experiment).length,
    writes: 1,
    acknowledgedLost: lost,
    recovery: { rerunMs, restarted: true },
    note: `killed after ${(first.ms / 1000).toFixed(1)} s with ${first.seenAtKill} nodes committed; the re-run ${same ? 'gave' : 'did NOT give'} the identical graph`,
  };
}
