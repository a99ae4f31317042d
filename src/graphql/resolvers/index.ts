import type { Resolvers } from '../../generated/resolvers.js';
import { analysisResolvers, networkResolvers } from './analysis.js';
import { compareResolvers } from './compare.js';
import { entityResolvers, relationshipResolvers } from './entities.js';
import { sharingResolvers } from './sharing.js';
import { mutationResolvers } from './mutation.js';
import { queryResolvers } from './query.js';

/** All resolvers: thin calls into the data modules, typed by the generated `Resolvers<Context>`. */
export const resolvers: Resolvers = {
  Query: { ...queryResolvers, ...analysisResolvers, ...sharingResolvers, ...compareResolvers },
  Mutation: mutationResolvers,
  Node: { __resolveType: (e) => e.label },
  Relationship: relationshipResolvers,
  SharedFacilityNetwork: networkResolvers,
  ...(entityResolvers() as Resolvers),
};
