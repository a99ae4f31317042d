import { badInput } from '../errors.js';
import { ENTITY_LABEL, SEARCH_LABELS, isLabel, type Label } from '../ontology.js';
import type { Database } from '../db/database.js';
import { luceneQuery, queryUnits } from '../text/analyze.js';
import { score } from '../text/score.js';
import { SEARCH_VERSION, withSearchProperties } from '../text/search-fields.js';
import { entity, visible } from './cypher.js';
import type { EntityRow } from './entities.js';

/**
 * Full-text search that leaks nothing by construction. Candidates come from the full-text index of
 * the caller's clearance (`search_l<k>`), which holds only nodes the caller may see (see
 * SEARCH_LABELS); they are then ranked by `score`, which reads nothing but the query and the node's
 * own text. Scores, order and totals therefore equal those a fully cleared caller gets on the graph
 * restricted to what the caller may see.
 */

export interface SearchHit {
  node: EntityRow;
  score: number;
}

/** A suggestion for an id that matched nothing visible. */
export interface Suggestion {
  id: string;
  name: string;
}

export const MAX_SEARCH_HITS = 100;
export const MAX_SEARCH_TEXT = 200;
/** Candidates ranked per query (the index's own order decides only beyond this many matches). */
export const SEARCH_CANDIDATES = 500;

/** Full-text index of clearance level k (0 = PUBLIC … 4 = TOP_SECRET). */
export const searchIndex = (clearance: number) => `search_l${clearance}`;

/**
 * Cypher that gives node `v` the search labels of its classification level (SEARCH_LABELS[k..4])
 * and removes the others. Every writer appends it after setting `classificationLevel`.
 */
/** The search labels of classification level `level` (as `searchLabels` sets them), for writers that set labels as parameters. */
export const searchLabelsOf = (level: number): string[] => SEARCH_LABELS.filter((_, k) => level <= k);

export const searchLabels = (v: string) =>
  `REMOVE ${v}:${SEARCH_LABELS.join(':')}
   ${SEARCH_LABELS.map((l, k) => `FOREACH (_ IN CASE WHEN ${v}.classificationLevel <= ${k} THEN [1] ELSE [] END | SET ${v}:${l})`).join('\n   ')}`;

function checkText(text: string): string {
  const t = text.trim();
  if (t.length === 0) throw badInput('text', 'text must not be empty');
  if (t.length > MAX_SEARCH_TEXT) throw badInput('text', `text is limited to ${MAX_SEARCH_TEXT} characters`);
  return t;
}

function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_SEARCH_HITS) throw badInput('first', `first must be between 1 and ${MAX_SEARCH_HITS}, got ${first}`);
  return first;
}

function checkClearance(clearance: number): number {
  if (!Number.isInteger(clearance) || clearance < 0 || clearance >= SEARCH_LABELS.length) throw new Error(`invalid clearance ${clearance}`);
  return clearance;
}

/** Ranked hits for already-checked text, among visible nodes of `labels` (any when null). */
async function ranked(db: Database, text: string, labels: readonly Label[] | null, first: number, clearance: number): Promise<SearchHit[]> {
  const units = queryUnits(text);
  const query = luceneQuery(units);
  if (!query) return [];
  const rows = await db.read(
    `CALL db.index.fulltext.queryNodes($index, $query, {limit: $candidates}) YIELD node
     WHERE ${visible('node')} AND ($labels IS NULL OR any(l IN labels(node) WHERE l IN $labels))
     RETURN ${entity('node')} AS node`,
    { index: searchIndex(checkClearance(clearance)), query, candidates: SEARCH_CANDIDATES, labels, clearance },
  );
  const hits: SearchHit[] = [];
  for (const r of rows) {
    const node = r.node as EntityRow; // without its index terms, which can be long and are not shown
    const s = score(units, text, node);
    if (s > 0) hits.push({ node, score: s });
  }
  hits.sort((a, b) => b.score - a.score || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  return hits.slice(0, first);
}

function checkLabels(labels: readonly string[] | null | undefined, argument: string): Label[] | null {
  if (!labels || labels.length === 0) return null;
  for (const l of labels) if (!isLabel(l)) throw badInput(argument, `unknown label '${l}'`);
  return [...new Set(labels)] as Label[];
}

/**
 * Search over names, English names, aliases, codes and (lower) summaries, in simplified or
 * traditional Chinese, English word forms, pinyin, with typos tolerated; best first, ties by id.
 * User text is always literal: no Lucene syntax reaches the index.
 */
export async function search(
  db: Database,
  args: { text: string; labels?: readonly string[] | null; first: number },
  clearance: number,
): Promise<SearchHit[]> {
  const first = checkFirst(args.first);
  const text = checkText(args.text);
  return ranked(db, text, checkLabels(args.labels, 'labels'), first, clearance);
}

/**
 * The best-matching visible nodes for a name (or an id) typed by a user, for frontends turning
 * names into ids: an exact visible id comes first, then the search hits.
 */
export async function resolve(db: Database, args: { text: string; label?: string | null; first: number }, clearance: number): Promise<SearchHit[]> {
  const first = checkFirst(args.first);
  const text = checkText(args.text);
  const labels = checkLabels(args.label ? [args.label] : null, 'label');
  const [exact] = await db.read(
    `MATCH (n:${ENTITY_LABEL} {id: $id}) WHERE ${visible('n')} AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
     RETURN ${entity('n')} AS node`,
    { id: text, labels, clearance },
  );
  const hits = await ranked(db, text, labels, first, clearance);
  if (!exact) return hits;
  const node = exact.node as EntityRow;
  const top = Math.max(2, ...hits.map((h) => h.score));
  return [{ node, score: top }, ...hits.filter((h) => h.node.id !== node.id)].slice(0, first);
}

/** What an id (or a name given where an id is expected) reads as text: `district:da-xing` → `da xing`. */
export function idAsText(value: string): string {
  const rest = /^[a-z-]+:/.test(value) ? value.slice(value.indexOf(':') + 1) : value;
  return rest.replace(/[-_.:/]+/g, ' ').trim().slice(0, MAX_SEARCH_TEXT);
}

/**
 * Suggestions are drawn from nodes below this level (CONFIDENTIAL): they travel in error extensions,
 * which the audit of classified reads does not see, so they never carry a classified name.
 */
export const SUGGESTION_MAX_LEVEL = 1;

/** Up to five visible, unclassified nodes of `label` whose names best match `value` (an unknown id or a name). */
export async function suggestions(db: Database, value: string, label: Label | null, clearance: number): Promise<Suggestion[]> {
  const text = idAsText(value);
  if (!text) return [];
  const hits = await ranked(db, text, label ? [label] : null, 5, Math.min(clearance, SUGGESTION_MAX_LEVEL));
  return hits.map((h) => ({ id: h.node.id, name: h.node.name }));
}

/**
 * (Re)derives the search properties and labels of every node whose derivation is missing or older
 * than SEARCH_VERSION (databases written before search existed, or by raw Cypher), in batches;
 * then waits for the full-text indexes. Returns the number of nodes updated.
 */
export async function syncSearchFields(db: Database, batchSize = 2000): Promise<number> {
  let updated = 0;
  for (;;) {
    const rows = await db.read(
      `MATCH (n:${ENTITY_LABEL}) WHERE n.searchVersion IS NULL OR n.searchVersion <> $version
       RETURN n.id AS id, properties(n) AS props LIMIT $batch`,
      { version: SEARCH_VERSION, batch: batchSize },
    );
    if (rows.length === 0) break;
    const derived = rows.map((r) => {
      const { searchText, nameSort, nameEnSort, searchVersion } = withSearchProperties(r.props as Record<string, unknown>);
      return { id: r.id as string, props: { searchText, nameSort, nameEnSort, searchVersion } };
    });
    await db.write(
      `UNWIND $rows AS row
       MATCH (n:${ENTITY_LABEL} {id: row.id})
       SET n += row.props
       ${searchLabels('n')}`,
      { rows: derived },
    );
    updated += rows.length;
  }
  await db.read('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
  return updated;
}
