import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { aliasEntries, applyAliases } from '../../src/data/aliases.js';
import { validate } from '../../src/data/dataset.js';
import { exportGraph } from '../../src/data/export.js';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { declassify } from '../../src/data/declassify.js';
import { createNode, type Actor } from '../../src/data/mutations.js';
import { search, syncSearchFields } from '../../src/data/search.js';
import { SEARCH_VERSION } from '../../src/text/search-fields.js';
import { SEED_DIR } from '../../src/seed.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';

const db = testDatabase();
afterAll(async () => {
  await deleteByPrefix(db, 'tech:srchdata-');
  await db.close();
});

const actor = (): Actor => ({ viewer: { subject: 'search-test', clearance: 'TOP_SECRET', roles: ['reader', 'editor'] }, operation: 'test', auditId: randomUUID(), inputHash: 'search-test' });
const found = async (text: string, clearance: number) => (await search(db, { text, first: 20 }, clearance)).map((h) => h.node.id);
const searchLabelsOf = async (id: string) =>
  ((await db.read("MATCH (n:Entity {id: $id}) RETURN [l IN labels(n) WHERE l STARTS WITH 'Search'] AS l", { id }))[0]!.l as string[]).sort();

describe('per-clearance full-text indexes', () => {
  it('exist for every clearance, over the derived terms, split on whitespace only', async () => {
    const rows = await db.read(
      "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options WHERE name STARTS WITH 'search_l' RETURN name, labelsOrTypes[0] AS label, properties, options.indexConfig['fulltext.analyzer'] AS analyzer ORDER BY name",
    );
    expect(rows).toEqual([0, 1, 2, 3, 4].map((k) => ({ name: `search_l${k}`, label: `SearchL${k}`, properties: ['searchText'], analyzer: 'whitespace' })));
  });

  it('hold a node only for clearances that may see it, and follow a reclassification', async () => {
    await createNode(db, actor(), 'Technology', { id: 'tech:srchdata-probe', name: '試驗探針技術', nameEn: 'Probe technology', classification: 'SECRET', sources: ['test'] });
    expect(await searchLabelsOf('tech:srchdata-probe')).toEqual(['SearchL3', 'SearchL4']);
    await db.read('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
    expect(await found('试验探针', 3)).toContain('tech:srchdata-probe');
    expect(await found('试验探针', 2)).not.toContain('tech:srchdata-probe');

    await declassify(db, actor(), 'tech:srchdata-probe', 'INTERNAL', 'test: the labels follow a declassification');
    expect(await searchLabelsOf('tech:srchdata-probe')).toEqual(['SearchL1', 'SearchL2', 'SearchL3', 'SearchL4']);
    await db.read('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
    expect(await found('试验探针', 1)).toContain('tech:srchdata-probe');
    expect(await found('试验探针', 0)).not.toContain('tech:srchdata-probe');
  });
});

describe('syncSearchFields', () => {
  it('derives the fields and labels of nodes written without them, once', async () => {
    await db.write("CREATE (:Entity:Technology {id: 'tech:srchdata-raw', name: '原始寫入', classification: 'CONFIDENTIAL', classificationLevel: 2, sources: ['test']})");
    expect(await syncSearchFields(db)).toBeGreaterThanOrEqual(1);
    const [row] = await db.read("MATCH (n {id: 'tech:srchdata-raw'}) RETURN n.searchVersion AS v, n.nameSort AS sort, n.name AS name");
    expect(row).toEqual({ v: SEARCH_VERSION, sort: 'yuan2 shi3 xie3 ru4', name: '原始寫入' }); // the stored name is untouched
    expect(await searchLabelsOf('tech:srchdata-raw')).toEqual(['SearchL2', 'SearchL3', 'SearchL4']);
    expect(await found('原始写入', 2)).toContain('tech:srchdata-raw');
    expect(await syncSearchFields(db)).toBe(0);
  });
});

describe('derived properties', () => {
  it('are never exported', async () => {
    await load(db, [{ file: 't.json', label: 'Technology', records: [{ id: 'tech:srchdata-export', name: '導出', classification: 'PUBLIC', sources: ['test'] }] }]);
    const files = await exportGraph(db);
    const rec = files.flatMap((f) => f.records as Array<Record<string, unknown>>).find((r) => r.id === 'tech:srchdata-export')!;
    expect(Object.keys(rec).sort()).toEqual(['basis', 'classification', 'id', 'name', 'sources']);
  });
});

describe('common aliases', () => {
  it('name only nodes of the plan, each entry with its own source note', async () => {
    const files = await readDatasetDir(SEED_DIR);
    const file = files.find((f) => f.aliases)!;
    const entries = aliasEntries(file.aliases!, file.file);
    const dataset = validate(files.filter((f) => !f.aliases));
    const ids = new Set(dataset.nodes.map((n) => n.props.id));
    expect(entries.filter((e) => !ids.has(e.id)).map((e) => e.id)).toEqual([]);
    for (const e of entries) expect(e.source).toMatch(/not in 京政發〔2013〕19號/);
    expect(applyAliases(dataset, entries)).toBe(entries.length);
    const buaa = dataset.nodes.find((n) => n.props.id === 'inst:buaa')!.props;
    expect(buaa.name).toBe('北京航空航太大學');
    expect(buaa.aliases).toEqual(expect.arrayContaining(['北航', 'Beijing University of Aeronautics and Astronautics']));
    expect((buaa.sources as string[])[0]).toMatch(/^京政發〔2013〕19號/);
  });

  it('are applied once however often the plan is loaded', async () => {
    const files = await readDatasetDir(SEED_DIR);
    const dataset = validate(files.filter((f) => !f.aliases));
    const entries = files.flatMap((f) => (f.aliases ? aliasEntries(f.aliases, f.file) : []));
    applyAliases(dataset, entries);
    const once = JSON.stringify(dataset.nodes);
    applyAliases(dataset, entries);
    expect(JSON.stringify(dataset.nodes)).toBe(once);
  });
});
