import { loadConfig } from '../../config.js';
import { connect } from '../../db/connect.js';
import { CLASSIFICATIONS, type Classification } from '../../ontology.js';
import { ingestFile, knownFromDatabase, knownFromDir, writeProposal, type KnownGraph } from './index.js';

/** Options of `kg ingest`. */
export interface IngestCommandOptions {
  out?: string;
  against?: string;
  clearance: string;
}

/** A command-line mistake: the message is shown with the usage, the exit code is 2. */
export class IngestUsageError extends Error {
  readonly exitCode = 2;
}

/**
 * `kg ingest FILE --out DIR [--against DIR] [--clearance LEVEL]`: writes the proposal and prints a
 * summary. Resolves against the dataset folder when given, else against the database (NEO4J_URI or
 * the embedded one), reading only what `clearance` may see.
 */
export async function ingestCommand(files: string[], options: IngestCommandOptions, print: (line: string) => void): Promise<number> {
  if (files.length !== 1) throw new IngestUsageError('ingest needs exactly one document (a .txt or .html file)');
  if (!options.out) throw new IngestUsageError('ingest needs --out DIR (the folder the proposal is written to)');
  if (!(CLASSIFICATIONS as readonly string[]).includes(options.clearance)) {
    throw new IngestUsageError(`--clearance must be one of ${CLASSIFICATIONS.join(', ')}, got '${options.clearance}'`);
  }
  const clearance = options.clearance as Classification;
  const run = async (known: KnownGraph, against: string) => {
    const result = await ingestFile(files[0]!, known, against);
    const written = await writeProposal(options.out!, result);
    const p = result.proposal;
    const links = p.links.filter((l) => !l.existing).length;
    print(`${p.citation}: ${p.tasks.length} tasks (${p.tasks.filter((t) => t.agencies > 0).length} with responsible agencies), ${p.nodes.length} new nodes, ${links} new relationships, ${p.links.length - links} already in the graph`);
    print(`${p.ambiguous.length} ambiguous and ${p.unresolved.length} unresolved names, ${p.problems.length} parse problems; review: ${written[written.length - 1]}`);
    return 0;
  };
  if (options.against) return run(await knownFromDir(options.against, clearance), `the dataset folder ${options.against} (clearance ${clearance})`);
  const conn = await connect(loadConfig(), (l) => process.stderr.write(`${l}\n`));
  try {
    return await run(await knownFromDatabase(conn.db, clearance), `the database (clearance ${clearance})`);
  } finally {
    await conn.close();
  }
}
