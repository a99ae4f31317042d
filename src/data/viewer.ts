import { CLASSIFICATION_LEVEL, type Classification } from '../ontology.js';

export type Role = 'reader' | 'editor' | 'admin' | 'declassifier';

/** Who is asking: every read is filtered by `clearance`, every write checked against `roles`. */
export interface Viewer {
  /** Subject of the token, or null for an anonymous caller. */
  subject: string | null;
  clearance: Classification;
  roles: readonly Role[];
  /** The institution the caller acts for (token claim `institution`), if any: access requests. */
  institution?: string | null;
}

export const ANONYMOUS: Viewer = Object.freeze({ subject: null, clearance: 'PUBLIC', roles: ['reader'] as const });

/** The numeric level compared with `classificationLevel` in Cypher. */
export const clearanceLevel = (v: Viewer): number => CLASSIFICATION_LEVEL[v.clearance];
