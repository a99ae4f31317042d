import { ENTITY_LABEL, type Label } from '../ontology.js';
import type { Database } from '../db/database.js';
import { labelOf, visible } from './cypher.js';

/**
 * What ingestion resolves a document against: every entity the reader may see, with its names and,
 * for tasks, goals and phases, the document it belongs to.
 */

export interface KnownEntityRow {
  id: string;
  label: Label;
  name: string;
  aliases: string[];
  /** Document number (Document only). */
  number?: string;
  /** Clause (Task only). */
  clause?: string;
  sources: string[];
  /** The Document this Task, Goal or Phase is PART_OF. */
  document?: string;
}

/** Entities visible at `clearance`, with their names and (via a visible PART_OF) their document. */
export async function knownEntities(db: Database, clearance: number): Promise<KnownEntityRow[]> {
  const rows = await db.read(
    `MATCH (n:${ENTITY_LABEL}) WHERE ${visible('n')}
     OPTIONAL MATCH (n)-[r:PART_OF]->(d:Document) WHERE ${visible('r')} AND ${visible('d')}
     WITH n, head(collect(d.id)) AS document
     RETURN n.id AS id, ${labelOf('n')} AS label, n.name AS name,
            coalesce(n.aliases, []) AS aliases, n.number AS number, n.clause AS clause,
            coalesce(n.sources, []) AS sources, document
     ORDER BY id`,
    { clearance },
  );
  return rows.map((r) => {
    const row = { ...r } as Record<string, unknown>;
    for (const k of ['number', 'clause', 'document']) if (row[k] === null) delete row[k];
    return row as unknown as KnownEntityRow;
  });
}

/** Which of the `from|TYPE|to` keys name a relationship visible at `clearance`. */
export async function existingRelationships(db: Database, keys: string[], clearance: number): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.read(
    `UNWIND $keys AS key
     WITH key, split(key, '|') AS k
     MATCH (a:${ENTITY_LABEL} {id: k[0]})-[r]->(b:${ENTITY_LABEL} {id: k[2]})
     WHERE type(r) = k[1] AND ${visible('a')} AND ${visible('b')} AND ${visible('r')}
     RETURN DISTINCT key`,
    { keys, clearance },
  );
  return new Set(rows.map((r) => r.key as string));
}
