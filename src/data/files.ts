import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isRelType } from '../ontology.js';
import type { RawFile } from './dataset.js';

/**
 * Dataset files, as users and the seed folders write them. One file per label or relationship type:
 * - JSON: `{ "label": "Park", "nodes": [...] }` or `{ "type": "PART_OF", "relationships": [...] }`;
 * - CSV: named after the label (`Park.csv`) or type (`PART_OF.csv`), a header row of property names
 *   (`from`, `to` for relationships), list cells joined with `|`, empty cells meaning "not set".
 */

/** Properties that hold lists of strings. */
export const LIST_FIELDS = new Set(['aliases', 'sources', 'accessModes', 'function']);
/** Properties that hold numbers. */
export const NUMBER_FIELDS = new Set(['rank', 'weight']);
/** Properties that hold booleans (`true` / `false` in CSV). */
export const BOOLEAN_FIELDS = new Set(['generic', 'direct', 'certificationsMandatory']);
export const LIST_SEPARATOR = '|';

/** Reads one `.json` or `.csv` dataset file. */
export async function readDatasetFile(file: string): Promise<RawFile> {
  const name = path.basename(file);
  const text = await readFile(file, 'utf8');
  if (name.endsWith('.json')) {
    const doc = JSON.parse(text) as { label?: string; type?: string; nodes?: unknown[]; relationships?: unknown[]; aliases?: unknown[] };
    if (doc.label === undefined && doc.type === undefined && Array.isArray(doc.aliases)) return { file: name, records: [], aliases: doc.aliases };
    if (doc.label !== undefined) return { file: name, label: doc.label, records: doc.nodes ?? [] };
    return { file: name, type: doc.type, records: doc.relationships ?? [] };
  }
  if (name.endsWith('.csv')) {
    const kind = name.slice(0, -'.csv'.length);
    const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
    const records = rows.map(fromCsvRow);
    if (isRelType(kind)) return { file: name, type: kind, records };
    // unknown names are reported by validate() as unknown labels
    return { file: name, label: kind, records };
  }
  throw new Error(`${name}: expected a .json or .csv file`);
}

/** Reads every dataset file of a folder, sorted by name. */
export async function readDatasetDir(dir: string): Promise<RawFile[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json') || f.endsWith('.csv')).sort();
  return Promise.all(names.map((n) => readDatasetFile(path.join(dir, n))));
}

/** Records of one label or type, ready to be written to a file. */
export interface FileContent {
  label?: string;
  type?: string;
  records: Array<Record<string, unknown>>;
}

/** Writes each content as `<Label|TYPE>.json` or `.csv` in `dir`; returns the paths written. */
export async function writeDataset(dir: string, contents: FileContent[], format: 'json' | 'csv'): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const c of contents) {
    const kind = c.label ?? c.type!;
    const file = path.join(dir, `${kind}.${format}`);
    if (format === 'json') {
      const doc = c.label ? { label: c.label, nodes: c.records } : { type: c.type, relationships: c.records };
      await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
    } else {
      await writeFile(file, toCsv(c.records, c.type ? ['from', 'to'] : ['id', 'name']));
    }
    written.push(file);
  }
  return written;
}

function fromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '') continue;
    if (LIST_FIELDS.has(k)) out[k] = v.split(LIST_SEPARATOR);
    else if (NUMBER_FIELDS.has(k) && /^-?\d+(\.\d+)?$/.test(v)) out[k] = Number(v);
    else if (BOOLEAN_FIELDS.has(k) && (v === 'true' || v === 'false')) out[k] = v === 'true';
    else out[k] = v;
  }
  return out;
}

function toCsv(records: Array<Record<string, unknown>>, first: string[]): string {
  const keys = new Set(first);
  for (const r of records) for (const k of Object.keys(r)) keys.add(k);
  const columns = [...keys];
  const rows = records.map((r) =>
    columns.map((k) => {
      const v = r[k];
      if (v === undefined || v === null) return '';
      if (Array.isArray(v)) {
        if (v.some((x) => String(x).includes(LIST_SEPARATOR))) throw new Error(`${String(r.id ?? r.from)} ${k}: a list item contains '${LIST_SEPARATOR}'`);
        return v.join(LIST_SEPARATOR);
      }
      return String(v);
    }),
  );
  return stringify([columns, ...rows]);
}

