import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/data/answer-cache.js';
import { coverageGaps, facilityCoverage } from '../../src/data/analysis.js';
import { appendAudit } from '../../src/data/audit.js';
import { ANONYMOUS } from '../../src/data/viewer.js';
import { usePrivateDatabase } from '../helpers.js';

// a graph of the file's own (its writes must be the only ones between two asks)
const handle = usePrivateDatabase();
const PUBLIC = 0;
const TOP_SECRET = 4;
const ARGS = { districts: ['district:ac-d'], technology: null };

/** A facility in district ac-d serving tech ac-t1 (under ac-t), at `level`. */
const FACILITY = `CREATE (f:Facility:Entity {id: $id, name: $id, nameEn: null, aliases: [], sources: ['test'], kind: 'TEST_PLATFORM',
    access: 'OPEN', accessModes: [], classification: 'PUBLIC', classificationLevel: $level})
  WITH f MATCH (d:District {id: 'district:ac-d'}), (t:Technology {id: 'tech:ac-t1'})
  CREATE (f)-[:LOCATED_IN {classificationLevel: 0, sources: ['test']}]->(d), (f)-[:SERVES {classificationLevel: 0, sources: ['test']}]->(t)`;

const cell = (cells: Awaited<ReturnType<typeof facilityCoverage>>) => cells.find((c) => c.technology.id === 'tech:ac-t')?.facilities;

beforeAll(async () => {
  const { db } = handle;
  await db.write(
    `CREATE (:District:Entity {id: 'district:ac-d', name: '测试区', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (t:Technology:Entity {id: 'tech:ac-t', name: '测试技术', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (t1:Technology:Entity {id: 'tech:ac-t1', name: '测试子技术', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (t1)-[:PART_OF {classificationLevel: 0, sources: ['test']}]->(t)`,
  );
  await db.write(FACILITY, { id: 'facility:ac-1', level: 0 });
  await db.write(FACILITY, { id: 'facility:ac-secret', level: 3 });
});

describe('kept coverage answers', () => {
  it('are given again while the graph is unchanged, equal to what the statement computes', async () => {
    const { db } = handle;
    const cache = new AnswerCache(1_000);
    const first = await facilityCoverage(db, ARGS, TOP_SECRET, { cache });
    const again = await facilityCoverage(db, ARGS, TOP_SECRET, { cache });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(again).toBe(first);
    expect(again).toEqual(await facilityCoverage(db, ARGS, TOP_SECRET));
    expect(cell(again)).toBe(2);
  });

  it('are kept per clearance: a lower clearance never gets a higher one’s answer', async () => {
    const { db } = handle;
    const cache = new AnswerCache(1_000);
    expect(cell(await facilityCoverage(db, ARGS, TOP_SECRET, { cache }))).toBe(2);
    const low = await facilityCoverage(db, ARGS, PUBLIC, { cache });
    expect(cell(low)).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2, entries: 2 });
    expect(await facilityCoverage(db, ARGS, PUBLIC, { cache })).toBe(low);
  });

  it('are not given after a write through the API: the next answer counts it', async () => {
    const { db } = handle;
    const cache = new AnswerCache(1_000);
    expect(cell(await facilityCoverage(db, ARGS, PUBLIC, { cache }))).toBe(1);
    await db.write(FACILITY, { id: 'facility:ac-2', level: 0 });
    const after = await facilityCoverage(db, ARGS, PUBLIC, { cache });
    expect(cell(after)).toBe(2);
    expect(cache.stats().hits).toBe(0);
    // a change of a property only (the version is what tells it)
    await db.write(`MATCH (f:Facility {id: 'facility:ac-2'}) SET f.classificationLevel = 3`);
    expect(cell(await facilityCoverage(db, ARGS, PUBLIC, { cache }))).toBe(1);
    expect(cache.stats().hits).toBe(0);
  });

  it('are not given after another client adds or deletes something around the API', async () => {
    const { db } = handle;
    const cache = new AnswerCache(1_000);
    const before = cell(await facilityCoverage(db, ARGS, TOP_SECRET, { cache }));
    const session = db.driver.session();
    try {
      await session.run(FACILITY, { id: 'facility:ac-outside', level: 0 });
    } finally {
      await session.close();
    }
    expect(cell(await facilityCoverage(db, ARGS, TOP_SECRET, { cache }))).toBe(before! + 1);
    expect(cache.stats().hits).toBe(0);
  });

  it('stay valid across an audit record, which is not part of the graph', async () => {
    const { db } = handle;
    const cache = new AnswerCache(1_000);
    const first = await facilityCoverage(db, ARGS, TOP_SECRET, { cache });
    await appendAudit(db, { kind: 'READ', operation: 'test', viewer: ANONYMOUS, ids: [], level: 2, aggregates: ['facilityCoverage'] });
    expect(await facilityCoverage(db, ARGS, TOP_SECRET, { cache })).toBe(first);
    expect(cache.stats().hits).toBe(1);
  });

  it('are kept for a graph not yet written under a data version (loaded by the bulk importer)', async () => {
    const { db } = handle;
    const session = db.driver.session();
    try {
      await session.run("MATCH (v:SchemaVersion {id: 'schema'}) REMOVE v.dataVersion");
    } finally {
      await session.close();
    }
    const cache = new AnswerCache(1_000);
    const first = await facilityCoverage(db, ARGS, TOP_SECRET, { cache });
    expect(await facilityCoverage(db, ARGS, TOP_SECRET, { cache })).toBe(first);
    // and its first write through the API gives it one
    await db.write(FACILITY, { id: 'facility:ac-3', level: 0 });
    expect(cell(await facilityCoverage(db, ARGS, TOP_SECRET, { cache }))).toBe(cell(first)! + 1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('are not used inside a rolled-back scenario, whose writes the statement sees', async () => {
    const { db } = handle;
    const cache = new AnswerCache(1_000);
    const kept = cell(await facilityCoverage(db, ARGS, PUBLIC, { cache }));
    const inside = await db.rolledBack(async (tx) => {
      await tx.write(`MATCH (f:Facility {id: 'facility:ac-1'}) DETACH DELETE f`);
      return cell(await facilityCoverage(tx, ARGS, PUBLIC));
    });
    expect(inside).toBe(kept! - 1);
    expect(cell(await facilityCoverage(db, ARGS, PUBLIC, { cache }))).toBe(kept);
    expect(cache.stats().hits).toBe(1);
  });
});

describe('kept coverage gaps', () => {
  it('are kept and renewed the same way, an unknown district (null) included', async () => {
    const { db } = handle;
    const cache = new AnswerCache(1_000);
    const args = { district: 'district:ac-d', technology: 'tech:ac-t' };
    const first = await coverageGaps(db, args, PUBLIC, { cache });
    expect(await coverageGaps(db, args, PUBLIC, { cache })).toBe(first);
    expect(first).toEqual(await coverageGaps(db, args, PUBLIC));
    const nowhere = { ...args, district: 'district:ac-none' };
    expect(await coverageGaps(db, nowhere, PUBLIC, { cache })).toBeNull();
    expect(await coverageGaps(db, nowhere, PUBLIC, { cache })).toBeNull();
    // a new sub-technology that no open facility serves is a gap at once
    await db.write(
      `MATCH (t:Technology {id: 'tech:ac-t'})
       CREATE (:Technology:Entity {id: 'tech:ac-t2', name: '测试空白技术', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
              -[:PART_OF {classificationLevel: 0, sources: ['test']}]->(t)`,
    );
    const after = await coverageGaps(db, args, PUBLIC, { cache });
    expect(after!.map((g) => g.technology.id)).toContain('tech:ac-t2');
    expect(first!.map((g) => g.technology.id)).not.toContain('tech:ac-t2');
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 3 });
  });
});

describe('AnswerCache', () => {
  it('drops the least recently used answers beyond its weight, and keeps none heavier than it', () => {
    const cache = new AnswerCache(10);
    cache.keep('a', 'v1', 'A', 4);
    cache.keep('b', 'v1', 'B', 4);
    expect(cache.take('a', 'v1')).toBe('A');
    cache.keep('c', 'v1', 'C', 4);
    expect(cache.versionOf('b')).toBeNull();
    expect(cache.take('a', 'v1')).toBe('A');
    expect(cache.take('a', 'v2')).toBeUndefined();
    cache.keep('huge', 'v1', 'H', 11);
    expect(cache.versionOf('huge')).toBeNull();
    cache.keep('unknown', null, 'U', 1);
    expect(cache.versionOf('unknown')).toBeNull();
    expect(cache.stats()).toMatchObject({ entries: 2, weight: 8 });
    expect(() => new AnswerCache(0)).toThrow('maxWeight must be a positive integer');
  });

  it('puts a patched answer in place only over the version it was patched from, and only so many times', () => {
    const cache = new AnswerCache(10);
    cache.keep('m', 'v1', 'M1', 4);
    expect(cache.replace('m', 'v0', 'v2', 'stale', 2)).toBe(false); // patched from an answer no longer kept
    expect(cache.replace('m', 'v1', 'v2', 'M2', 2)).toBe(true);
    expect(cache.replace('m', 'v2', 'v3', 'M3', 2)).toBe(true);
    expect(cache.replace('m', 'v3', 'v4', 'M4', 2)).toBe(false); // the third patch: counted afresh instead
    expect([cache.take('m', 'v3'), cache.take('m', 'v4')]).toEqual(['M3', undefined]);
    expect(cache.replace('none', 'v1', 'v2', 'N', 2)).toBe(false);
    cache.keep('m', 'v5', 'M5', 4); // computed afresh: patched again from zero
    expect(cache.replace('m', 'v5', 'v6', 'M6', 2)).toBe(true);
    expect(cache.stats()).toMatchObject({ entries: 1, weight: 4 });
  });
});
