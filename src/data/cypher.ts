import { ENTITY_LABEL, LABELS, type Label } from '../ontology.js';
import { SEARCH_PROPERTIES } from '../text/search-fields.js';

/**
 * Cypher fragments shared by the data modules. They interpolate only variable names chosen by the
 * code, never input; every value travels as a parameter. `$clearance` is the caller's level.
 */

/** A node the caller may see. */
export const visible = (v: string) => `${v}.classificationLevel <= $clearance`;

/**
 * The ontology's two hierarchies, walked upward the same way by every read (lists, filters, relation
 * fields, coverage and its patch, gaps, matching): places, where a facility, institution or park is
 * LOCATED_IN or PART_OF a facility, park or district, 1 to 8 steps; technology areas, PART_OF a wider
 * area, 0 to 10 steps (an area is its own subtree).
 */
const PLACE_DEPTH = 8;
export const PLACE_STEPS = `LOCATED_IN|PART_OF*1..${PLACE_DEPTH}`;
/** See PLACE_STEPS. */
export const AREA_STEPS = 'PART_OF*0..10';

/**
 * The same walks as quantified paths that check every step at clearance `c` as they go, so that a
 * hidden step ends a walk instead of being filtered out after it, and name the labels the ontology
 * allows on the way. `placeWalk` goes between a facility and a district, `areaWalk` between a technology
 * and the areas it is part of; the coverage matrix and its patch walk them, in opposite directions.
 */
export const placeWalk = (c: string) =>
  `(()-[l:LOCATED_IN|PART_OF WHERE l.classificationLevel <= ${c}]->(m:Facility|Park|District WHERE m.classificationLevel <= ${c})){1,${PLACE_DEPTH}}`;
/**
 * The walk down from a facility or park to the facilities located in or part of it, through
 * facilities and parks only and unchecked (every level): whose coverage walks a write of that node can
 * change, as far as a place walk goes up.
 */
export const PLACES_BELOW = `(()-[:LOCATED_IN|PART_OF]->(:Facility|Park)){1,${PLACE_DEPTH}}`;
/** See placeWalk. */
export const areaWalk = (c: string) =>
  `(()-[pp:PART_OF WHERE pp.classificationLevel <= ${c}]->(u:Technology WHERE u.classificationLevel <= ${c})){0,10}`;
/** Facility `f` serves technology `x`, both the link and `x` visible at `c` (the first step of a coverage walk). */
export const servesVisible = (f: string, x: string, c: string) =>
  `(${f})-[s:SERVES]->(${x}:Technology) WHERE s.classificationLevel <= ${c} AND ${x}.classificationLevel <= ${c}`;

/** Every node and relationship along path `p` is visible: a path through a hidden item does not exist. */
export const visiblePath = (p: string) =>
  `all(x IN nodes(${p}) WHERE x.classificationLevel <= $clearance) AND all(y IN relationships(${p}) WHERE y.classificationLevel <= $clearance)`;

/**
 * A subquery returning `total`, the number of `label` nodes the caller may see: the count store's
 * total (constant time) less the nodes above the clearance, found through the classification index.
 * Most of the graph is visible to most callers, so this touches the few hidden nodes instead of
 * scanning the many visible ones. It relies on every entity having a `classificationLevel`, which
 * every writer (loader, generator, mutations) sets from the validated `classification`.
 */
export const visibleTotal = (label: Label) => `CALL () {
  CALL () { MATCH (c_:${label}) RETURN count(c_) AS all_ }
  CALL () { MATCH (h_:${ENTITY_LABEL}) WHERE h_.classificationLevel > $clearance AND h_:${label} RETURN count(h_) AS hidden_ }
  RETURN all_ - hidden_ AS total
}`;

/** The ontology's labels as a Cypher list literal (constants from the allow-list). */
const LABEL_LIST = `[${LABELS.map((l) => `'${l}'`).join(', ')}]`;

/** The ontology label of node `v` (nodes also carry `Entity` and the search labels). */
export const labelOf = (v: string) => `[l IN labels(${v}) WHERE l IN ${LABEL_LIST}][0]`;

/**
 * The derived search properties blanked in an entity's map: no field shows them, and they were about
 * a third of a node's bytes on the wire (searchText above all), decoded for every row of every answer.
 */
const UNSHOWN = SEARCH_PROPERTIES.map((k) => `${k}: null`).join(', ');

/** An entity as a map, with its ontology label (without the derived search properties). */
export const entity = (v: string) => `${v} { .*, ${UNSHOWN}, label: ${labelOf(v)} }`;

/** A property name fit for a map projection: a GraphQL field name of an entity type, never a search property. */
const PROPERTY = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * An entity as a map of the properties a request shows of it (`props`: field names of its type,
 * which the caller checks against the schema), with what every row needs whatever is asked: its id
 * (cursors, loaders), label (its GraphQL type) and classification level (the audit). Null `props`:
 * the whole entity.
 */
export function entityWith(v: string, props: readonly string[] | null): string {
  if (props === null) return entity(v);
  const shown = props.filter((p) => p !== 'id' && p !== 'label' && p !== 'classificationLevel');
  for (const p of shown) {
    if (!PROPERTY.test(p) || (SEARCH_PROPERTIES as readonly string[]).includes(p)) throw new Error(`entityWith: ${JSON.stringify(p)} is not a property to project`);
  }
  return `${v} { .id, .classificationLevel, ${shown.map((p) => `.${p}, `).join('')}label: ${labelOf(v)} }`;
}

/** `entity` of any expression (map projection needs a variable, so one is bound first). */
export const entityOf = (expr: string, props: readonly string[] | null = null) => `[e_ IN [${expr}] | ${entityWith('e_', props)}][0]`;

/** A relationship as a map: its properties, type and endpoint ids (null stays null). */
export const relationship = (r: string) =>
  `[x_ IN [${r}] | CASE WHEN x_ IS NULL THEN null ELSE x_ { .*, type: type(x_), from: startNode(x_).id, to: endNode(x_).id } END][0]`;

/**
 * What the audit reads of a relationship no field shows but that led to a row (see SECURITY.md):
 * its level and what identifies it, without its properties.
 */
export const relationshipKey = (r: string) =>
  `[x_ IN [${r}] | CASE WHEN x_ IS NULL THEN null ELSE { classificationLevel: x_.classificationLevel, type: type(x_), from: startNode(x_).id, to: endNode(x_).id } END][0]`;

/** A relationship whole (`relationship`) or only what the audit reads of it (`relationshipKey`). */
export const relationshipShown = (r: string, whole: boolean) => (whole ? relationship(r) : relationshipKey(r));

/**
 * `relationshipShown` of a matched (never null) relationship whose type and end ids the statement
 * has already read into variables (`ends`): the map is built from them instead of reading the
 * relationship's ends again.
 */
export const relationshipShownFrom = (r: string, ends: { type: string; from: string; to: string }, whole: boolean) =>
  `${whole ? `${r} { .*, ` : `{ classificationLevel: ${r}.classificationLevel, `}type: ${ends.type}, from: ${ends.from}, to: ${ends.to} }`;

/**
 * For a claiming statement (`claimWith`): takes the write locks of `variables` (a property set and
 * removed, only when the claim is fresh; nodes in the order of their ids, `byId`, as every write takes them)
 * before anything after it reads them, so that what a write reads is what it replaces. A write made
 * at the same time waits for this one to commit and then reads its outcome; without it, a rename
 * that read a facility before a change of its access committed would write the old access back, and
 * declare only the name changed. Read what was locked through `properties(x)`: the planner may reuse
 * a value of `x.p` read before the lock.
 */
export function lockFirst(...variables: string[]): string {
  return lockEach(`[e IN ${byId(...variables)} WHERE fresh]`);
}

/**
 * A list expression of the nodes `variables` in the order of their ids, null ones left out: the
 * order in which every write takes the locks of the nodes it claims, so that two writes claiming the
 * same nodes never wait for each other in a cycle (Neo4j would break the deadlock by failing one).
 * Two or more variables must be entities (string ids): an item without an id would be dropped.
 */
export function byId(...variables: string[]): string {
  if (variables.length === 0) throw new Error('byId: name at least one variable');
  const [v1, v2] = variables;
  if (variables.length === 1) return `[x IN [${v1}] WHERE x IS NOT NULL]`;
  if (variables.length === 2) return `[x IN CASE WHEN ${v1}.id <= ${v2}.id THEN [${v1}, ${v2}] ELSE [${v2}, ${v1}] END WHERE x IS NOT NULL]`;
  // an insertion sort: each node goes in after those with smaller ids
  return `reduce(sorted = [], x IN [${variables.join(', ')}] | CASE WHEN x IS NULL THEN sorted ELSE [y IN sorted WHERE y.id < x.id] + [x] + [y IN sorted WHERE y.id >= x.id] END)`;
}

/** Takes the write lock of every entity in the list `entities` (see `lockFirst`; for any statement). */
export const lockEach = (entities: string) => `FOREACH (lockedEntity IN ${entities} | SET lockedEntity._writeLock = true REMOVE lockedEntity._writeLock)`;
