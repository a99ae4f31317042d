import { createNode, deleteNode, link, unlink, updateNode } from '../../data/mutations.js';
import { ApiError } from '../../errors.js';
import type { MutationResolvers } from '../../generated/resolvers.js';
import type { Context } from '../context.js';

/** Writes need the editor (or admin) role. */
function editor(ctx: Context): Context {
  if (!ctx.viewer.roles.includes('editor') && !ctx.viewer.roles.includes('admin')) {
    throw new ApiError(ctx.viewer.subject ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'writing needs the editor role');
  }
  return ctx;
}

export const mutationResolvers: MutationResolvers = {
  createFacility: async (_r, { input }, ctx) => ({ facility: await createNode(editor(ctx).db, ctx.viewer, 'Facility', input) }),
  updateFacility: async (_r, { id, patch }, ctx) => ({ facility: await updateNode(editor(ctx).db, ctx.viewer, 'Facility', id, patch) }),
  createInstitution: async (_r, { input }, ctx) => ({ institution: await createNode(editor(ctx).db, ctx.viewer, 'Institution', input) }),
  updateInstitution: async (_r, { id, patch }, ctx) => ({ institution: await updateNode(editor(ctx).db, ctx.viewer, 'Institution', id, patch) }),
  createPark: async (_r, { input }, ctx) => ({ park: await createNode(editor(ctx).db, ctx.viewer, 'Park', input) }),
  updatePark: async (_r, { id, patch }, ctx) => ({ park: await updateNode(editor(ctx).db, ctx.viewer, 'Park', id, patch) }),
  createTechnology: async (_r, { input }, ctx) => ({ technology: await createNode(editor(ctx).db, ctx.viewer, 'Technology', input) }),
  updateTechnology: async (_r, { id, patch }, ctx) => ({ technology: await updateNode(editor(ctx).db, ctx.viewer, 'Technology', id, patch) }),
  deleteNode: (_r, { id }, ctx) => deleteNode(editor(ctx).db, ctx.viewer, id),
  link: (_r, { input }, ctx) => link(editor(ctx).db, ctx.viewer, input),
  unlink: async (_r, { from, type, to }, ctx) => ({ deleted: await unlink(editor(ctx).db, ctx.viewer, from, type, to) }),
};
