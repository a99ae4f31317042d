import type { ManagedTransaction } from 'neo4j-driver';
import { ENTITY_LABEL, LABELS, SEARCH_LABELS, type Label } from '../ontology.js';
import { toParams, type Database } from '../db/database.js';
import { refreshSearchIndex } from '../db/migrations.js';
import { validate, type Dataset, type NodeRecord, type RawFile, type RelRecord } from './dataset.js';
import { aliasEntries, applyAliases } from './aliases.js';
import { searchLabelsOf } from './search.js';
import { withSearchProperties } from '../text/search-fields.js';

/** Outcome of a load, per record. */
export interface LoadSummary {
  created: number;
  updated: number;
  unchanged: number;
  nodes: number;
  relationships: number;
}

export interface LoadOptions {
  /** Validate only; write nothing. */
  dryRun?: boolean;
  /** Records per UNWIND batch. */
  batchSize?: number;
  /** Called after each batch with records written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Datasets up to this many records are written in one transaction (all or nothing); larger ones in
 * one transaction per batch, which an idempotent re-run completes after an interruption.
 */
export const SINGLE_TRANSACTION_LIMIT = 20_000;

/**
 * Validates everything, then writes with `UNWIND … MERGE`: loading the same data twice leaves the
 * same graph, and invalid input writes nothing (DatasetError lists every offending record).
 * Node properties are replaced by the record's (the file is the authority for the ids it names).
 */
export async function load(db: Database, files: RawFile[], options: LoadOptions = {}): Promise<LoadSummary> {
  const dataset = await validateFiles(db, files);
  const summary: LoadSummary = { created: 0, updated: 0, unchanged: 0, nodes: dataset.nodes.length, relationships: dataset.rels.length };
  if (options.dryRun) return summary;
  await write(db, dataset, summary, options);
  await refreshSearchIndex(db);
  return summary;
}

/** Validates files against the ontology and the database's ids, and applies their aliases (throws DatasetError). */
export async function validateFiles(db: Database, files: RawFile[]): Promise<Dataset> {
  const existing = await existingLabels(db, files);
  const dataset = validate(files.filter((f) => !f.aliases), existing);
  applyAliases(dataset, files.flatMap((f) => (f.aliases ? aliasEntries(f.aliases, f.file) : [])));
  return dataset;
}

/**
 * A node as every load stores it: the record's properties with the derived search fields, and its
 * labels (besides ENTITY_LABEL): its own and the search labels of the clearances that may see it.
 */
export function storedNode(record: Pick<NodeRecord, 'label' | 'props'>): { labels: string[]; props: Record<string, unknown> } {
  const props = withSearchProperties(record.props);
  return { labels: [record.label, ...searchLabelsOf(props.classificationLevel as number)], props };
}

async function write(db: Database, dataset: Dataset, summary: LoadSummary, { batchSize = 1000, onProgress }: LoadOptions): Promise<void> {
  const total = dataset.nodes.length + dataset.rels.length;
  const batches: Array<(tx: ManagedTransaction) => Promise<number>> = [];
  // every label in one statement (labels are parameters, checked against the ontology in validate): a
  // cold database plans one statement instead of one per label, which took most of the seed load's
  // time at first start; relationships likewise while there are few (see DYNAMIC_TYPE_ROWS), else in
  // batches of one type each
  const nodes = LABELS.flatMap((label) => dataset.nodes.filter((n) => n.label === label));
  for (let i = 0; i < nodes.length; i += batchSize) batches.push((tx) => writeNodes(tx, nodes.slice(i, i + batchSize), summary));
  const dynamic = dataset.rels.length <= DYNAMIC_TYPE_ROWS;
  const groups = dynamic ? [dataset.rels] : [...groupByType(dataset.rels).values()];
  for (const rels of groups) for (let i = 0; i < rels.length; i += batchSize) batches.push((tx) => writeRels(tx, rels.slice(i, i + batchSize), summary, dynamic));

  let done = 0;
  if (total <= SINGLE_TRANSACTION_LIMIT) {
    const counted = { ...summary };
    await db.writeAll(async (tx) => {
      // a retried transaction starts its counts again
      Object.assign(summary, counted);
      done = 0;
      for (const b of batches) {
        done += await b(tx);
        onProgress?.(done, total);
      }
    });
    return;
  }
  for (const b of batches) {
    const counted = { ...summary };
    await db.writeAll(async (tx) => {
      Object.assign(summary, counted);
      done += await b(tx);
    });
    onProgress?.(done, total);
  }
}

async function writeNodes(tx: ManagedTransaction, rows: NodeRecord[], summary: LoadSummary): Promise<number> {
  const result = await tx.run(
    `UNWIND $rows AS row
     WITH row.labels AS labels, row.props AS props
     OPTIONAL MATCH (old:${ENTITY_LABEL} {id: props.id})
     WITH labels, props, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = props THEN 'unchanged' ELSE 'updated' END AS status
     MERGE (n:${ENTITY_LABEL} {id: props.id})
     SET n = props
     REMOVE n:${SEARCH_LABELS.join(':')}
     SET n:$(labels)
     RETURN status, count(*) AS n`,
    {
      rows: toParams(rows.map(storedNode)),
    },
  );
  tally(result.records, summary);
  return rows.length;
}

/** Writes relationships: one statement with the type as a parameter (`dynamic`, for few), else one per type. */
async function writeRels(tx: ManagedTransaction, rows: RelRecord[], summary: LoadSummary, dynamic = rows.length <= DYNAMIC_TYPE_ROWS): Promise<number> {
  if (dynamic) await writeRelStatement(tx, '$(row.type)', rows, summary);
  // the type comes from the ontology's allow-list (checked in validate, or by the generator's construction)
  else for (const [type, ofType] of groupByType(rows)) await writeRelStatement(tx, type, ofType, summary);
  return rows.length;
}

function groupByType(rows: RelRecord[]): Map<string, RelRecord[]> {
  const byType = new Map<string, RelRecord[]>();
  for (const r of rows) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  return byType;
}

/**
 * Loads of up to this many relationships write them with one statement whose type is a parameter
 * (Neo4j 5.26 dynamic types): a cold database plans one statement instead of one per type, which is
 * most of a small load's time (the seed's 606 relationships at first start). Larger loads write one
 * statement per type, planned with the type known: generating the 100k-node graph took 50.0 s with
 * dynamic types and 41.8 s per type (same database, 292,434 relationships).
 */
const DYNAMIC_TYPE_ROWS = 1_000;

async function writeRelStatement(tx: ManagedTransaction, type: string, rows: RelRecord[], summary: LoadSummary): Promise<void> {
  const result = await tx.run(
    `UNWIND $rows AS row
     MATCH (a:${ENTITY_LABEL} {id: row.from}), (b:${ENTITY_LABEL} {id: row.to})
     OPTIONAL MATCH (a)-[old:${type}]->(b)
     WITH a, b, row, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props THEN 'unchanged' ELSE 'updated' END AS status
     MERGE (a)-[r:${type}]->(b)
     SET r = row.props
     RETURN status, count(*) AS n`,
    { rows: toParams(rows.map((r) => ({ type: r.type, from: r.from, to: r.to, props: r.props }))) },
  );
  tally(result.records, summary);
}

/**
 * Writes pre-validated node records of one label in one transaction (for generators that produce
 * valid data by construction and stream it in batches). Idempotent, like `load`.
 */
export async function writeNodeBatch(db: Database, label: Label, records: NodeRecord[], summary: LoadSummary): Promise<void> {
  const counted = { ...summary };
  await db.writeAll(async (tx) => {
    Object.assign(summary, counted);
    await writeNodes(tx, records.map((r) => ({ ...r, label })), summary);
  });
}

/** Writes pre-validated relationships in one transaction. Idempotent, like `load`. */
export async function writeRelBatch(db: Database, records: RelRecord[], summary: LoadSummary): Promise<void> {
  const counted = { ...summary };
  await db.writeAll(async (tx) => {
    Object.assign(summary, counted);
    await writeRels(tx, records, summary);
  });
}

function tally(records: Array<{ get(key: string): unknown }>, summary: LoadSummary): void {
  for (const rec of records) {
    const status = rec.get('status') as 'created' | 'updated' | 'unchanged';
    summary[status] += Number(rec.get('n'));
  }
}

/** Labels of the ids the files mention that already exist in the database (for endpoint checks). */
async function existingLabels(db: Database, files: RawFile[]): Promise<Map<string, Label>> {
  const ids = new Set<string>();
  for (const f of files) {
    for (const r of f.records) {
      if (!r || typeof r !== 'object') continue;
      for (const k of ['id', 'from', 'to'] as const) {
        const v = (r as Record<string, unknown>)[k];
        if (typeof v === 'string') ids.add(v);
      }
    }
  }
  const rows = await db.read(
    `UNWIND $ids AS id
     MATCH (n:${ENTITY_LABEL} {id: id})
     RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels][0] AS label`,
    { ids: [...ids], labels: LABELS },
  );
  return new Map(rows.map((r) => [r.id as string, r.label as Label]));
}

/** True when the database holds nothing but its schema version (no entity, audit event or request). */
export async function storeIsEmpty(db: Database): Promise<boolean> {
  const rows = await db.read('MATCH (n) WHERE NOT n:SchemaVersion RETURN n.id AS id LIMIT 1');
  return rows.length === 0;
}

/** True when the graph holds no entity yet. */
export async function isEmpty(db: Database): Promise<boolean> {
  const rows = await db.read(`MATCH (n:${ENTITY_LABEL}) RETURN count(n) = 0 AS empty LIMIT 1`);
  return rows[0]!.empty as boolean;
}
