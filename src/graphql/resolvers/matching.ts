import { matchNeed } from '../../data/matching.js';
import type { QueryResolvers } from '../../generated/resolvers.js';

/** Needs matched to the facilities and institutions that could meet them (src/data/matching.ts). */
export const matchingResolvers: QueryResolvers = {
  matchNeed: (_root, { id, first, includeIneligible }, { db, clearance }) => matchNeed(db, id, { first, includeIneligible }, clearance),
};
