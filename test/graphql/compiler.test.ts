import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERIES } from '../../bench/queries.js';
import { syncSearchFields } from '../../src/data/search.js';
import type { Viewer } from '../../src/data/viewer.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { CLASSIFICATIONS, type Classification } from '../../src/ontology.js';
import { post, TEST_SECRET, useApi } from './harness.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';

/**
 * The query compiler (src/data/compiler.ts) against the resolver path it replaces: the same
 * documents, on the same data, asked of a server compiling nested selections (the default) and of
 * one resolving them level by level through DataLoaders (`compile: false`), must give the same
 * response byte for byte: data, totals, page boundaries, cursors (both servers share the cursor key),
 * orders and errors, at every clearance. The fixture hides nodes and relationships in the middle of
 * hierarchy paths, so a compiled path that skipped a check would show what the resolver path hides.
 */

// the benchmark's cost limit: some documents here ask many levels without page sizes
const LIMITS = { maxCost: 2_000_000 };
const api = useApi({ limits: LIMITS });
let levels: RunningServer;

const L = { PUBLIC: 0, INTERNAL: 1, CONFIDENTIAL: 2, SECRET: 3, TOP_SECRET: 4 } as const;
const viewer = (clearance: Classification): Viewer => ({ subject: `compiler-${clearance}`, clearance, roles: ['reader'] });

// the fixture: district D ← P1 ← P2 (CONFIDENTIAL) ← P3; P4 in D through a SECRET relationship; P5 SECRET
const nodes: Array<[label: string, id: string, level: number, props?: Record<string, unknown>]> = [
  ['District', 'district:cmp-d', L.PUBLIC, { name: '比較區', nameEn: 'Compare District' }],
  ['Park', 'park:cmp-p1', L.PUBLIC, { name: '甲園', nameEn: 'Alpha Park', kind: 'PARK' }],
  ['Park', 'park:cmp-p2', L.CONFIDENTIAL, { name: '乙園', nameEn: 'Beta Park', kind: 'PARK' }],
  ['Park', 'park:cmp-p3', L.PUBLIC, { name: '丙園', nameEn: 'Gamma Park', kind: 'PARK' }],
  ['Park', 'park:cmp-p4', L.PUBLIC, { name: '丁園', nameEn: 'Delta Park', kind: 'BASE' }],
  ['Park', 'park:cmp-p5', L.SECRET, { name: '戊園', nameEn: 'Epsilon Park', kind: 'PARK' }],
  ['Technology', 'tech:cmp-root', L.PUBLIC, { name: '比較技術', nameEn: 'Compare technology' }],
  ['Technology', 'tech:cmp-child', L.PUBLIC, { name: '子技術', nameEn: 'Child technology' }],
  ['Technology', 'tech:cmp-hidden', L.CONFIDENTIAL, { name: '密技術', nameEn: 'Hidden technology' }],
  ['Technology', 'tech:cmp-grandchild', L.PUBLIC, { name: '孫技術', nameEn: 'Grandchild technology' }],
  ['Institution', 'inst:cmp-i1', L.PUBLIC, { name: '甲所', nameEn: 'Alpha Institute', sector: 'RESEARCH_INSTITUTE' }],
  ['Institution', 'inst:cmp-i2', L.CONFIDENTIAL, { name: '乙所', nameEn: 'Beta Institute', sector: 'MILITARY_UNIT' }],
  ['Agency', 'agency:cmp-a', L.INTERNAL, { name: '比較局', nameEn: 'Compare Bureau', kind: 'MUNICIPAL' }],
  // facilities: same names to test the id tiebreak, English names in another order than the Chinese
  ...Array.from({ length: 9 }, (_, i): [string, string, number, Record<string, unknown>] => [
    'Facility',
    `facility:cmp-f${i + 1}`,
    i === 2 ? L.SECRET : i === 6 ? L.INTERNAL : L.PUBLIC,
    { name: `實驗室${'甲乙丙丁甲乙丙丁甲'[i]}`, nameEn: `Lab ${'ZYXWVUTSR'[i]}`, kind: 'KEY_LAB', access: i % 3 === 0 ? 'RESTRICTED' : 'OPEN' },
  ]),
];
const rels: Array<[from: string, type: string, to: string, level: number, props?: Record<string, unknown>]> = [
  ['park:cmp-p1', 'LOCATED_IN', 'district:cmp-d', L.PUBLIC],
  ['park:cmp-p2', 'PART_OF', 'park:cmp-p1', L.PUBLIC],
  ['park:cmp-p3', 'PART_OF', 'park:cmp-p2', L.PUBLIC],
  ['park:cmp-p4', 'LOCATED_IN', 'district:cmp-d', L.SECRET],
  ['park:cmp-p5', 'LOCATED_IN', 'district:cmp-d', L.PUBLIC],
  ['facility:cmp-f1', 'LOCATED_IN', 'park:cmp-p3', L.PUBLIC], // only through the hidden P2
  ['facility:cmp-f2', 'LOCATED_IN', 'park:cmp-p1', L.SECRET], // hidden relationship
  ['facility:cmp-f3', 'LOCATED_IN', 'park:cmp-p1', L.PUBLIC], // hidden node
  ['facility:cmp-f4', 'LOCATED_IN', 'park:cmp-p1', L.PUBLIC],
  ['facility:cmp-f5', 'LOCATED_IN', 'park:cmp-p1', L.PUBLIC],
  ['facility:cmp-f6', 'LOCATED_IN', 'park:cmp-p1', L.INTERNAL],
  ['facility:cmp-f7', 'LOCATED_IN', 'park:cmp-p1', L.PUBLIC],
  ['facility:cmp-f8', 'LOCATED_IN', 'park:cmp-p4', L.PUBLIC],
  ['facility:cmp-f9', 'LOCATED_IN', 'park:cmp-p3', L.PUBLIC], // a diamond: through P2 (hidden) and directly
  ['facility:cmp-f9', 'LOCATED_IN', 'park:cmp-p1', L.PUBLIC],
  ['facility:cmp-f8', 'LOCATED_IN', 'park:cmp-p5', L.PUBLIC],
  ['tech:cmp-child', 'PART_OF', 'tech:cmp-root', L.PUBLIC],
  ['tech:cmp-hidden', 'PART_OF', 'tech:cmp-root', L.PUBLIC],
  ['tech:cmp-grandchild', 'PART_OF', 'tech:cmp-hidden', L.PUBLIC], // under the root only through a hidden node
  ['facility:cmp-f4', 'SERVES', 'tech:cmp-child', L.PUBLIC],
  ['facility:cmp-f4', 'SERVES', 'tech:cmp-root', L.CONFIDENTIAL],
  ['facility:cmp-f5', 'SERVES', 'tech:cmp-grandchild', L.PUBLIC],
  ['facility:cmp-f7', 'SERVES', 'tech:cmp-hidden', L.PUBLIC],
  ['facility:cmp-f9', 'SERVES', 'tech:cmp-child', L.PUBLIC],
  ['facility:cmp-f1', 'SERVES', 'tech:cmp-root', L.PUBLIC],
  ['inst:cmp-i1', 'LOCATED_IN', 'park:cmp-p3', L.PUBLIC],
  ['inst:cmp-i2', 'LOCATED_IN', 'park:cmp-p1', L.PUBLIC],
  ['inst:cmp-i1', 'OPERATES', 'facility:cmp-f4', L.PUBLIC],
  ['inst:cmp-i1', 'USES', 'facility:cmp-f5', L.INTERNAL, { weight: 0.5 }],
  ['inst:cmp-i2', 'OPERATES', 'facility:cmp-f5', L.PUBLIC],
  ['inst:cmp-i1', 'CO_BUILDS', 'park:cmp-p1', L.PUBLIC, { role: '共建' }],
  ['inst:cmp-i2', 'CO_BUILDS', 'park:cmp-p1', L.PUBLIC, { role: '出資' }],
  ['agency:cmp-a', 'CO_BUILDS', 'park:cmp-p1', L.PUBLIC, { role: '指導' }],
  ['agency:cmp-a', 'ADMINISTERS', 'park:cmp-p1', L.PUBLIC],
  ['inst:cmp-i1', 'MEMBER_OF', 'park:cmp-p1', L.CONFIDENTIAL],
];
const PREFIXES = ['district:cmp-', 'park:cmp-', 'facility:cmp-', 'tech:cmp-', 'inst:cmp-', 'agency:cmp-'];

beforeAll(async () => {
  const { db } = api;
  // labels and types come from this file's own lists
  for (const label of new Set(nodes.map((n) => n[0]))) {
    await db.write(`UNWIND $nodes AS n CREATE (m:Entity:${label}) SET m = n`, {
      nodes: nodes.filter((n) => n[0] === label).map(([, id, level, props]) => ({ id, classification: CLASSIFICATIONS[level], classificationLevel: level, sources: ['test'], ...props })),
    });
  }
  for (const type of new Set(rels.map((r) => r[1]))) {
    await db.write(
      `UNWIND $rels AS r MATCH (a:Entity {id: r.from}), (b:Entity {id: r.to}) CREATE (a)-[x:${type}]->(b) SET x = r.props`,
      {
        rels: rels
          .filter((r) => r[1] === type)
          .map(([from, , to, level, props]) => ({ from, to, props: { classification: CLASSIFICATIONS[level], classificationLevel: level, sources: ['test'], ...props } })),
      },
    );
  }
  await syncSearchFields(db);
  levels = await startServer({ db, port: 0, compile: false, limits: LIMITS, authenticate: await createAuthenticator({ jwtSecret: TEST_SECRET }) });
});
afterAll(async () => {
  await levels?.close();
  for (const prefix of PREFIXES) await api.db.write('MATCH (n:Entity) WHERE n.id STARTS WITH $prefix DETACH DELETE n', { prefix });
});

/** Statements and transactions the server ran for one request. */
interface Asked {
  body: { data?: any; errors?: any[] };
  statements: number;
}

async function ask(url: string, query: string, variables: Record<string, unknown>, as: Viewer): Promise<Asked> {
  const { db } = api;
  const read = db.read;
  let statements = 0;
  // a hook on the Database: every read statement of the request is counted (requests run one at a time)
  db.read = (cypher, params) => {
    statements++;
    return read.call(db, cypher, params);
  };
  try {
    const res = await post(url, query, variables, as);
    return { body: res.body, statements };
  } finally {
    db.read = read;
  }
}

/** Asks both servers; their responses must be identical. Returns the compiled one and both statement counts. */
async function same(query: string, variables: Record<string, unknown> = {}, clearance: Classification = 'PUBLIC') {
  const compiled = await ask(api.url, query, variables, viewer(clearance));
  const resolved = await ask(levels.url, query, variables, viewer(clearance));
  expect(compiled.body, `${clearance}: compiled and resolved answers differ`).toEqual(resolved.body);
  expect(JSON.stringify(compiled.body), `${clearance}: compiled and resolved answers differ in order`).toBe(JSON.stringify(resolved.body));
  return { body: compiled.body, compiled: compiled.statements, resolved: resolved.statements };
}

const CLEARANCES = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
const ids = (conn: { nodes: Array<{ id: string }> }) => conn.nodes.map((n) => n.id);

describe('compiled nested selections answer exactly as the resolvers do', () => {
  it('hide every path through a hidden node or relationship, at every clearance (hierarchy LOCATED_IN|PART_OF*)', async () => {
    const query = `{ node(id: "district:cmp-d") { id ... on District {
        facilities(first: 50) { totalCount edges { relationship { id } node { id park { id } district { id } locatedIn { __typename id } } } }
        parks(first: 50) { totalCount nodes { id parent { id } district { id } subParks { totalCount nodes { id } } facilities { totalCount nodes { id } } } }
        institutions { totalCount nodes { id locatedIn { id } district { id } } }
    } } }`;
    const seen: Record<string, string[]> = {};
    for (const c of CLEARANCES) {
      const { body, compiled, resolved } = await same(query, {}, c);
      expect(body.errors).toBeUndefined();
      expect(compiled).toBe(1);
      expect(resolved).toBeGreaterThan(1);
      seen[c] = body.data.node.facilities.edges.map((e: { node: { id: string } }) => e.node.id);
    }
    // what the resolver path shows, pinned so that both agreeing on something wrong fails too
    expect([...seen.PUBLIC!].sort()).toEqual(['facility:cmp-f4', 'facility:cmp-f5', 'facility:cmp-f9']);
    expect(seen.PUBLIC).not.toContain('facility:cmp-f1'); // only through CONFIDENTIAL P2
    expect(seen.PUBLIC).not.toContain('facility:cmp-f2'); // SECRET relationship
    expect(seen.CONFIDENTIAL).toContain('facility:cmp-f1');
    expect(seen.CONFIDENTIAL).not.toContain('facility:cmp-f8'); // P4's link and P5 are SECRET
    expect(seen.SECRET).toEqual(expect.arrayContaining(['facility:cmp-f2', 'facility:cmp-f3', 'facility:cmp-f8']));
  });

  it('direct-only fields follow one visible LOCATED_IN hop, not the park hierarchy', async () => {
    const query = `{ node(id: "district:cmp-d") { ... on District {
        directFacilities { totalCount nodes { id } }
        directParks(first: 10) { totalCount edges { relationship { type } node { id directFacilities { totalCount nodes { id } } subParks { nodes { id } } } } }
    } } }`;
    const seen: Record<string, { parks: string[]; inP1: string[] }> = {};
    for (const c of CLEARANCES) {
      const { body, compiled } = await same(query, {}, c);
      expect(body.errors).toBeUndefined();
      expect(compiled).toBe(1);
      expect(body.data.node.directFacilities.totalCount).toBe(0); // every facility lies in a park
      const edges = body.data.node.directParks.edges as Array<{ relationship: { type: string }; node: { id: string; directFacilities: { nodes: Array<{ id: string }> } } }>;
      expect(new Set(edges.map((e) => e.relationship.type))).toEqual(new Set(['LOCATED_IN']));
      seen[c] = { parks: edges.map((e) => e.node.id).sort(), inP1: ids(edges.find((e) => e.node.id === 'park:cmp-p1')!.node.directFacilities).sort() };
    }
    // P2 and P3 lie in P1 (PART_OF), so they are no direct parks; P4's link and P5 are SECRET
    expect(seen.PUBLIC!.parks).toEqual(['park:cmp-p1']);
    expect(seen.SECRET!.parks).toEqual(['park:cmp-p1', 'park:cmp-p4', 'park:cmp-p5']);
    // P1's own facilities: not F1 (in P3, inside P1); F2's link is SECRET, F3 SECRET; F6's link and F7 INTERNAL
    expect(seen.PUBLIC!.inP1).toEqual(['facility:cmp-f4', 'facility:cmp-f5', 'facility:cmp-f9']);
    expect(seen.INTERNAL!.inP1).toEqual(['facility:cmp-f4', 'facility:cmp-f5', 'facility:cmp-f6', 'facility:cmp-f7', 'facility:cmp-f9']);
    expect(seen.TOP_SECRET!.inP1).not.toContain('facility:cmp-f1');
  });

  it('single-valued fields take the nearest visible match, and none when every way is hidden', async () => {
    const query = `{ facilities(filter: {ids: ["facility:cmp-f1", "facility:cmp-f2", "facility:cmp-f8", "facility:cmp-f9"]}, orderBy: {field: ID}) {
        nodes { id park { id parent { id parent { id district { id } } } district { id } } district { id } locatedIn { __typename id ... on Park { kind } } } } }`;
    for (const c of CLEARANCES) {
      const { body, compiled } = await same(query, {}, c);
      expect(body.errors).toBeUndefined();
      expect(compiled).toBe(1);
      if (c === 'PUBLIC') {
        const f1 = body.data.facilities.nodes.find((f: { id: string }) => f.id === 'facility:cmp-f1');
        expect(f1).toMatchObject({ park: { id: 'park:cmp-p3', parent: null, district: null }, district: null });
      }
    }
  });

  it('give each parent its own keyset page, with the same cursors, forward and backward', async () => {
    const variable = (args: string) => (args.includes('$after') ? '($after: String)' : args.includes('$before') ? '($before: String)' : '');
    const page = (args: string) => `query${variable(args)} { parks(filter: {ids: ["park:cmp-p1", "park:cmp-p3", "park:cmp-p4", "park:cmp-p5"]}) {
        nodes { id facilities(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name } } } } } }`;
    for (const c of ['PUBLIC', 'SECRET'] as const) {
      // walk P1's pages forward, two at a time; every other parent pages after the same key
      let after: string | null = null;
      const walked: string[] = [];
      for (let i = 0; i < 10; i++) {
        const { body } = await same(page('first: 2, after: $after'), { after }, c);
        expect(body.errors).toBeUndefined();
        const p1 = body.data.parks.nodes.find((p: { id: string }) => p.id === 'park:cmp-p1').facilities;
        walked.push(...p1.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!p1.pageInfo.hasNextPage) break;
        after = p1.pageInfo.endCursor;
      }
      const { body: all } = await same(page('first: 50'), {}, c);
      const p1All = all.data.parks.nodes.find((p: { id: string }) => p.id === 'park:cmp-p1').facilities;
      expect(walked).toEqual(p1All.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(walked.length).toBe(p1All.totalCount);
      // and backward
      let before: string | null = null;
      const back: string[] = [];
      for (let i = 0; i < 10; i++) {
        const { body } = await same(page('last: 2, before: $before'), { before }, c);
        const p1 = body.data.parks.nodes.find((p: { id: string }) => p.id === 'park:cmp-p1').facilities;
        back.unshift(...p1.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!p1.pageInfo.hasPreviousPage) break;
        before = p1.pageInfo.startCursor;
      }
      expect(back).toEqual(walked);
    }
  });

  it('count totals only where selected, and give the same pages without them', async () => {
    const query = (total: boolean) => `{ parks(filter: {ids: ["park:cmp-p1", "park:cmp-p4"]}) { nodes { id
        facilities(first: 2) { ${total ? 'totalCount' : ''} pageInfo { hasNextPage endCursor } nodes { id technologies { ${total ? 'totalCount' : ''} nodes { id } } } } } } }`;
    for (const c of ['PUBLIC', 'TOP_SECRET'] as const) {
      const withTotal = await same(query(true), {}, c);
      const without = await same(query(false), {}, c);
      const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x) => (k === 'totalCount' ? undefined : x)));
      expect(strip(without.body)).toEqual(strip(withTotal.body));
    }
  });

  it('follow fragments, inline fragments, aliases, @skip and @include as graphql-js does', async () => {
    const query = `query($skip: Boolean!, $n: Int, $dir: SortDirection!) {
      parks(filter: {ids: ["park:cmp-p1", "park:cmp-p3", "park:cmp-p4"]}, orderBy: {field: ID}) {
        totalCount
        nodes { ...P  a: facilities(first: $n) { totalCount nodes { id } } __typename }
        edges { cursor node { ...P  b: facilities(first: 1, orderBy: {field: ID, direction: $dir}) @skip(if: $skip) { pageInfo { hasNextPage endCursor } nodes { id } } } }
        again: nodes { id facilities(first: 3) { nodes { id } } }
      }
    }
    fragment P on Park { id facilities(first: 3) { ...F } ... on Node { ... on Park { district { id name } } } ... @include(if: $skip) { members { nodes { id } } } }
    fragment F on FacilityConnection { totalCount edges { cursor node { id technologies(orderBy: {field: NAME_EN, direction: DESC}) { nodes { id nameEn } } } } }`;
    for (const c of ['PUBLIC', 'CONFIDENTIAL'] as const) {
      for (const skip of [true, false]) {
        const { body, compiled } = await same(query, { skip, n: skip ? 1 : null, dir: skip ? 'ASC' : 'DESC' }, c);
        expect(body.errors).toBeUndefined();
        expect(compiled).toBe(1);
        expect(body.data.parks.edges[0].node.b === undefined).toBe(skip);
      }
    }
  });

  it('answer lists of mixed labels (interfaces) with the fields of each label', async () => {
    const query = `{ node(id: "park:cmp-p1") { __typename id ... on Park {
        coBuilders { totalCount edges { relationship { role classification } node { __typename id
          ... on Institution { operates { nodes { id } } locatedIn { __typename id ... on Park { district { id } } } }
          ... on Agency { administers { nodes { id coBuilders { nodes { id } } } } } } } }
        members { nodes { id } }
        administeredBy { nodes { id } }
        institutions(orderBy: {field: NAME_EN}) { nodes { id operates { nodes { id users { edges { relationship { weight } node { id } } } } } } }
    } } }`;
    for (const c of CLEARANCES) {
      const { body, compiled } = await same(query, {}, c);
      expect(body.errors).toBeUndefined();
      expect(compiled).toBe(1);
    }
  });

  it('keep every order: name, English name, id, both directions, and the source rank', async () => {
    for (const [field, direction] of [['NAME', 'ASC'], ['NAME', 'DESC'], ['NAME_EN', 'ASC'], ['NAME_EN', 'DESC'], ['ID', 'DESC']]) {
      const query = `{ node(id: "park:cmp-p1") { ... on Park {
          facilities(orderBy: {field: ${field}, direction: ${direction}}, first: 3) { totalCount pageInfo { hasNextPage startCursor } nodes { id } }
          back: facilities(orderBy: {field: ${field}, direction: ${direction}}, last: 3) { pageInfo { hasPreviousPage endCursor } nodes { id } } } } }`;
      const { body } = await same(query, {}, 'SECRET');
      expect(body.errors).toBeUndefined();
    }
    // 主責單位 in the order of the source, and Technology's hierarchy fields, on the plan's graph
    const { body } = await same(`{ tasks(first: 5) { nodes { id agencies { edges { relationship { rank } node { id } } } concerns { nodes { __typename id } } } } }`, {}, 'INTERNAL');
    expect(body.errors).toBeUndefined();
    const tech = await same(
      `{ node(id: "tech:cmp-root") { ... on Technology { descendants { totalCount nodes { id } } facilities { totalCount nodes { id } } children { nodes { id parent { id } } } } } }`,
      {},
      'PUBLIC',
    );
    expect(ids(tech.body.data.node.descendants)).toEqual(['tech:cmp-child']); // the grandchild is only under a hidden node
  });

  it('give the same errors: bad page sizes, foreign cursors, hidden ids in filters, missing and hidden parents', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      [`{ districts(filter: {ids: ["district:cmp-d"]}) { nodes { id parks(first: 500) { nodes { id } } } } }`, {}],
      [`{ parks(filter: {ids: ["park:cmp-p1"]}) { nodes { id facilities(first: 1, after: "garbage") { nodes { id } } technologies { nodes { id } } } } }`, {}],
      [`{ node(id: "district:cmp-d") { ... on District { facilities(filter: {park: "park:cmp-p2"}) { totalCount nodes { id technologies { nodes { id } } } } parks { nodes { id } } } } }`, {}],
      [`{ facilities(filter: {park: "park:cmp-p2"}) { totalCount nodes { id technologies { nodes { id } } } } }`, {}],
      [`{ parks(first: -1) { nodes { facilities { nodes { id } } } } }`, {}],
      [`{ parks(first: 1, last: 1) { nodes { facilities { nodes { id } } } } }`, {}],
      [`{ node(id: "park:cmp-missing") { ... on Park { facilities { nodes { id } } } } }`, {}],
      [`{ node(id: "park:cmp-p2") { id ... on Park { facilities { nodes { id } } parent { id } } } }`, {}],
      [`{ node(id: "park:cmp-p1") { ... on Park { facilities(filter: {OR: [{park: "park:cmp-p2"}, {access: [OPEN]}]}) { nodes { id } } } } }`, {}],
    ];
    for (const [query, variables] of cases) {
      for (const c of ['PUBLIC', 'CONFIDENTIAL'] as const) await same(query, variables, c);
    }
    const { body } = await same(cases[0]![0], {}, 'PUBLIC');
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    const hidden = await same(cases[2]![0], {}, 'PUBLIC');
    expect(hidden.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.park' });
  });

  it('answer the plan graph the same as the resolvers (seed districts, parks and tasks)', async () => {
    const query = `{ districts(first: 30) { totalCount nodes { id parks(first: 5) { totalCount nodes { id facilities(first: 5) { nodes { id technologies { nodes { id name } } } } } }
        institutions(first: 5) { nodes { id technologies { nodes { id } } } } } } }`;
    for (const c of CLEARANCES) {
      const { body, compiled } = await same(query, {}, c);
      expect(body.errors).toBeUndefined();
      expect(compiled).toBe(1);
    }
  });
});

describe('the compiled statement fetches only the fields a request shows', () => {
  /**
   * Every leaf field of every entity type and of Relationship, as fragments `L_<Type>`, read from the
   * server's schema; `N_<Type>` leave out the fields whose type differs between types (`kind`,
   * `status`), which one selection of several types cannot ask without aliases.
   */
  async function leafFragments(): Promise<string> {
    const res = await post(api.url, `{ __schema { types { name kind interfaces { name } fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`);
    const named = (t: any): any => (t.ofType ? named(t.ofType) : t);
    const types = (res.body.data.__schema.types as any[]).filter((t) => t.kind === 'OBJECT' && (t.name === 'Relationship' || t.interfaces?.some((i: any) => i.name === 'Node')));
    expect(types.length).toBeGreaterThanOrEqual(17);
    const leaves = new Map<string, Array<{ name: string; type: string }>>(
      types.map((t) => [t.name, (t.fields as any[]).filter((f) => f.args.length === 0 && ['SCALAR', 'ENUM'].includes(named(f.type).kind)).map((f) => ({ name: f.name, type: JSON.stringify(f.type) }))]),
    );
    const typeOf = new Map<string, Set<string>>();
    for (const [type, fields] of leaves) if (type !== 'Relationship') for (const f of fields) typeOf.set(f.name, (typeOf.get(f.name) ?? new Set()).add(f.type));
    return [...leaves]
      .flatMap(([type, fields]) => [
        `fragment L_${type} on ${type} { ${fields.map((f) => f.name).join(' ')} }`,
        `fragment N_${type} on ${type} { ${fields.filter((f) => typeOf.get(f.name)?.size === 1).map((f) => f.name).join(' ')} }`,
      ])
      .join('\n');
  }

  it('every leaf field of every type, at every level and through interfaces, answers as the resolvers do', async () => {
    const fragments = await leafFragments();
    const any = fragments.match(/fragment N_\w+/g)!.filter((f) => f !== 'fragment N_Relationship').map((f) => `...${f.slice('fragment '.length)}`).join(' ');
    const document = `{
      districts(first: 10) { nodes { ...L_District parks(first: 5) { edges { relationship { ...L_Relationship } node { ...L_Park
        facilities(first: 5) { nodes { ...L_Facility locatedIn { __typename ${any} } technologies(first: 5) { nodes { ...L_Technology } } } } } } } } }
      tasks(first: 10) { nodes { ...L_Task agencies(first: 5) { edges { relationship { ...L_Relationship } node { ...L_Agency } } } concerns(first: 5) { nodes { __typename ${any} } } } }
      facilities(first: 20) { totalCount edges { cursor node { ...L_Facility } } }
      programs(first: 20) { nodes { ...L_Program } }
    }`;
    const used = fragments.split('\n').filter((f) => new RegExp(`\\.\\.\\.${f.split(' ')[1]}\\b`).test(document));
    const query = `${document}\n${used.join('\n')}`;
    for (const c of ['PUBLIC', 'SECRET'] as const) {
      const { body, compiled } = await same(query, {}, c);
      expect(body.errors).toBeUndefined();
      expect(compiled).toBe(4);
      expect(body.data.districts.nodes.length).toBeGreaterThan(0);
    }
  });

  it('paths and neighbourhoods answer as the whole-node path does, whatever they show of nodes and relationships', async () => {
    const fragments = await leafFragments();
    const any = fragments.match(/fragment N_\w+/g)!.filter((f) => f !== 'fragment N_Relationship').map((f) => `...${f.slice('fragment '.length)}`).join(' ');
    const shows = ['nodes { id } relationships { id }', `length nodes { __typename ${any} } relationships { ...L_Relationship }`, 'relationships { id type from to }', 'nodes { id ... on Facility { operators { nodes { id } } } }'];
    for (const show of shows) {
      const body = `{ path(from: "inst:cmp-i1", to: "tech:cmp-child", maxHops: 4, all: true) { ${show} }
        neighborhood(id: "park:cmp-p1", depth: 2, limit: 5) { truncated ${show.replace(/^length /, '')} } }`;
      const used = fragments.split('\n').filter((f) => new RegExp(`\\.\\.\\.${f.split(' ')[1]}\\b`).test(body));
      for (const c of ['PUBLIC', 'CONFIDENTIAL', 'TOP_SECRET'] as const) {
        const { body: res } = await same(`${body}\n${used.join('\n')}`, {}, c);
        expect(res.errors).toBeUndefined();
        expect(res.data.path.length).toBeGreaterThan(0);
        expect(res.data.neighborhood.truncated).toBe(true);
      }
    }
  });

  /** The statements the compiling server runs for one request. */
  async function statementsOf(query: string, variables: Record<string, unknown>): Promise<string[]> {
    const { db } = api;
    const read = db.read;
    const seen: string[] = [];
    db.read = (cypher, params) => (seen.push(cypher), read.call(db, cypher, params));
    try {
      const res = await post(api.url, query, variables, viewer('INTERNAL'));
      expect(res.body.errors).toBeUndefined();
    } finally {
      db.read = read;
    }
    return seen;
  }

  it('projects the properties shown, not whole nodes, and a whole relationship only when an edge shows it', async () => {
    const [nested, ...more] = await statementsOf(QUERIES.find((x) => x.name === 'nested')!.graphql, { d: ['district:daxing'] });
    expect(more).toEqual([]);
    // nodes: id, classification level (the audit), the fields shown, label; relationships: what the audit reads
    expect(nested).not.toMatch(/\{ \.\*/);
    expect(nested).toMatch(/\{ \.id, \.classificationLevel, \.name, label: /);
    expect(nested).toContain('{ classificationLevel: x_.classificationLevel, type: type(x_), from: startNode(x_).id, to: endNode(x_).id }');
    const [list, ...others] = await statementsOf(`{ facilities(first: 50) { totalCount nodes { id name } } }`, {});
    expect(others).toEqual([]);
    expect(list).not.toMatch(/\{ \.\*/);
    expect(list).toMatch(/\{ \.id, \.classificationLevel, \.name, label: /);
    const [edges] = await statementsOf(`{ districts(first: 3) { nodes { id parks(first: 3) { edges { relationship { type classification } node { id } } } } } }`, {});
    expect(edges).toMatch(/x_ \{ \.\*, type: type\(x_\)/);
    expect(edges).not.toMatch(/\b(?!x_)\w+ \{ \.\*/);
  });
});

describe('round trips of the benchmark queries', () => {
  for (const name of ['nested', 'filteredRelation']) {
    it(`${name} runs as one statement with the compiler, more without, same answer`, async () => {
      const q = QUERIES.find((x) => x.name === name)!;
      const variables = name === 'nested' ? { d: ['district:cmp-d', 'district:daxing'] } : { park: 'park:cmp-p1' };
      const { body, compiled, resolved } = await same(q.graphql, variables, 'INTERNAL');
      expect(body.errors).toBeUndefined();
      expect(compiled).toBe(1);
      expect(resolved).toBe(name === 'nested' ? 4 : 3);
    });
  }
});
