import { accessRequests } from '../../data/access-requests.js';
import { matchNeed } from '../../data/matching.js';
import { coverageGapsWhatIf, facilityCoverageWhatIf } from '../../data/what-if.js';
import { ApiError, notFound } from '../../errors.js';
import type { QueryResolvers } from '../../generated/resolvers.js';
import type { Context } from '../context.js';

/** What-if scenarios open a write transaction (always rolled back): signed-in callers only. */
function signedIn({ viewer }: Context): void {
  if (!viewer.subject) throw new ApiError('UNAUTHENTICATED', 'what-if scenarios need a signed-in caller');
}

/** Resource sharing: needs matched to who could meet them, and what-if coverage. */
export const sharingResolvers: QueryResolvers = {
  accessRequests: (_root, args, { db, viewer }) => accessRequests(db, viewer, args),
  matchNeed: (_root, { id, first, includeIneligible }, { db, clearance }) => matchNeed(db, id, { first, includeIneligible }, clearance),
  facilityCoverageWhatIf: (_root, { districts, technology, scenario }, ctx) => {
    signedIn(ctx);
    return facilityCoverageWhatIf(ctx.db, { districts, technology }, scenario, ctx.clearance);
  },
  coverageGapsWhatIf: async (_root, { district, technology, scenario }, ctx) => {
    signedIn(ctx);
    const result = await coverageGapsWhatIf(ctx.db, { district, technology }, scenario, ctx.clearance);
    if (!result) throw notFound('district', `${district}' or '${technology}`);
    return result;
  },
};
