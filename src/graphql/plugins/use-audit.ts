import type { ApolloServerPlugin } from '@apollo/server';
import { buildSchema, defaultFieldResolver, getNamedType, isCompositeType, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { appendAudit, classificationOf } from '../../data/audit.js';
import { relationshipId } from '../../data/relationships.js';
import type { AuditGathering, Context } from '../context.js';

export interface AuditOptions {
  /** Lowest classification level whose presence in a response is audited (2 = CONFIDENTIAL). */
  minLevel?: number;
}

/** Scalar fields of these types are properties or the audit trail itself, not aggregates. */
const NOT_AGGREGATES = new Set(['Health.ok']);
const NUMERIC = new Set(['Int', 'Float', 'Boolean']);

/** How deep a resolver's result is searched for classified items (a connection's node is 3 deep). */
const WALK_DEPTH = 6;

/**
 * Audits reads of classified data. While fields resolve (see `auditFields`), every entity or
 * relationship at or above `minLevel` anywhere in what a field returned is noted: so a response that
 * shows only a cursor, `pageInfo`, `__typename`, a path's length, a score or a weight of classified
 * items is audited like one that shows their names. Numeric fields computed over the caller's visible
 * subgraph (totals, counts, coverage, `hasNextPage`...) are noted as aggregates when the caller is
 * cleared for `minLevel` or more: they may count classified items without returning any, so they are
 * recorded at the caller's clearance (an upper bound). Before the response leaves, one READ event is
 * committed; if that fails, the data is withheld rather than served unaudited.
 * (Writes record themselves, in their transaction; what a mutation's response shows is audited here.)
 */
export function useAudit({ minLevel = 2 }: AuditOptions = {}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let rootFields: string[] = [];
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          contextValue.operationName = operationName ?? null;
          rootFields = operation?.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : [])) ?? [];
        },
        async willSendResponse({ contextValue, response }) {
          const { classified, aggregates } = contextValue.audit;
          if (classified.size === 0 && aggregates.size === 0) return;
          const level = Math.max(0, ...classified.values(), aggregates.size > 0 ? contextValue.clearance : 0);
          if (level < minLevel) return;
          try {
            await appendAudit(contextValue.db, {
              kind: 'READ',
              operation: `${contextValue.operationName ?? 'anonymous'}:${rootFields.join(',')}`,
              viewer: contextValue.viewer,
              ids: [...classified.keys()].sort(),
              level,
              maxClassification: classificationOf(level),
              aggregates: [...aggregates].sort(),
            });
          } catch {
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                errors: [{ message: 'the audit trail is unavailable, so classified data is withheld', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
              };
            }
          }
        },
      };
    },
  };
}

type ResolverMap = Record<string, Record<string, unknown>>;

/**
 * `resolvers` with the audit's gathering around the fields that need it, decided once from the schema
 * in `typeDefs`: fields returning objects (what they return is searched for classified items; every
 * object a response shows is what some such field returned, so the parent of every field is searched
 * too) and aggregate numeric fields (their response paths are noted). Scalar properties run their
 * resolvers untouched: a hook on every field of every response (Apollo's `willResolveField`) cost a
 * large answer, such as a coverage matrix of thousands of cells, more than executing it.
 */
export function auditFields<R extends object>(resolvers: R, typeDefs: string, { minLevel = 2 }: AuditOptions = {}): R {
  const given = resolvers as ResolverMap;
  const out: ResolverMap = { ...given };
  for (const type of Object.values(buildSchema(typeDefs).getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const composite = isCompositeType(getNamedType(field.type));
      const aggregate = !composite && isAggregate(type, field);
      if (!composite && !aggregate) continue;
      const own = given[type.name]?.[field.name];
      if (own !== undefined && typeof own !== 'function') throw new Error(`auditFields: ${type.name}.${field.name} is not a resolver function`);
      const resolve = (own ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Context>;
      out[type.name] = {
        ...out[type.name],
        [field.name]: composite
          ? (source: unknown, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo) => {
              const result = resolve(source, args, context, info);
              whenResolved(result, (value) => note(value, context.audit, minLevel, WALK_DEPTH));
              return result;
            }
          : (source: unknown, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo) => {
              if (context.clearance >= minLevel && info.operation.operation !== 'mutation') context.audit.aggregates.add(pathOf(info));
              return resolve(source, args, context, info);
            },
      };
    }
  }
  return out as R;
}

/** Calls `then` with `result` once it (or every promise in a returned list) has settled successfully. */
function whenResolved(result: unknown, then: (value: unknown) => void): void {
  if (result instanceof Promise) void result.then(then, () => undefined);
  else if (Array.isArray(result) && result.some((r) => r instanceof Promise)) void Promise.all(result).then(then, () => undefined);
  else then(result);
}

/** Notes `value` if it is a classified entity or relationship, and searches it `depth` levels down. */
function note(value: unknown, gathering: AuditGathering, minLevel: number, depth: number): void {
  if (value === null || typeof value !== 'object') return;
  const { walked, classified } = gathering;
  const before = walked.get(value);
  if (before !== undefined && before >= depth) return;
  walked.set(value, depth);
  if (Array.isArray(value)) {
    if (depth > 0) for (const v of value) note(v, gathering, minLevel, depth - 1);
    return;
  }
  const s = value as { classificationLevel?: unknown; id?: unknown; from?: unknown; type?: unknown; to?: unknown };
  if (typeof s.classificationLevel === 'number' && s.classificationLevel >= minLevel) {
    const id =
      typeof s.id === 'string' ? s.id : typeof s.from === 'string' && typeof s.type === 'string' && typeof s.to === 'string' ? relationshipId(s as never) : undefined;
    if (id) classified.set(id, Math.max(s.classificationLevel, classified.get(id) ?? 0));
  }
  if (depth > 0) for (const v of Object.values(value)) if (v !== null && typeof v === 'object') note(v, gathering, minLevel, depth - 1);
}

/** A numeric field of a computed type (not a property of an entity or relationship, not the audit trail). */
function isAggregate(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
  if (!NUMERIC.has(getNamedType(field.type).name)) return false;
  if (NOT_AGGREGATES.has(`${parent.name}.${field.name}`) || parent.name.startsWith('Audit') || parent.name === 'Relationship') return false;
  return !parent.getInterfaces().some((i) => i.name === 'Node');
}

function pathOf(info: GraphQLResolveInfo): string {
  const keys: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) keys.unshift(typeof p.key === 'number' ? '*' : p.key);
  return keys.join('.');
}
