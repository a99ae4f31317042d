import { readHealth } from '../../data/health.js';
import { listPage } from '../../data/lists.js';
import type { ConnectionArgs } from '../../data/relations.js';
import { auditEvents } from '../../data/audit.js';
import { ApiError, badInput } from '../../errors.js';
import type { Label } from '../../ontology.js';
import type { QueryResolvers } from '../../generated/resolvers.js';
import type { Context } from '../context.js';
import { compiledList, compiledNode } from '../compiled.js';
import type { GraphQLResolveInfo } from 'graphql';

const LISTS: Record<string, Label> = {
  documents: 'Document',
  agencies: 'Agency',
  districts: 'District',
  parks: 'Park',
  institutions: 'Institution',
  facilities: 'Facility',
  technologies: 'Technology',
  standards: 'Standard',
  ipAssets: 'IPAsset',
  certifications: 'Certification',
  financingInstruments: 'FinancingInstrument',
  tasks: 'Task',
  phases: 'Phase',
  goals: 'Goal',
  programs: 'Program',
  needs: 'Need',
};

const MAX_IDS = 100;

export const queryResolvers: QueryResolvers = {
  auditEvents: async (_root, { filter, first, after }, { db, viewer }) => {
    if (!viewer.roles.includes('admin')) throw new ApiError(viewer.subject ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'the audit trail is for admins');
    const page = await auditEvents(db, viewer, filter ?? {}, first ?? 50, after);
    return { nodes: page.events, hasNextPage: page.hasNextPage, endCursor: page.endCursor, totalCount: page.totalCount };
  },
  health: (_root, _args, { db, clearance }) => readHealth(db, clearance),
  viewer: (_root, _args, { viewer }) => ({ subject: viewer.subject, clearance: viewer.clearance, roles: [...viewer.roles], institution: viewer.institution ?? null }),
  node: (_root, { id }, ctx, info) => compiledNode(ctx, id, info) ?? ctx.loaders.entity.load(id),
  nodes: async (_root, { ids }, { loaders }) => {
    if (ids.length > MAX_IDS) throw badInput('ids', `at most ${MAX_IDS} ids per call`);
    return loaders.entity.loadMany(ids).then((rows) =>
      rows.map((r) => {
        if (r instanceof Error) throw r;
        return r;
      }),
    );
  },
  ...Object.fromEntries(
    Object.entries(LISTS).map(([field, label]) => [
      field,
      (_root: unknown, args: ConnectionArgs, ctx: Context, info: GraphQLResolveInfo) =>
        compiledList(ctx, label, args, info) ?? listPage(ctx.db, label, args, ctx.clearance),
    ]),
  ),
};
