import { CLASSIFICATIONS, LABELS, REL_ENDPOINTS, REL_ROLES, REL_TYPES, type Label, type RelType } from '../../src/ontology.js';
import { ID_PREFIX, NODE_SCHEMAS, type RawFile } from '../../src/data/dataset.js';
import { load } from '../../src/data/loader.js';
import type { Database } from '../../src/db/database.js';
import { wipe } from '../helpers.js';

/**
 * Random worlds for the non-interference test: every label of the ontology, relationships of every
 * allowed type, classifications drawn independently on nodes and relationships. Records are built
 * from the dataset's own validation schemas (so a new optional field or label is generated without
 * editing this file) and written through the product's loader, as any import would be.
 */

/** A deterministic random source (mulberry32), so a world is reproducible from its seed. */
export interface Rng {
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

export interface WorldNode {
  id: string;
  label: Label;
  level: number;
  record: Record<string, unknown>;
}

export interface WorldRel {
  type: RelType;
  from: string;
  to: string;
  level: number;
  record: Record<string, unknown>;
}

export interface World {
  seed: number;
  nodes: WorldNode[];
  rels: WorldRel[];
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
  };
}

/** Name parts shared between nodes, so search terms occur in several names (visible and hidden). */
export const WORDS_ZH = ['衛星', '導航', '海軍', '載荷', '實驗室', '平臺', '測試', '遙感', '中心', '基地'] as const;
export const WORDS_EN = ['satellite', 'navigation', 'navy', 'payload', 'lab', 'platform', 'test', 'remote', 'centre', 'base'] as const;

const words = (r: Rng, from: readonly string[], n: number, sep: string) => Array.from({ length: n }, () => r.pick(from)).join(sep);

/** Values for a field of a zod schema (zod 4's `def`): enums, strings (ISO dates too), numbers, lists. */
function sample(schema: any, r: Rng): unknown {
  const def = schema.def ?? schema._def;
  switch (def.type) {
    case 'optional':
      return r.chance(0.4) ? undefined : sample(def.innerType, r);
    case 'default':
      return sample(def.innerType, r);
    case 'enum':
      return r.pick(schema.options as string[]);
    case 'array': {
      const xs = Array.from({ length: r.int(3) }, () => sample(def.element, r));
      return [...new Set(xs)];
    }
    case 'string': {
      const fits = [words(r, WORDS_ZH, 1 + r.int(2), ''), r.pick(['2013', '2014-06', '2015-12-31'])].filter((c) => schema.safeParse(c).success);
      if (fits.length === 0) throw new Error('cannot generate a value for a string field of the dataset schema');
      return r.pick(fits);
    }
    case 'number':
      return 1 + r.int(3);
    case 'boolean':
      return r.chance(0.5);
    default:
      throw new Error(`cannot generate a value of zod type '${def.type}' for the non-interference world`);
  }
}

/** Fields every record has, set by `nodeRecord` itself. */
const COMMON = ['id', 'name', 'nameEn', 'aliases', 'classification', 'sources'];

/** A valid record of `label` (its schema's fields drawn at random, common fields set here). */
function nodeRecord(label: Label, id: string, level: number, r: Rng): Record<string, unknown> {
  const schema = NODE_SCHEMAS[label] as any;
  for (let attempt = 0; attempt < 20; attempt++) {
    const rec: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, unknown>)) {
      if (COMMON.includes(key)) continue;
      const v = sample(field, r);
      if (v !== undefined) rec[key] = v;
    }
    Object.assign(rec, {
      id,
      name: words(r, WORDS_ZH, 1 + r.int(3), ''),
      classification: CLASSIFICATIONS[level],
      sources: ['NI TEST'],
    });
    if (r.chance(0.6)) rec.nameEn = words(r, WORDS_EN, 1 + r.int(2), ' ');
    else delete rec.nameEn;
    rec.aliases = r.chance(0.3) ? [r.pick(WORDS_EN)] : [];
    if (schema.safeParse(rec).success) return rec;
  }
  throw new Error(`cannot generate a valid ${label} record: ${JSON.stringify(schema.safeParse({}).error?.issues)}`);
}

export interface WorldSize {
  /** Nodes per label: 1..maxPerLabel. */
  maxPerLabel: number;
  /** Relationship attempts (duplicates and self-loops are dropped). */
  rels: number;
}

/** A random world with every label, mixed classifications on nodes and relationships. */
export function makeWorld(seed: number, size: WorldSize): World {
  const r = rng(seed);
  const nodes: WorldNode[] = [];
  for (const label of LABELS) {
    const n = 1 + r.int(size.maxPerLabel);
    for (let i = 0; i < n; i++) {
      const id = `${ID_PREFIX[label]}:ni-${i}`;
      const level = r.int(CLASSIFICATIONS.length);
      nodes.push({ id, label, level, record: nodeRecord(label, id, level, r) });
    }
  }
  const byLabel = (l: Label | '*') => nodes.filter((n) => l === '*' || n.label === l);
  const rels: WorldRel[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < size.rels; i++) {
    const type = r.pick(REL_TYPES);
    const [fromLabel, toLabel] = r.pick(REL_ENDPOINTS[type]);
    const from = r.pick(byLabel(fromLabel)).id;
    const to = r.pick(byLabel(toLabel)).id;
    const key = `${from}|${type}|${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    const level = r.int(CLASSIFICATIONS.length);
    const record: Record<string, unknown> = { from, to, classification: CLASSIFICATIONS[level], sources: ['NI TEST'] };
    if (r.chance(0.3)) record.rank = 1 + r.int(3);
    if (r.chance(0.3)) record.weight = r.pick([0.5, 1, 2]);
    // a role only where the ontology gives the type roles (REL_ROLES), from its own values
    const roles = REL_ROLES[type as keyof typeof REL_ROLES];
    if (roles && r.chance(0.2)) record.role = r.pick([...roles]);
    rels.push({ type, from, to, level, record });
  }
  return { seed, nodes, rels };
}

/** What a caller cleared for `clearance` may see: visible nodes, and visible relationships between them. */
export function restrict(w: World, clearance: number): World {
  const nodes = w.nodes.filter((n) => n.level <= clearance);
  const ids = new Set(nodes.map((n) => n.id));
  return { seed: w.seed, nodes, rels: w.rels.filter((e) => e.level <= clearance && ids.has(e.from) && ids.has(e.to)) };
}

/** The world as the loader's input files (one per label and relationship type). */
export function filesOf(w: World): RawFile[] {
  const files: RawFile[] = [];
  for (const label of LABELS) files.push({ file: `${label}.json`, label, records: w.nodes.filter((n) => n.label === label).map((n) => n.record) });
  for (const type of REL_TYPES) {
    const records = w.rels.filter((e) => e.type === type).map((e) => e.record);
    if (records.length > 0) files.push({ file: `${type}.json`, type, records });
  }
  return files;
}

/**
 * Empties `db` and loads `w` through the product's loader. Full-text indexes are dropped and created
 * again first: Lucene keeps deleted documents in its term statistics until segments merge, so an
 * index that held an earlier world would score differently from a fresh one holding the same data.
 */
export async function loadWorld(db: Database, w: World): Promise<void> {
  await wipe(db);
  await recreateFulltextIndexes(db);
  await load(db, filesOf(w));
}

async function recreateFulltextIndexes(db: Database): Promise<void> {
  const indexes = await db.read('SHOW FULLTEXT INDEXES YIELD name, entityType, labelsOrTypes, properties, options');
  for (const ix of indexes) {
    const name = ix.name as string;
    const labels = (ix.labelsOrTypes as string[]).map((l) => `\`${l}\``).join('|');
    const props = (ix.properties as string[]).map((p) => `n.\`${p}\``).join(', ');
    const config = (ix.options as { indexConfig: Record<string, unknown> }).indexConfig;
    const literal = Object.entries(config)
      .map(([k, v]) => `\`${k}\`: ${typeof v === 'string' ? `'${v.replaceAll("'", "\\'")}'` : String(v)}`)
      .join(', ');
    const pattern = ix.entityType === 'NODE' ? `(n:${labels})` : `()-[n:${labels}]-()`;
    await db.changeSchema([`DROP INDEX \`${name}\``]);
    await db.changeSchema([`CREATE FULLTEXT INDEX \`${name}\` FOR ${pattern} ON EACH [${props}] OPTIONS { indexConfig: { ${literal} } }`]);
  }
  await db.read('CALL db.awaitIndexes(300)');
}
