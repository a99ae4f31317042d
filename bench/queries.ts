import { encodeCursor } from '../src/data/pagination.js';
import { CLASSIFICATION_LEVEL } from '../src/ontology.js';
import { luceneQuery, queryUnits } from '../src/text/analyze.js';

/**
 * The benchmark's queries, each written three ways: the hand-written Cypher of variant A (the limit),
 * the GraphQL of this API (variants B and C), and the GraphQL of @neo4j/graphql (variant D) where
 * its generated API can express the question. Every variant applies the same access rule (the
 * caller's clearance), so all of them answer the same question for the same caller.
 */

/** Ids drawn from the loaded graph at one scale, all visible at the benchmark's clearance. */
export interface Picks {
  /** Districts with the most facilities (directly or through parks). */
  districts: string[];
  /** Top-level technologies (roots of the hierarchy). */
  techRoots: string[];
  /** Parks with the most facilities. */
  parks: string[];
  institutions: string[];
  technologies: string[];
  /** Facility numbers whose names the search looks up (`合成實驗室<n>`). */
  searchTerms: string[];
  /** Offsets into the facilities ordered by id, and the id found at each (deep pages). */
  deepOffsets: number[];
  deepIds: string[];
}

export interface BenchQuery {
  name: string;
  /** What the query asks, for the report. */
  title: string;
  /** Variant A: Cypher and its parameters for run `i`. `$c` is the clearance. */
  cypher: string;
  cypherParams: (p: Picks, i: number) => Record<string, unknown>;
  /** Variants B and C. */
  graphql: string;
  variables: (p: Picks, i: number) => Record<string, unknown>;
  /** Variant D, or why it cannot be expressed. */
  neo4jGraphql: string | { na: string };
  neo4jVariables?: (p: Picks, i: number) => Record<string, unknown>;
  /** Writes: measured sequentially only (not under concurrency), and cleaned up afterwards. */
  mutation?: boolean;
  /**
   * The answer each variant gives, reduced to what the question asks (ids, order where the question
   * orders, totals, counts), so that the benchmark can check A, B and D answer the same question
   * before it times them; or why a variant's answer cannot be compared.
   */
  answer: {
    A: (rows: Row[]) => unknown;
    B: (data: any) => unknown;
    D?: ((data: any) => unknown) | { differs: string };
  } | { skip: string };
  /** Semantics the query follows: the park hierarchy (LOCATED_IN|PART_OF*) or one direct hop. */
  semantics?: 'hierarchy' | 'direct';
}

/** A row of variant A's result, as plain values. */
export type Row = Record<string, any>;

const pick = <T>(xs: T[], i: number): T => xs[i % xs.length]!;
// cursors are sealed for the benchmark's clearance (INTERNAL), with the key its API processes share (processes.ts)
const cursor = (id: string) => encodeCursor('ID', id, id, CLASSIFICATION_LEVEL.INTERNAL);
const offsetCursor = (n: number) => Buffer.from(`arrayconnection:${n}`).toString('base64');
/** Every node and relationship on path `p` is visible at `$c`. */
const vis = (p: string) => `all(x IN nodes(${p}) WHERE x.classificationLevel <= $c) AND all(y IN relationships(${p}) WHERE y.classificationLevel <= $c)`;

/** Relationship `r` and node `x` visible at `$c`. */
const seen = (r: string, x: string) => `${r}.classificationLevel <= $c AND ${x}.classificationLevel <= $c`;
const idsOf = (xs: Array<{ id: string }> | null | undefined) => (xs ?? []).map((x) => x.id);
const sorted = (xs: string[]) => [...xs].sort();
const edgeNodes = <T>(c: { edges: Array<{ node: T }> }) => c.edges.map((e) => e.node);
/** district → parks → facilities → technology ids (technologies as a set: A lists them in no order). */
type Tree = Array<{ id: string; parks: Array<{ id: string; facilities: Array<{ id: string; technologies: string[] }> }> }>;
const tree = (ds: any[], parks: (d: any) => any[], facilities: (p: any) => any[], technologies: (f: any) => Array<{ id: string }>): Tree =>
  ds.map((d) => ({ id: d.id, parks: parks(d).map((p) => ({ id: p.id, facilities: facilities(p).map((f) => ({ id: f.id, technologies: sorted(idsOf(technologies(f))) })) })) }));
/** Facilities with their technology ids (as a set). */
const withTechs = (fs: any[], technologies: (f: any) => Array<{ id: string } | string>) =>
  fs.map((f) => ({ id: f.id, technologies: sorted(technologies(f).map((t) => (typeof t === 'string' ? t : t.id))) }));
// D's clearance, as the edges' filter: its @authorization rules filter nodes only
const dEdge = 'where: {edge: {classificationLevel: {lte: $c}}}';

/** Ids of the rows a mutation run creates, so they can be removed after the run. */
export const MUTATION_PREFIX = 'facility:bench-';
let mutationSeq = 0;
const newFacilities = (variant: string) =>
  Array.from({ length: 10 }, () => {
    const n = mutationSeq++;
    return { id: `${MUTATION_PREFIX}${variant}-${n}`, name: `基準設施${n}`, nameEn: `Bench facility ${n}` };
  });

export const QUERIES: BenchQuery[] = [
  {
    name: 'lookup',
    title: 'One facility by id (the fixed cost of a request around the smallest database read)',
    cypher: `MATCH (f:Facility:Entity {id: $id}) WHERE f.classificationLevel <= $c RETURN f.id AS id, f.name AS name`,
    cypherParams: (p, i) => ({ id: pick(p.deepIds, i) }),
    graphql: `query Lookup($id: ID!) { node(id: $id) { id ... on Facility { name } } }`,
    variables: (p, i) => ({ id: pick(p.deepIds, i) }),
    neo4jGraphql: `query Lookup($id: ID!) { facilities(where: {id: {eq: $id}}) { id name } }`,
    neo4jVariables: (p, i) => ({ id: pick(p.deepIds, i) }),
    answer: { A: (rows) => rows.map((r) => r.id), B: (data) => [data.node?.id].filter(Boolean), D: (data) => idsOf(data.facilities) },
  },
  {
    name: 'signature',
    title: 'Open facilities serving a technology subtree in a district (through parks), first 20 by name, with the total',
    cypher: `MATCH (d:District:Entity {id: $d}) WHERE d.classificationLevel <= $c
      MATCH p = (f:Facility:Entity)-[:LOCATED_IN|PART_OF*1..8]->(d) WHERE ${vis('p')}
      WITH DISTINCT f
      WHERE f.access IN $access AND EXISTS { MATCH q = (f)-[:SERVES]->(:Technology)-[:PART_OF*0..10]->(:Technology {id: $t}) WHERE ${vis('q')} }
      WITH f ORDER BY f.name, f.id
      WITH collect(f {.id, .name}) AS found
      RETURN size(found) AS total, found[0..20] AS nodes`,
    cypherParams: (p, i) => ({ d: pick(p.districts, i), t: pick(p.techRoots, i), access: ['OPEN'] }),
    graphql: `query Signature($d: ID!, $t: ID!) { facilities(filter: {access: [OPEN], district: $d, technology: $t}, first: 20) { totalCount nodes { id name } } }`,
    variables: (p, i) => ({ d: pick(p.districts, i), t: pick(p.techRoots, i) }),
    neo4jGraphql: { na: 'needs variable-length paths (parks within parks, technology subtrees) in a filter: the generated filters have none' },
    answer: {
      A: ([r]) => ({ total: r!.total, ids: idsOf(r!.nodes) }),
      B: (data) => ({ total: data.facilities.totalCount, ids: idsOf(data.facilities.nodes) }),
    },
    semantics: 'hierarchy',
  },
  {
    name: 'nested',
    title: 'Three-level nested list: district → parks (5) → facilities (5) → technologies, parks within parks included',
    cypher: `MATCH (d:District {id: $d}) WHERE d.classificationLevel <= $c
      CALL (d) {
        MATCH p = (pk:Park:Entity)-[:LOCATED_IN|PART_OF*1..8]->(d) WHERE ${vis('p')}
        WITH DISTINCT pk ORDER BY pk.name, pk.id LIMIT 5
        CALL (pk) {
          MATCH p = (f:Facility:Entity)-[:LOCATED_IN|PART_OF*1..8]->(pk) WHERE ${vis('p')}
          WITH DISTINCT f ORDER BY f.name, f.id LIMIT 5
          CALL (f) {
            MATCH (f)-[r:SERVES]->(t:Technology) WHERE ${seen('r', 't')}
            WITH t ORDER BY t.name, t.id
            RETURN collect(t {.id, .name}) AS technologies
          }
          RETURN collect({id: f.id, technologies: technologies}) AS facilities
        }
        RETURN collect({id: pk.id, facilities: facilities}) AS parks
      }
      RETURN d.id AS id, parks`,
    cypherParams: (p, i) => ({ d: pick(p.districts, i) }),
    graphql: `query Nested($d: [ID!]) { districts(filter: {ids: $d}) { nodes { id parks(first: 5) { nodes { id facilities(first: 5) { nodes { id technologies { nodes { id name } } } } } } } } }`,
    variables: (p, i) => ({ d: [pick(p.districts, i)] }),
    // D: the hierarchy through its @cypher fields (bench/peers/neo4j-graphql.graphql)
    neo4jGraphql: `query Nested($d: ID!, $c: Int!) { districts(where: {id: {eq: $d}}) { id allParks(first: 5) { id allFacilities(first: 5) { id
      technologiesConnection(${dEdge}, sort: [{node: {name: ASC}}]) { edges { node { id name } } } } } } }`,
    neo4jVariables: (p, i) => ({ d: pick(p.districts, i), c: CLASSIFICATION_LEVEL.INTERNAL }),
    answer: {
      A: (rows) => tree(rows, (d) => d.parks, (p) => p.facilities, (f) => f.technologies),
      B: (data) => tree(data.districts.nodes, (d) => d.parks.nodes, (p) => p.facilities.nodes, (f) => f.technologies.nodes),
      D: (data) => tree(data.districts, (d) => d.allParks, (p) => p.allFacilities, (f) => edgeNodes(f.technologiesConnection)),
    },
    semantics: 'hierarchy',
  },
  {
    name: 'nestedDirect',
    title: 'The same nested list through direct LOCATED_IN links only (the parks of the district itself, the facilities of each park itself)',
    cypher: `MATCH (d:District {id: $d}) WHERE d.classificationLevel <= $c
      CALL (d) {
        MATCH (pk:Park:Entity)-[l:LOCATED_IN]->(d) WHERE ${seen('l', 'pk')}
        WITH DISTINCT pk ORDER BY pk.name, pk.id LIMIT 5
        CALL (pk) {
          MATCH (f:Facility:Entity)-[l:LOCATED_IN]->(pk) WHERE ${seen('l', 'f')}
          WITH DISTINCT f ORDER BY f.name, f.id LIMIT 5
          CALL (f) {
            MATCH (f)-[r:SERVES]->(t:Technology) WHERE ${seen('r', 't')}
            WITH t ORDER BY t.name, t.id
            RETURN collect(t {.id, .name}) AS technologies
          }
          RETURN collect({id: f.id, technologies: technologies}) AS facilities
        }
        RETURN collect({id: pk.id, facilities: facilities}) AS parks
      }
      RETURN d.id AS id, parks`,
    cypherParams: (p, i) => ({ d: pick(p.districts, i) }),
    graphql: `query NestedDirect($d: [ID!]) { districts(filter: {ids: $d}) { nodes { id directParks(first: 5) { nodes { id directFacilities(first: 5) { nodes { id technologies { nodes { id name } } } } } } } } }`,
    variables: (p, i) => ({ d: [pick(p.districts, i)] }),
    neo4jGraphql: `query NestedDirect($d: ID!, $c: Int!) { districts(where: {id: {eq: $d}}) { id
      parksConnection(first: 5, ${dEdge}, sort: [{node: {name: ASC}}]) { edges { node { id
        facilitiesConnection(first: 5, ${dEdge}, sort: [{node: {name: ASC}}]) { edges { node { id
          technologiesConnection(${dEdge}, sort: [{node: {name: ASC}}]) { edges { node { id name } } } } } } } } } } }`,
    neo4jVariables: (p, i) => ({ d: pick(p.districts, i), c: CLASSIFICATION_LEVEL.INTERNAL }),
    answer: {
      A: (rows) => tree(rows, (d) => d.parks, (p) => p.facilities, (f) => f.technologies),
      B: (data) => tree(data.districts.nodes, (d) => d.directParks.nodes, (p) => p.directFacilities.nodes, (f) => f.technologies.nodes),
      D: (data) =>
        tree(data.districts, (d) => edgeNodes(d.parksConnection), (p) => edgeNodes(p.facilitiesConnection), (f) => edgeNodes(f.technologiesConnection)),
    },
    semantics: 'direct',
  },
  {
    name: 'filteredRelation',
    title: "A park's open facilities (10, by name), sub-parks' included, with the technologies each serves",
    cypher: `MATCH (pk:Park {id: $park}) WHERE pk.classificationLevel <= $c
      CALL (pk) {
        MATCH p = (f:Facility:Entity)-[:LOCATED_IN|PART_OF*1..8]->(pk) WHERE f.access = 'OPEN' AND ${vis('p')}
        WITH DISTINCT f ORDER BY f.name, f.id LIMIT 10
        CALL (f) {
          MATCH (f)-[r:SERVES]->(t:Technology) WHERE ${seen('r', 't')}
          RETURN collect(t.id) AS technologies
        }
        RETURN collect({id: f.id, name: f.name, technologies: technologies}) AS facilities
      }
      RETURN facilities`,
    cypherParams: (p, i) => ({ park: pick(p.parks, i) }),
    graphql: `query Filtered($park: ID!) { node(id: $park) { ... on Park { facilities(filter: {access: [OPEN]}, first: 10) { nodes { id name technologies { nodes { id } } } } } } }`,
    variables: (p, i) => ({ park: pick(p.parks, i) }),
    neo4jGraphql: `query Filtered($park: ID!, $c: Int!) { parks(where: {id: {eq: $park}}) { allFacilities(access: "OPEN", first: 10) { id name
      technologiesConnection(${dEdge}) { edges { node { id } } } } } }`,
    neo4jVariables: (p, i) => ({ park: pick(p.parks, i), c: CLASSIFICATION_LEVEL.INTERNAL }),
    answer: {
      A: ([r]) => withTechs(r!.facilities, (f) => f.technologies),
      B: (data) => withTechs(data.node.facilities.nodes, (f) => f.technologies.nodes),
      D: (data) => withTechs(data.parks[0].allFacilities, (f) => edgeNodes(f.technologiesConnection)),
    },
    semantics: 'hierarchy',
  },
  {
    name: 'filteredRelationDirect',
    title: "The same park's open facilities located in it directly (10, by name), with the technologies each serves",
    cypher: `MATCH (pk:Park {id: $park}) WHERE pk.classificationLevel <= $c
      CALL (pk) {
        MATCH (f:Facility:Entity)-[l:LOCATED_IN]->(pk) WHERE f.access = 'OPEN' AND ${seen('l', 'f')}
        WITH DISTINCT f ORDER BY f.name, f.id LIMIT 10
        CALL (f) {
          MATCH (f)-[r:SERVES]->(t:Technology) WHERE ${seen('r', 't')}
          RETURN collect(t.id) AS technologies
        }
        RETURN collect({id: f.id, name: f.name, technologies: technologies}) AS facilities
      }
      RETURN facilities`,
    cypherParams: (p, i) => ({ park: pick(p.parks, i) }),
    graphql: `query FilteredDirect($park: ID!) { node(id: $park) { ... on Park { directFacilities(filter: {access: [OPEN]}, first: 10) { nodes { id name technologies { nodes { id } } } } } } }`,
    variables: (p, i) => ({ park: pick(p.parks, i) }),
    neo4jGraphql: `query FilteredDirect($park: ID!, $c: Int!) { parks(where: {id: {eq: $park}}) {
      facilitiesConnection(first: 10, where: {node: {access: {eq: "OPEN"}}, edge: {classificationLevel: {lte: $c}}}, sort: [{node: {name: ASC}}]) { edges { node { id name
        technologiesConnection(${dEdge}) { edges { node { id } } } } } } } }`,
    neo4jVariables: (p, i) => ({ park: pick(p.parks, i), c: CLASSIFICATION_LEVEL.INTERNAL }),
    answer: {
      A: ([r]) => withTechs(r!.facilities, (f) => f.technologies),
      B: (data) => withTechs(data.node.directFacilities.nodes, (f) => f.technologies.nodes),
      D: (data) => withTechs(edgeNodes(data.parks[0].facilitiesConnection), (f) => edgeNodes(f.technologiesConnection)),
    },
    semantics: 'direct',
  },
  {
    name: 'deepPage',
    title: 'A page of 50 facilities (by id) from the middle of the list, with the total',
    cypher: `CALL () {
        CALL () { MATCH (f:Facility) RETURN count(f) AS everyone }
        CALL () { MATCH (h:Entity) WHERE h.classificationLevel > $c AND h:Facility RETURN count(h) AS hidden }
        RETURN everyone - hidden AS total
      }
      CALL () {
        MATCH (f:Facility) WHERE f.id > $after AND f.classificationLevel <= $c
        WITH f ORDER BY f.id LIMIT 50
        RETURN collect(f {.id, .name}) AS nodes
      }
      RETURN total, nodes`,
    cypherParams: (p, i) => ({ after: pick(p.deepIds, i) }),
    graphql: `query Page($after: String) { facilities(orderBy: {field: ID}, first: 50, after: $after) { totalCount pageInfo { endCursor } nodes { id name } } }`,
    variables: (p, i) => ({ after: cursor(pick(p.deepIds, i)) }),
    neo4jGraphql: `query Page($after: String) { facilitiesConnection(first: 50, after: $after, sort: [{id: ASC}]) { totalCount pageInfo { endCursor } edges { node { id name } } } }`,
    // D's offset cursor n continues at the item after the n-th (0-based): the id's own offset − 1
    neo4jVariables: (p, i) => ({ after: offsetCursor(pick(p.deepOffsets, i) - 1) }),
    answer: {
      A: ([r]) => ({ total: r!.total, ids: idsOf(r!.nodes) }),
      B: (data) => ({ total: data.facilities.totalCount, ids: idsOf(data.facilities.nodes) }),
      D: (data) => ({ total: data.facilitiesConnection.totalCount, ids: idsOf(edgeNodes(data.facilitiesConnection)) }),
    },
  },
  {
    name: 'path',
    title: 'Shortest path (≤ 4 hops) between an institution and a technology',
    cypher: `MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) WHERE a.classificationLevel <= $c AND b.classificationLevel <= $c
      MATCH p = shortestPath((a)-[*..4]-(b)) WHERE ${vis('p')}
      RETURN length(p) AS length, [n IN nodes(p) | n.id] AS ids`,
    cypherParams: (p, i) => ({ a: pick(p.institutions, i), b: pick(p.technologies, i) }),
    graphql: `query Path($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 4) { length nodes { id } } }`,
    variables: (p, i) => ({ a: pick(p.institutions, i), b: pick(p.technologies, i) }),
    neo4jGraphql: { na: 'no shortest-path query in the generated API' },
    // equally short paths may differ; the length is the answer
    answer: { A: (rows) => rows[0]?.length ?? null, B: (data) => data.path[0]?.length ?? null },
  },
  {
    name: 'neighborhood',
    title: 'Neighbourhood of an institution, depth 2, at most 100 nodes, with the relationships among them',
    cypher: `MATCH (a:Entity {id: $id}) WHERE a.classificationLevel <= $c
      OPTIONAL MATCH p = (a)-[*1..2]-(m:Entity) WHERE ${vis('p')}
      WITH a, m, min(length(p)) AS distance ORDER BY distance, m.id
      WITH a, collect(m)[0..100] AS kept
      WITH [a] + kept AS ns
      CALL (ns) {
        UNWIND ns AS x MATCH (x)-[r]->(y) WHERE y IN ns AND r.classificationLevel <= $c
        RETURN collect(elementId(r)) AS rels
      }
      RETURN [n IN ns | n.id] AS ids, rels`,
    cypherParams: (p, i) => ({ id: pick(p.institutions, i) }),
    graphql: `query Hood($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) { nodes { id } relationships { id } } }`,
    variables: (p, i) => ({ id: pick(p.institutions, i) }),
    neo4jGraphql: { na: 'no query over all relationship types to a given depth in the generated API' },
    answer: {
      A: ([r]) => ({ nodes: sorted(r!.ids), relationships: r!.rels.length }),
      B: (data) => ({ nodes: sorted(idsOf(data.neighborhood.nodes)), relationships: data.neighborhood.relationships.length }),
    },
  },
  {
    name: 'search',
    title: 'Full-text search for facilities by name (Chinese), top 10',
    // the caller's clearance index (search_l<c>) queried with the API's analysed terms
    cypher: `CALL db.index.fulltext.queryNodes('search_l' + $c, $q) YIELD node, score
      WHERE node:Facility AND node.classificationLevel <= $c
      RETURN node.id AS id, score LIMIT 10`,
    cypherParams: (p, i) => ({ q: luceneQuery(queryUnits(pick(p.searchTerms, i))) }),
    graphql: `query Search($q: String!) { search(text: $q, labels: [Facility], first: 10) { score node { id } } }`,
    variables: (p, i) => ({ q: pick(p.searchTerms, i) }),
    neo4jGraphql: `query Search($q: String!) { facilitiesByName(phrase: $q, first: 10) { edges { score node { id } } } }`,
    neo4jVariables: (p, i) => ({ q: pick(p.searchTerms, i) }),
    answer: {
      // the exact facility is the answer asked for; what ranks below it depends on each index's analyser
      A: (rows) => rows[0]?.id ?? null,
      B: (data) => data.search[0]?.node.id ?? null,
      D: (data) => data.facilitiesByName.edges[0]?.node.id ?? null,
    },
  },
  {
    name: 'aggregation',
    title: 'Facilities (and open ones) by district × top-level technology, 5 districts, subtrees included',
    cypher: `MATCH (d:District) WHERE d.id IN $ds AND d.classificationLevel <= $c
      WITH collect(d) AS districts
      CALL () {
        MATCH (t:Technology) WHERE t.classificationLevel <= $c
          AND NOT EXISTS { MATCH (t)-[pp:PART_OF]->(up:Technology) WHERE pp.classificationLevel <= $c AND up.classificationLevel <= $c }
        RETURN collect(t) AS techs
      }
      UNWIND districts AS d
      CALL (d, techs) {
        MATCH (f:Facility WHERE f.classificationLevel <= $c)
              (()-[l:LOCATED_IN|PART_OF WHERE l.classificationLevel <= $c]->(m WHERE m.classificationLevel <= $c)){1,8} (d)
        WITH DISTINCT f
        MATCH (f)-[s:SERVES]->(x:Technology) WHERE ${seen('s', 'x')}
        WITH x, collect(DISTINCT f) AS served
        CALL (x, techs) {
          MATCH (x) (()-[pp:PART_OF WHERE pp.classificationLevel <= $c]->(u WHERE u.classificationLevel <= $c)){0,10} (t:Technology)
          WHERE t IN techs
          RETURN DISTINCT t
        }
        UNWIND served AS f
        WITH DISTINCT t, f
        WITH t, count(f) AS facilities, count(CASE WHEN f.access = 'OPEN' THEN 1 END) AS open
        RETURN collect({t: t, facilities: facilities, open: open}) AS counts
      }
      UNWIND techs AS t
      WITH d, t, [c IN counts WHERE c.t = t][0] AS c
      RETURN d.id AS district, t.id AS technology, coalesce(c.facilities, 0) AS facilities, coalesce(c.open, 0) AS open`,
    cypherParams: (p) => ({ ds: p.districts.slice(0, 5) }),
    graphql: `query Coverage($ds: [ID!]) { facilityCoverage(districts: $ds) { district { id } technology { id } facilities openFacilities } }`,
    variables: (p) => ({ ds: p.districts.slice(0, 5) }),
    neo4jGraphql: { na: 'aggregates count one relationship level; a district × technology-subtree matrix needs variable-length paths' },
    // the cells that count something (an empty cell may be listed or left out)
    answer: {
      A: (rows) => sorted(rows.filter((r) => r.facilities > 0).map((r) => `${r.district} ${r.technology} ${r.facilities} ${r.open}`)),
      B: (data) =>
        sorted(data.facilityCoverage.filter((x: any) => x.facilities > 0).map((x: any) => `${x.district.id} ${x.technology.id} ${x.facilities} ${x.openFacilities}`)),
    },
  },
  {
    name: 'mutation',
    title: 'A batch of 10 new facilities',
    cypher: `UNWIND $rows AS row
      CREATE (f:Facility:Entity {id: row.id, name: row.name, nameEn: row.nameEn, aliases: [], sources: ['benchmark'],
        kind: 'TEST_PLATFORM', access: 'OPEN', accessModes: [], classification: 'PUBLIC', classificationLevel: 0})
      RETURN count(f) AS created`,
    cypherParams: () => ({ rows: newFacilities('a') }),
    graphql: `mutation Batch($inputs: [FacilityInput!]!) { createFacilities(inputs: $inputs) { facilities { id } } }`,
    variables: () => ({ inputs: newFacilities('b').map((f) => ({ ...f, sources: ['benchmark'], kind: 'TEST_PLATFORM', access: 'OPEN' })) }),
    neo4jGraphql: `mutation Batch($input: [FacilityCreateInput!]!) { createFacilities(input: $input) { facilities { id } } }`,
    neo4jVariables: () => ({
      input: newFacilities('d').map((f) => ({ ...f, kind: 'TEST_PLATFORM', access: 'OPEN', classification: 'PUBLIC', classificationLevel: 0 })),
    }),
    mutation: true,
    answer: { skip: 'writes new rows under new ids on every run' },
  },
];
