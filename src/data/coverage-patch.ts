import type { ManagedTransaction } from 'neo4j-driver';
import { toNative, toParams } from '../db/database.js';
import { areaWalk, placeWalk, PLACES_BELOW, servesVisible } from './cypher.js';
import { COVERAGE_ANSWER, GRAPH_VERSION, KEPT_ANSWERS_READ, type AnswerCache, type Touched } from './answer-cache.js';
import type { Label } from '../ontology.js';
import type { CoverageCellRow } from './analysis.js';

/**
 * Kept coverage matrices patched by this process's writes of facilities and parks, instead of counted
 * afresh (1–2 s at 1M nodes). A write that changes only what facilities or parks themselves hold
 * (their LOCATED_IN, PART_OF and SERVES links, their level and access, the node itself) changes the
 * counts of the facilities it writes and of the facilities located in or part of what it writes,
 * nothing else: the districts and technology areas of the matrix stay. The write reads what those
 * facilities add to the matrix before it changes anything and again after, and each kept matrix of
 * this process gets the difference, at its own clearance, and the version the write commits. A park
 * with more than MAX_PATCH_FACILITIES facilities below it is not read: its matrices are counted afresh.
 *
 * A matrix is patched only when no other write through the API was committed between its version and
 * this write's: the version read before and after the write's first reading must be the matrix's own,
 * and the version node, read once the write holds its lock (which every write that renews the version
 * takes, and keeps until it commits), must still carry the data version and parity of that version.
 * Anything else (another process's write, a district or technology changed) leaves the matrix to be
 * counted afresh, as before. A write around the API that changes only properties is not noticed, as
 * for any kept answer (README, ANSWER_CACHE_CELLS); a matrix is patched at most MAX_PATCHES times
 * before it is counted afresh, so that such a change does not outlive a long run of patches.
 */

/** How many times a kept matrix is patched before it is counted afresh. */
export const MAX_PATCHES = 100;

/** The most facilities below a written facility or park that a patch reads (twice, in the write's transaction); beyond, matrices are counted afresh. */
export const MAX_PATCH_FACILITIES = 2_000;

/** What one facility visible at `clearance` adds to a matrix: one to every (district, area) pair it reaches. */
interface Contribution {
  facility: string;
  clearance: number;
  open: boolean;
  districts: string[];
  technologies: string[];
}

/**
 * A subquery returning `contributions` of the facilities listed by `ids` (a list expression) at each
 * of `$patchClearances`: the districts each reaches and the technologies each serves with their
 * ancestors, through visible steps only: the walks of the coverage statement (src/data/analysis.ts),
 * the same fragments, from the facility's end.
 */
const contributions = (ids: string) => `CALL (${ids.startsWith('$') ? '' : ids}) {
  UNWIND ${ids} AS fid
  UNWIND $patchClearances AS c
  MATCH (f:Facility {id: fid}) WHERE f.classificationLevel <= c
  RETURN collect({ facility: fid, clearance: c, open: f.access = 'OPEN',
    districts: COLLECT { MATCH (f) ${placeWalk('c')} (d:District) RETURN DISTINCT d.id },
    technologies: COLLECT { MATCH ${servesVisible('f', 'x', 'c')}
      MATCH (x) ${areaWalk('c')} (t:Technology)
      RETURN DISTINCT t.id } }) AS contributions
}`;

/**
 * Before a write: the graph's version, the facilities among `$candidates` with every facility located
 * in or part of a candidate (facility or park; null when more than MAX_PATCH_FACILITIES), what they
 * add, and the version again (a commit seen half-applied changes it). The walk down goes through
 * facilities and parks only, as a coverage walk up does: an institution or programme in a park leads
 * to no facility whose count the write can change.
 */
const BEFORE = `CALL () { ${GRAPH_VERSION} RETURN version }
CALL () {
  MATCH (x:Facility|Park) WHERE x.id IN $candidates
  RETURN collect(CASE WHEN x:Facility THEN x.id END) AS own, collect(x) AS written
}
CALL (written) {
  UNWIND written AS x
  MATCH (g:Facility) ${PLACES_BELOW} (x)
  WITH DISTINCT g LIMIT $patchLimit
  RETURN collect(g.id) AS below
}
WITH version, CASE WHEN size(below) < $patchLimit THEN own + [x IN below WHERE NOT x IN own] END AS facilities
${contributions('facilities')}
CALL () { ${GRAPH_VERSION} RETURN version AS settled }
RETURN version, settled, facilities, contributions`;

/** After the write (its own changes included): what the same facilities add now. */
const AFTER = `${contributions('$patchFacilities')} RETURN contributions`;

/**
 * Around the mark in the write's last statement: the version node's data version and parity as the
 * last commit left them (under its lock, before this write changes them), then the version the write commits.
 */
const AROUND_MARK = {
  before: `MATCH (lv:SchemaVersion {id: 'schema'}) SET lv._writeLock = true REMOVE lv._writeLock
WITH lv, properties(lv) AS current
WITH coalesce(current.dataVersion, 'none') + ':' + CASE WHEN lv:GraphWriteOdd THEN 1 ELSE 0 END + ':' AS prior`,
  after: `WITH prior, count(*) AS marked
CALL () { ${GRAPH_VERSION} RETURN version AS newVersion }
RETURN prior, newVersion`,
};

/** The labels whose writes a patch follows: what they hold changes the walks of facilities, not the matrix's rows or columns. */
const PATCHED: readonly string[] = ['Facility', 'Park'];

/** True when `touched` changes kept answers only through what facilities and parks hold (see the module's comment). */
export function onlyFacilitiesAndParks(touched: Touched | undefined): boolean {
  if (!touched) return false;
  const { labels, links } = KEPT_ANSWERS_READ;
  const read = (l: string) => (labels as readonly string[]).includes(l);
  return (
    [...touched.labels, ...(touched.unlinked ?? []), ...(touched.edited ?? []).map(([l]) => l)].every((l) => !read(l) || PATCHED.includes(l)) &&
    touched.links.every(([type, from]) => PATCHED.includes(from) || !links.some(([t, f]) => t === type && f === from))
  );
}

/**
 * Whether an update of a `label` node that sets the input fields `fields` may change what a coverage
 * walk reads of it (KEPT_ANSWERS_READ.walked; `classification` sets `classificationLevel`): only
 * then is a patch read for it. A facility renamed or described anew changes no count and reads nothing.
 */
export function updatesWalked(label: Label, fields: readonly string[]): boolean {
  const walked = KEPT_ANSWERS_READ.walked[label] ?? [];
  return PATCHED.includes(label) && fields.some((f) => walked.includes(f === 'classification' ? 'classificationLevel' : f));
}

/** One write's patch of the kept coverage matrices: `before` after the claim, `after` after the write, `aroundMark` in the last statement, `apply` after the commit. */
export class CoveragePatch {
  private readonly kept: Array<{ key: string; version: string; clearance: number; value: CoverageCellRow[] }>;
  private read: { version: string | null; settled: string | null; facilities: string[]; contributions: Contribution[] } | null = null;
  private now: Contribution[] | null = null;

  /** Null when `cache` keeps no coverage matrix: nothing to patch, nothing read. */
  static of(cache: AnswerCache | null | undefined): CoveragePatch | null {
    const kept = cache?.entriesFrom<CoverageCellRow[]>(`["${COVERAGE_ANSWER}",`) ?? [];
    return kept.length ? new CoveragePatch(cache!, kept) : null;
  }

  private constructor(
    private readonly cache: AnswerCache,
    kept: Array<{ key: string; version: string; value: CoverageCellRow[] }>,
  ) {
    this.kept = kept.map((k) => ({ ...k, clearance: (JSON.parse(k.key) as [string, number])[1] }));
  }

  private get clearances(): number[] {
    return [...new Set(this.kept.map((k) => k.clearance))];
  }

  /** Reads what the facilities of `candidates` (the write's node, or its link's first end) add now: one statement, after the claim and its locks. */
  async before(tx: ManagedTransaction, candidates: readonly string[]): Promise<void> {
    this.now = null;
    const rec = (await tx.run(BEFORE, toParams({ candidates, patchClearances: this.clearances, patchLimit: MAX_PATCH_FACILITIES + 1 }))).records[0];
    const read = rec ? (toNative(rec.toObject()) as { version: string | null; settled: string | null; facilities: string[] | null; contributions: Contribution[] }) : null;
    this.read = read && read.facilities && read.version !== null && read.version === read.settled ? { ...read, facilities: read.facilities } : null;
  }

  /** After the write, when it changed only what facilities and parks hold: reads what the same facilities add now (one statement). */
  async after(tx: ManagedTransaction, touched: Touched | undefined): Promise<void> {
    if (!this.read || !onlyFacilitiesAndParks(touched)) return;
    const rec = (await tx.run(AFTER, toParams({ patchClearances: this.clearances, patchFacilities: this.read.facilities }))).records[0];
    this.now = rec ? (toNative(rec.get('contributions')) as Contribution[]) : null;
  }

  /** What the last statement runs around the mark; null when there is nothing to patch. */
  aroundMark(): typeof AROUND_MARK | null {
    return this.read && this.now ? AROUND_MARK : null;
  }

  /**
   * After the commit: when the version node still carried the version read first (no write through
   * the API committed in between), each matrix kept at that version gets the difference and the
   * version the write committed. Never throws: a matrix not patched is counted afresh.
   */
  apply(row: { prior: string | null; newVersion: string | null } | undefined): void {
    const { read, now } = this;
    try {
      if (!read || !now || !row?.prior || !row.newVersion || !read.version!.startsWith(row.prior)) return;
      for (const k of this.kept) {
        if (k.version !== read.version) continue;
        const patched = patchCells(k.value, k.clearance, read.contributions, now);
        if (patched) this.cache.replace(k.key, k.version, row.newVersion, patched, MAX_PATCHES);
      }
    } catch {
      // not patched: the matrices are counted afresh when next asked
    }
  }
}

/** `cells` less what `before` added at `clearance`, plus what `after` adds; null if a count would fall below zero. */
function patchCells(cells: CoverageCellRow[], clearance: number, before: Contribution[], after: Contribution[]): CoverageCellRow[] | null {
  const delta = new Map<string, [number, number]>();
  const add = (list: Contribution[], sign: number) => {
    for (const c of list) {
      if (c.clearance !== clearance) continue;
      for (const d of c.districts) {
        for (const t of c.technologies) {
          const key = `${d}\u0000${t}`;
          const [n, open] = delta.get(key) ?? [0, 0];
          delta.set(key, [n + sign, open + (c.open ? sign : 0)]);
        }
      }
    }
  };
  add(before, -1);
  add(after, 1);
  const out: CoverageCellRow[] = [];
  for (const cell of cells) {
    const d = delta.get(`${cell.district.id}\u0000${cell.technology.id}`);
    if (!d || (d[0] === 0 && d[1] === 0)) {
      out.push(cell);
      continue;
    }
    const facilities = cell.facilities + d[0];
    const openFacilities = cell.openFacilities + d[1];
    if (facilities < 0 || openFacilities < 0) return null;
    out.push({ ...cell, facilities, openFacilities });
  }
  return out;
}
