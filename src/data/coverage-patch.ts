import type { ManagedTransaction } from 'neo4j-driver';
import { toNative, toParams, type Database } from '../db/database.js';
import { COVERAGE_ANSWER, GRAPH_VERSION, KEPT_ANSWERS_READ, type AnswerCache, type Touched } from './answer-cache.js';
import type { CoverageCellRow } from './analysis.js';

/**
 * Kept coverage matrices patched by this process's writes of facilities, instead of counted afresh
 * (1–2 s at 1M nodes). A write that changes only what facilities themselves hold (their LOCATED_IN,
 * PART_OF and SERVES links, their level and access, the facility itself) changes the counts of the
 * facilities it reaches and of those located in or part of them, nothing else: the write reads what
 * those facilities add to the matrix before it changes anything and again after, and each kept matrix
 * of this process gets the difference, at its own clearance, and the version the write commits.
 *
 * A matrix is patched only when nothing that changes it was committed between its version and this
 * write's: the version read with the write's first reading must be the matrix's own, and the version
 * committed (read apart, once the write holds the version node's lock, which every write that renews
 * the version takes, and before it commits) the same again. The version the write commits is read in
 * its last statement, so a write around the API committed later still changes the version found.
 * Anything else (another process's write, a park or technology changed, a write around the API) leaves
 * the matrix to be counted afresh, as before.
 */

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
 * ancestors, through visible steps only, as the coverage statement walks them (src/data/analysis.ts).
 */
const contributions = (ids: string) => `CALL (${ids.startsWith('$') ? '' : ids}) {
  UNWIND ${ids} AS fid
  UNWIND $patchClearances AS c
  MATCH (f:Facility {id: fid}) WHERE f.classificationLevel <= c
  RETURN collect({ facility: fid, clearance: c, open: f.access = 'OPEN',
    districts: COLLECT { MATCH (f) (()-[l:LOCATED_IN|PART_OF WHERE l.classificationLevel <= c]->(m:Facility|Park|District WHERE m.classificationLevel <= c)){1,8} (d:District) RETURN DISTINCT d.id },
    technologies: COLLECT { MATCH (f)-[s:SERVES]->(x:Technology) WHERE s.classificationLevel <= c AND x.classificationLevel <= c
      MATCH (x) (()-[pp:PART_OF WHERE pp.classificationLevel <= c]->(u:Technology WHERE u.classificationLevel <= c)){0,10} (t:Technology)
      RETURN DISTINCT t.id } }) AS contributions
}`;

/**
 * Before a write: the graph's version, the facilities among `$candidates` (ids the write names, and
 * the first end of a link id) with every facility located in or part of them, and what they add.
 */
const BEFORE = `CALL () { ${GRAPH_VERSION} RETURN version }
CALL () {
  MATCH (f:Facility) WHERE f.id IN $candidates
  OPTIONAL MATCH (g:Facility)-[:LOCATED_IN|PART_OF*1..8]->(f)
  WITH collect(DISTINCT f.id) AS own, collect(DISTINCT g.id) AS below
  RETURN own + [x IN below WHERE NOT x IN own] AS facilities
}
${contributions('facilities')}
RETURN version, facilities, contributions`;

/** After the write's mark: the version it commits (its own changes included) and what the facilities add now. */
const AFTER_MARK = `WITH count(*) AS marked
CALL () { ${GRAPH_VERSION} RETURN version AS newVersion }
${contributions('$patchFacilities')}
RETURN newVersion, contributions`;

/** The committed graph's version, read apart from the write (its own changes excluded). */
const COMMITTED_VERSION = `CALL () { ${GRAPH_VERSION} RETURN version } RETURN version`;

/** True when `touched` changes kept answers only through what facilities hold (see the module's comment). */
export function onlyFacilities(touched: Touched | undefined): boolean {
  if (!touched) return false;
  const { labels, links } = KEPT_ANSWERS_READ;
  const read = (l: string) => (labels as readonly string[]).includes(l);
  return (
    [...touched.labels, ...(touched.unlinked ?? []), ...(touched.edited ?? []).map(([l]) => l)].every((l) => !read(l) || l === 'Facility') &&
    touched.links.every(([type, from]) => from === 'Facility' || !links.some(([t, f]) => t === type && f === from))
  );
}

/** One write's patch of the kept coverage matrices: `before` after the claim, `afterMark` for the last statement, `apply` after the commit. */
export class CoveragePatch {
  private readonly kept: Array<{ key: string; version: string; clearance: number; value: CoverageCellRow[] }>;
  private read: { version: string | null; facilities: string[]; contributions: Contribution[] } | null = null;
  private committed: string | null = null;

  /** Null when `cache` keeps no coverage matrix: nothing to patch, nothing read. */
  static of(cache: AnswerCache | null | undefined, db: Database): CoveragePatch | null {
    const kept = cache?.entriesFrom<CoverageCellRow[]>(`["${COVERAGE_ANSWER}",`) ?? [];
    return kept.length ? new CoveragePatch(cache!, db, kept) : null;
  }

  private constructor(
    private readonly cache: AnswerCache,
    private readonly db: Database,
    kept: Array<{ key: string; version: string; value: CoverageCellRow[] }>,
  ) {
    this.kept = kept.map((k) => ({ ...k, clearance: (JSON.parse(k.key) as [string, number])[1] }));
  }

  private get clearances(): number[] {
    return [...new Set(this.kept.map((k) => k.clearance))];
  }

  /** Reads what the facilities the write names add now (one statement, after the claim and its locks). */
  async before(tx: ManagedTransaction, ids: Iterable<string>): Promise<void> {
    const candidates = [...new Set([...ids].map((id) => id.split('|')[0]!))];
    const rec = (await tx.run(BEFORE, toParams({ candidates, patchClearances: this.clearances }))).records[0];
    this.read = rec ? (toNative(rec.toObject()) as CoveragePatch['read']) : null;
    this.committed = null;
  }

  /**
   * What the last statement runs after the mark, with its parameters, and its check: the committed
   * version read apart while the write holds the version node's lock, which every write that renews
   * the version takes. Null when there is nothing to patch.
   */
  afterMark(touched: Touched | undefined): { cypher: string; check: () => Promise<void>; params: Record<string, unknown> } | null {
    if (!this.read || this.read.version === null || !onlyFacilities(touched)) return null;
    const check = async () => {
      // a connection of its own while the write holds one: with none free (every write waiting for the
      // lock this one holds), the check is skipped rather than awaited, and the matrices counted afresh
      if (this.db.activeSessions >= this.db.maxPoolSize) return;
      try {
        this.committed = ((await this.db.readLatest(COMMITTED_VERSION))[0]?.version as string | null | undefined) ?? null;
      } catch {
        this.committed = null; // not patched: the write itself stands
      }
    };
    return { cypher: AFTER_MARK, check, params: { patchClearances: this.clearances, patchFacilities: this.read.facilities } };
  }

  /**
   * After the commit: when nothing was committed between the first reading and the write's lock (the
   * committed version is still the one read first), each matrix kept at that version gets the
   * difference and the version the write committed.
   */
  apply(row: { newVersion: string | null; contributions: Contribution[] } | undefined): void {
    const read = this.read;
    if (!read || !row || row.newVersion === null || this.committed === null || this.committed !== read.version) return;
    for (const k of this.kept) {
      if (k.version !== read.version) continue;
      const patched = patchCells(k.value, k.clearance, read.contributions, row.contributions);
      if (patched) this.cache.replace(k.key, k.version, row.newVersion, patched);
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
