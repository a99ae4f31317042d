import { ENTITY_LABEL, LABELS } from '../ontology.js';
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
}

const ALL_LABELS = [ENTITY_LABEL, ...LABELS];

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'unique ids, lookup indexes, full-text index over names',
    statements: [
      ...ALL_LABELS.map((l) => `CREATE CONSTRAINT ${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${l}) REQUIRE n.id IS UNIQUE`),
      ...ALL_LABELS.map((l) => `CREATE INDEX ${l.toLowerCase()}_name IF NOT EXISTS FOR (n:${l}) ON (n.name)`),
      `CREATE INDEX entity_classification IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.classificationLevel)`,
      'CREATE INDEX park_kind IF NOT EXISTS FOR (n:Park) ON (n.kind)',
      'CREATE INDEX facility_kind IF NOT EXISTS FOR (n:Facility) ON (n.kind)',
      'CREATE INDEX facility_access IF NOT EXISTS FOR (n:Facility) ON (n.access)',
      'CREATE INDEX institution_sector IF NOT EXISTS FOR (n:Institution) ON (n.sector)',
      'CREATE INDEX agency_kind IF NOT EXISTS FOR (n:Agency) ON (n.kind)',
      `CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON EACH [n.name, n.nameEn, n.aliases]
       OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: true } }`,
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
    description: 'Program label (the whole plan): unique ids and name lookup',
    // version 1 builds these from the ontology on a new database; this brings older ones level
    statements: [
      'CREATE CONSTRAINT program_id IF NOT EXISTS FOR (n:Program) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX program_name IF NOT EXISTS FOR (n:Program) ON (n.name)',
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Applies every migration newer than the recorded schema version, then waits for indexes to be online. */
export async function migrate(db: Database): Promise<{ from: number; to: number }> {
  const from = await schemaVersion(db);
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    // Schema commands cannot share a transaction with writes, so each runs alone.
    for (const statement of m.statements) await db.write(statement);
    await db.write(
      `MERGE (v:SchemaVersion {id: 'schema'})
       SET v.version = $version, v.description = $description, v.appliedAt = datetime()`,
      { version: m.version, description: m.description },
    );
  }
  await db.read('CALL db.awaitIndexes(300)');
  return { from, to: LATEST_SCHEMA_VERSION };
}

/** Waits until the full-text index reflects every committed write. */
export async function refreshSearchIndex(db: Database): Promise<void> {
  await db.read('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
}

/** The version recorded by the last migration applied (0 for a new database). */
export async function schemaVersion(db: Database): Promise<number> {
  const rows = await db.read("OPTIONAL MATCH (v:SchemaVersion {id: 'schema'}) RETURN coalesce(v.version, 0) AS version");
  return rows[0]!.version as number;
}
