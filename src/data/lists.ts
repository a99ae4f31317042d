import { ENTITY_LABEL, type Label } from '../ontology.js';
import type { Database } from '../db/database.js';
import { entity, visible } from './cypher.js';
import { compileFilter, Params } from './filters.js';
import { afterCursor, cursorParams, pageQuery, sortKey, toConnection, type Connection, type PageRow } from './pagination.js';
import type { ConnectionArgs } from './relations.js';

/**
 * A page of all `label` nodes the caller may see, filtered and sorted, with the total count over
 * all pages: one query, one round trip.
 */
export async function listPage(db: Database, label: Label, args: ConnectionArgs, clearance: number): Promise<Connection> {
  const q = pageQuery(args);
  const params = new Params();
  const where = compileFilter(args.filter, label, params);
  // `label` comes from the schema's field (one resolver per label), checked against the allow-list.
  const [row] = await db.read(
    `CALL () {
       MATCH (m:${label}:${ENTITY_LABEL}) WHERE ${visible('m')} AND ${where}
       RETURN count(m) AS total
     }
     CALL () {
       MATCH (m:${label}:${ENTITY_LABEL}) WHERE ${visible('m')} AND ${where}
       WITH m, null AS rel
       WITH m, ${sortKey(q)} AS k
       WHERE ${afterCursor(q)}
       ORDER BY k ${q.direction}, m.id ${q.direction}
       LIMIT $limit
       RETURN collect({ node: ${entity('m')}, rel: null, k: k }) AS page
     }
     RETURN total, page`,
    { clearance, ...cursorParams(q), ...params.values },
  );
  return toConnection(q, row!.page as PageRow[], row!.total as number);
}
