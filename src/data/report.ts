import type { Database } from '../db/database.js';
import { ENTITY_LABEL, LABELS, REL_TYPES } from '../ontology.js';

/** One INFERRED node or relationship, with how it was inferred. */
export interface InferredItem {
  kind: 'node' | 'relationship';
  /** A node's id, or `from -TYPE-> to`. */
  what: string;
  /** A node's name, or the names of both ends. */
  name: string;
  note: string;
  sources: string[];
}

/** Counts of the whole graph, per label and per relationship type (every classification: an operator's view). */
export interface GraphCounts {
  labels: Array<{ label: string; count: number }>;
  types: Array<{ type: string; count: number }>;
}

/**
 * Every INFERRED node and relationship of the graph with its note, nodes first, each sorted by id:
 * what an analyst must take as derived rather than stated. Reads the whole graph, whatever its
 * classification: it is for the operators who curate the data (the `kg` command), not for the API.
 */
export async function inferredItems(db: Database): Promise<InferredItem[]> {
  const nodes = await db.read(
    `MATCH (n:${ENTITY_LABEL}) WHERE n.basis = 'INFERRED'
     RETURN 'node' AS kind, n.id AS what, n.name AS name, coalesce(n.note, '') AS note, coalesce(n.sources, []) AS sources
     ORDER BY what`,
  );
  const rels = await db.read(
    `MATCH (a:${ENTITY_LABEL})-[r]->(b:${ENTITY_LABEL}) WHERE r.basis = 'INFERRED'
     RETURN 'relationship' AS kind, a.id + ' -' + type(r) + '-> ' + b.id AS what, a.name + ' → ' + b.name AS name,
            coalesce(r.note, '') AS note, coalesce(r.sources, []) AS sources
     ORDER BY what`,
  );
  return [...nodes, ...rels] as unknown as InferredItem[];
}

/** Nodes per label and relationships per type, zero included, in the ontology's order. */
export async function graphCounts(db: Database): Promise<GraphCounts> {
  // labels and types come from the ontology's allow-lists, never from input
  const [row] = await db.read(
    `CALL () { ${LABELS.map((l) => `MATCH (n:${l}:${ENTITY_LABEL}) RETURN '${l}' AS k, count(n) AS n`).join(' UNION ALL ')} }
     WITH collect({ k: k, n: n }) AS labels
     CALL () { ${REL_TYPES.map((t) => `MATCH (:${ENTITY_LABEL})-[r:${t}]->(:${ENTITY_LABEL}) RETURN '${t}' AS k, count(r) AS n`).join(' UNION ALL ')} }
     RETURN labels, collect({ k: k, n: n }) AS types`,
  );
  // a type never written may come back without its row: the ontology's lists give the zeros
  const count = (rows: unknown, k: string) => (rows as Array<{ k: string; n: number }> | undefined)?.find((x) => x.k === k)?.n ?? 0;
  return {
    labels: LABELS.map((label) => ({ label, count: count(row?.labels, label) })),
    types: REL_TYPES.map((type) => ({ type, count: count(row?.types, type) })),
  };
}

/** The inferred items as Markdown: one table for nodes, one for relationships, and a count line. */
export function formatInferred(items: InferredItem[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const table = (kind: InferredItem['kind'], head: string) => {
    const rows = items.filter((i) => i.kind === kind);
    return [
      `## Inferred ${kind === 'node' ? 'nodes' : 'relationships'} (${rows.length})`,
      '',
      `| ${head} | note | sources |`,
      '|---|---|---|',
      ...rows.map((i) => `| ${esc(i.what)} (${esc(i.name)}) | ${esc(i.note)} | ${esc(i.sources.join('; '))} |`),
      '',
    ].join('\n');
  };
  const nodes = items.filter((i) => i.kind === 'node').length;
  return `${table('node', 'node')}\n${table('relationship', 'relationship')}\n${nodes} inferred nodes, ${items.length - nodes} inferred relationships`;
}

/** The counts as two aligned lists. */
export function formatCounts(c: GraphCounts): string {
  const total = (xs: Array<{ count: number }>) => xs.reduce((n, x) => n + x.count, 0);
  return [
    `nodes: ${total(c.labels)}`,
    ...c.labels.map((x) => `  ${x.label.padEnd(20)} ${x.count}`),
    `relationships: ${total(c.types)}`,
    ...c.types.map((x) => `  ${x.type.padEnd(20)} ${x.count}`),
  ].join('\n');
}
