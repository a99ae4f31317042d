/**
 * `npm run kg -- <command>`: the command line's dispatcher. Each command lives beside it: the
 * dataset commands (dataset-commands.ts), the bulk path of import and generate (bulk-command.ts),
 * the commands without a database (client-commands.ts), ingestion (src/io/ingest/cli.ts).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { migrate } from '../db/migrations.js';
import { IngestUsageError, ingestCommand } from '../io/ingest/cli.js';
import { tryBulk } from './bulk-command.js';
import { defaultQueryUrl, queryFile, token } from './client-commands.js';
import { out, positiveInt, UsageError } from './common.js';
import { exportFiles, generateGraph, importFiles, report } from './dataset-commands.js';
import { COMMAND_USAGE, USAGE, usageOf } from './usage.js';

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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError || err instanceof IngestUsageError ? 2 : 1);
  },
);
