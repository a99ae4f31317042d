import { afterAll, describe, expect, it } from 'vitest';
import { OpenFacilitiesServingDocument } from '../../src/generated/operations.js';
import { deleteByPrefix } from '../helpers.js';
import { client, post, SECRET_READER, useApi } from './harness.js';
import { syncSearchFields } from '../../src/data/search.js';

const api = useApi();
afterAll(() => deleteByPrefix(api.db, 'facility:kt-'));

const names = (conn: { nodes: Array<{ id: string }> }) => conn.nodes.map((n) => n.id);

describe('the signature question', () => {
  it('finds the open labs serving satellite applications in Daxing, through the park and technology hierarchies', async () => {
    const { facilities } = await (await client(api.url)).request(OpenFacilitiesServingDocument, {
      district: 'district:daxing',
      technology: 'tech:satellite-applications',
    });
    expect(facilities.totalCount).toBe(3);
    expect(facilities.edges.map((e) => e.node.id)).toEqual([
      'facility:ex-daxing-gnss-test-lab', // in the Daxing base, serves 北斗 (under 衛星導航 under 衛星應用)
      'facility:ex-daxing-remote-sensing-data-lab', // directly in Daxing district
      'facility:ex-incubator-shared-antenna-range', // in a park inside the Daxing base
    ]);
    expect(facilities.edges[0]!.node.park?.name).toBe('大興軍民結合産業基地');
    expect(facilities.edges[2]!.node.district?.name).toBe('大興區');
  });

  it('costs one database round trip for the list and its count', async () => {
    const before = api.db.roundTrips;
    const res = await post(api.url, `{ facilities(filter: {access: [OPEN], district: "district:daxing", technology: "tech:satellite-applications"}) { totalCount nodes { id name access } } }`);
    expect(res.body.data!.facilities.totalCount).toBe(3);
    expect(api.db.roundTrips - before).toBe(1);
  });

  it('shows a cleared caller the SECRET lab in the Blue Whale Park too', async () => {
    const { facilities } = await (await client(api.url, SECRET_READER)).request(OpenFacilitiesServingDocument, {
      district: 'district:daxing',
      technology: 'tech:satellite-applications',
    });
    expect(facilities.edges.map((e) => e.node.id)).toContain('facility:ex-bluewhale-naval-navigation-lab');
    expect(facilities.totalCount).toBe(4);
  });
});

describe('filters', () => {
  const ids = async (query: string) => {
    const res = await post(api.url, query);
    expect(res.body.errors).toBeUndefined();
    return names(Object.values(res.body.data!)[0] as { nodes: Array<{ id: string }> });
  };

  it('by district include parks inside parks', async () => {
    const parks = await ids(`{ parks(filter: {district: "district:daxing"}) { nodes { id } } }`);
    expect(parks).toEqual(
      expect.arrayContaining(['park:daxing-cmi-industrial-base', 'park:navy-beijing-cmf-innovation-park', 'park:ex-daxing-satellite-incubator']),
    );
    expect(parks).toHaveLength(3);
  });

  it('by technology include sub-technologies', async () => {
    const techs = await ids(`{ technologies(filter: {under: "tech:satellite-navigation"}) { nodes { id } } }`);
    expect(techs.sort()).toEqual(['tech:beidou', 'tech:satellite-navigation']);
  });

  it('combine with AND, OR and NOT', async () => {
    const q = `{ facilities(filter: {
      district: "district:daxing",
      OR: [{kind: [KEY_LAB]}, {kind: [TEST_PLATFORM]}],
      NOT: {access: [CLOSED]},
      AND: [{text: "示例"}]
    }, first: 50) { nodes { id } } }`;
    expect((await ids(q)).sort()).toEqual([
      'facility:ex-daxing-gnss-test-lab',
      'facility:ex-daxing-materials-test-platform',
      'facility:ex-daxing-remote-sensing-data-lab',
      'facility:ex-incubator-shared-antenna-range',
    ]);
  });

  it('by institution sector, facility kind and access, and classification', async () => {
    expect(await ids(`{ institutions(filter: {sector: [DEFENCE_GROUP]}) { nodes { id } } }`)).toEqual(['inst:defence-industry-groups', 'inst:avic']);
    expect(await ids(`{ facilities(filter: {kind: [LARGE_FACILITY]}) { nodes { id } } }`)).toEqual([
      // by name in pinyin order
      'facility:national-protein-science-facility-beijing',
      'facility:cm-major-science-infrastructure-projects',
      'facility:ngi-network-infrastructure',
      'facility:next-generation-mobile-infrastructure',
    ]);
    expect(await ids(`{ facilities(filter: {access: [CONDITIONAL]}) { nodes { id } } }`)).toEqual(['facility:ex-beidou-navtech-tech-center']);
    expect(await ids(`{ standards(filter: {classification: [INTERNAL]}) { nodes { id } } }`)).toEqual([]);
  });

  it('by text match Chinese and English names and aliases, case-insensitively', async () => {
    expect(await ids(`{ institutions(filter: {text: "avic"}) { nodes { id } } }`)).toEqual(['inst:avic']);
    expect(await ids(`{ institutions(filter: {text: "北航"}) { nodes { id } } }`)).toEqual(['inst:buaa']);
  });

  it('by agency and clause for tasks', async () => {
    const tasks = await ids(`{ tasks(filter: {agency: "agency:municipal-financial-work-bureau", clause: "§二(四)"}) { nodes { id } } }`);
    expect(tasks).toEqual(['task:sci-tech-finance']);
  });
});

describe('pagination', () => {
  const page = (args: string) =>
    post(api.url, `{ technologies(filter: {under: "tech:new-materials"}, ${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id name } } }`);

  it('walks forward and backward with keyset cursors and a stable total', async () => {
    const all = (await page('first: 100')).body.data!.technologies;
    expect(all.totalCount).toBe(12); // 新材料 and its eleven named technologies (§二(三)1(5))
    const p1 = (await page('first: 4')).body.data!.technologies;
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = (await page(`first: 4, after: "${p1.pageInfo.endCursor}"`)).body.data!.technologies;
    const p3 = (await page(`first: 4, after: "${p2.pageInfo.endCursor}"`)).body.data!.technologies;
    expect(p3.pageInfo.hasNextPage).toBe(false);
    expect([...p1.nodes, ...p2.nodes, ...p3.nodes]).toEqual(all.nodes);
    const back = (await page(`last: 4, before: "${p3.pageInfo.startCursor}"`)).body.data!.technologies;
    expect(back.nodes).toEqual(p2.nodes);
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('sorts by id descending', async () => {
    const res = await post(api.url, `{ districts(orderBy: {field: ID, direction: DESC}, filter: {ids: ["district:daxing", "district:haidian", "district:shunyi"]}) { nodes { id } } }`);
    expect(names(res.body.data!.districts)).toEqual(['district:shunyi', 'district:haidian', 'district:daxing']);
  });

  it('stays correct while rows are inserted before and after the cursor', async () => {
    const q = (after?: string) =>
      post(api.url, `{ facilities(filter: {district: "district:daxing"}, first: 3${after ? `, after: "${after}"` : ''}) { nodes { id name } pageInfo { endCursor } } }`);
    const before = (await post(api.url, `{ facilities(filter: {district: "district:daxing"}, first: 100) { nodes { id name } } }`)).body.data!.facilities.nodes;
    const p1 = (await q()).body.data!.facilities;
    // one facility sorting before the cursor, one after it, both in Daxing
    await api.db.write(
      `MATCH (d:District {id: 'district:daxing'})
       CREATE (a:Entity:Facility {id: 'facility:kt-early', name: '0 early', kind: 'KEY_LAB', classification: 'PUBLIC', classificationLevel: 0, sources: ['test']})-[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(d),
              (b:Entity:Facility {id: 'facility:kt-late', name: 'zzz late', kind: 'KEY_LAB', classification: 'PUBLIC', classificationLevel: 0, sources: ['test']})-[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['test']}]->(d)`,
    );
    await syncSearchFields(api.db); // written by raw Cypher: derive their sort keys
    const rest: Array<{ id: string }> = [];
    let cursor = p1.pageInfo.endCursor as string;
    for (;;) {
      const p = (await q(cursor)).body.data!.facilities;
      rest.push(...p.nodes);
      if (p.nodes.length < 3) break;
      cursor = p.pageInfo.endCursor;
    }
    const seen = [...p1.nodes, ...rest].map((n) => n.id);
    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    expect(seen).toEqual([...before.map((n: { id: string }) => n.id), 'facility:kt-late']); // nothing skipped; the early insert is behind us
  });

  it('caps the page size at 100 with a clear error naming the argument', async () => {
    const res = await post(api.url, `{ facilities(first: 101) { totalCount } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors![0]).toMatchObject({
      message: 'first must be between 0 and 100, got 101',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' },
    });
  });

  it('rejects a cursor from another list order, and first with last', async () => {
    const p1 = (await page('first: 2')).body.data!.technologies;
    const res = await post(api.url, `{ technologies(orderBy: {field: ID}, first: 2, after: "${p1.pageInfo.endCursor}") { totalCount } }`);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    const junk = await post(api.url, `{ technologies(first: 2, after: "not-a-cursor") { totalCount } }`);
    expect(junk.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    const both = await post(api.url, `{ technologies(first: 2, last: 2) { totalCount } }`);
    expect(both.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'last' });
  });
});
