import { ENTITY_LABEL, LABELS, type Classification, type Label } from '../ontology.js';
import type { Database } from '../db/database.js';

/** An entity as the data layer returns it: its properties plus its ontology label. */
export interface EntityRow {
  id: string;
  label: Label;
  name: string;
  nameEn?: string | null;
  aliases?: string[] | null;
  classification: Classification;
  sources?: string[] | null;
  [property: string]: unknown;
}

/**
 * Fetches entities by id in one query, returned in the order of `ids` (null where missing).
 * Shaped for DataLoader: one round trip for any number of ids.
 */
export async function entitiesByIds(db: Database, ids: readonly string[]): Promise<Array<EntityRow | null>> {
  const rows = await db.read(
    `UNWIND $ids AS id
     MATCH (n:${ENTITY_LABEL} {id: id})
     RETURN n { .*, label: [l IN labels(n) WHERE l IN $labels][0] } AS entity`,
    { ids, labels: LABELS },
  );
  const byId = new Map(rows.map((r) => [(r.entity as EntityRow).id, r.entity as EntityRow]));
  return ids.map((id) => byId.get(id) ?? null);
}
