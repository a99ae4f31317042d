import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError, type RawFile } from '../../src/data/dataset.js';
import { load } from '../../src/data/loader.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';

const db = testDatabase();
const src = ['loader test'];

/** A small valid dataset in this file's own id namespace (`*:lt-*`). */
function dataset(): RawFile[] {
  return [
    { file: 'districts.json', label: 'District', records: [{ id: 'district:lt-daxing', name: '大興區', nameEn: 'Daxing', sources: src }] },
    {
      file: 'parks.json',
      label: 'Park',
      records: [{ id: 'park:lt-base', name: '基地', kind: 'BASE', classification: 'INTERNAL', sources: src }],
    },
    {
      file: 'technologies.json',
      label: 'Technology',
      records: [
        { id: 'tech:lt-sat', name: '衛星應用', sources: src },
        { id: 'tech:lt-nav', name: '衛星導航', sources: src },
      ],
    },
    { file: 'rel-part-of.json', type: 'PART_OF', records: [{ from: 'tech:lt-nav', to: 'tech:lt-sat', sources: src }] },
    { file: 'rel-located-in.json', type: 'LOCATED_IN', records: [{ from: 'park:lt-base', to: 'district:lt-daxing', sources: src }] },
  ];
}

async function count(): Promise<{ nodes: number; rels: number }> {
  const [row] = await db.read("MATCH (n:Entity) WHERE n.id CONTAINS ':lt-' RETURN count(n) AS nodes");
  const [rels] = await db.read("MATCH (n:Entity)-[r]->() WHERE n.id CONTAINS ':lt-' RETURN count(r) AS rels");
  return { nodes: row!.nodes as number, rels: rels!.rels as number };
}

async function cleanUp() {
  for (const p of ['district:lt-', 'park:lt-', 'tech:lt-', 'facility:lt-']) await deleteByPrefix(db, p);
}

beforeEach(cleanUp);
afterAll(async () => {
  await cleanUp();
  await db.close();
});

/** Loads `files`, expecting a rejection; returns its messages and checks nothing was written. */
async function rejected(files: RawFile[]): Promise<string[]> {
  const err = await load(db, files).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DatasetError);
  expect(await count()).toEqual({ nodes: 0, rels: 0 });
  return (err as DatasetError).rejections.map((r) => `${r.origin} ${r.field}: ${r.message}`);
}

describe('load', () => {
  it('writes nodes with their labels, properties and classification level', async () => {
    const summary = await load(db, dataset());
    expect(summary).toEqual({ created: 6, updated: 0, unchanged: 0, nodes: 4, relationships: 2 });
    const [park] = await db.read("MATCH (p:Park:Entity {id: 'park:lt-base'}) RETURN p {.*} AS p");
    expect(park!.p).toEqual({
      id: 'park:lt-base',
      name: '基地',
      kind: 'BASE',
      basis: 'STATED',
      classification: 'INTERNAL',
      classificationLevel: 1,
      sources: src,
      // derived for search and sorting (src/text/search-fields.ts)
      searchText: '基 地 基地 jidi jd',
      nameSort: 'ji1 di4',
      nameEnSort: 'ji1 di4',
      searchVersion: 1,
    });
  });

  it('is idempotent: a second load changes nothing and says so', async () => {
    await load(db, dataset());
    const before = await db.read("MATCH (n:Entity) WHERE n.id CONTAINS ':lt-' RETURN n.id AS id, properties(n) AS p ORDER BY id");
    const summary = await load(db, dataset());
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(await db.read("MATCH (n:Entity) WHERE n.id CONTAINS ':lt-' RETURN n.id AS id, properties(n) AS p ORDER BY id")).toEqual(before);
    expect(await count()).toEqual({ nodes: 4, rels: 2 });
  });

  it('counts a changed record as updated and replaces its properties', async () => {
    await load(db, dataset());
    const files = dataset();
    files[0]!.records = [{ id: 'district:lt-daxing', name: '大興區', sources: src }];
    expect(await load(db, files)).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
    const [d] = await db.read("MATCH (d:District {id: 'district:lt-daxing'}) RETURN d.nameEn AS en");
    expect(d!.en).toBeNull();
  });

  it('validates without writing on a dry run', async () => {
    expect(await load(db, dataset(), { dryRun: true })).toMatchObject({ nodes: 4, relationships: 2, created: 0 });
    expect(await count()).toEqual({ nodes: 0, rels: 0 });
  });

  it('writes in batches when asked, with progress', async () => {
    const seen: number[] = [];
    await load(db, dataset(), { batchSize: 1, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes over a thousand relationships of several types (one statement per type), idempotently', async () => {
    // 700 facilities, each LOCATED_IN the park and SERVES a technology: 1,402 relationships of 4 types
    const facilities = Array.from({ length: 700 }, (_, i) => ({ id: `facility:lt-${i}`, name: `設施${i}`, kind: 'TEST_PLATFORM', access: 'OPEN', sources: src }));
    const files: RawFile[] = [
      ...dataset(),
      { file: 'facilities.json', label: 'Facility', records: facilities },
      { file: 'rel-located-in-f.json', type: 'LOCATED_IN', records: facilities.map((f) => ({ from: f.id, to: 'park:lt-base', sources: src })) },
      { file: 'rel-serves.json', type: 'SERVES', records: facilities.map((f, i) => ({ from: f.id, to: i % 2 ? 'tech:lt-sat' : 'tech:lt-nav', sources: src })) },
    ];
    expect(await load(db, files)).toMatchObject({ nodes: 704, relationships: 1402, created: 2106 });
    const types = await db.read(
      "MATCH (n:Entity)-[r]->() WHERE n.id CONTAINS ':lt-' RETURN type(r) AS type, count(r) AS n ORDER BY type",
    );
    expect(types).toEqual([
      { type: 'LOCATED_IN', n: 701 },
      { type: 'PART_OF', n: 1 },
      { type: 'SERVES', n: 700 },
    ]);
    expect(await load(db, files, { batchSize: 250 })).toMatchObject({ created: 0, updated: 0, unchanged: 2106 });
    expect(await count()).toEqual({ nodes: 704, rels: 1402 });
  });
});

describe('load rejects, naming file, record and field, and writes nothing', () => {
  it('an unknown label', async () => {
    const files = [...dataset(), { file: 'labs.json', label: 'Laboratory', records: [{ id: 'lab:lt-x', name: 'x', sources: src }] }];
    expect(await rejected(files)).toEqual(["labs.json label: unknown label 'Laboratory'"]);
  });

  it('an unknown relationship type', async () => {
    const files = [...dataset(), { file: 'rel-near.json', type: 'NEAR', records: [{ from: 'park:lt-base', to: 'district:lt-daxing', sources: src }] }];
    expect(await rejected(files)).toEqual(["rel-near.json type: unknown relationship type 'NEAR'"]);
  });

  it('a bad classification', async () => {
    const files = dataset();
    (files[1]!.records[0] as Record<string, unknown>).classification = 'ULTRA_SECRET';
    const [msg] = await rejected(files);
    expect(msg).toMatch(/^parks\.json#1 \(park:lt-base\) classification: /);
  });

  it('a duplicate id, within the input', async () => {
    const files = dataset();
    files[2]!.records.push({ id: 'tech:lt-sat', name: '重複', sources: src });
    expect(await rejected(files)).toEqual(['technologies.json#3 (tech:lt-sat) id: duplicate id, first defined at technologies.json#1']);
  });

  it('an id already used by a node of another label in the database', async () => {
    await load(db, dataset());
    const files: RawFile[] = [{ file: 'techs.json', label: 'Technology', records: [{ id: 'tech:lt-sat', name: 'x', sources: src }] }];
    await load(db, files); // same label: fine
    const bad: RawFile[] = [{ file: 'facilities.json', label: 'Facility', records: [{ id: 'tech:lt-sat', name: 'x', kind: 'KEY_LAB', sources: src }] }];
    const err = (await load(db, bad).catch((e: unknown) => e)) as DatasetError;
    expect(err.rejections.map((r) => r.message)).toEqual(["ids of Facility start with 'facility:'"]);
  });

  it('a relationship whose endpoint does not exist', async () => {
    const files = [...dataset(), { file: 'rel-serves.json', type: 'SERVES', records: [{ from: 'facility:lt-ghost', to: 'tech:lt-sat', sources: src }] }];
    expect(await rejected(files)).toEqual(["rel-serves.json#1 (facility:lt-ghost -SERVES-> tech:lt-sat) from: no node with id 'facility:lt-ghost'"]);
  });

  it('a relationship the ontology does not allow between those labels', async () => {
    const files = [...dataset(), { file: 'rel-serves.json', type: 'SERVES', records: [{ from: 'park:lt-base', to: 'tech:lt-sat', sources: src }] }];
    expect(await rejected(files)).toEqual(['rel-serves.json#1 (park:lt-base -SERVES-> tech:lt-sat) type: SERVES is not allowed from Park to Technology']);
  });

  it('a missing required field, a field the label does not have, and a record without provenance', async () => {
    const files = dataset();
    files[1]!.records = [{ id: 'park:lt-base', name: '基地', colour: 'red', sources: [] }];
    const msgs = await rejected(files);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parks\.json#1 \(park:lt-base\) kind: /),
        expect.stringMatching(/^parks\.json#1 \(park:lt-base\) colour: /),
        'parks.json#1 (park:lt-base) sources: every record needs its provenance',
      ]),
    );
  });

  it('lists every offending record, not only the first', async () => {
    const files = dataset();
    files[2]!.records = [{ id: 'Tech:Bad Id', name: 'x', sources: src }, { id: 'tech:lt-ok', name: '', sources: src }];
    expect(await rejected(files)).toEqual([
      'technologies.json#1 (Tech:Bad Id) id: expected `<kind>:<slug>` in lower case (a-z, 0-9, - . _)',
      'technologies.json#2 (tech:lt-ok) name: must not be empty',
      "rel-part-of.json#1 (tech:lt-nav -PART_OF-> tech:lt-sat) from: no node with id 'tech:lt-nav'",
      "rel-part-of.json#1 (tech:lt-nav -PART_OF-> tech:lt-sat) to: no node with id 'tech:lt-sat'",
    ]);
  });
});
