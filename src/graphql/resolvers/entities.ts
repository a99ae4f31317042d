import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { EntityRow } from '../../data/entities.js';
import { RELATION_FIELDS, type ConnectionArgs } from '../../data/relations.js';
import { relationshipId, type RelRow } from '../../data/relationships.js';
import { LABELS } from '../../ontology.js';
import type { Context } from '../context.js';
import { pathKey } from '../selections.js';

type Resolver = (parent: EntityRow, args: ConnectionArgs, ctx: Context, info: GraphQLResolveInfo) => unknown;

/**
 * Field resolvers of every entity type: shared list fields default to [], and every relationship
 * field of RELATION_FIELDS goes through the request's DataLoaders (one query per field level).
 */
export function entityResolvers(): Record<string, Record<string, Resolver>> {
  const byType: Record<string, Record<string, Resolver>> = {};
  for (const label of LABELS) {
    byType[label] = {
      aliases: (e) => e.aliases ?? [],
      sources: (e) => e.sources ?? [],
      basis: (e) => e.basis ?? 'STATED',
      generic: (e) => e.generic ?? false,
    };
  }
  byType.Facility!.accessModes = (e) => e.accessModes ?? [];
  byType.Park!.function = (e) => e.function ?? [];
  byType.Need!.status = (e) => e.status ?? 'OPEN';
  byType.Need!.certificationsMandatory = (e) => e.certificationsMandatory ?? false;
  for (const [key, spec] of Object.entries(RELATION_FIELDS)) {
    const [type, field] = key.split('.') as [string, string];
    // computed ahead by the root field's compiled statement when it could be (see selections.ts), else batched
    byType[type]![field] = spec.single
      ? (parent, _args, ctx, info) => prefetched(ctx, info, () => ctx.loaders.single(key).load(parent.id))
      : (parent, args, ctx, info) => prefetched(ctx, info, () => ctx.loaders.page(key, normalise(args), selectsTotal(info)).load(parent.id));
  }
  return byType;
}

/** The value filed for this field's place in the response by a compiled statement, or `load()`. */
function prefetched(ctx: Context, info: GraphQLResolveInfo, load: () => unknown): unknown {
  if (ctx.prefetched.size === 0) return load();
  const at = pathKey(info.path);
  return ctx.prefetched.has(at) ? ctx.prefetched.get(at) : load();
}

/**
 * Whether this connection field asks for `totalCount` (directly or in a fragment): counting means
 * expanding every match, where a page alone stops at the first `first` of each parent.
 */
function selectsTotal(info: GraphQLResolveInfo): boolean {
  // graphql-js hands every parent of one field level the same fieldNodes array: walk it once
  let total = TOTAL_SELECTED.get(info.fieldNodes);
  if (total === undefined) {
    const visit = (set: SelectionSetNode | undefined): boolean =>
      !!set?.selections.some((s) =>
        s.kind === 'Field' ? s.name.value === 'totalCount' : s.kind === 'InlineFragment' ? visit(s.selectionSet) : visit(info.fragments[s.name.value]?.selectionSet),
      );
    total = info.fieldNodes.some((node) => visit(node.selectionSet));
    TOTAL_SELECTED.set(info.fieldNodes, total);
  }
  return total;
}
const TOTAL_SELECTED = new WeakMap<GraphQLResolveInfo['fieldNodes'], boolean>();

/** Same arguments, same loader: drop undefined so `{}` and `{first: undefined}` batch together. */
function normalise(args: ConnectionArgs): ConnectionArgs {
  return JSON.parse(JSON.stringify(args)) as ConnectionArgs;
}

export const relationshipResolvers = {
  id: (r: RelRow) => relationshipId(r),
  sources: (r: RelRow) => r.sources ?? [],
  basis: (r: RelRow) => r.basis ?? 'STATED',
};
