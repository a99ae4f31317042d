import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache, keepsKeptAnswers, linksOf } from '../../src/data/answer-cache.js';
import { coverageGaps, facilityCoverage } from '../../src/data/analysis.js';
import type { Actor } from '../../src/data/audited-write.js';
import { declassify } from '../../src/data/declassify.js';
import { createNode, deleteNode, link, publishNeed, unlink, updateNode } from '../../src/data/mutations.js';
import { usePrivateDatabase } from '../helpers.js';

/**
 * Which writes through the API keep the kept answers (coverage, gaps) and which renew them: every
 * API write kind, on what the answers read and on what they do not. After each write, the answer
 * from the cache must equal the answer computed afresh, at two clearances: a write wrongly taken to
 * keep them fails here with a stale answer.
 */

const handle = usePrivateDatabase();
const ARGS = { districts: ['district:kw-d'], technology: null };
const GAPS = { district: 'district:kw-d', technology: 'tech:kw-t' };
const CLEARANCES = [0, 4];
const actor = (): Actor => ({
  viewer: { subject: 'kw-editor', clearance: 'TOP_SECRET', roles: ['editor', 'declassifier'] },
  operation: 'Test:write',
  auditId: randomUUID(),
  inputHash: 'h',
});
const node = { sources: ['test'] };

beforeAll(async () => {
  await handle.db.write(
    `CREATE (d:District:Entity {id: 'district:kw-d', name: '测试区', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (p:Park:Entity {id: 'park:kw-p', name: '测试园', kind: 'PARK', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (t:Technology:Entity {id: 'tech:kw-t', name: '测试技术', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (t1:Technology:Entity {id: 'tech:kw-t1', name: '测试子技术', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (f:Facility:Entity {id: 'facility:kw-f', name: '测试实验室', kind: 'KEY_LAB', access: 'OPEN', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (ip:IPAsset:Entity {id: 'ip:kw-ip', name: '测试专利', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
     CREATE (t1)-[:PART_OF {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(t)
     CREATE (p)-[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(d)
     CREATE (f)-[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(p)
     CREATE (f)-[:SERVES {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(t1)
     CREATE (f)-[:SERVES {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(ip)`,
  );
});

describe('writes through the API and kept answers', () => {
  it('keep them when they touch nothing the answers read, renew them otherwise, and a kept answer is always the fresh one', async () => {
    const { db } = handle;
    const cache = new AnswerCache(10_000);
    const ask = async () => {
      for (const c of CLEARANCES) {
        const kept = [await facilityCoverage(db, ARGS, c, { cache }), await coverageGaps(db, GAPS, c, { cache })];
        expect(kept).toEqual([await facilityCoverage(db, ARGS, c), await coverageGaps(db, GAPS, c)]);
      }
    };
    /** Runs `write`, then asks again: every answer from the cache (kept) or none (renewed). */
    const expectAfter = async (write: () => Promise<unknown>, kept: boolean) => {
      await ask();
      const hits = cache.stats().hits;
      await write();
      await ask();
      expect(cache.stats().hits - hits).toBe(kept ? CLEARANCES.length * 2 : 0);
    };
    const openCells = async () => (await facilityCoverage(db, ARGS, 4)).find((c) => c.technology.id === 'tech:kw-t')!;

    // what the answers do not read: kept
    await expectAfter(() => createNode(db, actor(), 'Agency', { ...node, id: 'agency:kw-a', name: '测试机关', kind: 'MUNICIPAL_GOVERNMENT' }), true);
    await expectAfter(() => createNode(db, actor(), 'Institution', { ...node, id: 'inst:kw-i', name: '测试单位' }), true);
    await expectAfter(() => link(db, actor(), { from: 'inst:kw-i', type: 'LOCATED_IN', to: 'park:kw-p', sources: ['test'] }), true);
    await expectAfter(() => link(db, actor(), { from: 'inst:kw-i', type: 'OPERATES', to: 'facility:kw-f', sources: ['test'] }), true);
    await expectAfter(() => updateNode(db, actor(), 'Institution', 'inst:kw-i', { name: '测试单位二', classification: 'SECRET' }), true);
    await expectAfter(() => declassify(db, actor(), 'inst:kw-i', 'PUBLIC', 'test'), true);
    await expectAfter(() => publishNeed(db, actor(), { ...node, id: 'need:kw-n', name: '测试需求', technologies: ['tech:kw-t1'], preferredLocations: ['district:kw-d'] }), true);
    await expectAfter(() => deleteNode(db, actor(), 'agency:kw-a'), true);

    // a facility or park made with no link is on no walk, and one edited in what the walks do not read changes no count: kept
    await expectAfter(() => createNode(db, actor(), 'Facility', { ...node, id: 'facility:kw-g', name: '测试平台', kind: 'TEST_PLATFORM', access: 'CLOSED' }), true);
    await expectAfter(() => updateNode(db, actor(), 'Facility', 'facility:kw-f', { name: '测试实验室二', nameEn: 'Test lab two', status: 'PLANNED' }), true);
    await expectAfter(() => updateNode(db, actor(), 'Park', 'park:kw-p', { name: '测试园三' }), true);
    await expectAfter(() => createNode(db, actor(), 'Facility', { ...node, id: 'facility:kw-h', name: '测试空平台', kind: 'TEST_PLATFORM', access: 'OPEN' }), true);
    await expectAfter(() => deleteNode(db, actor(), 'facility:kw-h'), true);

    // what they read: renewed, and counted
    await expectAfter(() => link(db, actor(), { from: 'facility:kw-g', type: 'LOCATED_IN', to: 'park:kw-p', sources: ['test'] }), false);
    await expectAfter(() => link(db, actor(), { from: 'facility:kw-g', type: 'SERVES', to: 'tech:kw-t', classification: 'SECRET', sources: ['test'] }), false);
    expect(await openCells()).toMatchObject({ facilities: 2, openFacilities: 1 });
    await expectAfter(() => updateNode(db, actor(), 'Facility', 'facility:kw-g', { access: 'OPEN' }), false);
    expect(await openCells()).toMatchObject({ facilities: 2, openFacilities: 2 });
    await expectAfter(() => declassify(db, actor(), 'facility:kw-g|SERVES|tech:kw-t', 'PUBLIC', 'test'), false);
    expect((await facilityCoverage(db, ARGS, 0)).find((c) => c.technology.id === 'tech:kw-t')).toMatchObject({ facilities: 2 });
    await expectAfter(() => unlink(db, actor(), 'facility:kw-f', 'SERVES', 'tech:kw-t1'), false);
    await expectAfter(() => deleteNode(db, actor(), 'ip:kw-ip'), false);
    // a write refused (a park that does not exist) changes nothing and records only its failure
    await expectAfter(() => link(db, actor(), { from: 'park:kw-p', type: 'PART_OF', to: 'park:kw-p2', sources: ['test'] }).catch(() => null), true);
    await expectAfter(() => createNode(db, actor(), 'Park', { ...node, id: 'park:kw-p2', name: '测试园二', kind: 'ZONE', classification: 'SECRET' }), true);
    await expectAfter(() => link(db, actor(), { from: 'park:kw-p', type: 'PART_OF', to: 'park:kw-p2', sources: ['test'] }), false);
    await expectAfter(() => link(db, actor(), { from: 'park:kw-p2', type: 'LOCATED_IN', to: 'district:kw-d', sources: ['test'] }), false);
    await expectAfter(() => link(db, actor(), { from: 'facility:kw-g', type: 'PART_OF', to: 'facility:kw-f', sources: ['test'] }), false);
    await expectAfter(() => updateNode(db, actor(), 'District', 'district:kw-d', { name: '测试区二' }), false);
    // districts are rows and technologies columns, linked or not
    await expectAfter(() => createNode(db, actor(), 'District', { ...node, id: 'district:kw-d3', name: '测试区三' }), false);
    await expectAfter(() => deleteNode(db, actor(), 'district:kw-d3'), false);
    await expectAfter(() => updateNode(db, actor(), 'Park', 'park:kw-p', { classification: 'CONFIDENTIAL' }), false);
    await expectAfter(() => createNode(db, actor(), 'Technology', { ...node, id: 'tech:kw-t2', name: '测试新技术' }), false);
    await expectAfter(() => link(db, actor(), { from: 'tech:kw-t2', type: 'PART_OF', to: 'tech:kw-t', classification: 'SECRET', sources: ['test'] }), false);
    await expectAfter(() => updateNode(db, actor(), 'Technology', 'tech:kw-t2', { classification: 'CONFIDENTIAL' }), false);
    await expectAfter(() => declassify(db, actor(), 'tech:kw-t2', 'PUBLIC', 'test'), false);
    await expectAfter(() => unlink(db, actor(), 'tech:kw-t2', 'PART_OF', 'tech:kw-t'), false);
    await expectAfter(() => deleteNode(db, actor(), 'tech:kw-t2'), false);
    await expectAfter(() => declassify(db, actor(), 'park:kw-p2', 'PUBLIC', 'test'), false);
    await expectAfter(() => deleteNode(db, actor(), 'facility:kw-g'), false);
    expect(await openCells()).toMatchObject({ facilities: 0, openFacilities: 0 });
  });

  it('stay right on data that breaks the ontology: the statements read only the labels the ontology allows on a walk', async () => {
    const { db } = handle;
    // made around the API: a facility located in an institution located in the district (the
    // ontology allows neither link from a facility to an institution, so the API never writes one)
    const session = db.driver.session();
    try {
      await session.run(
        `MATCH (d:District {id: 'district:kw-d'}), (t:Technology {id: 'tech:kw-t'})
         CREATE (i:Institution:Entity {id: 'inst:kw-odd', name: '测试越界单位', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
         CREATE (f:Facility:Entity {id: 'facility:kw-odd', name: '测试越界实验室', kind: 'KEY_LAB', access: 'OPEN', aliases: [], sources: ['test'], classification: 'PUBLIC', classificationLevel: 0})
         CREATE (f)-[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(i)-[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(d)
         CREATE (f)-[:SERVES {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(t)`,
      );
    } finally {
      await session.close();
    }
    const cache = new AnswerCache(10_000);
    const kept = await facilityCoverage(db, ARGS, 0, { cache });
    const gaps = await coverageGaps(db, GAPS, 0, { cache });
    // not counted: its way to the district runs through a node no facility may be located in
    expect(kept.find((c) => c.technology.id === 'tech:kw-t')).toMatchObject({ facilities: 0 });
    // an API write to the institution keeps the version (institutions are not read) ...
    await updateNode(db, actor(), 'Institution', 'inst:kw-odd', { classification: 'SECRET' });
    // ... and the kept answers are still the fresh ones, which never counted through the institution
    expect(await facilityCoverage(db, ARGS, 0, { cache })).toBe(kept);
    expect(await facilityCoverage(db, ARGS, 0)).toEqual(kept);
    expect(await coverageGaps(db, GAPS, 0)).toEqual(gaps);
  });
});

describe('keepsKeptAnswers', () => {
  it('keeps for labels and links the answers do not read, and for nothing else', () => {
    expect(keepsKeptAnswers({ labels: ['Need', 'Agency', 'Institution'], links: [['REQUIRES', 'Need'], ['LOCATED_IN', 'Institution'], ['PART_OF', 'Task']] })).toBe(true);
    for (const label of ['District', 'Park', 'Facility', 'Technology'] as const) expect(keepsKeptAnswers({ labels: [label], links: [] })).toBe(false);
    for (const from of ['Facility', 'Park'] as const) expect(keepsKeptAnswers({ labels: [], links: [['LOCATED_IN', from]] })).toBe(false);
    expect(keepsKeptAnswers({ labels: [], links: [['PART_OF', 'Technology']] })).toBe(false);
    expect(keepsKeptAnswers({ labels: [], links: [['SERVES', 'Facility']] })).toBe(false);
  });

  it('keeps for parks and facilities made or removed with no link, or edited in what no walk reads; never for districts or technologies', () => {
    for (const label of ['Park', 'Facility'] as const) expect(keepsKeptAnswers({ labels: [], unlinked: [label], links: [] })).toBe(true);
    for (const label of ['District', 'Technology'] as const) expect(keepsKeptAnswers({ labels: [], unlinked: [label], links: [] })).toBe(false);
    expect(keepsKeptAnswers({ labels: [], edited: [['Facility', ['name', 'nameEn', 'status', 'description']], ['Park', ['name']], ['Institution', ['classificationLevel']]], links: [] })).toBe(true);
    expect(keepsKeptAnswers({ labels: [], edited: [['Facility', ['name', 'access']]], links: [] })).toBe(false);
    expect(keepsKeptAnswers({ labels: [], edited: [['Park', ['classificationLevel']]], links: [] })).toBe(false);
    expect(keepsKeptAnswers({ labels: [], edited: [['District', ['nameEn']]], links: [] })).toBe(false);
    expect(keepsKeptAnswers({ labels: [], edited: [['Technology', ['description']]], links: [] })).toBe(false);
    expect(keepsKeptAnswers({ labels: [], edited: [['Facility', []]], links: [] })).toBe(true);
  });

  it('takes deleting a node as touching every link it may have: an IP asset may be served by a facility', () => {
    expect(keepsKeptAnswers({ labels: ['IPAsset'], links: linksOf('IPAsset') })).toBe(false);
    expect(keepsKeptAnswers({ labels: ['Need'], links: linksOf('Need') })).toBe(true);
  });
});
