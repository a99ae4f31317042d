/**
 * Answers of expensive reads (coverage matrices and gaps), kept in memory by key and by the version of the
 * graph they were computed at. An answer is reused only while the graph is still at that version:
 * every write through the API that may change a kept answer (KEPT_ANSWERS_READ below) gives it a new
 * one in the write's own transaction (GRAPH_CHANGED in src/db/database.ts), and the statement that reads the version is the one that would compute the
 * answer, so a reused answer is the answer the same statement would compute now.
 *
 * The key carries the caller's clearance: an answer computed for one clearance is never given to
 * another, so what a caller receives is exactly what the uncached statement would give them.
 */
import { REL_ENDPOINTS, REL_TYPES, type Label, type RelType } from '../ontology.js';

/** The first element of a coverage matrix's key (src/data/analysis.ts), by which writes find the matrices to patch. */
export const COVERAGE_ANSWER = 'facilityCoverage';

/** One kept answer. */
interface Entry<T> {
  version: string;
  value: T;
  weight: number;
  /** How many times it was patched since it was computed (see `replace`). */
  patches?: number;
}

/** Counts of the cache's use (for tests and the benchmark; not exposed to callers). */
export interface AnswerCacheStats {
  /** Answers given again. */
  hits: number;
  /** Answers computed (and offered to `keep`). */
  misses: number;
  entries: number;
  weight: number;
}

/**
 * A least-recently-used map of answers bounded by their total weight (for coverage, cells): a
 * single answer heavier than the whole budget is not kept.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private weight = 0;
  private hits = 0;
  private misses = 0;

  constructor(readonly maxWeight: number) {
    if (!Number.isInteger(maxWeight) || maxWeight < 1) throw new TypeError(`AnswerCache: maxWeight must be a positive integer, got ${maxWeight}`);
  }

  /** The version the kept answer for `key` was computed at (null when none is kept). */
  versionOf(key: string): string | null {
    return this.entries.get(key)?.version ?? null;
  }

  /** The kept answer for `key` if it was computed at `version` (counted as a hit). */
  take<T>(key: string, version: string | null): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || version === null || entry.version !== version) return undefined;
    this.hits++;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T;
  }

  /** Keeps `value`, just computed at `version`, under `key` (nothing is kept for an unknown version). */
  keep<T>(key: string, version: string | null, value: T, weight: number): void {
    this.misses++;
    this.drop(key);
    if (version === null || weight > this.maxWeight) return;
    this.entries.set(key, { version, value, weight });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.maxWeight) break;
      this.entries.delete(oldest);
      this.weight -= entry.weight;
    }
  }

  /** The kept answers whose keys start with `prefix`, with their versions (for `CoveragePatch`, src/data/coverage-patch.ts). */
  entriesFrom<T>(prefix: string): Array<{ key: string; version: string; value: T }> {
    return [...this.entries].filter(([key]) => key.startsWith(prefix)).map(([key, e]) => ({ key, version: e.version, value: e.value as T }));
  }

  /**
   * Puts `value` (a patch of the answer kept under `key`) there at `version`, only while that answer
   * is still the one kept at `from` (an answer computed meanwhile is left as it is) and was patched
   * fewer than `maxPatches` times. Its weight is unchanged.
   */
  replace<T>(key: string, from: string, version: string, value: T, maxPatches: number): boolean {
    const entry = this.entries.get(key);
    const patches = (entry?.patches ?? 0) + 1;
    if (!entry || entry.version !== from || patches > maxPatches) return false;
    this.entries.set(key, { version, value, weight: entry.weight, patches });
    return true;
  }

  stats(): AnswerCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, weight: this.weight };
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}

/** What a statement that may reuse a kept answer gives: 'unchanged' (no row) or a fresh answer and its version. */
export type Fresh<T> = 'unchanged' | { version: string | null; value: T };

/**
 * The answer under `key`: the kept one when `once` (given the kept answer's version) finds the graph
 * still at that version, else the one `once` computed, then kept (weighed by `weight`).
 */
export async function keptAnswer<T>(cache: AnswerCache | null, key: string, weight: (value: T) => number, once: (known: string | null) => Promise<Fresh<T>>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    // after a first attempt whose kept answer was evicted meanwhile, the second computes it
    const known = cache && attempt === 0 ? cache.versionOf(key) : null;
    const answer = await once(known);
    if (answer === 'unchanged') {
      const kept = cache?.take<T>(key, known);
      if (kept !== undefined) return kept;
      continue;
    }
    cache?.keep(key, answer.version, answer.value, weight(answer.value));
    return answer.value;
  }
}

/**
 * What the kept answers (coverage matrices and gaps) read: nodes of these labels, and links of these
 * types from nodes of these labels (facilities in parks in districts, technologies within
 * technologies, facilities serving technologies). A write that adds, removes or edits none of them
 * cannot change a kept answer, so it leaves the data version as it is (see `keepsKeptAnswers`): a
 * planner's coverage matrix stays kept while needs, access requests, tasks or institutions are written.
 *
 * `shown`: the labels whose nodes the answers list whole, linked or not (districts are rows,
 * technologies columns and gaps). The other labels (parks, facilities) are read only on walks, which
 * run through links, and only in `walked` properties: a park or facility made or removed with no link
 * is on no walk, and one edited in anything else (a name, a description) changes no count.
 */
export const KEPT_ANSWERS_READ: {
  labels: readonly Label[];
  shown: readonly Label[];
  walked: Partial<Record<Label, readonly string[]>>;
  links: ReadonlyArray<readonly [type: RelType, from: Label]>;
} = {
  labels: ['District', 'Park', 'Facility', 'Technology'],
  shown: ['District', 'Technology'],
  walked: { Park: ['classificationLevel'], Facility: ['classificationLevel', 'access'] },
  links: [
    ['LOCATED_IN', 'Facility'],
    ['LOCATED_IN', 'Park'],
    ['PART_OF', 'Facility'],
    ['PART_OF', 'Park'],
    ['PART_OF', 'Technology'],
    ['SERVES', 'Facility'],
  ],
};

/** What a write added, removed or edited: nodes by label, links by type and the label they start from. */
export interface Touched {
  /** Nodes added or removed with links, or edited in properties not named (`edited`), by label. */
  labels: readonly Label[];
  /** Nodes added or removed with no link at all, by label. */
  unlinked?: readonly Label[];
  /** Nodes edited, by label, with the properties whose values changed. */
  edited?: ReadonlyArray<readonly [label: Label, properties: readonly string[]]>;
  links: ReadonlyArray<readonly [type: string, from: Label]>;
}

/** True when a write that touched only `touched` cannot change any kept answer (see KEPT_ANSWERS_READ). */
export function keepsKeptAnswers(touched: Touched): boolean {
  const { labels, shown, walked, links } = KEPT_ANSWERS_READ;
  const readsEdit = ([label, properties]: readonly [Label, readonly string[]]) =>
    shown.includes(label) ? properties.length > 0 : labels.includes(label) && properties.some((p) => walked[label]?.includes(p));
  return (
    !touched.labels.some((l) => labels.includes(l)) &&
    !(touched.unlinked ?? []).some((l) => shown.includes(l)) &&
    !(touched.edited ?? []).some(readsEdit) &&
    !touched.links.some(([type, from]) => links.some(([t, f]) => t === type && f === from))
  );
}

/** The properties whose values differ between two states of a node (a property absent from one counts). */
export function changedProperties(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/**
 * Every link a node of `label` may have, either way (what deleting one detaches), as the ontology
 * allows them: a link from any label to '*' counts as one that may reach it.
 */
export function linksOf(label: Label): Touched['links'] {
  return REL_TYPES.flatMap((type) =>
    REL_ENDPOINTS[type].filter(([from, to]) => from === label || to === label || to === '*').map(([from]) => [type, from] as const),
  );
}

/**
 * The version of the graph an answer may be kept under: the data version that every write through
 * the API that may change a kept answer renews, with the count store's numbers (constant time) of
 * the shown nodes and the links the kept answers read, which also change on a write made around the
 * API that adds or deletes one (a park or facility counts through its links: with none, it is on no
 * walk). A graph not written since the data version was introduced has none yet ('none' until its
 * first write). Null (nothing is kept) before the migrations have written the schema version node.
 * Labels and types come from KEPT_ANSWERS_READ, never from input.
 */
export const GRAPH_VERSION = `CALL () { OPTIONAL MATCH (sv:SchemaVersion {id: 'schema'}) RETURN CASE WHEN sv IS NULL THEN null ELSE coalesce(sv.dataVersion, 'none') END AS dataVersion }
     CALL () { MATCH (o:GraphWriteOdd) RETURN count(o) AS writeParity }
     ${KEPT_ANSWERS_READ.shown.map((l, i) => `CALL () { MATCH (n:${l}) RETURN count(n) AS nodes${i} }`).join('\n     ')}
     ${KEPT_ANSWERS_READ.links.map(([t, f], i) => `CALL () { MATCH (:${f})-[r:${t}]->() RETURN count(r) AS links${i} }`).join('\n     ')}
     WITH dataVersion + ':' + writeParity + ':' + ${[...KEPT_ANSWERS_READ.shown.map((_, i) => `nodes${i}`), ...KEPT_ANSWERS_READ.links.map((_, i) => `links${i}`)].join(" + ',' + ")} AS version`;

/**
 * The head of a statement that may reuse a kept answer: the graph's version, then no row at all when
 * it is `$known` (the kept answer's version); the statement returns `version` with its answer.
 */
export const UNLESS_UNCHANGED = `${GRAPH_VERSION}
     WITH version WHERE $known IS NULL OR version IS NULL OR version <> $known`;
