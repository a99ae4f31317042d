/** The bulk path of `kg import` and `kg generate`: Neo4j's offline importer into an empty embedded database. */
import type { Config } from '../config.js';
import { connect } from '../db/connect.js';
import { BulkImportError } from '../db/bulk-import.js';
import { migrate, refreshSearchIndex } from '../db/migrations.js';
import { DatasetError } from '../data/dataset.js';
import { generate, type Batch } from '../data/generator.js';
import { storeIsEmpty, validateFiles, type LoadSummary } from '../data/loader.js';
import { NotBulkLoadableError } from '../io/bulk/csv.js';
import { bulkLoad, datasetBatches, type BulkLoadResult } from '../io/bulk/load.js';
import { out, positiveInt, summaryLine, UsageError } from './common.js';
import { readFiles, rejected } from './dataset-commands.js';
import { progressBar } from './progress.js';

/**
 * From this many records (nodes and relationships; a generated graph has about 3.9 per node), a load
 * into an empty embedded database goes through Neo4j's offline bulk importer (`--bulk auto`). Below
 * it, stopping and restarting the database costs more than the importer saves.
 */
export const BULK_MIN_RECORDS = 200_000;

/** Relationships per node of the generated graph (1M nodes: 2.92M relationships), to size `generate --bulk auto`. */
const GENERATED_RELS_PER_NODE = 2.9;

/**
 * The bulk path of `generate` and `import`: with the embedded database, into an empty store, when
 * `--bulk on`, or `auto` and at least BULK_MIN_RECORDS records. Validates first (import), stops the
 * database, runs Neo4j's offline importer (all or nothing), starts it again and builds the indexes
 * (the migrations). Returns null when the ordinary `MERGE` load should run instead.
 */
export async function tryBulk(config: Config, command: 'generate' | 'import', bulk: 'auto' | 'on' | 'off', paths: string[], values: { nodes: string; seed: string }): Promise<number | null> {
  if (bulk === 'off') return null;
  if (config.neo4jUri) {
    if (bulk === 'on') throw new UsageError('--bulk on needs the embedded database (NEO4J_URI unset): the importer writes the files of a stopped database');
    return null;
  }
  const nodes = command === 'generate' ? positiveInt('nodes', values.nodes) : 0;
  const seed = command === 'generate' ? positiveInt('seed', values.seed, 0) : 0;
  const files = command === 'import' ? await readFiles(paths) : [];
  const records = command === 'generate' ? nodes * (1 + GENERATED_RELS_PER_NODE) : files.reduce((n, f) => n + f.records.length, 0);
  if (bulk === 'auto' && records < BULK_MIN_RECORDS) return null;

  const log = (l: string) => process.stderr.write(`${l}\n`);
  const started = Date.now();
  let batches: Iterable<Batch>;
  const conn = await connect(config, log);
  try {
    const ready = await conn.db.withTimeout(config.startupTimeoutMs, async () => {
      await migrate(conn.db);
      if (!(await storeIsEmpty(conn.db))) return 'not empty';
      if (command === 'generate') batches = generate({ nodes, seed, batchSize: 10_000 });
      else batches = datasetBatches(await validateFiles(conn.db, files));
      return 'ready';
    });
    if (ready === 'not empty') {
      if (bulk === 'on') throw new UsageError('--bulk on needs an empty database (the importer replaces the store); this one holds data');
      return null;
    }
  } catch (err) {
    if (command === 'import' && err instanceof DatasetError) return rejected(err, files);
    throw err;
  } finally {
    await conn.close();
  }

  const bar = progressBar({ label: 'bulk files' });
  let loaded: BulkLoadResult;
  try {
    loaded = await bulkLoad(batches!, { home: config.embedded.home, onProgress: (n, r) => bar.update(n + r, Math.max(n + r, records)) });
  } catch (err) {
    if (err instanceof NotBulkLoadableError && bulk === 'auto') {
      log(`not bulk-loadable (${err.message}); loading with MERGE instead`);
      return null;
    }
    if (err instanceof NotBulkLoadableError || err instanceof BulkImportError) {
      log(err.message);
      out('created 0; nothing written');
      return 1;
    }
    throw err;
  }
  bar.done(loaded.nodes + loaded.relationships, loaded.nodes + loaded.relationships);

  const indexed = Date.now();
  const again = await connect(config, log);
  try {
    await again.db.withTimeout(config.startupTimeoutMs, async () => {
      await migrate(again.db, { log }); // constraints and indexes, built over the imported store
      await refreshSearchIndex(again.db);
    });
  } finally {
    await again.close();
  }
  const total = loaded.nodes + loaded.relationships;
  const seconds = (Date.now() - started) / 1000;
  const summary: LoadSummary = { created: total, updated: 0, unchanged: 0, nodes: loaded.nodes, relationships: loaded.relationships };
  out(summaryLine(summary, 0, false));
  out(`${loaded.nodes} nodes and ${loaded.relationships} relationships in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} records/s), through Neo4j's bulk importer:`);
  out(`  files ${loaded.filesSeconds.toFixed(1)} s, importer ${loaded.importSeconds.toFixed(1)} s (${Math.round(total / loaded.importSeconds)} records/s), restart and indexes ${((Date.now() - indexed) / 1000).toFixed(1)} s`);
  return 0;
}
