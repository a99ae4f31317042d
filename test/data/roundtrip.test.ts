import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportGraph } from '../../src/data/export.js';
import { readDatasetDir, writeDataset } from '../../src/data/files.js';
import { generate, labelCounts } from '../../src/data/generator.js';
import { load } from '../../src/data/loader.js';
import { LABELS, REL_TYPES } from '../../src/ontology.js';
import { EXAMPLES_DIR, SEED_DIR } from '../../src/seed.js';
import { snapshot, usePrivateDatabase, wipe } from '../helpers.js';

/** These tests own a private database, so they may empty it and fill it with synthetic data. */
const priv = usePrivateDatabase();
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kg-files-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const snap = () => snapshot(priv.db);
const clear = () => wipe(priv.db);
const run = promisify(execFile);
const kg = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args], { env: { ...process.env, NEO4J_URI: priv.uri } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('export and import', () => {
  it.each(['json', 'csv'] as const)('round-trips the plan and the examples through %s into an empty database', async (format) => {
    await clear();
    await load(priv.db, await readDatasetDir(SEED_DIR));
    await load(priv.db, await readDatasetDir(EXAMPLES_DIR));
    const before = await snap();
    const dir = path.join(work, format);
    const files = await writeDataset(dir, await exportGraph(priv.db), format);
    expect(files.length).toBe(LABELS.length + REL_TYPES.length);

    await clear();
    const summary = await load(priv.db, await readDatasetDir(dir));
    expect(summary).toMatchObject({ nodes: 307, relationships: 714, created: 1021 });
    expect(await snap()).toEqual(before);
  });

  it('imports through the CLI with a summary, and rejects bad rows listing them, writing nothing', async () => {
    await clear();
    const ok = await kg(['import', SEED_DIR]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/269 nodes and 606 relationships loaded; created 875, updated 0, unchanged 0, rejected 0/);

    const again = await kg(['import', '--dry-run', SEED_DIR]);
    expect(again.stdout).toMatch(/validated \(dry run, nothing written\); created 0, updated 0, unchanged 0, rejected 0/);

    const bad = path.join(work, 'bad');
    await writeDataset(bad, [{ type: 'SERVES', records: [{ from: 'facility:nowhere', to: 'tech:beidou', sources: ['x'] }] }], 'csv');
    await writeFile(path.join(bad, 'Laboratory.csv'), 'id,name,sources\nlab:x,X,y\n');
    await writeFile(path.join(bad, 'Facility.csv'), 'id,name,kind,classification,sources\nfacility:a,A,KEY_LAB,SECRETISH,s\nfacility:a,B,KEY_LAB,PUBLIC,s\n');
    const before = await snap();
    const res = await kg(['import', bad]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Facility\.csv#1 \(facility:a\) classification:/);
    expect(res.stderr).toMatch(/Facility\.csv#2 \(facility:a\) id: duplicate id, first defined at Facility\.csv#1/);
    expect(res.stderr).toMatch(/Laboratory\.csv label: unknown label 'Laboratory'/);
    expect(res.stderr).toMatch(/SERVES\.csv#1 \(facility:nowhere -SERVES-> tech:beidou\) from: no node with id 'facility:nowhere'/);
    expect(res.stdout).toMatch(/rejected 4; nothing written/);
    expect(await snap()).toEqual(before);
  });
});

describe('synthetic generator', () => {
  it('is deterministic for a seed and size', () => {
    const first = (seed: number) => [...generate({ nodes: 1000, seed, batchSize: 100000 })];
    expect(JSON.stringify(first(3))).toEqual(JSON.stringify(first(3)));
    expect(JSON.stringify(first(3))).not.toEqual(JSON.stringify(first(4)));
  });

  it('streams every label and relationship type, with hierarchies and mixed classifications, into Neo4j', async () => {
    await clear();
    const res = await kg(['generate', '--nodes', '3000', '--seed', '5', '--batch', '500']);
    expect(res.code).toBe(0);
    const [n] = await priv.db.read('MATCH (n:Entity) RETURN count(n) AS n');
    expect(n!.n).toBe(3000);
    const labels = await priv.db.read('MATCH (n:Entity) UNWIND labels(n) AS l WITH l WHERE l <> "Entity" AND NOT l STARTS WITH "SearchL" RETURN l, count(*) AS c');
    expect(Object.fromEntries(labels.map((r) => [r.l, r.c]))).toEqual(labelCounts(3000));
    const types = await priv.db.read('MATCH ()-[r]->() RETURN DISTINCT type(r) AS t');
    expect(new Set(types.map((r) => r.t))).toEqual(new Set(REL_TYPES));
    const [depth] = await priv.db.read('MATCH p = (:Technology)-[:PART_OF*]->(:Technology) RETURN max(length(p)) AS d');
    expect(depth!.d).toBe(3);
    const [cls] = await priv.db.read('MATCH (n:Entity) RETURN count(DISTINCT n.classification) AS c');
    expect(cls!.c).toBe(5);
    const [deg] = await priv.db.read(
      'MATCH (t:Technology) WITH t, COUNT { (t)<-[:SERVES]-() } AS d RETURN max(d) AS max, avg(d) AS avg',
    );
    expect(deg!.max as number).toBeGreaterThan(10 * (deg!.avg as number)); // hubs: a skewed, long-tailed degree distribution

    // a re-run with the same seed leaves the same graph
    const before = await snap();
    await kg(['generate', '--nodes', '3000', '--seed', '5', '--batch', '500']);
    expect(await snap()).toEqual(before);
  });
});

