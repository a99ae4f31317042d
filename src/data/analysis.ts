import { badInput } from '../errors.js';
import { ENTITY_LABEL, LABELS, isLabel, isRelType, type Label, type RelType } from '../ontology.js';
import type { Database, Queryable } from '../db/database.js';
import { COVERAGE_ANSWER, keptAnswer, UNLESS_UNCHANGED, type AnswerCache, type Fresh } from './answer-cache.js';
import { AREA_STEPS, areaWalk, entity, entityOf, entityWith, PLACE_STEPS, placeWalk, relationshipShown, relationshipShownFrom, servesVisible, visible, visiblePath } from './cypher.js';
import type { EntityRow } from './entities.js';
import type { RelRow } from './relationships.js';

export const MAX_PATH_HOPS = 8;
export const MAX_NEIGHBORHOOD_DEPTH = 3;
export const MAX_NEIGHBORHOOD_NODES = 500;
/** Most paths `path(all: true)` returns. */
export const MAX_PATHS = 25;

export interface PathRow {
  length: number;
  nodes: EntityRow[];
  relationships: RelRow[];
}

export interface SubgraphRow {
  nodes: EntityRow[];
  relationships: RelRow[];
  truncated: boolean;
}

/**
 * What a path or subgraph answer fetches of its items: the nodes' properties shown (null: whole
 * nodes; see `entityWith`) and whole relationships or only their identity and level.
 */
export interface Shown {
  nodeProps: readonly string[] | null;
  wholeRelationships: boolean;
}
const WHOLE: Shown = { nodeProps: null, wholeRelationships: true };

/** `:A|B` for relationship types from the allow-list (empty: any type). */
function typeUnion(types: readonly string[] | null | undefined, argument: string): string {
  if (!types || types.length === 0) return '';
  for (const t of types) if (!isRelType(t)) throw badInput(argument, `unknown relationship type '${t}'`);
  return `:${[...new Set(types)].join('|')}`;
}

function intInRange(argument: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(argument, `${argument} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/**
 * Shortest path(s) between two visible nodes, through visible nodes and relationships only.
 * Returns [] when either end is missing or hidden, or no such path exists.
 */
export async function shortestPaths(
  db: Database,
  args: { from: string; to: string; maxHops: number; via?: readonly RelType[] | null; all: boolean },
  clearance: number,
  shown: Shown = WHOLE,
): Promise<PathRow[]> {
  const hops = intInRange('maxHops', args.maxHops, 1, MAX_PATH_HOPS);
  const types = typeUnion(args.via, 'via');
  if (args.from === args.to) throw badInput('to', 'from and to are the same node');
  // hops is a checked integer and types come from the allow-list: both are safe in the pattern.
  // Among paths of equal length the answer is chosen by ids, not by the order the traversal met
  // them: that order follows how the store lays out relationships, hidden ones included, so a
  // path picked by it could differ with hidden data that the caller must not be able to sense.
  const rows = await db.read(
    `MATCH (a:${ENTITY_LABEL} {id: $from}), (b:${ENTITY_LABEL} {id: $to})
     WHERE ${visible('a')} AND ${visible('b')}
     MATCH p = allShortestPaths((a)-[${types}*..${hops}]-(b))
     WHERE ${visiblePath('p')}
     WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | type(r) + '|' + startNode(r).id]
     LIMIT $limit
     RETURN length(p) AS length, [n IN nodes(p) | ${entityWith('n', shown.nodeProps)}] AS nodes, [r IN relationships(p) | ${relationshipShown('r', shown.wholeRelationships)}] AS relationships`,
    { from: args.from, to: args.to, clearance, limit: args.all ? MAX_PATHS : 1 },
  );
  return rows as unknown as PathRow[];
}

/**
 * The visible subgraph within `depth` hops of a visible node: the node itself, then at most `limit`
 * others (nearest first, then by id; a cycle back to the start does not list it again), and the
 * visible relationships among them (by from, type, to). `truncated` when more than `limit` were found.
 */
export async function neighborhood(
  db: Database,
  args: { id: string; depth: number; types?: readonly RelType[] | null; limit: number },
  clearance: number,
  shown: Shown = WHOLE,
): Promise<SubgraphRow | null> {
  const depth = intInRange('depth', args.depth, 1, MAX_NEIGHBORHOOD_DEPTH);
  const limit = intInRange('limit', args.limit, 1, MAX_NEIGHBORHOOD_NODES);
  const types = typeUnion(args.types, 'types');
  const [row] = await db.read(
    `MATCH (a:${ENTITY_LABEL} {id: $id}) WHERE ${visible('a')}
     OPTIONAL MATCH p = (a)-[${types}*1..${depth}]-(m:${ENTITY_LABEL})
     WHERE m <> a AND ${visiblePath('p')}
     WITH a, m, min(length(p)) AS distance
     ORDER BY distance, m.id
     WITH a, collect(m) AS found
     WITH a, found[0..$limit] AS kept, size(found) > $limit AS truncated
     WITH [a] + kept AS ns, truncated
     CALL (ns) {
       UNWIND ns AS x
       MATCH (x)-[r${types}]->(y) WHERE y IN ns AND r.classificationLevel <= $clearance
       WITH r, x.id AS from, type(r) AS type, y.id AS to
       ORDER BY from, type, to
       RETURN collect(${relationshipShownFrom('r', { type: 'type', from: 'from', to: 'to' }, shown.wholeRelationships)}) AS rels
     }
     RETURN [n IN ns | ${entityWith('n', shown.nodeProps)}] AS nodes, rels AS relationships, truncated`,
    { id: args.id, limit, clearance },
  );
  return (row as unknown as SubgraphRow | undefined) ?? null;
}

/** Number of visible nodes per label (labels with none included, as 0). */
export async function countsByLabel(db: Database, clearance: number): Promise<Array<{ label: Label; count: number }>> {
  // The count store's totals (constant time, one per label) less the nodes above the clearance,
  // found through the classification index: it touches the hidden nodes, not the visible ones.
  // Labels come from the ontology's allow-list; see `visibleTotal` for the invariant it relies on.
  const [row] = await db.read(
    `CALL () {
       MATCH (h:${ENTITY_LABEL}) WHERE h.classificationLevel > $clearance
       UNWIND labels(h) AS label
       WITH label, count(*) AS n
       RETURN collect([label, n]) AS hidden
     }
     CALL () {
       ${LABELS.map((l) => `MATCH (n:${l}) RETURN '${l}' AS label, count(n) AS n`).join('\n       UNION ALL\n       ')}
     }
     RETURN hidden, collect([label, n]) AS totals`,
    { clearance },
  );
  const hidden = new Map(row!.hidden as Array<[Label, number]>);
  const totals = new Map(row!.totals as Array<[Label, number]>);
  return LABELS.map((label) => ({ label, count: (totals.get(label) ?? 0) - (hidden.get(label) ?? 0) }));
}

export interface CoverageCellRow {
  district: EntityRow;
  technology: EntityRow;
  facilities: number;
  openFacilities: number;
}

/**
 * The most cells a coverage matrix may have (districts × technology areas). Its answer is built whole
 * (every cell, zeros included), so this bounds what one request holds in memory: at 1M nodes, every
 * district × every top-level technology would be millions of cells.
 */
export const MAX_COVERAGE_CELLS = 20_000;

/**
 * Facilities per district × technology area: districts given (or all), technologies = children of
 * the root (or the top-level technologies), each counting facilities serving it or a sub-technology
 * and located in the district directly or through parks. A matrix of more than MAX_COVERAGE_CELLS
 * cells is refused before any facility is counted (BAD_USER_INPUT on `districts`).
 */
export async function facilityCoverage(
  db: Queryable,
  args: { districts?: readonly string[] | null; technology?: string | null },
  clearance: number,
  { maxCells = MAX_COVERAGE_CELLS, cache = null }: { maxCells?: number; cache?: AnswerCache | null } = {},
): Promise<CoverageCellRow[]> {
  const districts = args.districts ? [...new Set(args.districts)].sort() : null;
  const technology = args.technology ?? null;
  const key = JSON.stringify([COVERAGE_ANSWER, clearance, districts, technology, maxCells]);
  return keptAnswer(cache, key, (cells) => cells.length, (known) => coverageOnce(db, { districts, technology, clearance, maxCells, known }));
}

/**
 * One coverage statement: 'unchanged' (no row) when the graph is still at the version `known`,
 * otherwise the matrix and the version it was computed at.
 */
async function coverageOnce(
  db: Queryable,
  p: { districts: string[] | null; technology: string | null; clearance: number; maxCells: number; known: string | null },
): Promise<Fresh<CoverageCellRow[]>> {
  const rows = await db.read(
    `${UNLESS_UNCHANGED}
     CALL () {
       MATCH (d:District) WHERE ${visible('d')} AND ($districts IS NULL OR d.id IN $districts)
       RETURN collect(d) AS districts
     }
     CALL () {
       OPTIONAL MATCH (root:Technology {id: $technology}) WHERE ${visible('root')}
       WITH root
       MATCH (t:Technology) WHERE ${visible('t')} AND (
         ($technology IS NULL AND NOT EXISTS { MATCH (t)-[pp:PART_OF]->(up:Technology) WHERE pp.classificationLevel <= $clearance AND up.classificationLevel <= $clearance })
         OR ($technology IS NOT NULL AND EXISTS { MATCH (t)-[c:PART_OF]->(root) WHERE c.classificationLevel <= $clearance }))
       RETURN collect(t) AS techs
     }
     // The size check comes first: a matrix too large to answer is not counted at all.
     // Per district: its facilities once (through parks), grouped by the technologies they serve;
     // then one walk up from each technology served (not from each facility) to the areas asked
     // about. The walks check each step as they go (quantified paths with inline predicates), so a
     // hidden step ends a walk instead of being filtered out after it; each step names the labels the
     // ontology allows there, so the statement reads exactly what KEPT_ANSWERS_READ says it reads,
     // also in data loaded around the ontology. A district with no facility still gets its row, and
     // the outer subquery its one row (aggregations without grouping keys).
     WITH version, districts, techs, size(districts) * size(techs) AS cells
     CALL (districts, techs, cells) {
       UNWIND CASE WHEN cells <= $maxCells THEN districts ELSE [] END AS d
       CALL (d, techs) {
         MATCH (f:Facility WHERE ${visible('f')})
               ${placeWalk('$clearance')} (d)
         WITH DISTINCT f
         MATCH ${servesVisible('f', 'x', '$clearance')}
         WITH x, collect(DISTINCT f) AS served
         CALL (x, techs) {
           MATCH (x) ${areaWalk('$clearance')} (t:Technology)
           WHERE t IN techs
           RETURN DISTINCT t
         }
         UNWIND served AS f
         WITH DISTINCT t, f
         WITH t, count(f) AS facilities, count(CASE WHEN f.access = 'OPEN' THEN 1 END) AS openFacilities
         RETURN collect({ t: t, facilities: facilities, openFacilities: openFacilities }) AS counts
       }
       RETURN collect({ d: d, counts: counts }) AS perDistrict
     }
     // Cells carry ids and counts; each district and technology travels once (a matrix of 5
     // districts × thousands of technologies would otherwise repeat every node in every cell).
     RETURN version, size(districts) AS districtCount, size(techs) AS technologyCount, cells,
            [t IN techs | ${entity('t')}] AS technologies,
            [x IN perDistrict | { district: ${entityOf('x.d')},
              cells: [c IN x.counts | [c.t.id, c.facilities, c.openFacilities]] }] AS districts`,
    p,
  );
  const row = rows[0];
  if (!row) return 'unchanged';
  if ((row.cells as number) > p.maxCells) {
    throw badInput(
      'districts',
      `the coverage matrix would have ${row.cells} cells (${row.districtCount} districts × ${row.technologyCount} technology areas), more than ${p.maxCells}: name fewer districts, or a technology whose children are the areas`,
    );
  }
  const technologies = (row.technologies as EntityRow[]).sort(byName);
  const out: CoverageCellRow[] = [];
  for (const { district, cells } of (row.districts as Array<{ district: EntityRow; cells: Array<[string, number, number]> }>).sort((a, b) => byName(a.district, b.district))) {
    const counts = new Map(cells.map(([id, facilities, open]) => [id, { facilities, open }]));
    for (const technology of technologies) {
      const c = counts.get(technology.id);
      out.push({ district, technology, facilities: c?.facilities ?? 0, openFacilities: c?.open ?? 0 });
    }
  }
  return { version: (row.version as string | null) ?? null, value: out };
}

/** Cypher's `ORDER BY name` (code-point order), then id: the order the coverage matrix is listed in. */
function byName(a: EntityRow, b: EntityRow): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Agencies ranked by the number of visible tasks they are responsible for. */
export async function agencyTaskRanking(db: Database, first: number, clearance: number): Promise<Array<{ agency: EntityRow; tasks: number }>> {
  const n = intInRange('first', first, 1, 100);
  const rows = await db.read(
    `MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task)
     WHERE ${visible('a')} AND ${visible('t')} AND r.classificationLevel <= $clearance
     WITH a, count(t) AS tasks
     RETURN ${entity('a')} AS agency, tasks
     ORDER BY tasks DESC, agency.id
     LIMIT $first`,
    { first: n, clearance },
  );
  return rows as unknown as Array<{ agency: EntityRow; tasks: number }>;
}

/** Number of visible tasks scheduled in each visible phase. */
export async function tasksPerPhase(db: Database, clearance: number): Promise<Array<{ phase: EntityRow; tasks: number }>> {
  const rows = await db.read(
    `MATCH (ph:Phase) WHERE ${visible('ph')}
     CALL (ph) {
       OPTIONAL MATCH (t:Task)-[s:SCHEDULED_IN]->(ph)
       WHERE ${visible('t')} AND s.classificationLevel <= $clearance
       RETURN count(t) AS tasks
     }
     RETURN ${entity('ph')} AS phase, tasks
     ORDER BY coalesce(phase.start, phase.end, ''), phase.id`,
    { clearance },
  );
  return rows as unknown as Array<{ phase: EntityRow; tasks: number }>;
}

/**
 * Technologies under `technology` (inclusive) that no OPEN facility in `district` serves, neither
 * directly nor through a sub-technology. Null when the district or technology does not exist (or is hidden).
 */
export async function coverageGaps(
  db: Queryable,
  args: { district: string; technology: string },
  clearance: number,
  { cache = null }: { cache?: AnswerCache | null } = {},
): Promise<Array<{ technology: EntityRow; depth: number }> | null> {
  const key = JSON.stringify(['coverageGaps', clearance, args.district, args.technology]);
  return keptAnswer(cache, key, (gaps) => (gaps?.length ?? 0) + 1, (known) => gapsOnce(db, { district: args.district, technology: args.technology, clearance, known }));
}

async function gapsOnce(
  db: Queryable,
  p: { district: string; technology: string; clearance: number; known: string | null },
): Promise<Fresh<Array<{ technology: EntityRow; depth: number }> | null>> {
  const rows = await db.read(
    `${UNLESS_UNCHANGED}
     OPTIONAL MATCH (d:District {id: $district}) WHERE ${visible('d')}
     OPTIONAL MATCH (root:Technology {id: $technology}) WHERE ${visible('root')}
     WITH version, d, root
     CALL (d, root) {
       WITH d, root WHERE d IS NOT NULL AND root IS NOT NULL
       MATCH p = (t:Technology)-[:${AREA_STEPS}]->(root)
       WHERE ${visiblePath('p')} AND all(x IN nodes(p) WHERE x:Technology)
       WITH d, t, min(length(p)) AS depth
       WHERE NOT EXISTS {
         MATCH q = (f:Facility {access: 'OPEN'})-[:SERVES]->(:Technology)-[:${AREA_STEPS}]->(t)
         WHERE ${visiblePath('q')} AND all(x IN nodes(q)[1..] WHERE x:Technology)
           AND EXISTS { MATCH l = (f)-[:${PLACE_STEPS}]->(d) WHERE ${visiblePath('l')} AND all(x IN nodes(l) WHERE x:Facility OR x:Park OR x:District) }
       }
       RETURN collect({ technology: ${entity('t')}, depth: depth }) AS gaps
     }
     RETURN version, d IS NOT NULL AS districtFound, root IS NOT NULL AS technologyFound, gaps`,
    p,
  );
  const row = rows[0];
  if (!row) return 'unchanged';
  const version = (row.version as string | null) ?? null;
  if (!row.districtFound || !row.technologyFound) return { version, value: null };
  const gaps = (row.gaps as Array<{ technology: EntityRow; depth: number }>).sort(
    (a, b) => a.depth - b.depth || a.technology.id.localeCompare(b.technology.id),
  );
  return { version, value: gaps };
}

export interface NetworkRow {
  institutions: EntityRow[];
  facilities: EntityRow[];
  links: Array<{ source: string; target: string; weight: number; facilities: string[] }>;
}

/**
 * Institutions linked by the facilities they both operate or use, among facilities in the district
 * (through parks too) serving the technology area; the weight is the number of shared facilities.
 */
export async function sharedFacilityNetwork(
  db: Database,
  args: { district?: string | null; technology?: string | null },
  clearance: number,
): Promise<NetworkRow> {
  const rows = await db.read(
    `MATCH (f:Facility) WHERE ${visible('f')}
       AND ($district IS NULL OR EXISTS { MATCH l = (f)-[:${PLACE_STEPS}]->(:District {id: $district}) WHERE ${visiblePath('l')} })
       AND ($technology IS NULL OR EXISTS { MATCH s = (f)-[:SERVES]->(:Technology)-[:${AREA_STEPS}]->(:Technology {id: $technology}) WHERE ${visiblePath('s')} })
     MATCH (i:Institution)-[u:OPERATES|USES]->(f) WHERE ${visible('i')} AND u.classificationLevel <= $clearance
     WITH f, collect(DISTINCT i) AS users
     WHERE size(users) > 1
     UNWIND users AS a
     UNWIND users AS b
     WITH f, a, b WHERE a.id < b.id
     WITH a, b, collect(f) AS shared
     RETURN ${entity('a')} AS source, ${entity('b')} AS target, [x IN shared | ${entity('x')}] AS facilities
     ORDER BY size(shared) DESC, source.id, target.id`,
    { district: args.district ?? null, technology: args.technology ?? null, clearance },
  );
  const institutions = new Map<string, EntityRow>();
  const facilities = new Map<string, EntityRow>();
  const links = rows.map((r) => {
    // by id: collect() keeps the order the store yields, which hidden data can shift
    const [a, b, fs] = [r.source as EntityRow, r.target as EntityRow, (r.facilities as EntityRow[]).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))];
    institutions.set(a.id, a);
    institutions.set(b.id, b);
    for (const f of fs) facilities.set(f.id, f);
    return { source: a.id, target: b.id, weight: fs.length, facilities: fs.map((f) => f.id) };
  });
  return { institutions: [...institutions.values()], facilities: [...facilities.values()], links };
}
