import type { GraphQLResolveInfo } from 'graphql';
import { asksRelations, compiledListPage, compiledNode as compiledNodeRow, propsOf } from '../data/compiler.js';
import { listPage } from '../data/lists.js';
import type { EntityRow } from '../data/entities.js';
import type { Connection } from '../data/pagination.js';
import type { ConnectionArgs } from '../data/relations.js';
import type { Label } from '../ontology.js';
import type { Context } from './context.js';
import { connectionAsk, getNamedType, isObjectType, pathKey, placesAskRelations, rowAsk } from './selections.js';

/**
 * Root fields answered with their nested relationship fields in one statement (src/data/compiler.ts),
 * fetching only the properties the response shows. Each returns null when compiling is off (or, for
 * `node`, when no relationship field is asked): the caller then takes its usual path.
 */

/** A top-level list of `label` with the relationship fields asked of its rows (a plain page, lighter, when none is). */
export function compiledList(ctx: Context, label: Label, args: ConnectionArgs, info: GraphQLResolveInfo): Promise<Connection> | null {
  if (!ctx.compile) return null;
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return null;
  const places = connectionAsk(info, type, info.fieldNodes);
  if (!placesAskRelations(places)) return listPage(ctx.db, label, args, ctx.clearance, propsOf(places));
  return compiledListPage(ctx.db, label, args, ctx.clearance, places, pathKey(info.path), ctx.prefetched);
}

/** `node(id)` with the relationship fields asked of it. */
export function compiledNode(ctx: Context, id: string, info: GraphQLResolveInfo): Promise<EntityRow | null> | null {
  if (!ctx.compile) return null;
  const place = rowAsk(info, getNamedType(info.returnType), info.fieldNodes);
  if (!asksRelations(place.ask)) return null;
  return compiledNodeRow(ctx.db, id, ctx.clearance, place, pathKey(info.path), ctx.prefetched);
}
