import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/data/export.js';
import { writeDataset } from '../../src/data/files.js';
import { snapshot, usePrivateDatabase, wipe } from '../helpers.js';

/**
 * Imports killed with SIGKILL at random points, then re-run, leave exactly the graph an uninterrupted
 * import leaves: batches are transactions and loads are idempotent.
 */
const priv = usePrivateDatabase();
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kg-crash-files-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const count = async () => ((await priv.db.read('MATCH (n:Entity) RETURN count(n) AS n'))[0]!.n as number);

/** Runs the kg CLI; with `killAtNodes`, SIGKILLs it once that many nodes are in the database. */
function kg(args: string[], killAtNodes?: number): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args], { env: { ...process.env, NEO4J_URI: priv.uri }, stdio: 'ignore' });
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    if (killAtNodes !== undefined) {
      timer = setInterval(async () => {
        if (killed) return;
        const n = await count().catch(() => 0);
        if (n >= killAtNodes) {
          killed = true;
          child.kill('SIGKILL');
        }
      }, 20);
    }
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearInterval(timer);
      resolve({ code, killed });
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
  });

  it('generate killed with SIGKILL at random points, then re-run, gives the same graph', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NODES - 1 }), async (killAt) => {
        await wipe(priv.db);
        const first = await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500'], killAt);
        expect(first.killed).toBe(true);
        expect(await snapshot(priv.db)).not.toBe(clean); // interrupted part-way
        expect((await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500'])).code).toBe(0);
        expect(await snapshot(priv.db)).toBe(clean);
      }),
      { numRuns: 3, seed: 11 },
    );
  }, 240_000);

  it('import killed with SIGKILL at random points, then re-run, gives the same graph', async () => {
    const dir = path.join(work, 'export');
    await writeDataset(dir, await exportGraph(priv.db), 'json');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NODES - 1 }), async (killAt) => {
        await wipe(priv.db);
        expect((await kg(['import', dir], killAt)).killed).toBe(true);
        expect((await kg(['import', dir])).code).toBe(0);
        expect(await snapshot(priv.db)).toBe(clean);
      }),
      { numRuns: 2, seed: 12 },
    );
  }, 240_000);
});
