import type { Basis, Classification, RelType } from '../ontology.js';

/** A relationship as the data layer returns it. */
export interface RelRow {
  type: RelType;
  from: string;
  to: string;
  classification: Classification;
  sources?: string[] | null;
  role?: string | null;
  rank?: number | null;
  weight?: number | null;
  basis?: Basis | null;
  note?: string | null;
}

/** Stable id of a relationship: at most one relationship of a type links two nodes. */
export const relationshipId = (r: Pick<RelRow, 'from' | 'type' | 'to'>) => `${r.from}|${r.type}|${r.to}`;
