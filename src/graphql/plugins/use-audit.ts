import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLResolveInfo } from 'graphql';
import { appendAudit, classificationOf } from '../../data/audit.js';
import { relationshipId } from '../../data/relationships.js';
import type { Context } from '../context.js';

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
 * Audits reads of classified data. While fields resolve, every entity or relationship at or above
 * `minLevel` is noted, both as the parent of a field and anywhere in what a resolver returned: so a
 * response that shows only a cursor, `pageInfo`, `__typename`, a path's length, a score or a weight
 * of classified items is audited like one that shows their names. Numeric fields computed over the
 * caller's visible subgraph (totals, counts, coverage, `hasNextPage`...) are noted as aggregates when
 * the caller is cleared for `minLevel` or more: they may count classified items without returning
 * any, so they are recorded at the caller's clearance (an upper bound). Before the response leaves,
 * one READ event is committed; if that fails, the data is withheld rather than served unaudited.
 * (Writes record themselves, in their transaction; what a mutation's response shows is audited here.)
 */
export function useAudit({ minLevel = 2 }: AuditOptions = {}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let rootFields: string[] = [];
      let isMutation = false;
      const aggregates = new Set<string>();
      // objects already searched, with the depth they were searched to: a large answer repeats the
      // same rows (a coverage matrix's district in each of its cells), which are searched once
      const walked = new WeakMap<object, number>();
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          contextValue.operationName = operationName ?? null;
          isMutation = operation?.operation === 'mutation';
          rootFields = operation?.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : [])) ?? [];
        },
        async executionDidStart() {
          return {
            willResolveField({ source, contextValue, info }) {
              note(source, contextValue.classified, minLevel, 0, walked);
              if (!isMutation && contextValue.clearance >= minLevel && isAggregate(info)) aggregates.add(pathOf(info));
              return (_error, result) => note(result, contextValue.classified, minLevel, WALK_DEPTH, walked);
            },
          };
        },
        async willSendResponse({ contextValue, response }) {
          const { classified } = contextValue;
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

/** Notes `value` if it is a classified entity or relationship, and searches it `depth` levels down. */
function note(value: unknown, classified: Map<string, number>, minLevel: number, depth: number, walked: WeakMap<object, number>): void {
  if (value === null || typeof value !== 'object') return;
  const before = walked.get(value);
  if (before !== undefined && before >= depth) return;
  walked.set(value, depth);
  if (Array.isArray(value)) {
    if (depth > 0) for (const v of value) note(v, classified, minLevel, depth - 1, walked);
    return;
  }
  const s = value as { classificationLevel?: unknown; id?: unknown; from?: unknown; type?: unknown; to?: unknown };
  if (typeof s.classificationLevel === 'number' && s.classificationLevel >= minLevel) {
    const id =
      typeof s.id === 'string' ? s.id : typeof s.from === 'string' && typeof s.type === 'string' && typeof s.to === 'string' ? relationshipId(s as never) : undefined;
    if (id) classified.set(id, Math.max(s.classificationLevel, classified.get(id) ?? 0));
  }
  if (depth > 0) for (const v of Object.values(value)) if (v !== null && typeof v === 'object') note(v, classified, minLevel, depth - 1, walked);
}

/**
 * A numeric field of a computed type (not a property of an entity or relationship, not the audit
 * trail). Types are inspected structurally: graphql's own predicates refuse types from another copy
 * of the module, which a bundler or test runner may load.
 */
function isAggregate(info: GraphQLResolveInfo): boolean {
  const parent = info.parentType;
  let type: unknown = info.returnType;
  while (type && typeof type === 'object' && 'ofType' in type && type.ofType) type = type.ofType;
  if (!NUMERIC.has((type as { name?: string }).name ?? '')) return false;
  if (NOT_AGGREGATES.has(`${parent.name}.${info.fieldName}`) || parent.name.startsWith('Audit') || parent.name === 'Relationship') return false;
  return !parent.getInterfaces().some((i) => i.name === 'Node');
}

function pathOf(info: GraphQLResolveInfo): string {
  const keys: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) keys.unshift(typeof p.key === 'number' ? '*' : p.key);
  return keys.join('.');
}
