/**
 * Answers of expensive reads (coverage matrices and gaps), kept in memory by key and by the version of the
 * graph they were computed at. An answer is reused only while the graph is still at that version:
 * every write through the API gives it a new one in the write's own transaction (GRAPH_CHANGED in
 * src/db/database.ts), and the statement that reads the version is the one that would compute the
 * answer, so a reused answer is the answer the same statement would compute now.
 *
 * The key carries the caller's clearance: an answer computed for one clearance is never given to
 * another, so what a caller receives is exactly what the uncached statement would give them.
 */

/** One kept answer. */
interface Entry<T> {
  version: string;
  value: T;
  weight: number;
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
