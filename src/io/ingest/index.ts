import { rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { LABELS, REL_TYPES } from '../../ontology.js';
import { writeDataset, type FileContent } from '../../data/files.js';
import { parseDocument } from './parse.js';
import { propose, type KnownGraph, type Proposal } from './propose.js';
import { renderReview } from './review.js';
import { readSource } from './source.js';

export type { KnownGraph, Proposal } from './propose.js';
export { knownFromDatabase, knownFromDir } from './known.js';

/** Name of the review file written beside the dataset files (not a dataset file: import skips it). */
export const REVIEW_FILE = 'review.md';

/** A proposal with its review text. */
export interface IngestResult {
  proposal: Proposal;
  review: string;
  format: 'html' | 'text';
}

/**
 * Reads a plan (text or HTML, traditional or simplified), parses it and resolves it against `known`.
 * Writes nothing: see `writeProposal`.
 */
export async function ingestFile(file: string, known: KnownGraph, against: string): Promise<IngestResult> {
  const source = await readSource(file);
  const proposal = await propose(parseDocument(source.text), known, path.basename(file));
  return { proposal, format: source.format, review: renderReview(proposal, { file: path.basename(file), format: source.format, against }) };
}

/** The proposal's new records in the import format, one content per label and relationship type. */
export function proposalContents(p: Proposal): FileContent[] {
  const out: FileContent[] = [];
  for (const label of LABELS) {
    const records = p.nodes.filter((n) => n.label === label).map((n) => n.record);
    if (records.length > 0) out.push({ label, records });
  }
  for (const type of REL_TYPES) {
    const records = p.links.filter((l) => l.type === type && !l.existing).map((l) => l.record);
    if (records.length > 0) out.push({ type, records });
  }
  return out;
}

/**
 * Writes the proposal to `dir`: `<Label>.json` / `<TYPE>.json` in the import format and `review.md`.
 * Dataset files a previous run left in `dir` are removed first, so the folder is exactly this proposal.
 */
export async function writeProposal(dir: string, result: IngestResult): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (const kind of [...LABELS, ...REL_TYPES]) await rm(path.join(dir, `${kind}.json`), { force: true });
  const written = await writeDataset(dir, proposalContents(result.proposal), 'json');
  const review = path.join(dir, REVIEW_FILE);
  await writeFile(review, result.review);
  return [...written, review];
}
