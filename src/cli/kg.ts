import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { connect, type Connection } from '../db/connect.js';
import { migrate, refreshSearchIndex } from '../db/migrations.js';
import { DatasetError, type RawFile } from '../data/dataset.js';
import { exportGraph } from '../data/export.js';
import { formatCounts, formatInferred, graphCounts, inferredItems } from '../data/report.js';
import { readDatasetDir, readDatasetFile, writeDataset } from '../data/files.js';
import { generate } from '../data/generator.js';
import { load, storeIsEmpty, validateFiles, writeNodeBatch, writeRelBatch, type LoadSummary } from '../data/loader.js';
import { BulkImportError } from '../db/bulk-import.js';
import { NotBulkLoadableError } from '../io/bulk/csv.js';
import { bulkLoad, datasetBatches, type BulkLoadResult } from '../io/bulk/load.js';
import type { Batch } from '../data/generator.js';
import { runQueryFile } from '../client/query.js';
import { viewerFromClaims } from '../auth/authenticate.js';
import { mintToken } from '../auth/tokens.js';
import { progressBar } from './progress.js';
import { IngestUsageError, ingestCommand } from '../io/ingest/cli.js';

/**
 * From this many records (nodes and relationships; a generated graph has about 3.9 per node), a load
 * into an empty embedded database goes through Neo4j's offline bulk importer (`--bulk auto`). Below
 * it, stopping and restarting the database costs more than the importer saves.
 */
const BULK_MIN_RECORDS = 200_000;

/** Usage of each subcommand (`kg <command> --help` prints its own). */
const COMMAND_USAGE: Record<string, string> = {
  import: `  import FILE|DIR...        load JSON/CSV dataset files (validated first; nothing is written on error)
      --dry-run             validate only
      --bulk auto|on|off    Neo4j's offline bulk importer into an empty embedded database (auto: from ${BULK_MIN_RECORDS.toLocaleString('en')} records)`,
  ingest: `  ingest FILE --out DIR     parse a plan (text or HTML) into a proposal: dataset files + review.md; writes nothing
      --against DIR         resolve names against a dataset folder (e.g. seed/plan) instead of the database
      --clearance LEVEL     resolve only against what this clearance may see (default TOP_SECRET)`,
  export: `  export DIR                write the whole graph, one file per label and relationship type
      --format json|csv     (default json)`,
  query: `  query FILE.graphql        run a GraphQL operation against the API and print the JSON answer
      --variables JSON      variables of the operation
      --url URL             API endpoint (default KG_URL, else http://localhost:$PORT/graphql, PORT default 4000)
      --token TOKEN         bearer token (default KG_TOKEN)`,
  token: `  token                     mint a development token (HS256, signed with JWT_SECRET; iss/aud from JWT_ISSUER/JWT_AUDIENCE)
      --sub NAME            subject
      --clearance LEVEL     PUBLIC | INTERNAL | CONFIDENTIAL | SECRET | TOP_SECRET (default PUBLIC)
      --roles LIST          comma-separated: reader,editor,admin,declassifier (default reader)
      --institution ID      the institution the subject acts for (access requests), e.g. inst:ex-beidou-navtech
      --expires SPAN        e.g. 1h, 8h (default 8h; the server refuses tokens living longer than JWT_MAX_LIFETIME_S)`,
  generate: `  generate                  stream a deterministic synthetic graph into Neo4j
      --nodes N             number of nodes (default 10000)
      --seed S              seed (default 1)
      --batch B             records per transaction (default 5000)
      --bulk auto|on|off    Neo4j's offline bulk importer into an empty embedded database (auto: from ${BULK_MIN_RECORDS.toLocaleString('en')} records)`,
  report: `  report inferred           every INFERRED node and relationship with its note (Markdown)
  report counts             nodes per label and relationships per type`,
};

const DATABASE_NOTE = `Connects to NEO4J_URI when set, else starts the embedded Neo4j on NEO4J_HOME_DIR (stop \`npm start\` first,
or point NEO4J_URI at the Bolt address it prints).`;

const USAGE = `Usage: npm run kg -- <command> [options]    (npm run kg -- <command> --help for one command)

${Object.values(COMMAND_USAGE).join('\n')}

${DATABASE_NOTE}`;

/** The usage of one command. */
function usageOf(command: string): string {
  const note = ['import', 'export', 'generate'].includes(command) ? `\n\n${DATABASE_NOTE}` : '';
  return `Usage: npm run kg -- ${command} [options]\n\n${COMMAND_USAGE[command]}${note}`;
}

/** The API endpoint of `kg query`: KG_URL, else the local server on PORT (default 4000). */
export function defaultQueryUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.KG_URL || `http://localhost:${env.PORT || '4000'}/graphql`;
}

/** Options of every command (each command reads its own). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  'dry-run': { type: 'boolean', default: false },
  format: { type: 'string', default: 'json' },
  nodes: { type: 'string', default: '10000' },
  seed: { type: 'string', default: '1' },
  batch: { type: 'string', default: '5000' },
  variables: { type: 'string' },
  url: { type: 'string', default: defaultQueryUrl() },
  token: { type: 'string', default: process.env.KG_TOKEN },
  sub: { type: 'string' },
  clearance: { type: 'string', default: 'PUBLIC' },
  roles: { type: 'string', default: 'reader' },
  expires: { type: 'string', default: '8h' },
  institution: { type: 'string' },
  out: { type: 'string' },
  against: { type: 'string' },
  bulk: { type: 'string', default: 'auto' },
} as const;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command ? 0 : 2;
  }
  if (!(command in COMMAND_USAGE)) {
    process.stderr.write(`unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    // node:util's messages name the option at fault (e.g. "Unknown option '--x'")
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${usageOf(command)}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(usageOf(command));
    return 0;
  }
  if (command === 'query') return queryFile(positionals, values.url, values.token, values.variables);
  if (command === 'ingest') {
    const clearance = rest.some((a) => a.startsWith('--clearance')) ? values.clearance : 'TOP_SECRET';
    return ingestCommand(positionals, { out: values.out, against: values.against, clearance }, out);
  }
  if (command === 'token') return token(values.sub, values.clearance, values.roles, values.expires, values.institution);
  if (values.format !== 'json' && values.format !== 'csv') throw new UsageError(`--format must be json or csv, got '${values.format}'`);

  const format = values.format; // narrowed above, kept for the closure below
  const bulk = values.bulk;
  if (bulk !== 'auto' && bulk !== 'on' && bulk !== 'off') throw new UsageError(`--bulk must be auto, on or off, got '${bulk}'`);
  const config = loadConfig();
  if (command === 'generate' || (command === 'import' && !values['dry-run'])) {
    const code = await tryBulk(config, command, bulk, positionals, values);
    if (code !== null) return code;
  }
  const conn = await connect(config, (l) => process.stderr.write(`${l}\n`));
  try {
    // bulk work, not a request: each of its transactions gets the start-up budget (STARTUP_TIMEOUT_MS),
    // not a request's (QUERY_TIMEOUT_MS); a 10,000-row batch on a 1M-node graph can outlast 30 s
    return await conn.db.withTimeout(config.startupTimeoutMs, async () => {
      await migrate(conn.db);
      if (command === 'import') return await importFiles(conn, positionals, values['dry-run']);
      if (command === 'export') return await exportFiles(conn, positionals, format);
      if (command === 'report') return await report(conn, positionals);
      return await generateGraph(conn, positiveInt('nodes', values.nodes), positiveInt('seed', values.seed, 0), positiveInt('batch', values.batch));
    });
  } finally {
    await conn.close();
  }
}

async function readFiles(paths: string[]): Promise<RawFile[]> {
  if (paths.length === 0) throw new UsageError('import needs at least one file or folder');
  const files: RawFile[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) files.push(...(await readDatasetDir(p)));
    else files.push(await readDatasetFile(p));
  }
  return files;
}

/** Prints a validation failure as `import` reports it; its exit status. */
function rejected(err: unknown, files: RawFile[]): number {
  if (!(err instanceof DatasetError)) throw err;
  process.stderr.write(`${err.message}\n`);
  out(`${files.reduce((n, f) => n + f.records.length, 0)} records read; created 0, updated 0, unchanged 0, rejected ${err.rejections.length}; nothing written`);
  return 1;
}

async function importFiles(conn: Connection, paths: string[], dryRun: boolean): Promise<number> {
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

/** Relationships per node of the generated graph (1M nodes: 2.92M relationships), to size `generate --bulk auto`. */
const GENERATED_RELS_PER_NODE = 2.9;

/**
 * The bulk path of `generate` and `import`: with the embedded database, into an empty store, when
 * `--bulk on`, or `auto` and at least BULK_MIN_RECORDS records. Validates first (import), stops the
 * database, runs Neo4j's offline importer (all or nothing), starts it again and builds the indexes
 * (the migrations). Returns null when the ordinary `MERGE` load should run instead.
 */
async function tryBulk(config: Config, command: 'generate' | 'import', bulk: 'auto' | 'on' | 'off', paths: string[], values: { nodes: string; seed: string }): Promise<number | null> {
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

async function exportFiles(conn: Connection, paths: string[], format: 'json' | 'csv'): Promise<number> {
  if (paths.length !== 1) throw new UsageError('export needs exactly one output folder');
  const contents = await exportGraph(conn.db);
  const written = await writeDataset(paths[0]!, contents, format);
  const n = contents.reduce((k, c) => k + c.records.length, 0);
  out(`exported ${n} records in ${written.length} files to ${paths[0]}`);
  return 0;
}

async function report(conn: Connection, what: string[]): Promise<number> {
  if (what.length !== 1 || !['inferred', 'counts'].includes(what[0]!)) throw new UsageError('report needs one of: inferred, counts');
  out(what[0] === 'inferred' ? formatInferred(await inferredItems(conn.db)) : formatCounts(await graphCounts(conn.db)));
  return 0;
}

async function generateGraph(conn: Connection, nodes: number, seed: number, batchSize: number): Promise<number> {
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

async function queryFile(paths: string[], url: string, token: string | undefined, variables: string | undefined): Promise<number> {
  if (paths.length !== 1) throw new UsageError('query needs exactly one .graphql file');
  let vars: Record<string, unknown> | undefined;
  try {
    vars = variables ? (JSON.parse(variables) as Record<string, unknown>) : undefined;
  } catch {
    throw new UsageError('--variables must be a JSON object');
  }
  await stat(paths[0]!).catch(() => {
    throw new UsageError(`no such file: ${paths[0]}`);
  });
  let result;
  try {
    result = await runQueryFile(paths[0]!, { url, token, variables: vars });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw new Error(`could not reach the API at ${url} (${why}); is the server running? Set KG_URL or PORT, or pass --url`);
  }
  out(JSON.stringify(result, null, 2));
  return result.errors ? 1 : 0;
}

async function token(sub: string | undefined, clearance: string, roles: string, expires: string, institution?: string): Promise<number> {
  const secret = process.env.JWT_SECRET;
  if (!secret) throw new UsageError('set JWT_SECRET (the same secret the server uses) to mint tokens');
  if (!sub) throw new UsageError('--sub is required');
  const viewer = viewerFromClaims({ sub, clearance, roles: roles.split(',').map((r) => r.trim()), institution });
  out(await mintToken({ secret, subject: viewer.subject!, clearance: viewer.clearance, roles: [...viewer.roles], institution: viewer.institution, expiresIn: expires, issuer: process.env.JWT_ISSUER, audience: process.env.JWT_AUDIENCE }));
  return 0;
}

function summaryLine(s: LoadSummary, rejected: number, dryRun: boolean): string {
  const verb = dryRun ? 'validated (dry run, nothing written)' : 'loaded';
  return `${s.nodes} nodes and ${s.relationships} relationships ${verb}; created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${rejected}`;
}

class UsageError extends Error {}

function positiveInt(name: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got '${raw}'`);
  return n;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError || err instanceof IngestUsageError ? 2 : 1);
  },
);
