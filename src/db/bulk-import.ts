import { spawn } from 'node:child_process';
import path from 'node:path';
import { launcherJvmArgs } from './embedded.js';
import { ensureLauncher } from './launcher-build.js';
import { checkToolchain } from './toolchain.js';

/**
 * Files for Neo4j's offline bulk importer: node files carry their labels (`:LABEL`), relationship files
 * one type each; nodes are named by integers (`:ID`, `:START_ID`, `:END_ID`).
 */
export interface BulkImportFiles {
  nodes: string[];
  relationships: Array<{ type: string; file: string }>;
}

export interface BulkImportOptions {
  /** The embedded Neo4j home (NEO4J_HOME_DIR); no process may be using it. */
  home: string;
  /** The array delimiter the files were written with (also splits `:LABEL`). */
  arrayDelimiter: string;
  /** Folder for the importer's report of rejected input. */
  reportDir: string;
  /** JVM heap of the importer; its caches live off the heap. */
  heap?: string;
  env?: NodeJS.ProcessEnv;
}

/** The importer refused the input or could not run; the database is as it was before. */
export class BulkImportError extends Error {
  /** A refusal for `reason`, with `code` (IMPORT_FAILED unless the importer said otherwise). */
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(`bulk import failed (nothing was changed): ${reason}`);
    this.name = 'BulkImportError';
  }
}

const BULK_IMPORT_MAIN = 'org.dualuse.launcher.BulkImport';
const CODES: Record<number, string> = { 2: 'BAD_ARGUMENTS', 3: 'STORE_LOCKED', 5: 'IMPORT_FAILED' };

/**
 * Replaces the (empty) default database of an embedded Neo4j home with the files' graph, through
 * Neo4j's offline bulk importer (`neo4j-admin database import full`), run by the launcher
 * (launcher/…/BulkImport.java). All or nothing: any bad row, duplicate id or relationship to a
 * missing node stops the import and the old store is put back (also when this process dies half-way:
 * then by the next start of the database). Resolves with the importer's
 * output; rejects with BulkImportError carrying the importer's own reason.
 */
export async function bulkImport(files: BulkImportFiles, options: BulkImportOptions): Promise<string> {
  const { home, arrayDelimiter, reportDir, heap = '1g', env = process.env } = options;
  const { java } = checkToolchain(env, false);
  await ensureLauncher(env);
  const args = [
    ...launcherJvmArgs(heap, BULK_IMPORT_MAIN),
    '--home', path.resolve(home),
    '--parent-pid', String(process.pid), // it halts if this process dies; the next start rolls back
    '--',
    '--id-type=integer', // the files' :ID, :START_ID and :END_ID (see io/bulk/csv.ts)
    `--array-delimiter=${arrayDelimiter}`,
    '--multiline-fields=false',
    '--bad-tolerance=0',
    '--skip-bad-relationships=false',
    '--skip-duplicate-nodes=false',
    '--strict=true',
    '--verbose', // the reason of a refusal (e.g. which node is missing) is only printed with it
    `--report-file=${path.join(reportDir, 'import.report')}`,
    ...files.nodes.map((f) => `--nodes=${f}`),
    ...files.relationships.map(({ type, file }) => `--relationships=${type}=${file}`),
  ];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(java, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      // the importer prints a progress bar; keep the tail, where its summary or reason is
      output = (output + chunk.toString('utf8')).slice(-60_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (c) => resolve({ code: c, output }));
  });
  if (code === 0) return output;
  throw new BulkImportError(CODES[code ?? -1] ?? 'IMPORT_FAILED', reason(output));
}

/** The importer's reason for stopping: the input error it names, else its own error line. */
function reason(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const input = lines.find((l) => l.startsWith('original error:'));
  if (input) return input.slice('original error:'.length).trim().slice(0, 500);
  const own = lines.find((l) => /^ERROR [A-Z_]+: /.test(l)) ?? lines.at(-1) ?? 'no output';
  return own.replace(/^ERROR [A-Z_]+: /, '').slice(0, 500);
}
