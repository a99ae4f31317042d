import type { RawFile } from '../../data/dataset.js';
import type { Proposal } from './propose.js';

/**
 * Precision and recall of a proposal against a curated dataset of the same document (e.g.
 * `seed/plan`): tasks by clause, responsibilities by (agency, clause, rank), entity links (CONCERNS)
 * by (clause, target). Whether the graph already held a record does not matter here: every proposed
 * record counts.
 */

export interface Score {
  proposed: number;
  reference: number;
  matched: number;
  precision: number;
  recall: number;
  /** Proposed keys the reference lacks, and reference keys the proposal lacks. */
  extra: string[];
  missing: string[];
}

export interface Evaluation {
  tasks: Score;
  responsibilities: Score;
  entityLinks: Score;
}

type Raw = Record<string, unknown>;

/** Scores `p` against the reference files' records of `p.documentId`. */
export function evaluate(p: Proposal, reference: RawFile[]): Evaluation {
  const records = (kind: string) => reference.filter((f) => f.label === kind || f.type === kind).flatMap((f) => f.records as Raw[]);
  const partOf = records('PART_OF');
  const clauseOf = new Map<string, string>();
  for (const t of records('Task')) {
    if (partOf.some((r) => r.from === t.id && r.to === p.documentId)) clauseOf.set(String(t.id), String(t.clause));
  }
  const refResp = records('RESPONSIBLE_FOR').filter((r) => clauseOf.has(String(r.to)));
  const refConcerns = records('CONCERNS').filter((r) => clauseOf.has(String(r.from)));
  const proposed = (type: string) => p.links.filter((l) => l.type === type);
  return {
    tasks: score(p.tasks.map((t) => t.clause), [...clauseOf.values()]),
    responsibilities: score(
      proposed('RESPONSIBLE_FOR').map((l) => `${l.record.from} ${l.clause} #${l.record.rank}`),
      refResp.map((r) => `${r.from} ${clauseOf.get(String(r.to))} #${r.rank}`),
    ),
    entityLinks: score(
      proposed('CONCERNS').map((l) => `${l.clause} → ${l.record.to}`),
      refConcerns.map((r) => `${clauseOf.get(String(r.from))} → ${r.to}`),
    ),
  };
}

function score(proposed: string[], reference: string[]): Score {
  const p = new Set(proposed);
  const r = new Set(reference);
  const matched = [...p].filter((k) => r.has(k)).length;
  return {
    proposed: p.size,
    reference: r.size,
    matched,
    precision: p.size === 0 ? 1 : matched / p.size,
    recall: r.size === 0 ? 1 : matched / r.size,
    extra: [...p].filter((k) => !r.has(k)),
    missing: [...r].filter((k) => !p.has(k)),
  };
}

/** `tasks: precision 21/21 = 1.000, recall 21/21 = 1.000` */
export function formatScore(name: string, s: Score): string {
  return `${name}: precision ${s.matched}/${s.proposed} = ${s.precision.toFixed(3)}, recall ${s.matched}/${s.reference} = ${s.recall.toFixed(3)}`;
}
