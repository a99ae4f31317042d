import type { Label } from '../ontology.js';
import type { Database } from '../db/database.js';
import { AREA_STEPS, entity, entityOf, PLACE_STEPS, relationship, visiblePath } from './cypher.js';
import type { EntityRow } from './entities.js';
import { checkFilterIds, compileFilter, Params, type Filter } from './filters.js';
import { afterCursor, cursorParams, pageQuery, sortKey, toConnection, type Connection, type PageArgs, type PageRow } from './pagination.js';
import type { RelRow } from './relationships.js';

/**
 * Every relationship field of the schema, as a path pattern from the parent `n` to the target `m`
 * (bound to path `p`). Direct patterns (one hop) also expose the relationship on the edge.
 * Hierarchy-aware fields follow LOCATED_IN / PART_OF chains; every item along the path must be
 * visible to the caller.
 */
export interface RelationField {
  pattern: string;
  /** Label of the targets, for their filter; null for mixed targets. */
  target: Label | null;
  /** Single-valued fields return the nearest match (shortest path, then id). */
  single?: boolean;
  /** Default order of the list (RANK keeps the source's order, e.g. of 主責單位). */
  defaultOrder?: 'NAME' | 'RANK';
}

const LOC = PLACE_STEPS;
const TREE = AREA_STEPS;

export const RELATION_FIELDS: Record<string, RelationField> = {
  'Document.tasks': { pattern: '(m:Task)-[:PART_OF]->(n)', target: 'Task' },
  'Document.phases': { pattern: '(m:Phase)-[:PART_OF]->(n)', target: 'Phase' },
  'Document.goals': { pattern: '(m:Goal)-[:PART_OF]->(n)', target: 'Goal' },
  'Document.issuedBy': { pattern: '(m:Agency)-[:ISSUED]->(n)', target: 'Agency' },
  'Document.cites': { pattern: '(n)-[:CITES]->(m:Document)', target: 'Document' },
  'Document.citedBy': { pattern: '(m:Document)-[:CITES]->(n)', target: 'Document' },
  'Agency.issued': { pattern: '(n)-[:ISSUED]->(m:Document)', target: 'Document' },
  'Agency.administers': { pattern: '(n)-[:ADMINISTERS]->(m:Park)', target: 'Park' },
  'Agency.coBuilds': { pattern: '(n)-[:CO_BUILDS]->(m)', target: null },
  'Agency.programs': { pattern: '(n)-[:MEMBER_OF]->(m:Program)', target: 'Program' },
  'Agency.tasks': { pattern: '(n)-[:RESPONSIBLE_FOR]->(m:Task)', target: 'Task' },
  'Agency.memberOf': { pattern: '(n)-[:MEMBER_OF]->(m:Institution)', target: 'Institution' },
  'Agency.financingInstruments': { pattern: '(n)-[:OFFERS]->(m:FinancingInstrument)', target: 'FinancingInstrument' },
  'District.parks': { pattern: `(m:Park)-[:${LOC}]->(n)`, target: 'Park' },
  'District.facilities': { pattern: `(m:Facility)-[:${LOC}]->(n)`, target: 'Facility' },
  'District.institutions': { pattern: `(m:Institution)-[:${LOC}]->(n)`, target: 'Institution' },
  'District.directParks': { pattern: '(m:Park)-[:LOCATED_IN]->(n)', target: 'Park' },
  'District.directFacilities': { pattern: '(m:Facility)-[:LOCATED_IN]->(n)', target: 'Facility' },
  'Park.parent': { pattern: '(n)-[:PART_OF]->(m:Park)', target: 'Park', single: true },
  'Park.district': { pattern: `(n)-[:${LOC}]->(m:District)`, target: 'District', single: true },
  'Park.children': { pattern: '(m:Park)-[:PART_OF]->(n)', target: 'Park' },
  'Park.subParks': { pattern: `(m:Park)-[:${LOC}]->(n)`, target: 'Park' },
  'Park.facilities': { pattern: `(m:Facility)-[:${LOC}]->(n)`, target: 'Facility' },
  'Park.directFacilities': { pattern: '(m:Facility)-[:LOCATED_IN]->(n)', target: 'Facility' },
  'Park.institutions': { pattern: `(m:Institution)-[:${LOC}]->(n)`, target: 'Institution' },
  'Park.technologies': { pattern: '(n)-[:FOCUSES_ON]->(m:Technology)', target: 'Technology' },
  'Park.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'Park.members': { pattern: '(m:Institution)-[:MEMBER_OF]->(n)', target: 'Institution' },
  'Park.administeredBy': { pattern: '(m:Agency)-[:ADMINISTERS]->(n)', target: 'Agency' },
  'Park.coBuilders': { pattern: '(m)-[:CO_BUILDS]->(n)', target: null },
  'Park.programs': { pattern: '(m:Program)-[:LOCATED_IN]->(n)', target: 'Program' },
  'Institution.locatedIn': { pattern: '(n)-[:LOCATED_IN]->(m)', target: null, single: true },
  'Institution.district': { pattern: `(n)-[:${LOC}]->(m:District)`, target: 'District', single: true },
  'Institution.operates': { pattern: '(n)-[:OPERATES]->(m:Facility)', target: 'Facility' },
  'Institution.uses': { pattern: '(n)-[:USES]->(m:Facility)', target: 'Facility' },
  'Institution.technologies': { pattern: '(n)-[:FOCUSES_ON]->(m:Technology)', target: 'Technology' },
  'Institution.holds': { pattern: '(n)-[:HOLDS]->(m)', target: null },
  'Institution.memberOf': { pattern: '(n)-[:MEMBER_OF]->(m)', target: null },
  'Institution.members': { pattern: '(m)-[:MEMBER_OF]->(n)', target: null },
  'Institution.financingInstruments': { pattern: '(n)-[:OFFERS]->(m:FinancingInstrument)', target: 'FinancingInstrument' },
  'Institution.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'Institution.coBuilds': { pattern: '(n)-[:CO_BUILDS]->(m)', target: null },
  'Facility.locatedIn': { pattern: '(n)-[:LOCATED_IN]->(m)', target: null, single: true },
  'Facility.park': { pattern: '(n)-[:LOCATED_IN]->(m:Park)', target: 'Park', single: true },
  'Facility.district': { pattern: `(n)-[:${LOC}]->(m:District)`, target: 'District', single: true },
  'Facility.technologies': { pattern: '(n)-[:SERVES]->(m:Technology)', target: 'Technology' },
  'Facility.operators': { pattern: '(m:Institution)-[:OPERATES]->(n)', target: 'Institution' },
  'Facility.users': { pattern: '(m:Institution)-[:USES]->(n)', target: 'Institution' },
  'Facility.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'Facility.ipAssets': { pattern: '(n)-[:SERVES]->(m:IPAsset)', target: 'IPAsset' },
  'Facility.coBuilders': { pattern: '(m)-[:CO_BUILDS]->(n)', target: null },
  'Technology.parent': { pattern: '(n)-[:PART_OF]->(m:Technology)', target: 'Technology', single: true },
  'Technology.children': { pattern: '(m:Technology)-[:PART_OF]->(n)', target: 'Technology' },
  'Technology.descendants': { pattern: '(m:Technology)-[:PART_OF*1..10]->(n)', target: 'Technology' },
  'Technology.facilities': { pattern: `(m:Facility)-[:SERVES]->(:Technology)-[:${TREE}]->(n)`, target: 'Facility' },
  'Technology.parks': { pattern: `(m:Park)-[:FOCUSES_ON]->(:Technology)-[:${TREE}]->(n)`, target: 'Park' },
  'Technology.institutions': { pattern: `(m:Institution)-[:FOCUSES_ON]->(:Technology)-[:${TREE}]->(n)`, target: 'Institution' },
  'Technology.standards': { pattern: '(m:Standard)-[:COVERS]->(n)', target: 'Standard' },
  'Technology.ipAssets': { pattern: '(m:IPAsset)-[:COVERS]->(n)', target: 'IPAsset' },
  'Technology.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'Technology.programs': { pattern: '(m:Program)-[:FOCUSES_ON]->(n)', target: 'Program' },
  'Standard.technologies': { pattern: '(n)-[:COVERS]->(m:Technology)', target: 'Technology' },
  'Standard.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'IPAsset.technologies': { pattern: '(n)-[:COVERS]->(m:Technology)', target: 'Technology' },
  'IPAsset.holders': { pattern: '(m:Institution)-[:HOLDS]->(n)', target: 'Institution' },
  'IPAsset.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'IPAsset.facilities': { pattern: '(m:Facility)-[:SERVES]->(n)', target: 'Facility' },
  'Certification.holders': { pattern: '(m:Institution)-[:HOLDS]->(n)', target: 'Institution' },
  'Certification.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'FinancingInstrument.offeredBy': { pattern: '(m)-[:OFFERS]->(n)', target: null },
  'FinancingInstrument.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'Task.agencies': { pattern: '(m:Agency)-[:RESPONSIBLE_FOR]->(n)', target: 'Agency', defaultOrder: 'RANK' },
  'Task.concerns': { pattern: '(n)-[:CONCERNS]->(m)', target: null },
  'Task.subtasks': { pattern: '(m:Task)-[:PART_OF]->(n)', target: 'Task' },
  'Task.document': { pattern: '(n)-[:PART_OF]->(m:Document)', target: 'Document', single: true },
  'Task.phase': { pattern: '(n)-[:SCHEDULED_IN]->(m:Phase)', target: 'Phase', single: true },
  'Task.parent': { pattern: '(n)-[:PART_OF]->(m:Task)', target: 'Task', single: true },
  'Task.goals': { pattern: '(n)-[:CONTRIBUTES_TO]->(m:Goal)', target: 'Goal' },
  'Phase.tasks': { pattern: '(m:Task)-[:SCHEDULED_IN]->(n)', target: 'Task' },
  'Phase.document': { pattern: '(n)-[:PART_OF]->(m:Document)', target: 'Document', single: true },
  'Phase.parent': { pattern: '(n)-[:PART_OF]->(m:Phase)', target: 'Phase', single: true },
  'Phase.subphases': { pattern: '(m:Phase)-[:PART_OF]->(n)', target: 'Phase' },
  'Goal.document': { pattern: '(n)-[:PART_OF]->(m:Document)', target: 'Document', single: true },
  'Goal.tasks': { pattern: '(m:Task)-[:CONTRIBUTES_TO]->(n)', target: 'Task' },
  'Goal.programs': { pattern: '(m:Program)-[:CONTRIBUTES_TO]->(n)', target: 'Program' },
  'Goal.concerns': { pattern: '(n)-[:CONCERNS]->(m)', target: null },
  'Program.locatedIn': { pattern: '(n)-[:LOCATED_IN]->(m:Park)', target: 'Park', single: true },
  'Program.technologies': { pattern: '(n)-[:FOCUSES_ON]->(m:Technology)', target: 'Technology' },
  'Program.goals': { pattern: '(n)-[:CONTRIBUTES_TO]->(m:Goal)', target: 'Goal' },
  'Program.members': { pattern: '(m)-[:MEMBER_OF]->(n)', target: null },
  'Program.coBuilders': { pattern: '(m)-[:CO_BUILDS]->(n)', target: null },
  'Program.tasks': { pattern: '(m:Task)-[:CONCERNS]->(n)', target: 'Task' },
  'Need.technologies': { pattern: '(n)-[:REQUIRES]->(m:Technology)', target: 'Technology' },
  'Need.certifications': { pattern: '(n)-[:REQUIRES]->(m:Certification)', target: 'Certification' },
  'Need.preferredLocations': { pattern: '(n)-[:PREFERS]->(m)', target: null },
  'Need.issuer': { pattern: '(m)-[:ISSUED]->(n)', target: null, single: true },
  'Technology.needs': { pattern: '(m:Need)-[:REQUIRES]->(n)', target: 'Need' },
};

/** Arguments of a connection field. */
export interface ConnectionArgs extends PageArgs {
  filter?: Filter | null;
}

/**
 * One page of `field` for each parent id, in one query (the DataLoader batch function).
 * Each parent gets its own keyset page and its own total, computed over what the caller may see.
 * Without `total` (totalCount not selected) each parent keeps only its top `first` rows, which
 * spares building and sorting the whole list of a hub parent; `totalCount` is then -1, unread.
 */
export async function relationPages(
  db: Database,
  field: string,
  parentIds: readonly string[],
  args: ConnectionArgs,
  clearance: number,
  total = true,
): Promise<Connection[]> {
  const spec = RELATION_FIELDS[field]!;
  const q = pageQuery(args, clearance, spec.defaultOrder ?? 'NAME');
  const params = new Params();
  const where = compileFilter(args.filter, spec.target, params);
  // One pass per parent gives both the total and the page (the pattern is expanded once). The edge
  // shows the relationship only for one-hop patterns; multi-hop paths have no single one.
  const rows = await db.read(
    `UNWIND $ids AS pid
     MATCH (n:Entity {id: pid})
     CALL (n) {
       MATCH p = ${spec.pattern}
       WHERE ${visiblePath('p')} AND ${where}
       WITH m, head(collect(CASE WHEN length(p) = 1 THEN relationships(p)[0] END)) AS rel
       WITH m, rel, ${sortKey(q)} AS k
       ${
         total
           ? `ORDER BY k ${q.direction}, m.id ${q.direction}
              WITH collect({ m: m, rel: rel, k: k }) AS rows
              RETURN size(rows) AS total,
                     [r IN [r IN rows WHERE ${afterCursor(q, 'r.k', 'r.m.id')}][0..$limit] |
                       { node: ${entityOf('r.m')}, rel: ${relationship('r.rel')}, k: r.k }] AS page`
           : `WHERE ${afterCursor(q, 'k', 'm.id')}
              WITH m, rel, k ORDER BY k ${q.direction}, m.id ${q.direction} LIMIT $limit
              RETURN -1 AS total, collect({ node: ${entity('m')}, rel: ${relationship('rel')}, k: k }) AS page`
       }
     }
     RETURN pid, total, page`,
    { ids: parentIds, clearance, ...cursorParams(q), ...params.values },
  );
  const matched = rows.some((r) => (r.total as number) > 0 || (r.page as PageRow[]).length > 0);
  await checkFilterIds(db, args.filter, spec.target, clearance, matched);
  const byId = new Map(rows.map((r) => [r.pid as string, r]));
  return parentIds.map((id) => {
    const row = byId.get(id);
    return toConnection(q, (row?.page as PageRow[]) ?? [], (row?.total as number) ?? 0);
  });
}

/** The nearest target of a single-valued field for each parent id, in one query. */
export async function relationSingles(db: Database, field: string, parentIds: readonly string[], clearance: number): Promise<Array<EntityRow | null>> {
  const spec = RELATION_FIELDS[field]!;
  const rows = await db.read(
    `UNWIND $ids AS pid
     MATCH (n:Entity {id: pid})
     CALL (n) {
       OPTIONAL MATCH p = ${spec.pattern}
       WHERE ${visiblePath('p')}
       WITH m, p ORDER BY length(p), m.id
       LIMIT 1
       RETURN CASE WHEN m IS NULL THEN null ELSE ${entity('m')} END AS target
     }
     RETURN pid, target`,
    { ids: parentIds, clearance },
  );
  const byId = new Map(rows.map((r) => [r.pid as string, r.target as EntityRow | null]));
  return parentIds.map((id) => byId.get(id) ?? null);
}

