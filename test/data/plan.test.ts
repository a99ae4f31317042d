import { beforeAll, afterAll, describe, expect, inject, it } from 'vitest';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { Database } from '../../src/db/database.js';
import { SEED_DIR } from '../../src/seed.js';

/**
 * Facts of 京政發〔2013〕19號, asked of the database after loading seed/plan. The loads are one
 * transaction each, given time to wait for other files' loads of the same records (speed is not tested here).
 */
const db = new Database({
  uri: inject('neo4jUri'),
  user: process.env.NEO4J_USER,
  password: process.env.NEO4J_PASSWORD,
  database: process.env.NEO4J_DATABASE,
  queryTimeoutMs: 110_000,
});

beforeAll(async () => {
  await load(db, await readDatasetDir(SEED_DIR));
});
afterAll(() => db.close());

const names = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.name);

describe('the plan graph', () => {
  it('holds the document with its number, issuer and dates', async () => {
    const [doc] = await db.read("MATCH (d:Document {id: 'doc:jingzhengfa-2013-19'}) RETURN d {.number, .issuer, .signed, .published} AS d");
    expect(doc!.d).toEqual({ number: '京政發〔2013〕19號', issuer: '北京市人民政府', signed: '2013-07-12', published: '2013-08-15' });
  });

  it('lists the responsible agencies of the Fengtai base exactly as the clause does', async () => {
    const rows = await db.read(
      `MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task {clause: '§二(一)1(3)'}) RETURN a.name AS name ORDER BY r.rank`,
    );
    expect(names(rows)).toEqual(['市經濟信息化委', '市科委', '中關村管委會', '市發展改革委', '豐台區政府']);
  });

  it('knows the five industries of the Daxing base', async () => {
    const rows = await db.read(
      `MATCH (:Park {id: 'park:daxing-cmi-industrial-base'})-[:FOCUSES_ON]->(t:Technology) RETURN t.name AS name ORDER BY name`,
    );
    expect(names(rows).sort()).toEqual(['應急救援裝備', '新材料', '新能源', '智慧裝備', '航空航太'].sort());
  });

  it('places the four specialised parks inside Zhongguancun Science City, and the city in Haidian', async () => {
    const rows = await db.read(
      `MATCH (p:Park)-[:PART_OF]->(:Park {id: 'park:zgc-science-city-cmf-base'})-[:LOCATED_IN]->(d:District)
       RETURN p.name AS name, d.name AS district`,
    );
    expect(names(rows).sort()).toEqual(['中關村國防科技園', '中關村航太科技創新園', '中關村航空科技園', '北航國際航空航太創新園'].sort());
    expect(new Set(rows.map((r) => r.district))).toEqual(new Set(['海淀區']));
  });

  it('counts 18 clauses with 主責單位 among 41 tasks (the clause tree), every task part of the document', async () => {
    const [row] = await db.read(
      `MATCH (t:Task)-[:PART_OF]->(:Document {id: 'doc:jingzhengfa-2013-19'})
       WITH t, EXISTS { (t)<-[:RESPONSIBLE_FOR]-() } AS hasAgencies
       RETURN count(t) AS tasks, sum(CASE WHEN hasAgencies THEN 1 ELSE 0 END) AS withAgencies`,
    );
    expect(row).toEqual({ tasks: 41, withAgencies: 18 });
  });

  it('names 中關村管委會 in every one of the 18 clauses, more than any other agency', async () => {
    const rows = await db.read(
      `MATCH (a:Agency)-[:RESPONSIBLE_FOR]->(t:Task) RETURN a.name AS name, count(t) AS n ORDER BY n DESC, name LIMIT 2`,
    );
    expect(rows[0]).toEqual({ name: '中關村管委會', n: 18 });
    expect(rows[1]!.n).toBeLessThan(18);
  });

  it('has the working group with its fifteen members', async () => {
    const rows = await db.read(`MATCH (a:Agency)-[:MEMBER_OF]->(:Institution {id: 'inst:cmf-innovation-working-group'}) RETURN a.name AS name`);
    expect(rows).toHaveLength(15);
    expect(names(rows)).toContain('北京科技協作中心');
    expect(names(rows)).not.toContain('順義區政府');
  });

  it('dates the two phases and the two periods of the implementation phase', async () => {
    const rows = await db.read(
      `MATCH (p:Phase)-[:PART_OF]->(:Document {id: 'doc:jingzhengfa-2013-19'})
       OPTIONAL MATCH (p)-[:PART_OF]->(up:Phase)
       RETURN p.name AS name, p.start AS start, p.end AS end, up.name AS within ORDER BY p.end`,
    );
    expect(rows).toEqual([
      { name: '籌劃階段', start: null, end: '2013-07-31', within: null },
      { name: '2013年8月至12月', start: '2013-08', end: '2013-12', within: '實施階段' },
      { name: '2014年至2015年', start: '2014', end: '2015', within: '實施階段' },
      { name: '實施階段', start: '2013-08', end: '2015-12', within: null },
    ]);
  });

  it('keeps the order of the working group members and names the military liaison', async () => {
    const rows = await db.read(
      `MATCH (a)-[r:MEMBER_OF]->(:Institution {id: 'inst:cmf-innovation-working-group'}) RETURN a.name AS name, r.role AS role, r.rank AS rank ORDER BY r.role, r.rank`,
    );
    expect(rows[0]).toEqual({ name: '相關駐京軍事單位', role: 'LIAISON', rank: null });
    expect(rows.slice(1).map((r) => r.rank)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(rows[1]!.name).toBe('市經濟信息化委');
    expect(rows[15]!.name).toBe('大興區政府');
  });

  it('sets the working group up within the Zhongguancun innovation platform, not as its member', async () => {
    const rows = await db.read(`MATCH (:Institution {id: 'inst:cmf-innovation-working-group'})-[r]->(:Institution {id: 'inst:zgc-innovation-platform'}) RETURN type(r) AS t`);
    expect(rows).toEqual([{ t: 'PART_OF' }]);
  });

  it('puts the national protein science facility (鳳凰工程) in the Life Science Park in Changping', async () => {
    const rows = await db.read(
      `MATCH (f:Facility {id: 'facility:national-protein-science-facility-beijing'})-[:LOCATED_IN]->(p:Park)-[:PART_OF*0..]->(:Park)-[:LOCATED_IN]->(d:District)
       RETURN p.name AS park, d.name AS district, f.aliases AS aliases`,
    );
    expect(rows).toEqual([{ park: '中關村生命科學園', district: '昌平區', aliases: expect.arrayContaining(['鳳凰工程']) }]);
  });

  it('names the four military qualifications and the financing instruments of §二(四)2', async () => {
    const [c] = await db.read("MATCH (c:Certification) WHERE c.sources[0] STARTS WITH '京政發' RETURN count(c) AS n");
    expect(c!.n).toBe(4);
    const rows = await db.read(`MATCH (:Task {clause: '§二(四)2'})-[:CONCERNS]->(f:FinancingInstrument) RETURN f.name AS name`);
    expect(names(rows)).toEqual(expect.arrayContaining(['信用貸款', '知識産權質押貸款', '中小企業私募債']));
  });

  it('loads again without changing anything (269 nodes and 606 relationships unchanged)', async () => {
    const summary = await load(db, await readDatasetDir(SEED_DIR));
    expect(summary).toEqual({ created: 0, updated: 0, unchanged: 875, nodes: 269, relationships: 606 });
  });

  it('traces every node and relationship to a clause of the document', async () => {
    const [row] = await db.read(
      `MATCH (n:Entity) WHERE any(s IN n.sources WHERE s STARTS WITH '京政發〔2013〕19號')
       WITH collect(n) AS plan
       UNWIND plan AS n
       OPTIONAL MATCH (n)-[r]->()
       RETURN count(DISTINCT n) AS nodes,
              sum(CASE WHEN n.nameEn IS NULL THEN 1 ELSE 0 END) AS withoutEnglish,
              count(r) AS rels,
              sum(CASE WHEN r IS NOT NULL AND size(r.sources) = 0 THEN 1 ELSE 0 END) AS relsWithoutSource`,
    );
    expect(row).toMatchObject({ nodes: 269, withoutEnglish: 0, relsWithoutSource: 0 });
    expect(row!.rels).toBeGreaterThanOrEqual(606);
  });
});
