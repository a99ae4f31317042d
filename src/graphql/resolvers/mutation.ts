import { createHash, randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { recordFailure, trace, type Actor } from '../../data/audited-write.js';
import { decideRequest, requestAccess } from '../../data/access-requests.js';
import { declassify } from '../../data/declassify.js';
import { createNode, createNodes, deleteNode, link, publishNeed, unlink, updateNode } from '../../data/mutations.js';
import { ApiError, badInput } from '../../errors.js';
import type { MutationResolvers } from '../../generated/resolvers.js';
import type { Context } from '../context.js';

/** Longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY = 200;

type Args = Record<string, unknown> & { idempotencyKey?: string | null };

/**
 * The actor of a write: the caller (who must hold `role`), the operation for the audit trail, and
 * the id of the write's audit record. With an idempotency key (the argument, or the request's
 * `Idempotency-Key` header scoped to this field's response key) that id is derived from the caller's
 * subject and clearance and the key, so a retry finds the original record; otherwise it is random.
 */
function actor(ctx: Context, info: GraphQLResolveInfo, args: Args, role: 'editor' | 'declassifier' | 'member'): Actor {
  const { viewer } = ctx;
  // 'member': any signed-in caller; the data layer checks what they act for (access requests)
  const allowed =
    role === 'member' ? viewer.subject !== null : role === 'editor' ? viewer.roles.includes('editor') || viewer.roles.includes('admin') : viewer.roles.includes('declassifier');
  if (!allowed) throw new ApiError(viewer.subject ? 'FORBIDDEN' : 'UNAUTHENTICATED', `this write needs the ${role} role`);
  const field = info.fieldName;
  const { idempotencyKey: argKey, ...input } = args;
  const key = argKey ?? ctx.idempotencyKey ?? null;
  if (key !== null) {
    const argument = argKey != null ? 'idempotencyKey' : 'Idempotency-Key';
    if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY || /[^\x20-\x7e]/.test(key)) {
      throw badInput(argument, `an idempotency key is 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters`);
    }
  }
  // the header covers every mutation field of the request: each field keeps its own record
  const scope = argKey != null ? null : info.path.key;
  const auditId = key === null ? randomUUID() : `idem:${digest([viewer.subject, viewer.clearance, key, scope])}`;
  return {
    viewer,
    operation: `${ctx.operationName ?? 'anonymous'}:${field}`,
    auditId,
    idempotencyKey: key,
    inputHash: digest([field, canonical(input)]),
    answers: ctx.answers,
  };
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The value with object keys sorted, so equal inputs digest alike whatever their key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/**
 * Runs a write as the caller's actor. A write refused before it starts (no role, a malformed key)
 * is recorded as FAILED too; the data layer records every later failure itself.
 */
async function write<T>(ctx: Context, info: GraphQLResolveInfo, args: Args, run: (a: Actor) => Promise<T>, role: 'editor' | 'declassifier' | 'member' = 'editor'): Promise<T> {
  let a: Actor;
  try {
    a = actor(ctx, info, args, role);
  } catch (err) {
    const { idempotencyKey: _key, ...input } = args;
    const refused = { viewer: ctx.viewer, operation: `${ctx.operationName ?? 'anonymous'}:${info.fieldName}`, auditId: randomUUID(), inputHash: digest([info.fieldName, canonical(input)]) };
    await recordFailure(ctx.db, refused, trace(), err);
    throw err;
  }
  const result = await run(a);
  if (a.replayed) ctx.replayed = true;
  return result;
}

export const mutationResolvers: MutationResolvers = {
  createFacility: async (_r, args, ctx, info) => ({ facility: await write(ctx, info, args, (a) => createNode(ctx.db, a, 'Facility', args.input)) }),
  createFacilities: async (_r, args, ctx, info) => ({ facilities: await write(ctx, info, args, (a) => createNodes(ctx.db, a, 'Facility', args.inputs)) }),
  createInstitutions: async (_r, args, ctx, info) => ({ institutions: await write(ctx, info, args, (a) => createNodes(ctx.db, a, 'Institution', args.inputs)) }),
  createParks: async (_r, args, ctx, info) => ({ parks: await write(ctx, info, args, (a) => createNodes(ctx.db, a, 'Park', args.inputs)) }),
  createTechnologies: async (_r, args, ctx, info) => ({ technologies: await write(ctx, info, args, (a) => createNodes(ctx.db, a, 'Technology', args.inputs)) }),
  updateFacility: async (_r, args, ctx, info) => ({ facility: await write(ctx, info, args, (a) => updateNode(ctx.db, a, 'Facility', args.id, args.patch)) }),
  createInstitution: async (_r, args, ctx, info) => ({ institution: await write(ctx, info, args, (a) => createNode(ctx.db, a, 'Institution', args.input)) }),
  updateInstitution: async (_r, args, ctx, info) => ({ institution: await write(ctx, info, args, (a) => updateNode(ctx.db, a, 'Institution', args.id, args.patch)) }),
  createPark: async (_r, args, ctx, info) => ({ park: await write(ctx, info, args, (a) => createNode(ctx.db, a, 'Park', args.input)) }),
  updatePark: async (_r, args, ctx, info) => ({ park: await write(ctx, info, args, (a) => updateNode(ctx.db, a, 'Park', args.id, args.patch)) }),
  createTechnology: async (_r, args, ctx, info) => ({ technology: await write(ctx, info, args, (a) => createNode(ctx.db, a, 'Technology', args.input)) }),
  updateTechnology: async (_r, args, ctx, info) => ({ technology: await write(ctx, info, args, (a) => updateNode(ctx.db, a, 'Technology', args.id, args.patch)) }),
  publishNeed: async (_r, args, ctx, info) => ({ need: await write(ctx, info, args, (a) => publishNeed(ctx.db, a, args.input)) }),
  updateNeed: async (_r, args, ctx, info) => ({ need: await write(ctx, info, args, (a) => updateNode(ctx.db, a, 'Need', args.id, args.patch)) }),
  deleteNode: (_r, args, ctx, info) => write(ctx, info, args, (a) => deleteNode(ctx.db, a, args.id)),
  link: (_r, args, ctx, info) => write(ctx, info, args, (a) => link(ctx.db, a, args.input)),
  unlink: async (_r, args, ctx, info) => ({ deleted: await write(ctx, info, args, (a) => unlink(ctx.db, a, args.from, args.type, args.to)) }),
  declassify: (_r, args, ctx, info) => write(ctx, info, args, (a) => declassify(ctx.db, a, args.id, args.classification, args.reason), 'declassifier'),
  requestFacilityAccess: (_r, args, ctx, info) => write(ctx, info, args, (a) => requestAccess(ctx.db, a, args.input), 'member'),
  approveAccessRequest: (_r, args, ctx, info) => write(ctx, info, args, (a) => decideRequest(ctx.db, a, args.id, 'APPROVED', args.weight ?? 1), 'member'),
  declineAccessRequest: (_r, args, ctx, info) => write(ctx, info, args, (a) => decideRequest(ctx.db, a, args.id, 'DECLINED'), 'member'),
  withdrawAccessRequest: (_r, args, ctx, info) => write(ctx, info, args, (a) => decideRequest(ctx.db, a, args.id, 'WITHDRAWN'), 'member'),
};
