import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteByPrefix } from '../helpers.js';
import { startServer } from '../../src/http/server.js';
import { post, SECRET_READER, useApi } from './harness.js';
import { syncSearchFields } from '../../src/data/search.js';

const api = useApi();

describe('relationship fields, in both directions', () => {
  it('Park.facilities includes sub-parks; Facility.park and Facility.district go back up', async () => {
    const res = await post(
      api.url,
      `{ node(id: "park:daxing-cmi-industrial-base") { ... on Park {
          facilities(filter: {access: [OPEN]}) { totalCount nodes { id park { id } district { id } } }
          children { nodes { id } }
          district { id }
      } } }`,
    );
    const park = res.body.data!.node;
    expect(park.district).toEqual({ id: 'district:daxing' });
    expect(park.children.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['park:ex-daxing-satellite-incubator', 'park:navy-beijing-cmf-innovation-park']);
    const antenna = park.facilities.nodes.find((f: { id: string }) => f.id === 'facility:ex-incubator-shared-antenna-range');
    expect(antenna).toEqual({ id: 'facility:ex-incubator-shared-antenna-range', park: { id: 'park:ex-daxing-satellite-incubator' }, district: { id: 'district:daxing' } });
  });

  it('Technology.facilities includes sub-technologies; Facility.technologies goes back', async () => {
    const res = await post(
      api.url,
      `{ node(id: "tech:satellite-navigation") { ... on Technology {
          facilities { nodes { id technologies { nodes { id } } } }
          children { nodes { id } }
          parent { id }
      } } }`,
    );
    const t = res.body.data!.node;
    expect(t.parent).toEqual({ id: 'tech:satellite-applications' });
    expect(t.children.nodes).toEqual([{ id: 'tech:beidou' }]); // the CONFIDENTIAL anti-jamming child is hidden
    const ids = t.facilities.nodes.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['facility:ex-daxing-gnss-test-lab', 'facility:ex-beidou-navtech-tech-center', 'facility:ex-haidian-navigation-lab']));
    expect(ids).not.toContain('facility:ex-bluewhale-naval-navigation-lab');
  });

  it('Task.agencies keeps the order of 主責單位, with the relationship on each edge; Agency.tasks goes back', async () => {
    const res = await post(
      api.url,
      `{ node(id: "task:fengtai-base") { ... on Task { clause agencies { edges { node { name tasks { totalCount } } relationship { type rank sources } } } } } }`,
    );
    const edges = res.body.data!.node.agencies.edges;
    expect(edges.map((e: any) => e.node.name)).toEqual(['市經濟信息化委', '市科委', '中關村管委會', '市發展改革委', '豐台區政府']);
    expect(edges.map((e: any) => e.relationship.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(edges[0].relationship).toMatchObject({ type: 'RESPONSIBLE_FOR', sources: ['京政發〔2013〕19號 §二(一)1(3) 主責單位'] });
    expect(edges[4].node.tasks.totalCount).toBe(1);
  });

  it('Facility.users carries the weight of each use, and hides uses above the clearance', async () => {
    const q = `{ node(id: "facility:ex-daxing-gnss-test-lab") { ... on Facility { users { edges { node { id } relationship { weight classification } } } } } }`;
    const pub = (await post(api.url, q)).body.data!.node.users.edges;
    expect(pub.map((e: any) => [e.node.id, e.relationship.weight])).toEqual([
      ['inst:ex-beidou-navtech', 12],
      ['inst:ex-skyeye-remote-sensing', 3],
    ]);
    const secret = (await post(api.url, q, undefined, SECRET_READER)).body.data!.node.users.edges;
    expect(secret.map((e: any) => e.node.id)).toContain('inst:ex-naval-research-unit');
  });

  it('Document, Phase, Goal, Standard, IPAsset, Certification, FinancingInstrument and Institution fields resolve', async () => {
    const res = await post(
      api.url,
      `{
        doc: node(id: "doc:jingzhengfa-2013-19") { ... on Document { tasks { totalCount } phases { nodes { id tasks { totalCount } } } goals { totalCount } } }
        goal: node(id: "goal:2015-2") { ... on Goal { document { id } targetDate } }
        std: node(id: "standard:satellite-navigation-standards") { ... on Standard { technologies { nodes { id } } tasks { totalCount } } }
        ip: node(id: "ip:ex-image-fusion-patent") { ... on IPAsset { holders { nodes { id } } technologies { nodes { id } } } }
        cert: node(id: "cert:military-secrecy-qualification") { ... on Certification { holders { totalCount } tasks { nodes { id } } } }
        fin: node(id: "fin:ip-pledge-loans") { ... on FinancingInstrument { offeredBy { nodes { id } } tasks { nodes { id } } } }
        inst: node(id: "inst:ex-beidou-navtech") { ... on Institution { locatedIn { id } district { id } uses { totalCount } memberOf { nodes { id } } technologies { nodes { id } } } }
        wg: node(id: "inst:cmf-innovation-working-group") { ... on Institution { members { totalCount } } }
      }`,
    );
    expect(res.body.errors).toBeUndefined();
    const d = res.body.data!;
    expect(d.doc.tasks.totalCount).toBe(41);
    expect(d.doc.phases.nodes).toEqual([
      // by name in pinyin order: digits first, then 籌劃 (chou) before 實施 (shi)
      { id: 'phase:implementation-2013', tasks: { totalCount: 1 } },
      { id: 'phase:implementation-2014-2015', tasks: { totalCount: 1 } },
      { id: 'phase:planning', tasks: { totalCount: 1 } },
      { id: 'phase:implementation', tasks: { totalCount: 19 } }, // the 18 work items of §二 (INFERRED) and §三(一)2 itself
    ]);
    expect(d.doc.goals.totalCount).toBe(4);
    expect(d.goal).toEqual({ document: { id: 'doc:jingzhengfa-2013-19' }, targetDate: '2015' });
    expect(d.std.technologies.nodes).toEqual([{ id: 'tech:satellite-navigation' }]);
    expect(d.ip.holders.nodes).toEqual([{ id: 'inst:ex-skyeye-remote-sensing' }]);
    expect(d.cert.holders.totalCount).toBe(1); // the aerospace institute's; BeiDou NavTech's HOLDS link is INTERNAL
    const cleared = await post(api.url, `{ node(id: "cert:military-secrecy-qualification") { ... on Certification { holders { totalCount } } } }`, undefined, SECRET_READER);
    expect(cleared.body.data!.node.holders.totalCount).toBe(2);
    expect(d.cert.tasks.nodes).toEqual([{ id: 'task:mechanism-innovation' }]);
    expect(d.fin.offeredBy.nodes).toEqual([{ id: 'inst:financial-institutions' }, { id: 'inst:ex-zgc-tech-bank' }]);
    expect(d.inst).toMatchObject({ locatedIn: { id: 'park:daxing-cmi-industrial-base' }, district: { id: 'district:daxing' } });
    expect(d.wg.members.totalCount).toBe(16); // fifteen members and the military liaison
  });
});

describe('DataLoader batching', () => {
  const PREFIX = 'park:rt-';
  beforeAll(async () => {
    // 50 parks, each with 2 facilities, each facility serving 2 technologies
    await api.db.write(
      `UNWIND range(1, 50) AS i
       CREATE (p:Entity:Park {id: 'park:rt-' + i, name: 'RT park ' + i, kind: 'PARK', classification: 'PUBLIC', classificationLevel: 0, sources: ['test']})
       WITH p, i
       UNWIND range(1, 2) AS j
       CREATE (f:Entity:Facility {id: 'facility:rt-' + i + '-' + j, name: 'RT lab ' + i + '-' + j, kind: 'KEY_LAB', classification: 'PUBLIC', classificationLevel: 0, sources: ['test']})
              -[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(p)
       WITH f
       MATCH (t:Technology) WHERE t.id IN ['tech:beidou', 'tech:metamaterials']
       CREATE (f)-[:SERVES {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(t)`,
    );
    await syncSearchFields(api.db); // written by raw Cypher: derive their sort keys
  });
  afterAll(async () => {
    await deleteByPrefix(api.db, PREFIX);
    await deleteByPrefix(api.db, 'facility:rt-');
  });

  const nested = (n: number) =>
    // page sizes written out: the cost limit counts an omitted one as the default (20)
    `{ parks(filter: {ids: [${Array.from({ length: n }, (_, i) => `"${PREFIX}${i + 1}"`).join(', ')}]}, first: 50) {
        nodes { id facilities(first: 2) { nodes { id technologies(first: 2) { nodes { id parent { id } } } } } } } }`;

  const trips = async (url: string, n: number) => {
    const before = api.db.roundTrips;
    const res = await post(url, nested(n));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.parks.nodes).toHaveLength(n);
    for (const p of res.body.data!.parks.nodes) {
      expect(p.facilities.nodes).toHaveLength(2);
      for (const f of p.facilities.nodes) expect(f.technologies.nodes.map((t: any) => t.parent.id).sort()).toEqual(['tech:new-materials', 'tech:satellite-navigation']);
    }
    return api.db.roundTrips - before;
  };

  it('costs the same number of round trips for 50 parents as for 5: one query per field level (compiler off)', async () => {
    const levels = await startServer({ db: api.db, port: 0, compile: false });
    try {
      const five = await trips(levels.url, 5);
      const fifty = await trips(levels.url, 50);
      expect(five).toBe(4); // parks, facilities, technologies, parent
      expect(fifty).toBe(five);
    } finally {
      await levels.close();
    }
  });

  it('costs one round trip for 50 parents as for 5 with the nested fields compiled (the default)', async () => {
    expect(await trips(api.url, 5)).toBe(1);
    expect(await trips(api.url, 50)).toBe(1);
  });

  it('without batching (the benchmark\'s naive variant) costs one query per parent and field, same answer', async () => {
    const naive = await startServer({ db: api.db, port: 0, batching: false });
    try {
      const before = api.db.roundTrips;
      const res = await post(naive.url, nested(5));
      // 1 list + 5 parks' facilities + 10 facilities' technologies + 20 technologies' parents
      expect(api.db.roundTrips - before).toBe(36);
      const batched = await post(api.url, nested(5));
      expect(res.body.data).toEqual(batched.body.data);
    } finally {
      await naive.close();
    }
  });
});

describe('pages without totalCount', () => {
  const walk = async (withTotal: boolean, first: number, backward = false) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const args = backward ? `last: ${first}, before: $c` : `first: ${first}, after: $c`;
      const res = await post(
        api.url,
        `query($c: String) { node(id: "park:daxing-cmi-industrial-base") { ... on Park {
           facilities(${args}) { ${withTotal ? 'totalCount' : ''} pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } } } }`,
        { c: cursor },
        SECRET_READER,
      );
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.node.facilities;
      ids.push(...(backward ? [...page.nodes].reverse() : page.nodes).map((n: { id: string }) => n.id));
      if (!(backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage)) return ids;
      cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    }
    throw new Error('did not end');
  };

  it('walk the same pages, forward and backward, as with it (a hub park including its sub-parks)', async () => {
    const all = await walk(true, 100);
    expect(all.length).toBeGreaterThan(3);
    for (const first of [1, 2, 3]) {
      expect(await walk(false, first)).toEqual(all);
      expect(await walk(false, first, true)).toEqual([...all].reverse());
      expect(await walk(true, first)).toEqual(all);
    }
  });
});
