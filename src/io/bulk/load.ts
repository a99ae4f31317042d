import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { bulkImport, type BulkImportFiles } from '../../db/bulk-import.js';
import type { Dataset } from '../../data/dataset.js';
import type { Batch } from '../../data/generator.js';
import { storedNode } from '../../data/loader.js';
import { ENTITY_LABEL, type Label, type RelType } from '../../ontology.js';
import { ARRAY_DELIMITER, BulkCsvFile } from './csv.js';
import { NodeKeys } from './node-keys.js';

/** What a bulk load wrote, and where its time went. */
export interface BulkLoadResult {
  nodes: number;
  relationships: number;
  /** Writing the importer's files (derived search fields included). */
  filesSeconds: number;
  /** Neo4j's importer, JVM start to finish. */
  importSeconds: number;
}

export interface BulkLoadOptions {
  /** The embedded Neo4j home; its server must be stopped. */
  home: string;
  /** Called after each batch is written to the files. */
  onProgress?: (nodes: number, relationships: number) => void;
}

/**
 * Loads batches of valid records (the generator's, or a validated dataset's) into the empty default
 * database of a stopped embedded Neo4j through Neo4j's offline bulk importer: the records go to CSV
 * files beside the store, stored exactly as a `MERGE` load stores them (`storedNode`), then the
 * importer replaces the empty store. Throws NotBulkLoadableError before importing anything when a
 * value cannot travel through CSV unchanged (the caller then loads with `MERGE`), BulkImportError when
 * the records contradict each other (a duplicate id, a relationship to no node: the batches give every
 * node before the relationships that name it) or the importer refuses them (nothing changed). Indexes and constraints are not built here: the
 * migrations build them at the next start.
 */
export async function bulkLoad(batches: Iterable<Batch>, { home, onProgress }: BulkLoadOptions): Promise<BulkLoadResult> {
  const dir = await mkdtemp(path.join(path.resolve(home), 'bulk-'));
  const result: BulkLoadResult = { nodes: 0, relationships: 0, filesSeconds: 0, importSeconds: 0 };
  try {
    const started = Date.now();
    const files = await writeFiles(batches, dir, result, onProgress);
    const written = Date.now();
    result.filesSeconds = (written - started) / 1000;
    await bulkImport(files, { home, arrayDelimiter: ARRAY_DELIMITER, reportDir: dir });
    result.importSeconds = (Date.now() - written) / 1000;
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Writes the batches as the importer's files in `dir`, counting them in `result`. The node keys (about
 * 1 GiB at 10M nodes) live only here: unreachable once this returns, they can be given back while the
 * importer, a process of its own, runs.
 */
async function writeFiles(batches: Iterable<Batch>, dir: string, result: BulkLoadResult, onProgress?: BulkLoadOptions['onProgress']): Promise<BulkImportFiles> {
  const nodeFiles = new Map<Label, BulkCsvFile>();
  const relFiles = new Map<RelType, BulkCsvFile>();
  const keys = new NodeKeys();
  try {
    for (const batch of batches) {
      if (batch.kind === 'nodes') {
        const rows = batch.records.map((r) => {
          const { labels, props } = storedNode({ label: batch.label, props: r.props });
          return { key: keys.add(props.id as string), labels: [ENTITY_LABEL, ...labels], props };
        });
        let file = nodeFiles.get(batch.label);
        if (!file) nodeFiles.set(batch.label, (file = await BulkCsvFile.open(path.join(dir, `nodes-${batch.label}.csv`), 'nodes', rows.map((r) => r.props))));
        await file.writeNodes(rows);
        result.nodes += rows.length;
      } else {
        let file = relFiles.get(batch.type);
        if (!file) relFiles.set(batch.type, (file = await BulkCsvFile.open(path.join(dir, `rels-${batch.type}.csv`), 'relationships', batch.records.map((r) => r.props))));
        await file.writeRelationships(batch.records.map((r) => ({ from: keys.of(r.from, `a ${batch.type} relationship's start`), to: keys.of(r.to, `a ${batch.type} relationship's end`), props: r.props })));
        result.relationships += batch.records.length;
      }
      onProgress?.(result.nodes, result.relationships);
    }
  } finally {
    await Promise.all([...nodeFiles.values(), ...relFiles.values()].map((f) => f.close()));
  }
  return { nodes: [...nodeFiles.values()].map((f) => f.path), relationships: [...relFiles].map(([type, f]) => ({ type, file: f.path })) };
}

/** A validated dataset as batches of one label or one relationship type, for `bulkLoad`. */
export function* datasetBatches(dataset: Dataset, size = 10_000): Generator<Batch> {
  for (const [label, records] of groupBy(dataset.nodes, (n) => n.label)) for (let i = 0; i < records.length; i += size) yield { kind: 'nodes', label, records: records.slice(i, i + size) };
  for (const [type, records] of groupBy(dataset.rels, (r) => r.type)) for (let i = 0; i < records.length; i += size) yield { kind: 'rels', type, records: records.slice(i, i + size) };
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
