import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { mintToken } from '../../src/auth/tokens.js';
import { refreshSearchIndex } from '../../src/db/migrations.js';
import { usePrivateDatabase, wipe } from '../helpers.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { CLASSIFICATIONS, type Classification } from '../../src/ontology.js';
import { syncSearchFields } from '../../src/data/search.js';

/**
 * Property: for a random graph with random classifications on nodes and relationships and a random
 * clearance, every kind of query answers exactly what a model of the visible subgraph (computed here,
 * independently of the Cypher) predicts: (a) nothing hidden appears, (b) every count matches,
 * (c) a hidden id answers exactly like a missing one.
 */

const SECRET = 'leak-test-secret-of-at-least-32-chars';
const RUNS = Number(process.env.LEAK_RUNS ?? 25);

type Kind = 'District' | 'Park' | 'Technology' | 'Facility' | 'Institution';
const COUNTS: Record<Kind, number> = { District: 2, Park: 4, Technology: 5, Facility: 6, Institution: 4 };
const PREFIX: Record<Kind, string> = { District: 'district', Park: 'park', Technology: 'tech', Facility: 'facility', Institution: 'inst' };
const id = (k: Kind, i: number) => `${PREFIX[k]}:lk-${i}`;

interface Edge {
  type: string;
  from: string;
  to: string;
  level: number;
}
interface World {
  levels: Record<string, number>;
  labels: Record<string, Kind>;
  access: Record<string, string>;
  edges: Edge[];
  clearance: number;
}

const level = fc.integer({ min: 0, max: 4 });
const idx = (k: Kind) => fc.integer({ min: 0, max: COUNTS[k] - 1 });
const edge = fc.oneof(
  fc.record({ a: idx('Park'), b: idx('Park'), level }).filter((e) => e.a > e.b).map((e) => ({ type: 'PART_OF', from: id('Park', e.a), to: id('Park', e.b), level: e.level })),
  fc.record({ a: idx('Park'), b: idx('District'), level }).map((e) => ({ type: 'LOCATED_IN', from: id('Park', e.a), to: id('District', e.b), level: e.level })),
  fc.record({ a: idx('Technology'), b: idx('Technology'), level }).filter((e) => e.a > e.b).map((e) => ({ type: 'PART_OF', from: id('Technology', e.a), to: id('Technology', e.b), level: e.level })),
  fc.record({ a: idx('Facility'), b: idx('Park'), level }).map((e) => ({ type: 'LOCATED_IN', from: id('Facility', e.a), to: id('Park', e.b), level: e.level })),
  fc.record({ a: idx('Facility'), b: idx('District'), level }).map((e) => ({ type: 'LOCATED_IN', from: id('Facility', e.a), to: id('District', e.b), level: e.level })),
  fc.record({ a: idx('Facility'), b: idx('Technology'), level }).map((e) => ({ type: 'SERVES', from: id('Facility', e.a), to: id('Technology', e.b), level: e.level })),
  fc.record({ a: idx('Institution'), b: idx('Facility'), t: fc.constantFrom('USES', 'OPERATES'), level }).map((e) => ({ type: e.t, from: id('Institution', e.a), to: id('Facility', e.b), level: e.level })),
);
const world: fc.Arbitrary<World> = fc
  .record({
    nodeLevels: fc.record(Object.fromEntries(Object.entries(COUNTS).map(([k, n]) => [k, fc.array(level, { minLength: n, maxLength: n })])) as Record<Kind, fc.Arbitrary<number[]>>),
    access: fc.array(fc.constantFrom('OPEN', 'CLOSED'), { minLength: 6, maxLength: 6 }),
    edges: fc.array(edge, { maxLength: 40 }),
    clearance: level,
  })
  .map(({ nodeLevels, access, edges, clearance }) => {
    const levels: Record<string, number> = {};
    const labels: Record<string, Kind> = {};
    for (const [k, ls] of Object.entries(nodeLevels) as Array<[Kind, number[]]>) ls.forEach((l, i) => ((levels[id(k, i)] = l), (labels[id(k, i)] = k)));
    const seen = new Set<string>();
    const unique = edges.filter((e) => !seen.has(`${e.from}|${e.type}|${e.to}`) && seen.add(`${e.from}|${e.type}|${e.to}`));
    return { levels, labels, access: Object.fromEntries(access.map((a, i) => [id('Facility', i), a])), edges: unique, clearance };
  });

// ---- the model: what a caller with `clearance` may see, computed without Cypher
const nodeOk = (w: World, n: string) => w.levels[n]! <= w.clearance;
const edgeOk = (w: World, e: Edge) => e.level <= w.clearance && nodeOk(w, e.from) && nodeOk(w, e.to);
const visibleEdges = (w: World) => w.edges.filter((e) => edgeOk(w, e));
const of = (w: World, k: Kind) => Object.keys(w.labels).filter((n) => w.labels[n] === k);
/** Nodes reachable from `start` along visible outgoing edges of `types`, within `max` hops (start excluded unless min 0). */
function reach(w: World, start: string, types: string[], max: number, includeStart = false): Set<string> {
  const out = new Set<string>(includeStart ? [start] : []);
  let frontier = [start];
  for (let d = 0; d < max && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const n of frontier) for (const e of visibleEdges(w)) if (e.from === n && types.includes(e.type) && !out.has(e.to)) (out.add(e.to), next.push(e.to));
    frontier = next;
  }
  return out;
}
const inDistrict = (w: World, f: string, d: string) => reach(w, f, ['LOCATED_IN', 'PART_OF'], 8).has(d);
const underTech = (w: World, t: string, root: string) => reach(w, t, ['PART_OF'], 10, true).has(root);
const serves = (w: World, f: string, root: string) => visibleEdges(w).some((e) => e.type === 'SERVES' && e.from === f && underTech(w, e.to, root));
function distance(w: World, a: string, b: string, max: number): number | null {
  const seen = new Set([a]);
  let frontier = [a];
  for (let d = 1; d <= max; d++) {
    const next: string[] = [];
    for (const n of frontier)
      for (const e of visibleEdges(w)) {
        const m = e.from === n ? e.to : e.to === n ? e.from : null;
        if (m && !seen.has(m)) (seen.add(m), next.push(m));
      }
    if (seen.has(b)) return d;
    frontier = next;
  }
  return null;
}

// ---- the system under test: a server on a private database
const priv = usePrivateDatabase();
let server: RunningServer;
const tokens = new Map<number, string>();

beforeAll(async () => {
  server = await startServer({ db: priv.db, port: 0, authenticate: await createAuthenticator({ jwtSecret: SECRET }) });
  for (let l = 0; l <= 4; l++) {
    tokens.set(l, await mintToken({ secret: SECRET, subject: `leak-${l}`, clearance: CLASSIFICATIONS[l] as Classification, roles: ['reader'], expiresIn: '1h' }));
  }
});
afterAll(() => server?.close());

async function load(w: World): Promise<void> {
  const db = priv.db;
  await wipe(db);
  const nodes = Object.keys(w.labels).map((n) => ({ id: n, label: w.labels[n], level: w.levels[n], access: w.access[n] ?? null }));
  await db.write(
    `UNWIND $nodes AS x
     CREATE (n:Entity {id: x.id, name: 'lk ' + x.id, classificationLevel: x.level, sources: ['leak test']})
     SET n.classification = ['PUBLIC','INTERNAL','CONFIDENTIAL','SECRET','TOP_SECRET'][x.level], n.access = x.access, n.kind = 'KEY_LAB'
     WITH n, x
     CALL (n, x) {
       WITH n, x WHERE x.label = 'District' SET n:District
       UNION WITH n, x WHERE x.label = 'Park' SET n:Park
       UNION WITH n, x WHERE x.label = 'Technology' SET n:Technology
       UNION WITH n, x WHERE x.label = 'Facility' SET n:Facility
       UNION WITH n, x WHERE x.label = 'Institution' SET n:Institution
     }`,
    { nodes },
  );
  for (const type of ['PART_OF', 'LOCATED_IN', 'SERVES', 'USES', 'OPERATES']) {
    const rows = w.edges.filter((e) => e.type === type);
    if (rows.length === 0) continue;
    await db.write(
      `UNWIND $rows AS r MATCH (a:Entity {id: r.from}), (b:Entity {id: r.to})
       CREATE (a)-[:${type} {classificationLevel: r.level, classification: ['PUBLIC','INTERNAL','CONFIDENTIAL','SECRET','TOP_SECRET'][r.level], sources: ['leak test']}]->(b)`,
      { rows },
    );
  }
  await syncSearchFields(db);
  await refreshSearchIndex(db);
}

async function ask(w: World, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(w.clearance)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  // (a) nothing hidden appears anywhere in any response
  const text = JSON.stringify(body);
  for (const n of Object.keys(w.labels)) if (!nodeOk(w, n)) expect(text, `hidden node ${n} leaked by ${query}`).not.toContain(`"${n}"`);
  for (const e of w.edges) if (!edgeOk(w, e)) expect(text, `hidden relationship leaked by ${query}`).not.toContain(`"${e.from}|${e.type}|${e.to}"`);
  return { status: res.status, body };
}

const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();

describe('classification-aware access (property-based)', () => {
  it(`holds through every query kind over ${RUNS} random graphs and clearances`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(world, fc.nat(), async (w, pick) => {
        cases++;
        await load(w);
        const all = Object.keys(w.labels);
        const visibleOf = (k: Kind) => of(w, k).filter((n) => nodeOk(w, n));
        const choose = <T>(xs: T[], salt: number) => xs[(pick + salt) % xs.length]!;

        // lists and their counts
        const list = (await ask(w, '{ facilities(first: 100) { totalCount nodes { id } } parks(first: 100) { totalCount } }')).body.data;
        expect(list.facilities.totalCount).toBe(visibleOf('Facility').length);
        expect(ids(list.facilities.nodes)).toEqual(visibleOf('Facility').sort());
        expect(list.parks.totalCount).toBe(visibleOf('Park').length);

        // counts by label
        const counts = (await ask(w, '{ countsByLabel { label count } }')).body.data.countsByLabel;
        for (const k of Object.keys(COUNTS) as Kind[]) expect(counts.find((c: any) => c.label === k).count).toBe(visibleOf(k).length);

        // node(id) and nodes(ids)
        const byId = (await ask(w, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: all })).body.data.nodes;
        expect(byId.map((n: any) => n?.id ?? null)).toEqual(all.map((n) => (nodeOk(w, n) ? n : null)));

        // hierarchy-aware relationship fields and their counts
        for (const d of visibleOf('District')) {
          const r = (await ask(w, `query($d: ID!) { node(id: $d) { ... on District { facilities(first: 100) { totalCount nodes { id } } } } }`, { d })).body.data.node;
          const expected = visibleOf('Facility').filter((f) => inDistrict(w, f, d)).sort();
          expect(r.facilities.totalCount).toBe(expected.length);
          expect(ids(r.facilities.nodes)).toEqual(expected);
        }
        for (const t of visibleOf('Technology')) {
          const r = (await ask(w, `query($t: ID!) { node(id: $t) { ... on Technology { facilities(first: 100) { totalCount } children { totalCount } } } }`, { t })).body.data.node;
          expect(r.facilities.totalCount).toBe(visibleOf('Facility').filter((f) => serves(w, f, t)).length);
          expect(r.children.totalCount).toBe(visibleEdges(w).filter((e) => e.type === 'PART_OF' && e.to === t).length);
        }

        // the signature-style filter: district × technology subtree
        const d = choose(of(w, 'District'), 1);
        const t = choose(of(w, 'Technology'), 2);
        const filtered = (await ask(w, `query($d: ID!, $t: ID!) { facilities(filter: {district: $d, technology: $t}, first: 100) { totalCount } }`, { d, t })).body;
        if (!nodeOk(w, d) || !nodeOk(w, t)) expect(filtered.errors[0].extensions.code).toBe('BAD_USER_INPUT');
        else expect(filtered.data.facilities.totalCount).toBe(visibleOf('Facility').filter((f) => inDistrict(w, f, d) && serves(w, f, t)).length);

        // paths: exist exactly through visible nodes and relationships, with the model's length
        const a = choose(all, 3);
        const b = choose(all, 7);
        if (a !== b) {
          const res = (await ask(w, `query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 4) { length relationships { id } } }`, { a, b })).body;
          if (!nodeOk(w, a) || !nodeOk(w, b)) expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
          else expect(res.data.path.length === 0 ? null : res.data.path[0].length).toBe(distance(w, a, b, 4));
        }

        // neighbourhood: the centre and its visible neighbours
        const c = choose(all, 5);
        const nb = await ask(w, `query($c: ID!) { neighborhood(id: $c, depth: 1, limit: 500) { nodes { id } relationships { id } } }`, { c });
        if (!nodeOk(w, c)) expect(nb.body.errors[0].extensions.code).toBe('NOT_FOUND');
        else {
          const expected = new Set([c]);
          for (const e of visibleEdges(w)) if (e.from === c) expected.add(e.to);
          else if (e.to === c) expected.add(e.from);
          expect(ids(nb.body.data.neighborhood.nodes)).toEqual([...expected].sort());
        }

        // search
        const hits = (await ask(w, '{ search(text: "lk", first: 100) { node { id } } }')).body.data.search;
        expect(hits.length).toBe(all.filter((n) => nodeOk(w, n)).length);

        // shared-facility network: weights over visible facilities, uses and institutions
        const net = (await ask(w, '{ sharedFacilityNetwork { links { source { id } target { id } weight } } }')).body.data.sharedFacilityNetwork;
        const users = new Map<string, Set<string>>();
        for (const e of visibleEdges(w)) if (e.type === 'USES' || e.type === 'OPERATES') users.set(e.to, new Set([...(users.get(e.to) ?? []), e.from]));
        const weights = new Map<string, number>();
        for (const us of users.values()) for (const x of us) for (const y of us) if (x < y) weights.set(`${x} ${y}`, (weights.get(`${x} ${y}`) ?? 0) + 1);
        expect(Object.fromEntries(net.links.map((l: any) => [`${l.source.id} ${l.target.id}`, l.weight]))).toEqual(Object.fromEntries(weights));

        // facilities by district × top-level technology
        const cov = (await ask(w, '{ facilityCoverage { district { id } technology { id } facilities openFacilities } }')).body.data.facilityCoverage;
        const roots = visibleOf('Technology').filter((x) => !visibleEdges(w).some((e) => e.type === 'PART_OF' && e.from === x));
        const cells = visibleOf('District').flatMap((dd) =>
          roots.map((r) => {
            const fs = visibleOf('Facility').filter((f) => inDistrict(w, f, dd) && serves(w, f, r));
            return `${dd} ${r} ${fs.length} ${fs.filter((f) => w.access[f] === 'OPEN').length}`;
          }),
        );
        expect(cov.map((c: any) => `${c.district.id} ${c.technology.id} ${c.facilities} ${c.openFacilities}`).sort()).toEqual(cells.sort());

        // coverage gaps
        const gaps = await ask(w, `query($d: ID!, $t: ID!) { coverageGaps(district: $d, technology: $t) { technology { id } } }`, { d, t });
        if (!nodeOk(w, d) || !nodeOk(w, t)) expect(gaps.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
        else {
          const under = visibleOf('Technology').filter((x) => underTech(w, x, t));
          const covered = (x: string) => visibleOf('Facility').some((f) => w.access[f] === 'OPEN' && inDistrict(w, f, d) && serves(w, f, x));
          expect(ids(gaps.body.data.coverageGaps.map((g: any) => g.technology))).toEqual(under.filter((x) => !covered(x)).sort());
        }

        // (c) a hidden id answers exactly like a missing one
        const hidden = all.find((n) => !nodeOk(w, n));
        if (hidden) {
          const missing = `${hidden.split(':')[0]}:lk-missing`;
          for (const q of [
            'query($x: ID!) { node(id: $x) { id } }',
            'query($x: ID!) { neighborhood(id: $x) { truncated } }',
            `query($x: ID!) { path(from: $x, to: "${hidden === 'district:lk-0' ? 'district:lk-1' : 'district:lk-0'}") { length } }`,
            'query($x: ID!) { facilities(filter: {ids: [$x], district: $x}) { totalCount } }',
          ]) {
            const h = await ask(w, q, { x: hidden });
            const m = await ask(w, q, { x: missing });
            expect(h.status).toBe(m.status);
            // suggestions for an unknown id are searched from its text, which differs between the two ids
            const plain = (body: unknown, id: string) =>
              JSON.stringify(body, (k, v) => (k === 'suggestions' ? undefined : v)).replace(/; did you mean [^"]*\?/g, '').replaceAll(id, 'X');
            expect(plain(h.body, hidden)).toBe(plain(m.body, missing));
          }
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.LEAK_SEED ?? 20261125) },
    );
    process.stdout.write(`leak property: ${cases} random graphs × clearances checked\n`);
    expect(cases).toBe(RUNS);
  }, 600_000);
});
