import { describe, expect, it } from 'vitest';
import { post, SECRET_READER, useApi } from './harness.js';

const api = useApi();
const data = async (query: string, viewer?: Parameters<typeof post>[3]) => {
  const res = await post(api.url, query, undefined, viewer);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!;
};

describe('path', () => {
  it('finds the shortest path with its nodes and relationships, in order', async () => {
    const { path } = await data(`{ path(from: "agency:daxing-district-government", to: "park:daxing-cmi-industrial-base", all: true) {
      length nodes { id } relationships { type from to } } }`);
    expect(path).toHaveLength(2); // through the plan's task and through the illustrative one
    expect(path).toContainEqual(
      {
        length: 2,
        nodes: [{ id: 'agency:daxing-district-government' }, { id: 'task:daxing-base' }, { id: 'park:daxing-cmi-industrial-base' }],
        relationships: [
          { type: 'RESPONSIBLE_FOR', from: 'agency:daxing-district-government', to: 'task:daxing-base' },
          { type: 'CONCERNS', from: 'task:daxing-base', to: 'park:daxing-cmi-industrial-base' },
        ],
      },
    );
  });

  it('follows only the relationship types given in via, and respects maxHops', async () => {
    const via = await data(`{ path(from: "facility:ex-daxing-gnss-test-lab", to: "district:daxing", via: [LOCATED_IN, PART_OF]) { length nodes { id } } }`);
    expect(via.path[0].nodes.map((n: { id: string }) => n.id)).toEqual(['facility:ex-daxing-gnss-test-lab', 'park:daxing-cmi-industrial-base', 'district:daxing']);
    const short = await data(`{ path(from: "tech:beidou", to: "inst:cmf-innovation-working-group", maxHops: 1) { length } }`);
    expect(short.path).toEqual([]);
  });

  it('returns all shortest paths when asked', async () => {
    const { path } = await data(`{ path(from: "agency:municipal-economy-it-commission", to: "agency:zgc-administrative-committee", all: true) { length } }`);
    expect(path.length).toBeGreaterThan(1);
    expect(new Set(path.map((p: { length: number }) => p.length)).size).toBe(1);
  });

  it('does not pass through nodes or relationships above the clearance', async () => {
    // the naval unit (SECRET) is the only link between the Blue Whale lab and the naval unit's SECRET LOCATED_IN
    const q = `{ path(from: "inst:ex-naval-research-unit", to: "facility:ex-daxing-satcom-lab", maxHops: 1) { length } }`;
    // for an anonymous caller the SECRET unit is an unknown id
    expect((await post(api.url, q)).body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    expect((await data(q, SECRET_READER)).path).toEqual([{ length: 1 }]);
  });

  it('rejects maxHops out of range', async () => {
    const res = await post(api.url, `{ path(from: "tech:beidou", to: "tech:space", maxHops: 9) { length } }`);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'maxHops' });
  });

  it('names a missing or hidden end before any other fault of the arguments, and finds no path without an error', async () => {
    const hidden = await post(api.url, `{ path(from: "inst:ex-naval-research-unit", to: "tech:beidou", maxHops: 9) { length } }`);
    expect(hidden.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    const same = await post(api.url, `{ path(from: "tech:beidou", to: "tech:no-such-technology") { length } }`);
    expect(same.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    const itself = await post(api.url, `{ path(from: "tech:no-such-technology", to: "tech:no-such-technology") { length } }`);
    expect(itself.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
  });
});

describe('neighborhood', () => {
  it('returns the subgraph around a node: nodes, the relationships among them, nearest first', async () => {
    const { neighborhood } = await data(`{ neighborhood(id: "task:fengtai-base", depth: 1) { truncated nodes { id } relationships { type from to } } }`);
    const ids = neighborhood.nodes.map((n: { id: string }) => n.id);
    expect(ids[0]).toBe('task:fengtai-base');
    expect(ids).toEqual(expect.arrayContaining(['agency:fengtai-district-government', 'park:fengtai-cmf-innovation-base', 'doc:jingzhengfa-2013-19']));
    expect(neighborhood.truncated).toBe(false);
    for (const r of neighborhood.relationships) expect(ids).toEqual(expect.arrayContaining([r.from, r.to]));
  });

  it('gives each relationship its own direction and identity, whether it shows only its ends or its properties too', async () => {
    const responsible = { id: 'agency:municipal-sci-tech-commission|RESPONSIBLE_FOR|task:fengtai-base', type: 'RESPONSIBLE_FOR', from: 'agency:municipal-sci-tech-commission', to: 'task:fengtai-base' };
    const concerns = { id: 'task:fengtai-base|CONCERNS|park:fengtai-cmf-innovation-base', type: 'CONCERNS', from: 'task:fengtai-base', to: 'park:fengtai-cmf-innovation-base' };
    const ends = await data(`{ neighborhood(id: "task:fengtai-base", depth: 1) { relationships { id type from to } } }`);
    expect(ends.neighborhood.relationships).toEqual(expect.arrayContaining([responsible, concerns]));
    const whole = await data(`{ neighborhood(id: "task:fengtai-base", depth: 1) { relationships { id type from to sources basis } } }`);
    expect(whole.neighborhood.relationships).toEqual(
      expect.arrayContaining([
        { ...responsible, sources: ['京政發〔2013〕19號 §二(一)1(3) 主責單位'], basis: 'STATED' },
        { ...concerns, sources: ['京政發〔2013〕19號 §二(一)1(3)'], basis: 'STATED' },
      ]),
    );
  });

  it('limits nodes and filters by relationship type', async () => {
    const { neighborhood } = await data(`{ neighborhood(id: "task:fengtai-base", depth: 2, types: [RESPONSIBLE_FOR], limit: 3) { truncated nodes { id } } }`);
    expect(neighborhood.nodes).toHaveLength(4); // the centre and 3 neighbours
    expect(neighborhood.truncated).toBe(true);
  });

  it('lists the centre once when cycles lead back to it, and is truncated only when more than limit were found', async () => {
    // depth 3 around Daxing: parks inside parks and the tasks concerning them lead back to the district
    const ask = async (limit: number) =>
      (await data(`{ neighborhood(id: "district:daxing", depth: 3, limit: ${limit}) { truncated nodes { id } relationships { id } } }`)).neighborhood;
    const all = await ask(500);
    const ids = all.nodes.map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id: string) => id === 'district:daxing')).toHaveLength(1);
    expect(all.truncated).toBe(false);
    const others = ids.length - 1;
    const exact = await ask(others);
    expect(exact.truncated).toBe(false);
    expect(exact.nodes).toEqual(all.nodes);
    const short = await ask(others - 1);
    expect(short.truncated).toBe(true);
    expect(short.nodes).toEqual(all.nodes.slice(0, others));
  });

  it('gives NOT_FOUND for an unknown id', async () => {
    const res = await post(api.url, `{ neighborhood(id: "park:nowhere") { truncated } }`);
    expect(res.body.errors![0]).toMatchObject({ message: "no node with id 'park:nowhere'", extensions: { code: 'NOT_FOUND', argumentName: 'id' } });
  });
});

describe('search', () => {
  it('finds Chinese names by a word inside them, ranked', async () => {
    const { search } = await data(`{ search(text: "蛋白質", first: 5) { score node { id } } }`);
    const ids = search.map((h: any) => h.node.id);
    expect(ids).toEqual(expect.arrayContaining(['tech:protein-science', 'facility:national-protein-science-facility-beijing']));
    const scores = search.map((h: any) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('finds English names and aliases, and filters by label', async () => {
    const { search } = await data(`{ search(text: "Phoenix", labels: [Facility]) { node { id } } }`);
    expect(search.map((h: any) => h.node.id)).toEqual(['facility:national-protein-science-facility-beijing']);
    const alias = await data(`{ search(text: "BUAA") { node { id } } }`);
    expect(alias.search[0].node.id).toBe('inst:buaa');
  });

  it('treats Lucene syntax in the text as literal characters', async () => {
    const res = await post(api.url, `{ search(text: "衛星 AND (\\"x\\" OR y:*)") { node { id } } }`);
    expect(res.body.errors).toBeUndefined();
  });
});

describe('aggregations', () => {
  it('counts nodes by label over what the caller may see', async () => {
    const pub = Object.fromEntries((await data(`{ countsByLabel { label count } }`)).countsByLabel.map((c: any) => [c.label, c.count]));
    const sec = Object.fromEntries((await data(`{ countsByLabel { label count } }`, SECRET_READER)).countsByLabel.map((c: any) => [c.label, c.count]));
    expect(pub.Task).toBeGreaterThanOrEqual(22);
    expect(sec.Facility - pub.Facility).toBe(3); // INTERNAL, CONFIDENTIAL and SECRET example labs; TOP_SECRET stays hidden
  });

  it("counts in health only the entities the caller may see, as countsByLabel does", async () => {
    const total = (d: any) => d.countsByLabel.reduce((n: number, c: { count: number }) => n + c.count, 0);
    const pub = await data(`{ health { nodeCount } countsByLabel { count } }`);
    const sec = await data(`{ health { nodeCount } countsByLabel { count } }`, SECRET_READER);
    expect(pub.health.nodeCount).toBe(total(pub));
    expect(sec.health.nodeCount).toBe(total(sec));
    expect(sec.health.nodeCount).toBeGreaterThan(pub.health.nodeCount);
  });

  it('ranks agencies by tasks, and counts tasks per phase', async () => {
    const d = await data(`{ agencyTaskRanking(first: 2) { agency { id } tasks } tasksPerPhase { phase { id } tasks } }`);
    expect(d.agencyTaskRanking[0]).toEqual({ agency: { id: 'agency:zgc-administrative-committee' }, tasks: 18 });
    expect(d.tasksPerPhase).toEqual(
      expect.arrayContaining([
        { phase: { id: 'phase:planning' }, tasks: 1 },
        { phase: { id: 'phase:implementation' }, tasks: 19 },
        { phase: { id: 'phase:implementation-2013' }, tasks: 1 },
      ]),
    );
  });

  it('counts facilities by district × technology area', async () => {
    const { facilityCoverage } = await data(`{ facilityCoverage(districts: ["district:daxing", "district:haidian"], technology: "tech:satellite-applications") {
      district { id } technology { id } facilities openFacilities } }`);
    const cell = (d: string, t: string) => facilityCoverage.find((c: any) => c.district.id === d && c.technology.id === t);
    expect(cell('district:daxing', 'tech:satellite-navigation')).toMatchObject({ facilities: 2, openFacilities: 1 });
    expect(cell('district:haidian', 'tech:satellite-navigation')).toMatchObject({ facilities: 1, openFacilities: 1 });
    expect(facilityCoverage).toHaveLength(2 * 9);
  });
});

describe('coverage gaps and shared-facility networks', () => {
  it('lists the technologies under a root with no open facility in the district', async () => {
    const { coverageGaps } = await data(`{ coverageGaps(district: "district:daxing", technology: "tech:satellite-applications") { depth technology { id } } }`);
    // the links of the satellite industry chain (§二(三)1(3)) and basic data have no open facility in Daxing
    expect(coverageGaps).toEqual(
      ['tech:basic-data', 'tech:satellite-chip-rd', 'tech:satellite-data-processing', 'tech:satellite-operation-services', 'tech:satellite-system-integration'].map((id) => ({
        depth: 1,
        technology: { id },
      })),
    );
    const haidian = await data(`{ coverageGaps(district: "district:haidian", technology: "tech:satellite-applications") { technology { id } } }`);
    expect(haidian.coverageGaps.map((g: any) => g.technology.id)).toEqual(
      expect.arrayContaining(['tech:satellite-communications', 'tech:satellite-remote-sensing', 'tech:geographic-information']),
    );
  });

  it('answers an unknown district with BAD_USER_INPUT naming the argument', async () => {
    const res = await post(api.url, `{ coverageGaps(district: "district:atlantis", technology: "tech:beidou") { depth } }`);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'district' });
  });

  it('links institutions by the facilities they share, weighted', async () => {
    const { sharedFacilityNetwork: net } = await data(`{ sharedFacilityNetwork(district: "district:daxing", technology: "tech:satellite-applications") {
      institutions { id } facilities { id } links { source { id } target { id } weight facilities { id } } } }`);
    const link = (a: string, b: string) => net.links.find((l: any) => l.source.id === a && l.target.id === b);
    expect(link('inst:ex-beidou-navtech', 'inst:ex-daxing-aerospace-institute')).toMatchObject({ weight: 3 });
    expect(link('inst:ex-beidou-navtech', 'inst:ex-skyeye-remote-sensing')).toMatchObject({ weight: 2 });
    expect(net.institutions.map((i: any) => i.id)).not.toContain('inst:ex-naval-research-unit');
  });
});
