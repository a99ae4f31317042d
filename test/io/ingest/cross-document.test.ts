import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthenticator } from '../../../src/auth/authenticate.js';
import { Database } from '../../../src/db/database.js';
import { readDatasetDir } from '../../../src/data/files.js';
import { load } from '../../../src/data/loader.js';
import { startServer, type RunningServer } from '../../../src/http/server.js';
import { ingestFile, knownFromDatabase, writeProposal, type Proposal } from '../../../src/io/ingest/index.js';
import { SEED_DIR } from '../../../src/seed.js';
import { TEST_SECRET, post, SECRET_READER } from '../../graphql/harness.js';
import { usePrivateDatabase } from '../../helpers.js';

vi.setConfig({ hookTimeout: 300_000, testTimeout: 120_000 });

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const A = 'doc:haizhengfa-2016-5';
const B = 'doc:fengzhengfa-2015-12';

const privateDb = usePrivateDatabase();
// its own driver with a generous transaction timeout: the first loads are slow on a busy machine
const pdb = { db: undefined as unknown as Database };
let server: RunningServer;
let dir: string;
const proposals: Proposal[] = [];

/** Ingests a fixture against the database and imports the proposal, as an analyst would. */
async function ingestAndImport(name: string): Promise<Proposal> {
  const result = await ingestFile(fixture(name), await knownFromDatabase(pdb.db, 'TOP_SECRET'), 'the database');
  const out = path.join(dir, name);
  await writeProposal(out, result);
  await load(pdb.db, await readDatasetDir(out));
  return result.proposal;
}

beforeAll(async () => {
  pdb.db = new Database({ uri: privateDb.uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, queryTimeoutMs: 300_000 });
  dir = await mkdtemp(path.join(tmpdir(), 'kg-ingest-'));
  await load(pdb.db, await readDatasetDir(SEED_DIR));
  await load(pdb.db, await readDatasetDir(fixture('extra-graph'))); // two parks named 航天城: an ambiguous name
  proposals.push(await ingestAndImport('haidian-plan-simplified.txt'));
  proposals.push(await ingestAndImport('fengtai-points-traditional.html'));
  server = await startServer({ db: pdb.db, port: 0, authenticate: await createAuthenticator({ jwtSecret: TEST_SECRET }) });
});
afterAll(async () => {
  await server?.close();
  await pdb.db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);
const COMPARE = `query($a: ID!, $b: ID!) { compareDocuments(a: $a, b: $b) {
  a { id } b { id }
  agencies { shared { id } onlyInA { id } onlyInB { id } }
  parks { shared { id } onlyInA { id } onlyInB { id } }
  technologies { shared { id } onlyInA { id } onlyInB { id } } } }`;

describe('two plans in one graph', () => {
  it('resolves an agency new in the first plan to the same node in the second (simplified 市商务委, traditional 市商務委)', async () => {
    expect(proposals[0]!.nodes.map((n) => n.record.id)).toContain('agency:shi-shang-wu-wei');
    expect(proposals[1]!.nodes.filter((n) => n.label === 'Agency')).toEqual([]);
    const rows = await pdb.db.read(`MATCH (a:Agency) WHERE a.name IN ['市商务委', '市商務委'] OPTIONAL MATCH (a)-[:RESPONSIBLE_FOR]->(t:Task)-[:PART_OF]->(d:Document) RETURN a.id AS id, collect(DISTINCT d.id) AS docs`);
    expect(rows).toEqual([{ id: 'agency:shi-shang-wu-wei', docs: expect.arrayContaining([A, B]) }]);
  });

  it('keeps each plan\'s tasks distinct, each PART_OF its own document, and the curated plan\'s untouched', async () => {
    const rows = await pdb.db.read(`MATCH (t:Task)-[:PART_OF]->(d:Document) RETURN d.id AS doc, count(DISTINCT t) AS tasks ORDER BY doc`);
    expect(rows).toEqual([
      { doc: B, tasks: 3 },
      { doc: A, tasks: 6 },
      { doc: 'doc:jingzhengfa-2013-19', tasks: 41 }, // the whole plan: annotated tasks and the clause tree's headings
    ]);
    const [shared] = await pdb.db.read(`MATCH (t:Task)-[:PART_OF]->(:Document) WITH t, count(*) AS n WHERE n > 1 RETURN count(t) AS n`);
    expect(shared!.n).toBe(0);
  });

  it('compares the two plans: shared and differing agencies, parks and technologies', async () => {
    const res = await post(server.url, COMPARE, { a: A, b: B });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.compareDocuments;
    expect([c.a.id, c.b.id]).toEqual([A, B]);
    expect(ids(c.agencies.shared)).toEqual(['agency:municipal-economy-it-commission', 'agency:municipal-sci-tech-commission', 'agency:shi-shang-wu-wei', 'agency:zgc-administrative-committee']);
    expect(ids(c.agencies.onlyInA)).toEqual(['agency:district-governments', 'agency:haidian-district-government', 'agency:municipal-development-reform-commission']);
    expect(ids(c.agencies.onlyInB)).toEqual(['agency:fengtai-district-government', 'agency:municipal-financial-work-bureau']);
    expect(ids(c.parks.shared)).toEqual(['park:zgc-science-city-cmf-base']);
    expect(ids(c.parks.onlyInA)).toEqual(['park:beidou-spatial-information-industrial-base', 'park:dongsheng-defence-science-park', 'park:zgc-defence-science-park']);
    expect(ids(c.parks.onlyInB)).toEqual(['park:fengtai-cmf-innovation-base']);
    expect(ids(c.technologies.shared)).toEqual(['tech:new-materials']);
    expect(ids(c.technologies.onlyInA)).toEqual(['tech:beidou', 'tech:satellite-navigation']);
    expect(ids(c.technologies.onlyInB)).toEqual(['tech:communication-navigation', 'tech:emergency-rescue']);
  });

  it('compares only what the caller may see: a hidden link or agency is absent, as in the graph without them', async () => {
    await pdb.db.write(`MATCH (:Task {id: 'task:haizhengfa-2016-5-2-1-1'})-[r:CONCERNS]->(:Park {id: 'park:zgc-science-city-cmf-base'}) SET r.classification = 'CONFIDENTIAL', r.classificationLevel = 2`);
    await pdb.db.write(`MATCH (a:Agency {id: 'agency:municipal-financial-work-bureau'}) SET a.classification = 'SECRET', a.classificationLevel = 3`);
    const pub = (await post(server.url, COMPARE, { a: A, b: B })).body.data.compareDocuments;
    expect(ids(pub.parks.shared)).toEqual([]);
    expect(ids(pub.parks.onlyInB)).toEqual(['park:fengtai-cmf-innovation-base', 'park:zgc-science-city-cmf-base']);
    expect(ids(pub.agencies.onlyInB)).toEqual(['agency:fengtai-district-government']);
    const secret = (await post(server.url, COMPARE, { a: A, b: B }, SECRET_READER)).body.data.compareDocuments;
    expect(ids(secret.parks.shared)).toEqual(['park:zgc-science-city-cmf-base']);
    expect(ids(secret.agencies.onlyInB)).toEqual(['agency:fengtai-district-government', 'agency:municipal-financial-work-bureau']);
  });

  it('answers a hidden document exactly like a missing one (NOT_FOUND naming the argument)', async () => {
    await pdb.db.write(`MATCH (d:Document {id: $id}) SET d.classification = 'SECRET', d.classificationLevel = 3`, { id: B });
    const hidden = (await post(server.url, COMPARE, { a: A, b: B })).body;
    const missing = (await post(server.url, COMPARE, { a: A, b: 'doc:no-such-plan' })).body;
    expect(hidden.data).toBeNull();
    expect(hidden.errors[0].extensions).toEqual({ code: 'NOT_FOUND', argumentName: 'b' });
    expect(JSON.stringify(hidden).replaceAll(B, 'ID')).toBe(JSON.stringify(missing).replaceAll('doc:no-such-plan', 'ID'));
    expect((await post(server.url, COMPARE, { a: A, b: B }, SECRET_READER)).body.errors).toBeUndefined();
  });

  it('resolves names only against what the given clearance may see', async () => {
    await pdb.db.write(`MATCH (p:Park {id: 'park:zgc-defence-science-park'}) SET p.classification = 'SECRET', p.classificationLevel = 3`);
    const concerns = async (clearance: 'PUBLIC' | 'SECRET') => {
      const { proposal } = await ingestFile(fixture('haidian-plan-simplified.txt'), await knownFromDatabase(pdb.db, clearance), 'db');
      return proposal.links.filter((l) => l.type === 'CONCERNS' && l.clause === '§二(一)1').map((l) => l.record.to);
    };
    expect(await concerns('PUBLIC')).not.toContain('park:zgc-defence-science-park');
    expect(await concerns('SECRET')).toContain('park:zgc-defence-science-park');
  });
});

describe('compareDocuments under random classifications (non-interference)', () => {
  const LEVELS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
  /** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  type Row = { doc: string; kind: string; id: string; levels: number[] };

  /** Every path a comparison may count, with the level of each of its five elements (read unfiltered). */
  const paths = async (): Promise<Row[]> =>
    (await pdb.db.read(
      `MATCH (d:Document)<-[p:PART_OF]-(t:Task)<-[r:RESPONSIBLE_FOR]-(x:Agency) WHERE d.id IN $docs
       RETURN d.id AS doc, 'agencies' AS kind, x.id AS id, [d.classificationLevel, p.classificationLevel, t.classificationLevel, r.classificationLevel, x.classificationLevel] AS levels
       UNION ALL
       MATCH (d:Document)<-[p:PART_OF]-(t:Task)-[c:CONCERNS]->(x) WHERE d.id IN $docs AND (x:Park OR x:Technology)
       RETURN d.id AS doc, CASE WHEN x:Park THEN 'parks' ELSE 'technologies' END AS kind, x.id AS id, [d.classificationLevel, p.classificationLevel, t.classificationLevel, c.classificationLevel, x.classificationLevel] AS levels`,
      { docs: [A, B] },
    )) as unknown as Row[];

  /** The comparison computed from the rows alone, for a caller cleared for `c`. */
  function expected(rows: Row[], docLevels: Map<string, number>, c: number) {
    if (docLevels.get(A)! > c) return { error: 'a' };
    if (docLevels.get(B)! > c) return { error: 'b' };
    const out: Record<string, { shared: string[]; onlyInA: string[]; onlyInB: string[] }> = {};
    for (const kind of ['agencies', 'parks', 'technologies']) {
      const of = (doc: string) => new Set(rows.filter((r) => r.doc === doc && r.kind === kind && r.levels.every((l) => l <= c)).map((r) => r.id));
      const a = of(A);
      const b = of(B);
      const sorted = (s: Iterable<string>) => [...s].sort();
      out[kind] = { shared: sorted([...a].filter((x) => b.has(x))), onlyInA: sorted([...a].filter((x) => !b.has(x))), onlyInB: sorted([...b].filter((x) => !a.has(x))) };
    }
    return out;
  }

  it('gives every clearance exactly the comparison of the graph restricted to what it may see', async () => {
    const nodeIds = [...new Set((await paths()).flatMap((r) => [r.doc, r.id]))];
    const relIds = (await pdb.db.read(
      `MATCH (d:Document)<-[p:PART_OF]-(t:Task) WHERE d.id IN $docs OPTIONAL MATCH (t)-[x:RESPONSIBLE_FOR|CONCERNS]-()
       RETURN collect(DISTINCT elementId(p)) + collect(DISTINCT elementId(x)) AS ids, collect(DISTINCT t.id) AS tasks`,
      { docs: [A, B] },
    ))[0]!;
    const entityIds = [...nodeIds, ...(relIds.tasks as string[])];
    for (let run = 0; run < 6; run++) {
      const next = random(run + 1);
      const level = () => (next() < 0.6 ? 0 : 1 + Math.floor(next() * 4));
      const docLevel = () => (next() < 0.8 ? 0 : 1 + Math.floor(next() * 4));
      await pdb.db.write(
        `UNWIND $rows AS row MATCH (n:Entity {id: row.id}) SET n.classificationLevel = row.level, n.classification = $names[row.level]`,
        { rows: entityIds.map((id) => ({ id, level: id === A || id === B ? docLevel() : level() })), names: [...LEVELS] },
      );
      await pdb.db.write(
        `UNWIND $rows AS row MATCH ()-[x]->() WHERE elementId(x) = row.id SET x.classificationLevel = row.level, x.classification = $names[row.level]`,
        { rows: (relIds.ids as string[]).map((id) => ({ id, level: level() })), names: [...LEVELS] },
      );
      const rows = await paths();
      const docLevels = new Map((await pdb.db.read('MATCH (d:Document) WHERE d.id IN $docs RETURN d.id AS id, d.classificationLevel AS level', { docs: [A, B] })).map((r) => [r.id as string, r.level as number]));
      for (let c = 0; c < LEVELS.length; c++) {
        const viewer = { subject: `ni-${run}-${c}`, clearance: LEVELS[c]!, roles: ['reader' as const] };
        const res = (await post(server.url, COMPARE, { a: A, b: B }, viewer)).body;
        const want = expected(rows, docLevels, c);
        if ('error' in want) {
          expect(res.errors?.[0]?.extensions, `run ${run}, clearance ${LEVELS[c]}`).toEqual({ code: 'NOT_FOUND', argumentName: want.error });
          continue;
        }
        expect(res.errors, `run ${run}, clearance ${LEVELS[c]}`).toBeUndefined();
        const got = res.data.compareDocuments;
        const flat = (x: { shared: Array<{ id: string }>; onlyInA: Array<{ id: string }>; onlyInB: Array<{ id: string }> }) => ({ shared: ids(x.shared), onlyInA: ids(x.onlyInA), onlyInB: ids(x.onlyInB) });
        expect({ agencies: flat(got.agencies), parks: flat(got.parks), technologies: flat(got.technologies) }, `run ${run}, clearance ${LEVELS[c]}`).toEqual(want);
      }
    }
  });
});
