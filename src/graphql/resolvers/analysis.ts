import type { GraphQLResolveInfo } from 'graphql';
import {
  agencyTaskRanking,
  countsByLabel,
  coverageGaps,
  facilityCoverage,
  neighborhood,
  sharedFacilityNetwork,
  shortestPaths,
  tasksPerPhase,
  type Shown,
} from '../../data/analysis.js';
import type { EntityRow } from '../../data/entities.js';
import { checkIds, type IdReference } from '../../data/filters.js';
import type { Label } from '../../ontology.js';
import { resolve, search } from '../../data/search.js';
import { notFound } from '../../errors.js';
import type { QueryResolvers, SharedFacilityNetworkResolvers } from '../../generated/resolvers.js';
import { subgraphAsk } from '../selections.js';

/** A link of the shared-facility network with its ends and facilities resolved. */
export interface LinkRow {
  source: EntityRow;
  target: EntityRow;
  weight: number;
  facilities: EntityRow[];
}

/** An id argument to check, when given. */
const optionalId = (argument: string, id: string | null | undefined, label: Label): IdReference[] => (id == null ? [] : [{ argument, id, label }]);

/** What a path or subgraph shows, when lighter answers are on (they go with the compiler). */
const shownOf = (compile: boolean, info: GraphQLResolveInfo): Shown | undefined => (compile ? subgraphAsk(info) : undefined);

export const analysisResolvers: QueryResolvers = {
  path: async (_root, args, { db, clearance, compile }, info) => {
    const ends: IdReference[] = [{ argument: 'from', id: args.from, label: null }, { argument: 'to', id: args.to, label: null }];
    // a path found proves both ends visible: their check (a round trip) only runs when none was, or
    // on another error, which a missing or hidden end precedes (as when the ends were checked first)
    let paths;
    try {
      paths = await shortestPaths(db, { from: args.from, to: args.to, maxHops: args.maxHops ?? 4, via: args.via, all: args.all ?? false }, clearance, shownOf(compile, info));
    } catch (err) {
      await checkIds(db, ends, clearance);
      throw err;
    }
    if (paths.length === 0) await checkIds(db, ends, clearance);
    return paths;
  },
  neighborhood: async (_root, args, { db, clearance, compile }, info) => {
    const sub = await neighborhood(db, { id: args.id, depth: args.depth ?? 1, types: args.types, limit: args.limit ?? 100 }, clearance, shownOf(compile, info));
    if (!sub) throw notFound('id', args.id);
    return sub;
  },
  search: (_root, args, { db, clearance }) => search(db, { text: args.text, labels: args.labels, first: args.first ?? 20 }, clearance),
  resolve: (_root, args, { db, clearance }) => resolve(db, { text: args.text, label: args.label, first: args.first ?? 5 }, clearance),
  countsByLabel: (_root, _args, { db, clearance }) => countsByLabel(db, clearance),
  facilityCoverage: async (_root, args, { db, clearance, answers }) => {
    await checkIds(db, [...(args.districts ?? []).map((id, i) => ({ argument: `districts.${i}`, id, label: 'District' as const })), ...optionalId('technology', args.technology, 'Technology')], clearance);
    return facilityCoverage(db, { districts: args.districts, technology: args.technology }, clearance, { cache: answers });
  },
  agencyTaskRanking: (_root, args, { db, clearance }) => agencyTaskRanking(db, args.first ?? 20, clearance),
  tasksPerPhase: (_root, _args, { db, clearance }) => tasksPerPhase(db, clearance),
  coverageGaps: async (_root, args, { db, clearance, answers }) => {
    await checkIds(db, [...optionalId('district', args.district, 'District'), ...optionalId('technology', args.technology, 'Technology')], clearance);
    const gaps = await coverageGaps(db, args, clearance, { cache: answers });
    if (!gaps) throw notFound('district', `${args.district}' or '${args.technology}`);
    return gaps;
  },
  sharedFacilityNetwork: async (_root, args, { db, clearance }) => {
    await checkIds(db, [...optionalId('district', args.district, 'District'), ...optionalId('technology', args.technology, 'Technology')], clearance);
    return sharedFacilityNetwork(db, args, clearance);
  },
};

export const networkResolvers: SharedFacilityNetworkResolvers = {
  links: (net) => {
    const inst = new Map(net.institutions.map((i) => [i.id, i]));
    const fac = new Map(net.facilities.map((f) => [f.id, f]));
    return net.links.map((l) => ({
      source: inst.get(l.source)!,
      target: inst.get(l.target)!,
      weight: l.weight,
      facilities: l.facilities.map((id) => fac.get(id)!),
    }));
  },
};
