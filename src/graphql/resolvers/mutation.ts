import { randomUUID } from 'node:crypto';
import { createNode, createNodes, deleteNode, link, unlink, updateNode, type Actor } from '../../data/mutations.js';
import { ApiError } from '../../errors.js';
import type { MutationResolvers } from '../../generated/resolvers.js';
import type { Context } from '../context.js';

/** Writes need the editor (or admin) role; the actor names the operation for the audit trail. */
function editor(ctx: Context, field: string): Actor {
  if (!ctx.viewer.roles.includes('editor') && !ctx.viewer.roles.includes('admin')) {
    throw new ApiError(ctx.viewer.subject ? 'FORBIDDEN' : 'UNAUTHENTICATED', 'writing needs the editor role');
  }
  return { viewer: ctx.viewer, operation: `${ctx.operationName ?? 'anonymous'}:${field}`, auditId: randomUUID() };
}

export const mutationResolvers: MutationResolvers = {
  createFacility: async (_r, { input }, ctx) => ({ facility: await createNode(ctx.db, editor(ctx, 'createFacility'), 'Facility', input) }),
  createFacilities: async (_r, { inputs }, ctx) => ({ facilities: await createNodes(ctx.db, editor(ctx, 'createFacilities'), 'Facility', inputs) }),
  createInstitutions: async (_r, { inputs }, ctx) => ({ institutions: await createNodes(ctx.db, editor(ctx, 'createInstitutions'), 'Institution', inputs) }),
  createParks: async (_r, { inputs }, ctx) => ({ parks: await createNodes(ctx.db, editor(ctx, 'createParks'), 'Park', inputs) }),
  createTechnologies: async (_r, { inputs }, ctx) => ({ technologies: await createNodes(ctx.db, editor(ctx, 'createTechnologies'), 'Technology', inputs) }),
  updateFacility: async (_r, { id, patch }, ctx) => ({ facility: await updateNode(ctx.db, editor(ctx, 'updateFacility'), 'Facility', id, patch) }),
  createInstitution: async (_r, { input }, ctx) => ({ institution: await createNode(ctx.db, editor(ctx, 'createInstitution'), 'Institution', input) }),
  updateInstitution: async (_r, { id, patch }, ctx) => ({ institution: await updateNode(ctx.db, editor(ctx, 'updateInstitution'), 'Institution', id, patch) }),
  createPark: async (_r, { input }, ctx) => ({ park: await createNode(ctx.db, editor(ctx, 'createPark'), 'Park', input) }),
  updatePark: async (_r, { id, patch }, ctx) => ({ park: await updateNode(ctx.db, editor(ctx, 'updatePark'), 'Park', id, patch) }),
  createTechnology: async (_r, { input }, ctx) => ({ technology: await createNode(ctx.db, editor(ctx, 'createTechnology'), 'Technology', input) }),
  updateTechnology: async (_r, { id, patch }, ctx) => ({ technology: await updateNode(ctx.db, editor(ctx, 'updateTechnology'), 'Technology', id, patch) }),
  deleteNode: (_r, { id }, ctx) => deleteNode(ctx.db, editor(ctx, 'deleteNode'), id),
  link: (_r, { input }, ctx) => link(ctx.db, editor(ctx, 'link'), input),
  unlink: async (_r, { from, type, to }, ctx) => ({ deleted: await unlink(ctx.db, editor(ctx, 'unlink'), from, type, to) }),
};
