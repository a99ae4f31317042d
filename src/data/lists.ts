import { ENTITY_LABEL, type Label } from '../ontology.js';
import type { Database } from '../db/database.js';
import { entityOf, PLACE_STEPS, visible, visiblePath, visibleTotal } from './cypher.js';

/** Labels that are LOCATED_IN districts (directly or through parks). */
const LOCATED = new Set<Label>(['Facility', 'Institution', 'Park']);
import { checkFilterIds, compileFilter, Params } from './filters.js';
import { afterCursor, afterCursorOnNode, cursorParams, pageQuery, sortKey, toConnection, type Connection, type PageQuery, type PageRow } from './pagination.js';
import type { ConnectionArgs } from './relations.js';

/**
 * A page of all `label` nodes the caller may see, filtered and sorted, with the total count over
 * all pages: one query, one round trip. `props`: the properties its rows show (see `entityWith`;
 * null: whole nodes).
 */
export async function listPage(db: Database, label: Label, args: ConnectionArgs, clearance: number, props: readonly string[] | null = null): Promise<Connection> {
  const q = pageQuery(args, clearance);
  const params = new Params();
  const rows = listRows(label, args, q, params);
  const [row] = await db.read(`${rows.cypher}
     RETURN total, [r IN kept | { node: ${entityOf('r.m', props)}, rel: null, k: r.k }] AS page`, { clearance, ...rows.params, ...params.values });
  await checkFilterIds(db, args.filter, label, clearance, ((row?.total as number) ?? 0) > 0);
  return toConnection(q, (row?.page as PageRow[]) ?? [], (row?.total as number) ?? 0);
}

/**
 * Cypher binding `total` (the `label` nodes the caller may see that match the filter, over all
 * pages) and `kept` (the page's rows `{m, k}` after the cursor, `$limit` of them, in fetch order),
 * with its fixed parameters; the filter's go to `params`. Unfiltered lists page with an index seek
 * and count apart; filtered lists evaluate their filter once and take both the count and the page
 * from that pass.
 */
export function listRows(label: Label, args: ConnectionArgs, q: PageQuery, params: Params): { cypher: string; params: Record<string, unknown> } {
  const key = sortKey(q);
  // A district filter on a located label is used as the starting point: walking down from one
  // district touches a few hundred nodes, where testing every node's way up touches them all.
  const district = LOCATED.has(label) && typeof args.filter?.district === 'string' ? args.filter.district : null;
  const where = compileFilter(district ? { ...args.filter, district: null } : args.filter, label, params);
  const start = district
    ? `MATCH (d:District:${ENTITY_LABEL} {id: $anchorDistrict}) WHERE ${visible('d')}
       MATCH p = (m:${label}:${ENTITY_LABEL})-[:${PLACE_STEPS}]->(d) WHERE ${visiblePath('p')}
       WITH DISTINCT m WHERE ${where}`
    : `MATCH (m:${label}:${ENTITY_LABEL}) WHERE ${visible('m')} AND ${where}`;
  // `label` comes from the schema's field (one resolver per label), checked against the allow-list.
  const cypher =
    !district && where === 'true'
      ? `${visibleTotal(label)}
         CALL () {
           MATCH (m:${label}:${ENTITY_LABEL}) WHERE ${afterCursorOnNode(q)} AND ${visible('m')}
           WITH m ORDER BY ${key} ${q.direction}, m.id ${q.direction}
           LIMIT $limit
           RETURN collect({ m: m, k: ${key} }) AS kept
         }`
      : `${start}
         WITH m, ${key} AS k
         ORDER BY k ${q.direction}, m.id ${q.direction}
         WITH collect({ m: m, k: k }) AS rows
         WITH size(rows) AS total, [r IN rows WHERE ${afterCursor(q, 'r.k', 'r.m.id')}][0..$limit] AS kept`;
  return { cypher, params: { anchorDistrict: district, ...cursorParams(q) } };
}
