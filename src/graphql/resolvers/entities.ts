import type { EntityRow } from '../../data/entities.js';
import { RELATION_FIELDS, type ConnectionArgs } from '../../data/relations.js';
import { relationshipId, type RelRow } from '../../data/relationships.js';
import { LABELS } from '../../ontology.js';
import type { Context } from '../context.js';

type Resolver = (parent: EntityRow, args: ConnectionArgs, ctx: Context) => unknown;

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
    };
  }
  byType.Facility!.accessModes = (e) => e.accessModes ?? [];
  for (const [key, spec] of Object.entries(RELATION_FIELDS)) {
    const [type, field] = key.split('.') as [string, string];
    byType[type]![field] = spec.single
      ? (parent, _args, ctx) => ctx.loaders.single(key).load(parent.id)
      : (parent, args, ctx) => ctx.loaders.page(key, normalise(args)).load(parent.id);
  }
  return byType;
}

/** Same arguments, same loader: drop undefined so `{}` and `{first: undefined}` batch together. */
function normalise(args: ConnectionArgs): ConnectionArgs {
  return JSON.parse(JSON.stringify(args)) as ConnectionArgs;
}

export const relationshipResolvers = {
  id: (r: RelRow) => relationshipId(r),
  sources: (r: RelRow) => r.sources ?? [],
};
