import { ENTITY_LABEL, type Classification, type Label } from '../ontology.js';
import { entity, visible } from './cypher.js';
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
 * Fetches the entities the caller may see by id in one query, in the order of `ids`; null where an
 * id is missing or hidden (the two are indistinguishable). Shaped for DataLoader.
 */
export async function entitiesByIds(db: Database, ids: readonly string[], clearance: number): Promise<Array<EntityRow | null>> {
  const rows = await db.read(
    `UNWIND $ids AS id
     MATCH (n:${ENTITY_LABEL} {id: id})
     WHERE ${visible('n')}
     RETURN ${entity('n')} AS entity`,
    { ids, clearance },
  );
  const byId = new Map(rows.map((r) => [(r.entity as EntityRow).id, r.entity as EntityRow]));
  return ids.map((id) => byId.get(id) ?? null);
}
