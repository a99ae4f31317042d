import { ENTITY_LABEL, LABELS, SEARCH_LABELS } from '../ontology.js';
import { searchIndex, syncSearchFields } from '../data/search.js';
import type { Database } from './database.js';

/**
 * Schema migrations, applied in order at start. The full-text index is eventually consistent (it is
 * updated after commit, which doubles bulk-load speed); writers that need search to see their data at
 * once call `refreshSearchIndex`. Every statement is idempotent (IF NOT EXISTS), so a
 * migration interrupted half-way is simply re-run. Labels come from the ontology's allow-list:
 * schema commands take no parameters, and nothing here derives from user input.
 */
interface Migration {
  version: number;
  description: string;
  statements: string[];
  /** Data work after the statements (idempotent, like them). */
  run?: (db: Database) => Promise<unknown>;
}

const ALL_LABELS = [ENTITY_LABEL, ...LABELS];

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'unique ids, lookup indexes',
    statements: [
      ...ALL_LABELS.map((l) => `CREATE CONSTRAINT ${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${l}) REQUIRE n.id IS UNIQUE`),
      ...ALL_LABELS.map((l) => `CREATE INDEX ${l.toLowerCase()}_name IF NOT EXISTS FOR (n:${l}) ON (n.name)`),
      `CREATE INDEX entity_classification IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.classificationLevel)`,
      'CREATE INDEX park_kind IF NOT EXISTS FOR (n:Park) ON (n.kind)',
      'CREATE INDEX facility_kind IF NOT EXISTS FOR (n:Facility) ON (n.kind)',
      'CREATE INDEX facility_access IF NOT EXISTS FOR (n:Facility) ON (n.access)',
      'CREATE INDEX institution_sector IF NOT EXISTS FOR (n:Institution) ON (n.sector)',
      'CREATE INDEX agency_kind IF NOT EXISTS FOR (n:Agency) ON (n.kind)',
      // (a full-text index over names, entity_names, was created here until version 5 dropped it)
      'CREATE CONSTRAINT schema_version_id IF NOT EXISTS FOR (n:SchemaVersion) REQUIRE n.id IS UNIQUE',
    ],
  },
  {
    version: 2,
    description: 'audit trail',
    statements: [
      'CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE',
      'CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at)',
      'CREATE INDEX audit_event_subject IF NOT EXISTS FOR (e:AuditEvent) ON (e.subject)',
    ],
  },
  {
    version: 3,
    description: 'one full-text index per clearance over derived search terms; pinyin and English sort keys',
    statements: [
      // Terms are derived in code (folded Chinese, stems, pinyin) and only split on spaces here.
      ...SEARCH_LABELS.map(
        (l, k) => `CREATE FULLTEXT INDEX ${searchIndex(k)} IF NOT EXISTS FOR (n:${l}) ON EACH [n.searchText]
       OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'whitespace', \`fulltext.eventually_consistent\`: true } }`,
      ),
      ...LABELS.map((l) => `CREATE INDEX ${l.toLowerCase()}_name_sort IF NOT EXISTS FOR (n:${l}) ON (n.nameSort)`),
      ...LABELS.map((l) => `CREATE INDEX ${l.toLowerCase()}_name_en_sort IF NOT EXISTS FOR (n:${l}) ON (n.nameEnSort)`),
    ],
    run: syncSearchFields,
  },
  {
    version: 4,
    description: 'unique ids and name indexes for labels added since (Program, Need); access requests by id',
    statements: [
      ...ALL_LABELS.map((l) => `CREATE CONSTRAINT ${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${l}) REQUIRE n.id IS UNIQUE`),
      ...ALL_LABELS.map((l) => `CREATE INDEX ${l.toLowerCase()}_name IF NOT EXISTS FOR (n:${l}) ON (n.name)`),
      ...LABELS.map((l) => `CREATE INDEX ${l.toLowerCase()}_name_sort IF NOT EXISTS FOR (n:${l}) ON (n.nameSort)`),
      ...LABELS.map((l) => `CREATE INDEX ${l.toLowerCase()}_name_en_sort IF NOT EXISTS FOR (n:${l}) ON (n.nameEnSort)`),
      'CREATE INDEX requested_id IF NOT EXISTS FOR ()-[r:REQUESTED]-() ON (r.requestId)',
    ],
  },
  {
    version: 5,
    description: 'no full-text index over names: search reads the per-clearance indexes only',
    // `entity_names` (CJK analyser over name, nameEn, aliases) has not been read since version 3: its
    // term statistics cover hidden nodes. Yet every write fed it, and it was the costliest index to
    // build: 19.5 s of the 67 s the six full-text indexes took over a bulk-loaded 1M-node store.
    // The benchmark's @neo4j/graphql peer, which declares it, creates it for itself.
    statements: ['DROP INDEX entity_names IF EXISTS'],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Options of `migrate` and `awaitIndexesOnline`. */
export interface IndexWaitOptions {
  /** Told every 10 s which indexes are still populating, and how far. */
  log?: (message: string) => void;
  /** Give up when no index has progressed for this long (default 10 min); a large store takes as long as it needs. */
  stallMs?: number;
  pollMs?: number;
}

/** Applies every migration newer than the recorded schema version, then waits for indexes to be online. */
export async function migrate(db: Database, wait: IndexWaitOptions = {}): Promise<{ from: number; to: number }> {
  const from = await schemaVersion(db);
  // a later migration repeats earlier statements (IF NOT EXISTS) for labels added since: run once
  const ran = new Set<string>();
  // a store with no schema yet (a new one, or one the bulk importer just wrote) gets its full-text
  // indexes first: the slowest to populate, they do so while the constraints, whose creation waits
  // for their own population, are built
  if (from === 0) {
    for (const s of new Set(MIGRATIONS.flatMap((m) => m.statements).filter(isFullText))) {
      ran.add(s);
      await db.changeSchema([s]);
    }
  }
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    const statements = m.statements.filter((s) => !ran.has(s));
    statements.forEach((s) => ran.add(s));
    // schema commands cannot share a transaction with data writes, but can with each other: few
    // transactions per migration (a fresh database's first start ran 149 of them one by one)
    for (const group of populationJobs(statements)) await db.changeSchema(group);
    if (m.run) {
      await awaitIndexesOnline(db, wait);
      await m.run(db);
    }
    await db.write(
      `MERGE (v:SchemaVersion {id: 'schema'})
       SET v.version = $version, v.description = $description, v.appliedAt = datetime()`,
      { version: m.version, description: m.description },
    );
  }
  await awaitIndexesOnline(db, wait);
  return { from, to: LATEST_SCHEMA_VERSION };
}

/**
 * A migration's statements as the transactions to run them in: each full-text index in its own, the
 * rest together. Neo4j populates the indexes a transaction creates as one job, with one thread on a
 * machine of up to 7 cores, and runs two jobs at once: over a bulk-loaded 1M-node store on 2 cores,
 * the five search indexes and the sort indexes took 61 s created in one transaction, 32 s in six.
 */
export function populationJobs(statements: readonly string[]): string[][] {
  const fulltext = statements.filter(isFullText);
  const rest = statements.filter((s) => !isFullText(s));
  return [...(rest.length ? [rest] : []), ...fulltext.map((s) => [s])];
}

const isFullText = (statement: string) => statement.startsWith('CREATE FULLTEXT INDEX');

/**
 * Waits until every index is online. `db.awaitIndexes(seconds)` needs a bound chosen in advance, and
 * the full-text indexes over a 10M-node store built by the bulk importer took longer than its 300 s:
 * this waits as long as population moves (SHOW INDEXES, see `indexProgress`), and fails on an index
 * in state FAILED or when nothing has moved for `stallMs`.
 */
export async function awaitIndexesOnline(db: Database, { log, stallMs = 600_000, pollMs = 250 }: IndexWaitOptions = {}): Promise<void> {
  let progress = -1;
  let progressAt = Date.now();
  let loggedAt = Date.now();
  for (;;) {
    const indexes = (await db.read('SHOW INDEXES YIELD name, state, populationPercent RETURN name, state, populationPercent ORDER BY name')) as unknown as IndexState[];
    const pending = indexes.filter((r) => r.state !== 'ONLINE');
    if (pending.length === 0) return;
    const failed = pending.filter((r) => r.state === 'FAILED').map((r) => r.name);
    if (failed.length) throw new Error(`index ${failed.join(', ')} failed to populate (SHOW INDEXES shows why; drop it and start again to rebuild it)`);
    const now = indexProgress(indexes);
    if (now > progress) [progress, progressAt] = [now, Date.now()];
    else if (Date.now() - progressAt > stallMs) throw new Error(`index population made no progress for ${Math.round(stallMs / 1000)} s: ${pending.map((r) => r.name).join(', ')}`);
    if (log && Date.now() - loggedAt >= 10_000) {
      log(`populating indexes: ${pending.map((r) => `${r.name} ${Number(r.populationPercent ?? 0).toFixed(0)}%`).join(', ')}`);
      loggedAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** One row of SHOW INDEXES. */
export interface IndexState {
  name: string;
  state: string;
  populationPercent: number | null;
}

/**
 * How far population has come over all indexes, an online one counting 100: it only grows while
 * indexes populate (a sum over the pending ones alone fell each time one came online, and a wait on
 * a 10M-node store took that for a stall).
 */
export function indexProgress(indexes: readonly IndexState[]): number {
  return indexes.reduce((sum, r) => sum + (r.state === 'ONLINE' ? 100 : Number(r.populationPercent ?? 0)), 0);
}

/** Waits until the full-text indexes reflect every committed write. */
export async function refreshSearchIndex(db: Database): Promise<void> {
  await db.read('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
}

/** The version recorded by the last migration applied (0 for a new database). */
export async function schemaVersion(db: Database): Promise<number> {
  const rows = await db.read("OPTIONAL MATCH (v:SchemaVersion {id: 'schema'}) RETURN coalesce(v.version, 0) AS version");
  return rows[0]!.version as number;
}
