/** The `kg` commands on a connected database, with the ordinary (`MERGE`) load: import, export, report, generate. */
import { stat } from 'node:fs/promises';
import { refreshSearchIndex } from '../db/migrations.js';
import type { Connection } from '../db/connect.js';
import { DatasetError, type RawFile } from '../data/dataset.js';
import { exportGraph } from '../data/export.js';
import { readDatasetDir, readDatasetFile, writeDataset } from '../data/files.js';
import { generate } from '../data/generator.js';
import { load, writeNodeBatch, writeRelBatch, type LoadSummary } from '../data/loader.js';
import { formatCounts, formatInferred, graphCounts, inferredItems } from '../data/report.js';
import { out, summaryLine, UsageError } from './common.js';
import { progressBar } from './progress.js';

/** The dataset files named (files, or folders of them). */
export async function readFiles(paths: string[]): Promise<RawFile[]> {
  if (paths.length === 0) throw new UsageError('import needs at least one file or folder');
  const files: RawFile[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) files.push(...(await readDatasetDir(p)));
    else files.push(await readDatasetFile(p));
  }
  return files;
}

/** Prints a validation failure as `import` reports it; its exit status. */
export function rejected(err: unknown, files: RawFile[]): number {
  if (!(err instanceof DatasetError)) throw err;
  process.stderr.write(`${err.message}\n`);
  out(`${files.reduce((n, f) => n + f.records.length, 0)} records read; created 0, updated 0, unchanged 0, rejected ${err.rejections.length}; nothing written`);
  return 1;
}

export async function importFiles(conn: Connection, paths: string[], dryRun: boolean): Promise<number> {
  const files = await readFiles(paths);
  const bar = progressBar({ label: 'import' });
  try {
    const s = await load(conn.db, files, { dryRun, onProgress: bar.update });
    if (!dryRun) bar.done(s.nodes + s.relationships, s.nodes + s.relationships);
    out(summaryLine(s, 0, dryRun));
    return 0;
  } catch (err) {
    return rejected(err, files);
  }
}

export async function exportFiles(conn: Connection, paths: string[], format: 'json' | 'csv'): Promise<number> {
  if (paths.length !== 1) throw new UsageError('export needs exactly one output folder');
  const contents = await exportGraph(conn.db);
  const written = await writeDataset(paths[0]!, contents, format);
  const n = contents.reduce((k, c) => k + c.records.length, 0);
  out(`exported ${n} records in ${written.length} files to ${paths[0]}`);
  return 0;
}

export async function report(conn: Connection, what: string[]): Promise<number> {
  if (what.length !== 1 || !['inferred', 'counts'].includes(what[0]!)) throw new UsageError('report needs one of: inferred, counts');
  out(what[0] === 'inferred' ? formatInferred(await inferredItems(conn.db)) : formatCounts(await graphCounts(conn.db)));
  return 0;
}

export async function generateGraph(conn: Connection, nodes: number, seed: number, batchSize: number): Promise<number> {
  const summary: LoadSummary = { created: 0, updated: 0, unchanged: 0, nodes: 0, relationships: 0 };
  const started = Date.now();
  const nodeBar = progressBar({ label: 'nodes' });
  const relBar = progressBar({ label: 'relationships' });
  let peakRss = process.memoryUsage().rss;
  for (const batch of generate({ nodes, seed, batchSize })) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (batch.kind === 'nodes') {
      await writeNodeBatch(conn.db, batch.label, batch.records, summary);
      summary.nodes += batch.records.length;
      nodeBar.update(summary.nodes, nodes);
    } else {
      if (summary.relationships === 0) nodeBar.done(summary.nodes, nodes);
      await writeRelBatch(conn.db, batch.records, summary);
      summary.relationships += batch.records.length;
      relBar.update(summary.relationships, summary.relationships);
    }
  }
  relBar.done(summary.relationships, summary.relationships);
  await refreshSearchIndex(conn.db);
  const seconds = (Date.now() - started) / 1000;
  out(summaryLine(summary, 0, false));
  out(`${nodes} nodes and ${summary.relationships} relationships in ${seconds.toFixed(1)} s (${Math.round((nodes + summary.relationships) / seconds)} records/s)`);
  out(`peak RSS of this Node process: ${Math.round(peakRss / 2 ** 20)} MiB`);
  return 0;
}
