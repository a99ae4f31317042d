import { compareDocuments } from '../../data/compare.js';
import type { QueryResolvers } from '../../generated/resolvers.js';

/** `compareDocuments(a, b)`: one query, filtered by the caller's clearance in the data module. */
export const compareResolvers: QueryResolvers = {
  compareDocuments: (_root, args, { db, clearance }) => compareDocuments(db, { a: args.a, b: args.b }, clearance),
};
