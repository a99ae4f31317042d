/** What the `kg` commands share: their output, their usage errors, and their number options. */
import type { LoadSummary } from '../data/loader.js';

/** Writes one line of a command's result to stdout. */
export const out = (line: string) => process.stdout.write(`${line}\n`);

/** A command used wrongly: its message goes to stderr and `kg` exits with status 2. */
export class UsageError extends Error {}

/** The integer value of option `--name`, at least `min`. */
export function positiveInt(name: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got '${raw}'`);
  return n;
}

/** The summary line of a load (`import`, `generate`). */
export function summaryLine(s: LoadSummary, rejected: number, dryRun: boolean): string {
  const verb = dryRun ? 'validated (dry run, nothing written)' : 'loaded';
  return `${s.nodes} nodes and ${s.relationships} relationships ${verb}; created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${rejected}`;
}
