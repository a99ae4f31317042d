import { open, type FileHandle } from 'node:fs/promises';

/**
 * Splits array values and labels in the bulk importer's files: the ASCII unit separator, which no
 * text of the plan uses (a value containing it makes the data not bulk-loadable, see below).
 */
export const ARRAY_DELIMITER = '\u001f';

/** A value the importer's CSV cannot carry exactly as a `MERGE` load would store it. */
export class NotBulkLoadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotBulkLoadableError';
  }
}

type Scalar = 'string' | 'long' | 'double' | 'boolean';
type ColumnType = Scalar | `${Scalar}[]`;
interface Column {
  key: string;
  type: ColumnType;
}

/**
 * One file of the bulk importer, header first: a node file (`:ID`, `id`, the properties, `:LABEL`) or
 * a relationship file of one type (`:START_ID`, `:END_ID`, the properties). The importer's ids are
 * integers given by the writer (`NodeKeys`), not the nodes' own string ids: the importer matches
 * relationships to nodes by them, and integers made it a quarter faster at 1M nodes (41.6 s against
 * 30.8 s); the `:ID` column has no name, so it is not stored, and `id` is an ordinary string
 * property, as a `MERGE` load stores it. Columns and their types
 * come from the records given to `open` (every record of a load, or a streamed load's first batch);
 * a later record with a property outside them, or of another type, is refused rather than
 * silently changed.
 */
export class BulkCsvFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly kind: 'nodes' | 'relationships',
    private readonly columns: Column[],
  ) {
    this.keys = new Set(columns.map((c) => c.key));
  }

  private readonly keys: Set<string>;

  /** Opens `path` for `sample`'s columns and writes the header. */
  static async open(path: string, kind: 'nodes' | 'relationships', sample: Array<Record<string, unknown>>): Promise<BulkCsvFile> {
    const columns = columnsOf(sample, kind === 'nodes' ? ['id'] : []);
    const handle = await open(path, 'w');
    const fixed = kind === 'nodes' ? [':ID', 'id:string'] : [':START_ID', ':END_ID'];
    const header = [...fixed, ...columns.map((c) => `${c.key}:${c.type}`), ...(kind === 'nodes' ? [':LABEL'] : [])];
    await handle.write(`${header.join(',')}\n`);
    return new BulkCsvFile(path, handle, kind, columns);
  }

  /** Appends nodes (`id` in their properties) with their importer keys and labels. */
  async writeNodes(rows: Array<{ key: number; props: Record<string, unknown>; labels: string[] }>): Promise<void> {
    if (this.kind !== 'nodes') throw new TypeError('not a node file');
    let text = '';
    for (const { key, props, labels } of rows) {
      text += `${importKey(key)},${quick(props.id, 'string') ?? field(props.id, 'string', 'id')},${this.cells(props)},${field(labels, 'string[]', ':LABEL')}\n`;
    }
    await this.handle.write(text);
  }

  /** Appends relationships of this file's type, between nodes named by their importer keys. */
  async writeRelationships(rows: Array<{ from: number; to: number; props: Record<string, unknown> }>): Promise<void> {
    if (this.kind !== 'relationships') throw new TypeError('not a relationship file');
    let text = '';
    for (const { from, to, props } of rows) text += `${importKey(from)},${importKey(to)},${this.cells(props)}\n`;
    await this.handle.write(text);
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  private cells(props: Record<string, unknown>): string {
    for (const k in props) {
      const own = this.kind === 'nodes' && k === 'id'; // a node's id is its own column
      if (!own && props[k] != null && !this.keys.has(k)) throw new NotBulkLoadableError(`property '${k}' is not among the columns of ${this.path}`);
    }
    let out = '';
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i]!;
      const value = props[c.key];
      out += `${i > 0 ? ',' : ''}${quick(value, c.type) ?? field(value, c.type, c.key)}`;
    }
    return out;
  }
}

/** Characters that make a string need more than quotes around it: a quote to double, or a refusal. */
const SPECIAL = /["\n\r\u001f]/;

/**
 * The common cases of `field` without its checks' allocations: a string without special characters,
 * a long, a double, a boolean of the column's type. Undefined for anything else, which `field` then
 * writes or refuses.
 */
function quick(value: unknown, type: ColumnType): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' && !SPECIAL.test(value) ? `"${value}"` : undefined;
    case 'long':
      return Number.isSafeInteger(value) ? String(value) : undefined;
    case 'double':
      return typeof value === 'number' && !Number.isSafeInteger(value) ? String(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : undefined;
    default:
      return undefined;
  }
}

function importKey(key: number): string {
  if (!Number.isSafeInteger(key) || key < 0) throw new TypeError(`an importer key is a non-negative integer, not ${key}`);
  return String(key);
}

/** Columns of the records' properties (minus `skip`), in first-seen order, each with one type. */
function columnsOf(records: Array<Record<string, unknown>>, skip: string[]): Column[] {
  const types = new Map<string, ColumnType>();
  for (const r of records) {
    for (const [key, value] of Object.entries(r)) {
      if (skip.includes(key) || value === null || value === undefined) continue;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new NotBulkLoadableError(`property name '${key}' cannot be a CSV column`);
      const type = typeOf(value, key);
      const seen = types.get(key);
      // e.g. 1 and 1.5: a MERGE load stores a long and a double, a CSV column holds one type
      if (seen !== undefined && seen !== type) throw new NotBulkLoadableError(`property '${key}' is ${seen} in one record and ${type} in another`);
      types.set(key, type);
    }
  }
  return [...types].map(([key, type]) => ({ key, type }));
}

function typeOf(value: unknown, key: string): ColumnType {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new NotBulkLoadableError(`property '${key}' is an empty list`);
    const types = new Set(value.map((v) => scalarOf(v, key)));
    if (types.size > 1) throw new NotBulkLoadableError(`property '${key}' mixes ${[...types].join(' and ')} in one list`);
    return `${[...types][0]!}[]`;
  }
  return scalarOf(value, key);
}

function scalarOf(value: unknown, key: string): Scalar {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      // the driver layer sends safe integers as Neo4j integers, anything else as a float
      return Number.isSafeInteger(value) ? 'long' : 'double';
    default:
      throw new NotBulkLoadableError(`property '${key}' has a value of type ${value === null ? 'null' : typeof value}`);
  }
}

/** One CSV field: empty for no value, strings always quoted (so "" stays an empty string). */
function field(value: unknown, type: ColumnType, key: string): string {
  if (value === null || value === undefined) return '';
  const actual = typeOf(value, key);
  if (actual !== type) throw new NotBulkLoadableError(`property '${key}' is ${actual} where its column is ${type}`);
  const items = Array.isArray(value) ? value : [value];
  const text = items.map((v) => (typeof v === 'string' ? checked(v, key) : String(v))).join(ARRAY_DELIMITER);
  return type.startsWith('string') ? `"${text.replaceAll('"', '""')}"` : text;
}

function checked(text: string, key: string): string {
  if (/[\n\r\u001f]/.test(text)) throw new NotBulkLoadableError(`property '${key}' holds a line break or the array delimiter`);
  return text;
}
