import { describe, expect, it } from 'vitest';
import { post, SECRET_READER, useApi } from './harness.js';

/** The ontology extensions for the whole plan, through the API: Program, basis/note, status, function, financing kinds, new links. */
const api = useApi();

async function data(query: string, viewer = undefined as typeof SECRET_READER | undefined) {
  const res = await post(api.url, query, undefined, viewer);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!;
}
const ids = (conn: { nodes: Array<{ id: string }> }) => conn.nodes.map((n) => n.id);

describe('Program', () => {
  it('lists the plan programmes by kind, with where they run, what they focus on and who takes part', async () => {
    const d = await data(`{
      pilots: programs(filter: {kind: [PILOT], text: "試點", NOT: {text: "示例"}}) { totalCount nodes { id } }
      ngi: node(id: "program:ngi-national-major-project") { ... on Program { kind generic technologies { nodes { id } } members { nodes { id } } tasks { nodes { id } } } }
      tender: node(id: "program:tiered-project-tendering-pilot") { ... on Program { locatedIn { id } basis } }
      conf: node(id: "program:joint-conference-system") { ... on Program { members { edges { node { id } relationship { type role basis note } } } } }
    }`);
    expect(ids(d.pilots)).toEqual(['program:beidou-city-pilot', 'program:tiered-project-tendering-pilot', 'program:defence-ip-conversion-pilots']);
    expect(d.ngi).toMatchObject({ kind: 'SPECIAL_PROJECT', generic: false, technologies: { nodes: [{ id: 'tech:next-generation-internet' }] }, tasks: { nodes: [{ id: 'task:information-industry' }] } });
    expect(ids(d.ngi.members).sort()).toEqual(['inst:enterprises', 'inst:industrial-technology-alliances']);
    expect(d.tender).toEqual({ locatedIn: { id: 'park:zgc-national-innovation-demonstration-zone' }, basis: 'STATED' });
    const municipal = d.conf.members.edges.find((e: any) => e.node.id === 'agency:beijing-municipal-government');
    expect(municipal.relationship).toMatchObject({ type: 'MEMBER_OF', role: 'MEMBER', basis: 'INFERRED', note: expect.stringContaining('本市') });
  });
});

describe('basis and note', () => {
  it('filters nodes by basis and shows how an inference was made on the edge', async () => {
    const d = await data(`{
      inferred: institutions(filter: {basis: [INFERRED]}) { nodes { id basis note } }
      stated: institutions(filter: {basis: [STATED], ids: ["inst:avic"]}) { nodes { id basis note } }
      task: node(id: "task:fengtai-base") { ... on Task { goals { edges { node { id } relationship { basis note sources } } } } }
    }`);
    expect(d.inferred.nodes).toEqual([{ id: 'inst:buaa', basis: 'INFERRED', note: expect.stringContaining('北航') }]);
    expect(d.stated.nodes).toEqual([{ id: 'inst:avic', basis: 'STATED', note: null }]);
    expect(d.task.goals.edges).toEqual([
      { node: { id: 'goal:2015-3' }, relationship: { basis: 'INFERRED', note: expect.any(String), sources: expect.arrayContaining(['京政發〔2013〕19號 §一(四)3']) } },
    ]);
  });
});

describe('status, function, financing kinds and generic classes', () => {
  it('filters facilities by status, parks by function, instruments by kind and direct financing', async () => {
    const d = await data(`{
      existing: facilities(filter: {status: [EXISTING]}) { nodes { id } }
      research: parks(filter: {function: RESEARCH}) { nodes { id function } }
      direct: financingInstruments(filter: {direct: true}) { nodes { id kind } }
      funds: financingInstruments(filter: {kind: [GOVERNMENT_FUND]}) { totalCount }
      keyLabs: node(id: "facility:state-key-laboratories") { ... on Facility { generic kind status } }
    }`);
    expect(ids(d.existing).sort()).toEqual(['facility:capital-sci-tech-resources-platform', 'facility:ip-protection-public-service-platform']);
    expect(ids(d.research).sort()).toEqual(['park:daxing-cmi-industrial-base', 'park:zgc-cmf-demonstration-base', 'park:zgc-science-city-cmf-base']);
    expect(d.direct.nodes.map((n: any) => n.kind).sort()).toEqual(['DEBT_SECURITY', 'DEBT_SECURITY', 'DEBT_SECURITY', 'TRUST']);
    expect(d.funds.totalCount).toBe(2);
    expect(d.keyLabs).toEqual({ generic: true, kind: 'KEY_LAB', status: null });
  });
});

describe('the new relationships, both ways', () => {
  it('issuers, citations, sub-phases, the clause tree, IP served and administered parks', async () => {
    const d = await data(`{
      doc: node(id: "doc:jingzhengfa-2013-19") { ... on Document { issuedBy { nodes { id } } cites { totalCount } } }
      approval: node(id: "doc:zgc-zone-adjustment-approval") { ... on Document { issuedBy { nodes { id } } citedBy { nodes { id } } } }
      phase: node(id: "phase:implementation") { ... on Phase { subphases { nodes { id parent { id } } } } }
      task: node(id: "task:daxing-base") { ... on Task { parent { id parent { id parent { id } } } } }
      centre: node(id: "facility:fengtai-defence-ip-patent-conversion-center") { ... on Facility { ipAssets { nodes { id } } } }
      ip: node(id: "ip:intellectual-property") { ... on IPAsset { facilities { totalCount } } }
      zgc: node(id: "agency:zgc-administrative-committee") { ... on Agency { administers { edges { node { id } relationship { basis } } } } }
      navy: node(id: "park:navy-beijing-cmf-innovation-park") { ... on Park { coBuilders { edges { node { id } relationship { role } } } } }
      goal: node(id: "goal:2015-4") { ... on Goal { concerns { nodes { id } } tasks { totalCount } programs { nodes { id } } } }
    }`);
    expect(d.doc.issuedBy.nodes).toEqual([{ id: 'agency:beijing-municipal-government' }]);
    expect(d.doc.cites.totalCount).toBe(3);
    expect(d.approval).toEqual({ issuedBy: { nodes: [{ id: 'agency:state-council' }] }, citedBy: { nodes: [{ id: 'doc:jingzhengfa-2013-19' }] } });
    expect(d.phase.subphases.nodes).toEqual([
      { id: 'phase:implementation-2013', parent: { id: 'phase:implementation' } },
      { id: 'phase:implementation-2014-2015', parent: { id: 'phase:implementation' } },
    ]);
    expect(d.task.parent).toEqual({ id: 'task:three-clusters', parent: { id: 'task:clusters-and-parks', parent: { id: 'task:key-work' } } });
    expect(ids(d.centre.ipAssets).sort()).toEqual(['ip:defence-ip', 'ip:defence-patents']);
    expect(d.ip.facilities.totalCount).toBe(2);
    expect(d.zgc.administers.edges).toEqual([{ node: { id: 'park:zgc-national-innovation-demonstration-zone' }, relationship: { basis: 'INFERRED' } }]);
    expect(d.navy.coBuilders.edges.map((e: any) => `${e.node.id} ${e.relationship.role}`).sort()).toEqual([
      'agency:beijing-municipal-government LOCAL',
      'inst:pla-navy MILITARY',
    ]);
    expect(ids(d.goal.concerns).sort()).toEqual(['tech:strategic-emerging-industries', 'tech:traditional-industries']);
    expect(d.goal.tasks.totalCount).toBe(4);
    expect(d.goal.programs.nodes).toEqual([{ id: 'program:zgc-sei-cluster-innovation-project' }]);
  });

  it('hides an INTERNAL CONTRIBUTES_TO from a public caller exactly as if it were missing', async () => {
    const q = `{ node(id: "goal:ex-daxing-open-labs") { ... on Goal { programs { totalCount nodes { id } } } } }`;
    expect((await data(q)).node.programs).toEqual({ totalCount: 0, nodes: [] });
    expect((await data(q, SECRET_READER)).node.programs).toEqual({ totalCount: 1, nodes: [{ id: 'program:ex-daxing-open-lab-vouchers' }] });
  });
});
