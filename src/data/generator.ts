import {
  ACCESS_MODES,
  AGENCY_KINDS,
  CLASSIFICATIONS,
  CLASSIFICATION_LEVEL,
  FACILITY_ACCESS,
  FACILITY_KINDS,
  INSTITUTION_SECTORS,
  LABELS,
  NEED_STATUSES,
  PARK_KINDS,
  type Classification,
  type Label,
  type RelType,
} from '../ontology.js';
import { ID_PREFIX, type NodeRecord, type Props, type RelRecord } from './dataset.js';

/** Options of the synthetic generator. */
export interface GeneratorOptions {
  /** Total number of nodes (at least 100). */
  nodes: number;
  /** Seed of the pseudo-random sequence: the same seed and size give the same graph. */
  seed: number;
  /** Records per batch. */
  batchSize?: number;
}

export type Batch = { kind: 'nodes'; label: Label; records: NodeRecord[] } | { kind: 'rels'; type: RelType; records: RelRecord[] };

/** Share of each label in the graph (the rest goes to IPAsset), with a floor for the small ones. */
const SHARE: Record<Label, [share: number, min: number]> = {
  Document: [0.0005, 2],
  Agency: [0.01, 5],
  District: [0.001, 5],
  Park: [0.01, 10],
  Institution: [0.2, 10],
  Facility: [0.25, 10],
  Technology: [0.02, 20],
  Standard: [0.04, 5],
  IPAsset: [0, 0],
  Certification: [0.001, 4],
  FinancingInstrument: [0.002, 5],
  Task: [0.08, 10],
  Phase: [0.001, 2],
  Goal: [0.002, 2],
  Program: [0.002, 2],
  Need: [0.001, 2],
};

/** Technology trees of fan-out 5 and depth 4 (1 + 5 + 25 + 125 nodes), park trees of fan-out 4 and depth 3. */
const TECH_TREE = 156;
const TECH_FANOUT = 5;
const PARK_TREE = 21;
const PARK_FANOUT = 4;

/** Node counts per label for a graph of `total` nodes. */
export function labelCounts(total: number): Record<Label, number> {
  if (!Number.isInteger(total) || total < 100) throw new RangeError(`nodes must be an integer >= 100, got ${total}`);
  const counts = {} as Record<Label, number>;
  let used = 0;
  for (const label of LABELS) {
    const [share, min] = SHARE[label];
    counts[label] = Math.max(min, Math.floor(total * share));
    used += counts[label];
  }
  counts.IPAsset += total - used;
  return counts;
}

/**
 * Generates a synthetic graph deterministically, as batches ready to write: every label and
 * relationship type of the ontology, skewed (power-law-like) degrees, technology and park
 * hierarchies as deep as the plan's, and mixed classifications. All node batches come before any
 * relationship batch, so endpoints exist when relationships are written. Nothing is held in memory
 * beyond one batch per type: ids are derived from indexes.
 */
export function* generate({ nodes, seed, batchSize = 5000 }: GeneratorOptions): Generator<Batch> {
  const counts = labelCounts(nodes);
  const id = (label: Label, i: number) => `${ID_PREFIX[label]}:syn-${i}`;
  const source = [`SYNTHETIC (kg generate --nodes ${nodes} --seed ${seed})`];

  for (const label of LABELS) {
    let batch: NodeRecord[] = [];
    for (let i = 0; i < counts[label]; i++) {
      const rnd = rng(seed, label, i, 0);
      batch.push({ label, props: nodeProps(label, i, id(label, i), rnd, source), origin: 'generator' });
      if (batch.length === batchSize) {
        yield { kind: 'nodes', label, records: batch };
        batch = [];
      }
    }
    if (batch.length > 0) yield { kind: 'nodes', label, records: batch };
  }

  const buffers = new Map<RelType, RelRecord[]>();
  const pending: Batch[] = [];
  const rel = (type: RelType, fromLabel: Label, from: number, toLabel: Label, to: number, rnd: () => number) => {
    const list = buffers.get(type) ?? [];
    const classification = pickClassification(rnd, 0.9);
    list.push({
      type,
      from: id(fromLabel, from),
      to: id(toLabel, to),
      // basis as the importer's validation materialises it, so an exported graph re-imports unchanged
      props: { classification, classificationLevel: CLASSIFICATION_LEVEL[classification], sources: source, basis: 'STATED' },
      origin: 'generator',
    });
    buffers.set(type, list);
    if (list.length === batchSize) {
      pending.push({ kind: 'rels', type, records: list });
      buffers.set(type, []);
    }
  };
  /** An index in [0, n) skewed towards 0: a few hubs, a long tail. */
  const skewed = (rnd: () => number, n: number) => Math.min(n - 1, Math.floor(n * rnd() ** 3));
  const uniform = (rnd: () => number, n: number) => Math.floor(rnd() * n);
  const c = counts;

  for (const label of LABELS) {
    for (let i = 0; i < c[label]; i++) {
      const rnd = rng(seed, label, i, 1);
      switch (label) {
        case 'Technology': {
          const j = i % TECH_TREE;
          const root = i - j;
          if (j > 0 && root + Math.floor((j - 1) / TECH_FANOUT) < c.Technology) rel('PART_OF', label, i, 'Technology', root + Math.floor((j - 1) / TECH_FANOUT), rnd);
          break;
        }
        case 'Park': {
          const j = i % PARK_TREE;
          const root = i - j;
          if (j > 0) rel('PART_OF', label, i, 'Park', root + Math.floor((j - 1) / PARK_FANOUT), rnd);
          if (j === 0 || rnd() < 0.3) rel('LOCATED_IN', label, i, 'District', uniform(rnd, c.District), rnd);
          for (const t of distinct(rnd, 1 + uniform(rnd, 3), () => skewed(rnd, c.Technology))) rel('FOCUSES_ON', label, i, 'Technology', t, rnd);
          break;
        }
        case 'Facility': {
          if (rnd() < 0.8) rel('LOCATED_IN', label, i, 'Park', skewed(rnd, c.Park), rnd);
          else rel('LOCATED_IN', label, i, 'District', uniform(rnd, c.District), rnd);
          for (const t of distinct(rnd, 1 + uniform(rnd, 3), () => skewed(rnd, c.Technology))) rel('SERVES', label, i, 'Technology', t, rnd);
          break;
        }
        case 'Institution': {
          if (rnd() < 0.7) rel('LOCATED_IN', label, i, 'Park', skewed(rnd, c.Park), rnd);
          else rel('LOCATED_IN', label, i, 'District', uniform(rnd, c.District), rnd);
          if (rnd() < 0.6) rel('OPERATES', label, i, 'Facility', uniform(rnd, c.Facility), rnd);
          for (const f of distinct(rnd, uniform(rnd, 5), () => skewed(rnd, c.Facility))) rel('USES', label, i, 'Facility', f, rnd);
          for (const t of distinct(rnd, uniform(rnd, 3), () => skewed(rnd, c.Technology))) rel('FOCUSES_ON', label, i, 'Technology', t, rnd);
          for (const p of distinct(rnd, uniform(rnd, 3), () => uniform(rnd, c.IPAsset))) rel('HOLDS', label, i, 'IPAsset', p, rnd);
          if (rnd() < 0.1) rel('HOLDS', label, i, 'Certification', uniform(rnd, c.Certification), rnd);
          if (rnd() < 0.05) rel('MEMBER_OF', label, i, 'Institution', skewed(rnd, c.Institution), rnd);
          if (rnd() < 0.05) rel('MEMBER_OF', label, i, 'Park', skewed(rnd, c.Park), rnd);
          if (rnd() < 0.03) rel('OFFERS', label, i, 'FinancingInstrument', uniform(rnd, c.FinancingInstrument), rnd);
          break;
        }
        case 'Task': {
          rel('PART_OF', label, i, 'Document', uniform(rnd, c.Document), rnd);
          rel('SCHEDULED_IN', label, i, 'Phase', uniform(rnd, c.Phase), rnd);
          if (rnd() < 0.3) rel('CONTRIBUTES_TO', label, i, 'Goal', uniform(rnd, c.Goal), rnd);
          for (const a of distinct(rnd, 1 + uniform(rnd, 3), () => skewed(rnd, c.Agency))) rel('RESPONSIBLE_FOR', 'Agency', a, 'Task', i, rnd);
          const targets: Label[] = ['Park', 'Facility', 'Technology', 'Certification', 'FinancingInstrument', 'Institution'];
          for (const k of distinct(rnd, 1 + uniform(rnd, 3), () => uniform(rnd, targets.length))) {
            const t = targets[k]!;
            rel('CONCERNS', label, i, t, skewed(rnd, c[t]), rnd);
          }
          break;
        }
        case 'IPAsset':
          rel('COVERS', label, i, 'Technology', skewed(rnd, c.Technology), rnd);
          break;
        case 'Standard':
          for (const t of distinct(rnd, 1 + uniform(rnd, 2), () => skewed(rnd, c.Technology))) rel('COVERS', label, i, 'Technology', t, rnd);
          break;
        case 'Agency':
          if (rnd() < 0.2) rel('MEMBER_OF', label, i, 'Institution', skewed(rnd, c.Institution), rnd);
          if (rnd() < 0.1) rel('OFFERS', label, i, 'FinancingInstrument', uniform(rnd, c.FinancingInstrument), rnd);
          if (rnd() < 0.2) rel('ADMINISTERS', label, i, 'Park', uniform(rnd, c.Park), rnd);
          if (rnd() < 0.2) rel('CO_BUILDS', label, i, 'Facility', skewed(rnd, c.Facility), rnd);
          if (i < c.Document) rel('ISSUED', label, i, 'Document', i, rnd);
          break;
        case 'Document':
          if (i > 0) rel('CITES', label, i, 'Document', uniform(rnd, i), rnd);
          break;
        case 'Need':
          rel('REQUIRES', label, i, 'Technology', skewed(rnd, c.Technology), rnd);
          if (rnd() < 0.5) rel('REQUIRES', label, i, 'Certification', uniform(rnd, c.Certification), rnd);
          if (rnd() < 0.5) rel('PREFERS', label, i, 'District', uniform(rnd, c.District), rnd);
          break;
        case 'Program':
          rel('CONTRIBUTES_TO', label, i, 'Goal', uniform(rnd, c.Goal), rnd);
          rel('FOCUSES_ON', label, i, 'Technology', skewed(rnd, c.Technology), rnd);
          break;
        case 'Phase':
        case 'Goal':
          rel('PART_OF', label, i, 'Document', uniform(rnd, c.Document), rnd);
          break;
        default:
          break;
      }
      while (pending.length > 0) yield pending.shift()!;
    }
  }
  for (const [type, records] of buffers) if (records.length > 0) yield { kind: 'rels', type, records };
}

const NAMES: Record<Label, [zh: string, en: string]> = {
  Document: ['合成文件', 'Synthetic document'],
  Agency: ['合成機構', 'Synthetic agency'],
  District: ['合成區', 'Synthetic district'],
  Park: ['合成園區', 'Synthetic park'],
  Institution: ['合成單位', 'Synthetic institution'],
  Facility: ['合成實驗室', 'Synthetic lab'],
  Technology: ['合成技術', 'Synthetic technology'],
  Standard: ['合成標準', 'Synthetic standard'],
  IPAsset: ['合成專利', 'Synthetic patent'],
  Certification: ['合成認證', 'Synthetic certification'],
  FinancingInstrument: ['合成金融工具', 'Synthetic financing instrument'],
  Task: ['合成任務', 'Synthetic task'],
  Phase: ['合成階段', 'Synthetic phase'],
  Goal: ['合成目標', 'Synthetic goal'],
  Program: ['合成項目', 'Synthetic programme'],
  Need: ['合成需求', 'Synthetic need'],
};

function nodeProps(label: Label, i: number, id: string, rnd: () => number, sources: string[]): NodeRecord['props'] {
  const classification = pickClassification(rnd, 0.7);
  const [zh, en] = NAMES[label];
  const props: Props & { id: string } = {
    id,
    name: `${zh}${i}`,
    nameEn: `${en} ${i}`,
    classification,
    classificationLevel: CLASSIFICATION_LEVEL[classification],
    sources,
    basis: 'STATED',
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  if (label === 'Park') props.kind = i % PARK_TREE === 0 ? 'BASE' : pick(PARK_KINDS);
  if (label === 'Agency') props.kind = pick(AGENCY_KINDS);
  if (label === 'Institution') props.sector = pick(INSTITUTION_SECTORS);
  if (label === 'Facility') {
    props.kind = pick(FACILITY_KINDS);
    props.access = pick(FACILITY_ACCESS);
    props.accessModes = [...new Set([pick(ACCESS_MODES), pick(ACCESS_MODES)])];
  }
  if (label === 'Task') Object.assign(props, { clause: `§syn-${i}`, summary: `合成任務${i}摘要`, summaryEn: `Summary of synthetic task ${i}` });
  if (label === 'Need') props.status = pick(NEED_STATUSES);
  if (label === 'Phase') Object.assign(props, { start: `${2013 + (i % 10)}-01`, end: `${2013 + (i % 10)}-12` });
  return props;
}

/** PUBLIC with probability `pPublic`, the rest spread with decreasing weight up to TOP_SECRET. */
function pickClassification(rnd: () => number, pPublic: number): Classification {
  const u = rnd();
  if (u < pPublic) return 'PUBLIC';
  const rest = (u - pPublic) / (1 - pPublic);
  return rest < 0.5 ? CLASSIFICATIONS[1] : rest < 0.8 ? CLASSIFICATIONS[2] : rest < 0.95 ? CLASSIFICATIONS[3] : CLASSIFICATIONS[4];
}

/** Up to `n` distinct values drawn by `draw`. */
function distinct(_rnd: () => number, n: number, draw: () => number): number[] {
  const out = new Set<number>();
  for (let k = 0; k < n * 2 && out.size < n; k++) out.add(draw());
  return [...out];
}

/** A small, fast, seedable PRNG (mulberry32) per (seed, label, index, stream). */
function rng(seed: number, label: Label, i: number, stream: number): () => number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x85ebca6b) >>> 0;
  let a = (h ^ Math.imul(i + 1, 0xc2b2ae35) ^ Math.imul(stream + 1, 0x27d4eb2f)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
