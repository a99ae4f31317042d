import { SEARCH_PROPERTIES } from '../text/search-fields.js';
import { ENTITY_LABEL, LABELS, REL_ENDPOINTS, REL_TYPES, type Label, type RelType } from '../ontology.js';
import type { Database } from '../db/database.js';
import type { FileContent } from './files.js';

/** Properties the database derives and an import recomputes. */
const DERIVED = ['classificationLevel', ...SEARCH_PROPERTIES];

/**
 * Reads the whole graph out, one content per label and relationship type, ordered by id, in pages
 * of `pageSize` (keyset on id, so memory stays bounded per page and the order is stable).
 */
export async function exportGraph(db: Database, pageSize = 10_000): Promise<FileContent[]> {
  const out: FileContent[] = [];
  for (const label of LABELS) {
    const records = await pages(pageSize, (after) => nodePage(db, label, after, pageSize), (r) => r.id as string);
    if (records.length > 0) out.push({ label, records });
  }
  for (const type of REL_TYPES) {
    const records = await relPages(db, type, pageSize);
    if (records.length > 0) out.push({ type, records });
  }
  return out;
}

async function pages(
  pageSize: number,
  fetch: (after: string) => Promise<Array<Record<string, unknown>>>,
  key: (r: Record<string, unknown>) => string,
): Promise<Array<Record<string, unknown>>> {
  const all: Array<Record<string, unknown>> = [];
  let after = '';
  for (;;) {
    const page = await fetch(after);
    all.push(...page);
    if (page.length < pageSize) return all;
    after = key(page[page.length - 1]!);
  }
}

async function nodePage(db: Database, label: Label, after: string, limit: number): Promise<Array<Record<string, unknown>>> {
  // `label` is from the ontology's allow-list
  const rows = await db.read(
    `MATCH (n:${label}:${ENTITY_LABEL}) WHERE n.id > $after
     RETURN properties(n) AS p ORDER BY n.id LIMIT $limit`,
    { after, limit },
  );
  return rows.map((r) => strip(r.p as Record<string, unknown>));
}

/** Relationships of `type` leaving the next `limit` start nodes after `after` (keyset on the start node's id). */
async function relPages(db: Database, type: RelType, limit: number): Promise<Array<Record<string, unknown>>> {
  const sources = [...new Set(REL_ENDPOINTS[type].map(([from]) => from))];
  const all: Array<Record<string, unknown>> = [];
  for (const label of sources) {
    let after = '';
    for (;;) {
      // `type` and `label` are from the ontology's allow-list
      const rows = await db.read(
        `MATCH (a:${label}:${ENTITY_LABEL}) WHERE a.id > $after
         WITH a ORDER BY a.id LIMIT $limit
         WITH collect(a) AS starts
         UNWIND starts AS a
         OPTIONAL MATCH (a)-[r:${type}]->(b:${ENTITY_LABEL})
         WITH starts, a, r, b ORDER BY a.id, b.id
         RETURN starts[-1].id AS last, size(starts) AS n,
                collect(CASE WHEN r IS NULL THEN null ELSE {from: a.id, to: b.id, p: properties(r)} END) AS rels`,
        { after, limit },
      );
      const row = rows[0];
      if (!row || (row.n as number) === 0) break;
      for (const r of row.rels as Array<{ from: string; to: string; p: Record<string, unknown> }>) all.push({ from: r.from, to: r.to, ...strip(r.p) });
      if ((row.n as number) < limit) break;
      after = row.last as string;
    }
  }
  return all;
}

function strip(props: Record<string, unknown>): Record<string, unknown> {
  const out = { ...props };
  for (const k of DERIVED) delete out[k];
  return out;
}
