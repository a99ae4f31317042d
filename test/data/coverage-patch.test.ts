import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/data/answer-cache.js';
import { facilityCoverage } from '../../src/data/analysis.js';
import type { Actor } from '../../src/data/audited-write.js';
import { MAX_PATCH_FACILITIES, onlyFacilitiesAndParks, updatesWalked } from '../../src/data/coverage-patch.js';
import { declassify } from '../../src/data/declassify.js';
import { createNode, deleteNode, link, unlink, updateNode } from '../../src/data/mutations.js';
import { usePrivateDatabase } from '../helpers.js';

/**
 * Kept coverage matrices patched by the writes of facilities and parks made through this process:
 * after each such write every matrix comes from the cache (none is counted afresh) and equals the
 * matrix counted afresh, at every clearance asked; any other write leaves them to be counted afresh.
 */

const handle = usePrivateDatabase();
const ARGS = { districts: ['district:cp-d1', 'district:cp-d2'], technology: null };
const CLEARANCES = [0, 2, 4];
const cache = new AnswerCache(10_000);
/** A write through this process: it patches `cache`. */
const actor = (answers: AnswerCache | null = cache): Actor => ({
  viewer: { subject: 'cp-editor', clearance: 'TOP_SECRET', roles: ['editor', 'declassifier'] },
  operation: 'Test:write',
  auditId: randomUUID(),
  inputHash: 'h',
  answers,
});
const sources = ['test'];

beforeAll(async () => {
  const LEVELS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'];
  const nodes: Array<[label: 'District' | 'Park' | 'Technology' | 'Facility', id: string, extra: Record<string, string>]> = [
    ['District', 'district:cp-d1', {}],
    ['District', 'district:cp-d2', {}],
    ['Park', 'park:cp-p', { kind: 'PARK' }],
    ['Park', 'park:cp-p2', { kind: 'PARK' }],
    ['Technology', 'tech:cp-t', {}],
    ['Technology', 'tech:cp-t1', {}],
    ['Technology', 'tech:cp-t2', {}],
    ['Facility', 'facility:cp-f', { kind: 'KEY_LAB', access: 'OPEN' }],
    ['Facility', 'facility:cp-g', { kind: 'TEST_PLATFORM', access: 'CLOSED' }],
    ['Facility', 'facility:cp-h', { kind: 'TEST_PLATFORM', access: 'OPEN' }],
  ];
  for (const [label, id, extra] of nodes) {
    // labels and types come from the fixed lists here, values travel as parameters
    await handle.db.write(`CREATE (n:${label}:Entity) SET n = $props`, {
      props: { id, name: id, aliases: [], sources, classification: 'PUBLIC', classificationLevel: 0, ...extra },
    });
  }
  const links: Array<[from: string, type: 'PART_OF' | 'LOCATED_IN' | 'SERVES', to: string, level?: number]> = [
    ['tech:cp-t1', 'PART_OF', 'tech:cp-t'],
    ['park:cp-p', 'LOCATED_IN', 'district:cp-d1'],
    ['park:cp-p2', 'PART_OF', 'park:cp-p'],
    ['facility:cp-f', 'LOCATED_IN', 'park:cp-p2'],
    ['facility:cp-f', 'SERVES', 'tech:cp-t1'],
    ['facility:cp-g', 'PART_OF', 'facility:cp-f'],
    ['facility:cp-g', 'SERVES', 'tech:cp-t2', 2],
  ];
  for (const [from, type, to, level = 0] of links) {
    await handle.db.write(`MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) CREATE (a)-[r:${type}]->(b) SET r = $props`, {
      from,
      to,
      props: { classification: LEVELS[level], classificationLevel: level, sources },
    });
  }
});

/** Every clearance's matrix from the cache, each equal to the matrix counted afresh. */
async function ask(): Promise<void> {
  for (const c of CLEARANCES) {
    expect(await facilityCoverage(handle.db, ARGS, c, { cache }), `clearance ${c}`).toEqual(await facilityCoverage(handle.db, ARGS, c));
  }
}

/** Runs `write` between two askings; how many matrices the second counted afresh. */
async function recountedAfter(write: () => Promise<unknown>): Promise<number> {
  await ask();
  const { misses } = cache.stats();
  await write();
  await ask();
  return cache.stats().misses - misses;
}

describe('kept coverage matrices and the writes of facilities', () => {
  it('are patched by each write of what facilities hold, and equal the matrices counted afresh at every clearance', async () => {
    const { db } = handle;
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['a facility with no link located in a sub-park', () => link(db, actor(), { from: 'facility:cp-h', type: 'LOCATED_IN', to: 'park:cp-p2', sources })],
      ['it serves a technology', () => link(db, actor(), { from: 'facility:cp-h', type: 'SERVES', to: 'tech:cp-t2', sources })],
      ['a SECRET service of a sub-facility', () => link(db, actor(), { from: 'facility:cp-g', type: 'SERVES', to: 'tech:cp-t1', sources, classification: 'SECRET' })],
      ['a facility closed', () => updateNode(db, actor(), 'Facility', 'facility:cp-f', { access: 'CLOSED' })],
      ['a facility raised to SECRET (its sub-facility is walked through it)', () => updateNode(db, actor(), 'Facility', 'facility:cp-f', { classification: 'SECRET' })],
      ['it is declassified', () => declassify(db, actor(), 'facility:cp-f', 'PUBLIC', 'test')],
      ['it leaves its park', () => unlink(db, actor(), 'facility:cp-f', 'LOCATED_IN', 'park:cp-p2')],
      ['it is located in another district directly', () => link(db, actor(), { from: 'facility:cp-f', type: 'LOCATED_IN', to: 'district:cp-d2', sources })],
      ['a service declassified', () => declassify(db, actor(), 'facility:cp-g|SERVES|tech:cp-t1', 'PUBLIC', 'test')],
      ['a new facility with no link', () => createNode(db, actor(), 'Facility', { sources, id: 'facility:cp-k', name: '新平台', kind: 'TEST_PLATFORM', access: 'OPEN' })],
      ['a facility with links deleted', () => deleteNode(db, actor(), 'facility:cp-g')],
      ['a park located in a second district too (its sub-park and facilities with it)', () => link(db, actor(), { from: 'park:cp-p', type: 'LOCATED_IN', to: 'district:cp-d2', sources })],
      ['a park raised to SECRET (the facilities below are walked through it)', () => updateNode(db, actor(), 'Park', 'park:cp-p2', { classification: 'SECRET' })],
      ['it is declassified', () => declassify(db, actor(), 'park:cp-p2', 'PUBLIC', 'test')],
      ['a sub-park leaves its park', () => unlink(db, actor(), 'park:cp-p2', 'PART_OF', 'park:cp-p')],
      ['it is located in the first district directly, by a SECRET link', () => link(db, actor(), { from: 'park:cp-p2', type: 'LOCATED_IN', to: 'district:cp-d1', sources, classification: 'SECRET' })],
      ['that link declassified', () => declassify(db, actor(), 'park:cp-p2|LOCATED_IN|district:cp-d1', 'PUBLIC', 'test')],
      ['a park renamed (nothing to patch)', () => updateNode(db, actor(), 'Park', 'park:cp-p2', { name: '园区二' })],
      ['a park with no facility left below it deleted', () => deleteNode(db, actor(), 'park:cp-p')],
      ['a park with a facility below it deleted', () => deleteNode(db, actor(), 'park:cp-p2')],
    ];
    const recounted: Record<string, number> = {};
    const seen = new Set<string>();
    for (const [what, write] of writes) {
      recounted[what] = await recountedAfter(write);
      seen.add(JSON.stringify(await facilityCoverage(db, ARGS, 4, { cache })));
    }
    expect(recounted).toEqual(Object.fromEntries(writes.map(([what]) => [what, 0])));
    expect(seen.size, 'the writes changed the matrices').toBeGreaterThan(8);
    // the last matrices show what the writes made: f in d2 directly; h, in no park left, in no district
    const top = (await facilityCoverage(db, ARGS, 4, { cache })).filter((c) => c.facilities > 0).map((c) => [c.district.id, c.technology.id, c.facilities, c.openFacilities]);
    expect(top).toEqual([['district:cp-d2', 'tech:cp-t', 1, 0]]);
  });

  it('are counted afresh after a write of a district or technology, or a write made elsewhere', async () => {
    const { db } = handle;
    expect(await recountedAfter(() => updateNode(db, actor(), 'District', 'district:cp-d2', { classification: 'SECRET' }))).toBe(CLEARANCES.length);
    expect(await recountedAfter(() => link(db, actor(), { from: 'tech:cp-t2', type: 'PART_OF', to: 'tech:cp-t', sources }))).toBe(CLEARANCES.length);
    // another process's write: its cache is not this one
    expect(await recountedAfter(() => updateNode(db, actor(new AnswerCache(100)), 'Facility', 'facility:cp-h', { access: 'CLOSED' }))).toBe(CLEARANCES.length);
  });

  it('are counted afresh when another write committed between the first reading of a write and its lock', async () => {
    const { db } = handle;
    await ask();
    const { misses } = cache.stats();
    // the next write through `db` stops after its second statement (the claim, then the reading of its facilities)
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const read = new Promise<void>((r) => (reached = r));
    const writeAll = db.writeAll.bind(db);
    db.writeAll = (work) => {
      db.writeAll = writeAll;
      let n = 0;
      return writeAll((tx) =>
        work(
          new Proxy(tx, {
            get: (t, k) =>
              k === 'run' ? (...args: Parameters<typeof t.run>) => t.run(...args).then(async (res) => (++n === 2 ? (reached(), await gate, res) : res)) : Reflect.get(t, k),
          }),
        ),
      );
    };
    const held = updateNode(db, actor(), 'Facility', 'facility:cp-f', { access: 'OPEN' });
    await read;
    // another process's write, committed meanwhile, changes a count the held write knows nothing of
    await updateNode(db, actor(null), 'Facility', 'facility:cp-h', { access: 'OPEN' });
    release();
    await held;
    await ask();
    expect(cache.stats().misses - misses).toBe(CLEARANCES.length);
  });

  it('tells the writes of facilities and parks from the others', () => {
    expect(onlyFacilitiesAndParks({ labels: [], links: [['SERVES', 'Facility']] })).toBe(true);
    expect(onlyFacilitiesAndParks({ labels: ['Facility'], links: [['LOCATED_IN', 'Facility'], ['OPERATES', 'Institution']] })).toBe(true);
    expect(onlyFacilitiesAndParks({ labels: [], edited: [['Facility', ['access']]], links: [] })).toBe(true);
    expect(onlyFacilitiesAndParks({ labels: [], links: [['LOCATED_IN', 'Park']] })).toBe(true);
    expect(onlyFacilitiesAndParks({ labels: [], edited: [['Park', ['classificationLevel']]], links: [] })).toBe(true);
    expect(onlyFacilitiesAndParks({ labels: ['Technology'], links: [] })).toBe(false);
    expect(onlyFacilitiesAndParks({ labels: [], edited: [['District', ['classificationLevel']]], links: [] })).toBe(false);
    expect(onlyFacilitiesAndParks({ labels: [], links: [['PART_OF', 'Technology']] })).toBe(false);
    expect(onlyFacilitiesAndParks(undefined)).toBe(false);
  });

  it('are not read for an update that changes nothing a walk reads (a name): the write keeps its three statements', async () => {
    const { db } = handle;
    await ask();
    const writeAll = db.writeAll.bind(db);
    let n = 1; // writeAll runs the record on its own transaction object: the counted statements plus one
    db.writeAll = (work) => writeAll((tx) => work(new Proxy(tx, { get: (t, k) => (k === 'run' ? (...args: Parameters<typeof t.run>) => (n++, t.run(...args)) : Reflect.get(t, k)) })));
    try {
      await updateNode(db, actor(), 'Facility', 'facility:cp-h', { name: '平台丙', nameEn: 'Platform C' });
      expect(n, 'a rename').toBe(3);
      n = 1;
      await updateNode(db, actor(), 'Facility', 'facility:cp-h', { access: 'CLOSED' });
      expect(n, 'a closing, patched: two statements more').toBe(5);
    } finally {
      db.writeAll = writeAll;
    }
    await ask();
    expect(updatesWalked('Facility', ['name', 'description'])).toBe(false);
    expect(updatesWalked('Facility', ['name', 'classification'])).toBe(true);
    expect(updatesWalked('Park', ['access'])).toBe(false);
    expect(updatesWalked('Park', ['classification'])).toBe(true);
    expect(updatesWalked('Technology', ['classification'])).toBe(false);
  });

  it(`are counted afresh after a write of a park with more than ${MAX_PATCH_FACILITIES} facilities below it, patched at that number`, async () => {
    const { db } = handle;
    // a park in no district, with one facility too many, made around the API: no matrix changes
    await db.write(
      `CREATE (p:Park:Entity {id: 'park:cp-big', name: 'park:cp-big', kind: 'PARK', aliases: [], sources: $sources, classification: 'PUBLIC', classificationLevel: 0})
       WITH p UNWIND range(0, $n) AS i
       CREATE (:Facility:Entity {id: 'facility:cp-big-' + i, name: 'facility:cp-big-' + i, kind: 'KEY_LAB', access: 'OPEN', aliases: [], sources: $sources, classification: 'PUBLIC', classificationLevel: 0})
              -[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: $sources}]->(p)`,
      { sources, n: MAX_PATCH_FACILITIES },
    );
    await db.write(`MATCH (f:Facility {id: 'facility:cp-big-0'}), (t:Technology {id: 'tech:cp-t1'}) CREATE (f)-[:SERVES {classification: 'PUBLIC', classificationLevel: 0, sources: $sources}]->(t)`, { sources });
    const inD1 = { from: 'park:cp-big', type: 'LOCATED_IN', to: 'district:cp-d1', sources } as const;
    expect(await recountedAfter(() => link(db, actor(), inD1))).toBe(CLEARANCES.length);
    expect(await recountedAfter(() => unlink(db, actor(), 'park:cp-big', 'LOCATED_IN', 'district:cp-d1'))).toBe(CLEARANCES.length);
    expect(await recountedAfter(() => deleteNode(db, actor(), `facility:cp-big-${MAX_PATCH_FACILITIES}`))).toBe(0);
    expect(await recountedAfter(() => link(db, actor(), inD1))).toBe(0);
    const d1 = (await facilityCoverage(db, ARGS, 0, { cache })).find((c) => c.district.id === 'district:cp-d1' && c.technology.id === 'tech:cp-t');
    expect(d1?.facilities).toBeGreaterThanOrEqual(1);
  });
});
