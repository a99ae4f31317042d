import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/db/database.js';
import { knownEntities } from '../../../src/data/known-entities.js';
import { LABELS } from '../../../src/ontology.js';
import { BulkImportError, bulkImport } from '../../../src/db/bulk-import.js';
import { startEmbedded } from '../../../src/db/embedded.js';
import type { NodeRecord, RelRecord } from '../../../src/data/dataset.js';
import type { Batch } from '../../../src/data/generator.js';
import { ARRAY_DELIMITER } from '../../../src/io/bulk/csv.js';
import { bulkLoad } from '../../../src/io/bulk/load.js';

const run = promisify(execFile);
const SMALL = { NEO4J_HEAP: '256m', NEO4J_PAGECACHE_MB: '32' };

/** Runs `kg` on the embedded database in `home` (NEO4J_URI unset); never throws. */
const kg = (home: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args], {
    env: { ...process.env, NEO4J_URI: '', NEO4J_HOME_DIR: home, ...SMALL, ...env },
    timeout: 240_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/**
 * Everything a load decides, read back: nodes with labels and properties, relationships, indexes,
 * schema version, and each node's label as ingestion reads it (the importer's store lists the search
 * labels before the ontology's).
 */
async function readBack(home: string) {
  const neo = await startEmbedded({ home, heap: '256m', pageCacheMb: 32 });
  const db = new Database({ uri: neo.uri, user: neo.user, password: neo.password, queryTimeoutMs: 120_000 });
  try {
    const nodes = await db.read(
      `MATCH (n) WHERE NOT n:SchemaVersion
       WITH n ORDER BY n.id
       RETURN collect(labels(n)) AS labels, collect(properties(n)) AS props`,
    );
    const rels = await db.read(
      `MATCH (a)-[r]->(b)
       WITH a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props ORDER BY from, type, to
       RETURN collect([from, type, to, props]) AS rels`,
    );
    const indexes = await db.read(`SHOW INDEXES YIELD name, state, type, labelsOrTypes, properties WHERE type <> 'LOOKUP' RETURN name, state ORDER BY name`);
    const [version] = await db.read("MATCH (v:SchemaVersion {id: 'schema'}) RETURN v.version AS version");
    const known = (await knownEntities(db, 4)).map((e) => [e.id, e.label]);
    return {
      known,
      labels: (nodes[0]!.labels as string[][]).map((l) => [...l].sort()),
      props: nodes[0]!.props,
      rels: rels[0]!.rels,
      indexes,
      version: version?.version,
    };
  } finally {
    await db.close();
    await neo.stop();
  }
}

describe('bulk load through Neo4j\'s offline importer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kg-bulk-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('generates the same graph as the MERGE load: labels, properties, relationships, indexes online, schema version', async () => {
    const bulk = await kg(path.join(dir, 'bulk'), ['generate', '--nodes', '1500', '--bulk', 'on']);
    expect(bulk.stderr + bulk.stdout).toContain("through Neo4j's bulk importer");
    expect(bulk.code).toBe(0);
    const merge = await kg(path.join(dir, 'merge'), ['generate', '--nodes', '1500', '--bulk', 'off']);
    expect(merge.code).toBe(0);
    expect(merge.stdout).not.toContain('bulk importer');
    const [a, b] = [await readBack(path.join(dir, 'bulk')), await readBack(path.join(dir, 'merge'))];
    expect(a.props).toHaveLength(1500);
    expect((a.rels as unknown[]).length).toBeGreaterThan(3000);
    expect(a.indexes.every((i) => i.state === 'ONLINE')).toBe(true);
    expect(a.known.filter(([, label]) => !(LABELS as readonly string[]).includes(label!))).toEqual([]);
    expect(a).toEqual(b);
  }, 600_000);

  it('refuses a second bulk load into a database that holds data, and --bulk on against a server', async () => {
    const again = await kg(path.join(dir, 'bulk'), ['generate', '--nodes', '1500', '--bulk', 'on']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--bulk on needs an empty database');
    const remote = await kg(path.join(dir, 'unused'), ['generate', '--nodes', '1500', '--bulk', 'on'], { NEO4J_URI: 'bolt://127.0.0.1:1' });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--bulk on needs the embedded database');
  }, 300_000);

  it('all or nothing: the importer refuses a relationship to a missing node and the store is as it was', async () => {
    const home = path.join(dir, 'bulk');
    const nodes = path.join(dir, 'n.csv');
    const rels = path.join(dir, 'r.csv');
    await writeFile(nodes, `:ID,id:string,name:string,:LABEL\n1,"x:1","one","Entity${ARRAY_DELIMITER}Probe"\n`);
    await writeFile(rels, ':START_ID,:END_ID\n1,404\n');
    const err = await bulkImport({ nodes: [nodes], relationships: [{ type: 'CITES', file: rels }] }, { home, arrayDelimiter: ARRAY_DELIMITER, reportDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkImportError);
    expect((err as BulkImportError).code).toBe('IMPORT_FAILED');
    expect((err as Error).message).toMatch(/^bulk import failed \(nothing was changed\): .*404/);
    const after = await readBack(home);
    expect(after.props).toHaveLength(1500);
    expect(after.labels.some((l) => l.includes('Probe'))).toBe(false);
  }, 300_000);

  it('refuses records that contradict each other before importing, naming the id: a duplicate id, a relationship to no node', async () => {
    const home = path.join(dir, 'keys');
    await mkdir(home);
    const node = (id: string): NodeRecord => ({ label: 'Technology', props: { id, name: id, classification: 'PUBLIC', classificationLevel: 0, basis: 'STATED', sources: ['test'] }, origin: 'test' });
    const rel = (from: string, to: string): RelRecord => ({ type: 'PART_OF', from, to, props: { classification: 'PUBLIC', classificationLevel: 0, basis: 'STATED', sources: ['test'] }, origin: 'test' });
    const attempt = (batches: Batch[]) => bulkLoad(batches, { home }).catch((e: unknown) => e);
    const cases: Array<[Batch[], RegExp]> = [
      [[{ kind: 'nodes', label: 'Technology', records: [node('tech:a'), node('tech:b')] }, { kind: 'nodes', label: 'Technology', records: [node('tech:a')] }], /two nodes have the id 'tech:a'/],
      [[{ kind: 'nodes', label: 'Technology', records: [node('tech:a')] }, { kind: 'rels', type: 'PART_OF', records: [rel('tech:a', 'tech:nowhere')] }], /a PART_OF relationship's end 'tech:nowhere' is not a node of this load/],
      [[{ kind: 'rels', type: 'PART_OF', records: [rel('tech:first', 'tech:a')] }, { kind: 'nodes', label: 'Technology', records: [node('tech:a')] }], /start 'tech:first' is not a node/],
    ];
    for (const [batches, reason] of cases) {
      const err = await attempt(batches);
      expect(err, reason.source).toBeInstanceOf(BulkImportError);
      expect((err as Error).message).toMatch(/^bulk import failed \(nothing was changed\): /);
      expect((err as Error).message).toMatch(reason);
    }
    // nothing was left behind: no files, no store
    expect(await readdir(home)).toEqual([]);
  });

  it('an import that died half-way is rolled back at the next start; a completed one is kept', async () => {
    const home = path.join(dir, 'bulk');
    const store = path.join(home, 'data', 'databases', 'neo4j');
    const log = path.join(home, 'data', 'transactions', 'neo4j');
    // what a killed import leaves: the old folders aside, partial new ones in their place, no marker
    for (const f of [store, log]) {
      await rename(f, `${f}.before-import`);
      await mkdir(f);
      await writeFile(path.join(f, 'partial'), 'half-written');
    }
    const after = await readBack(home);
    expect(after.props).toHaveLength(1500);
    for (const f of [store, log]) {
      expect(existsSync(`${f}.before-import`)).toBe(false);
      expect(existsSync(path.join(f, 'partial'))).toBe(false);
    }
    // with the completion marker, the new folders stay and the old ones aside go
    await mkdir(`${store}.before-import`);
    await writeFile(path.join(`${store}.before-import`, 'old'), 'the store before the import');
    await writeFile(path.join(home, 'import-complete'), '');
    expect((await readBack(home)).props).toHaveLength(1500);
    expect(existsSync(`${store}.before-import`)).toBe(false);
    expect(existsSync(path.join(home, 'import-complete'))).toBe(false);
  }, 300_000);

  it('refuses a home whose database is running', async () => {
    const home = path.join(dir, 'merge');
    const neo = await startEmbedded({ home, heap: '256m', pageCacheMb: 32 });
    try {
      const err = await bulkImport({ nodes: [], relationships: [] }, { home, arrayDelimiter: ARRAY_DELIMITER, reportDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BulkImportError);
      expect((err as BulkImportError).code).toBe('STORE_LOCKED');
    } finally {
      await neo.stop();
    }
  }, 300_000);
});
