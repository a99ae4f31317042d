import { notFound } from '../errors.js';
import type { Database } from '../db/database.js';
import { entity, visible } from './cypher.js';
import type { EntityRow } from './entities.js';

/** Entities of one kind: named by both documents, by the first only, by the second only (each by id). */
export interface SetComparison {
  shared: EntityRow[];
  onlyInA: EntityRow[];
  onlyInB: EntityRow[];
}

/** Two documents side by side. */
export interface DocumentComparisonRow {
  a: EntityRow;
  b: EntityRow;
  agencies: SetComparison;
  parks: SetComparison;
  technologies: SetComparison;
}

/**
 * Compares two documents through their tasks: agencies responsible for them (RESPONSIBLE_FOR), parks
 * and technologies they concern (CONCERNS). Everything along the way (document, PART_OF, task, the
 * relationship, the entity) must be visible at `clearance`, so a caller sees exactly the comparison
 * of the graph restricted to what it may see. A hidden document is not found, like a missing one.
 */
export async function compareDocuments(db: Database, args: { a: string; b: string }, clearance: number): Promise<DocumentComparisonRow> {
  const rows = await db.read(
    `UNWIND $ids AS id
     MATCH (d:Document {id: id}) WHERE ${visible('d')}
     CALL (d) {
       OPTIONAL MATCH (d)<-[p:PART_OF]-(t:Task)<-[r:RESPONSIBLE_FOR]-(x:Agency)
       WHERE ${visible('p')} AND ${visible('t')} AND ${visible('r')} AND ${visible('x')}
       WITH DISTINCT x ORDER BY x.id
       RETURN collect(${entity('x')}) AS agencies
     }
     CALL (d) {
       OPTIONAL MATCH (d)<-[p:PART_OF]-(t:Task)-[c:CONCERNS]->(x)
       WHERE (x:Park OR x:Technology) AND ${visible('p')} AND ${visible('t')} AND ${visible('c')} AND ${visible('x')}
       WITH DISTINCT x ORDER BY x.id
       RETURN collect(${entity('x')}) AS concerned
     }
     RETURN ${entity('d')} AS document, agencies, concerned`,
    { ids: [args.a, args.b], clearance },
  );
  const byId = new Map(rows.map((r) => [(r.document as EntityRow).id, r]));
  const a = byId.get(args.a);
  const b = byId.get(args.b);
  if (!a) throw notFound('a', args.a);
  if (!b) throw notFound('b', args.b);
  const of = (row: typeof a, key: 'agencies' | 'concerned', label?: string) =>
    (row[key] as EntityRow[]).filter((e) => !label || e.label === label);
  return {
    a: a.document as EntityRow,
    b: b.document as EntityRow,
    agencies: compareSets(of(a, 'agencies'), of(b, 'agencies')),
    parks: compareSets(of(a, 'concerned', 'Park'), of(b, 'concerned', 'Park')),
    technologies: compareSets(of(a, 'concerned', 'Technology'), of(b, 'concerned', 'Technology')),
  };
}

/** Shared and differing members of two lists of entities, by id, in id order. */
export function compareSets(a: EntityRow[], b: EntityRow[]): SetComparison {
  const inA = new Set(a.map((e) => e.id));
  const inB = new Set(b.map((e) => e.id));
  return {
    shared: a.filter((e) => inB.has(e.id)),
    onlyInA: a.filter((e) => !inB.has(e.id)),
    onlyInB: b.filter((e) => !inA.has(e.id)),
  };
}
