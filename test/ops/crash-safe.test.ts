import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { startEmbedded, type EmbeddedNeo4j } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrations.js';
import { exportGraph } from '../../src/data/export.js';
import { writeDataset } from '../../src/data/files.js';

/**
 * Imports killed with SIGKILL at random points, then re-run, leave exactly the graph an uninterrupted
 * import leaves: batches are transactions and loads are idempotent.
 */
let home: string;
let work: string;
let neo4j: EmbeddedNeo4j;
let db: Database;

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'kg-crash-'));
  work = await mkdtemp(path.join(tmpdir(), 'kg-crash-files-'));
  neo4j = await startEmbedded({ home, heap: '512m', pageCacheMb: 64 });
  db = new Database({ uri: neo4j.uri });
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
  await neo4j?.stop();
  await rm(home, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

async function wipe(): Promise<void> {
  for (;;) {
    const [row] = await db.write('MATCH (n) WHERE NOT n:SchemaVersion WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n');
    if ((row!.n as number) === 0) return;
  }
}
async function snapshot(): Promise<string> {
  const nodes = await db.read('MATCH (n:Entity) RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id');
  const rels = await db.read('MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b');
  return JSON.stringify({ nodes: nodes.map((n) => ({ ...n, l: (n.l as string[]).sort() })), rels });
}
const count = async () => ((await db.read('MATCH (n:Entity) RETURN count(n) AS n'))[0]!.n as number);

/** Runs the kg CLI; with `killAtNodes`, SIGKILLs it once that many nodes are in the database. */
function kg(args: string[], killAtNodes?: number): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args], { env: { ...process.env, NEO4J_URI: neo4j.uri }, stdio: 'ignore' });
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
    await wipe();
    expect((await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500'])).code).toBe(0);
    clean = await snapshot();
    expect(await count()).toBe(NODES);
  });

  it('generate killed with SIGKILL at random points, then re-run, gives the same graph', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NODES - 1 }), async (killAt) => {
        await wipe();
        const first = await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500'], killAt);
        expect(first.killed).toBe(true);
        expect(await snapshot()).not.toBe(clean); // interrupted part-way
        expect((await kg(['generate', '--nodes', String(NODES), '--seed', '3', '--batch', '500'])).code).toBe(0);
        expect(await snapshot()).toBe(clean);
      }),
      { numRuns: 3, seed: 11 },
    );
  }, 240_000);

  it('import killed with SIGKILL at random points, then re-run, gives the same graph', async () => {
    const dir = path.join(work, 'export');
    await writeDataset(dir, await exportGraph(db), 'json');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NODES - 1 }), async (killAt) => {
        await wipe();
        expect((await kg(['import', dir], killAt)).killed).toBe(true);
        expect((await kg(['import', dir])).code).toBe(0);
        expect(await snapshot()).toBe(clean);
      }),
      { numRuns: 2, seed: 12 },
    );
  }, 240_000);
});
