import type { ApolloServerPlugin } from '@apollo/server';
import {
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../../data/pagination.js';
import { requestError } from '../errors.js';

/** Options of the cost and filter-width limits. */
export interface CostOptions {
  /** Largest cost of one operation (reported as COST_LIMIT). */
  maxCost?: number;
  /** Most conditions (leaves) in one `filter` argument (reported as BAD_USER_INPUT on `filter`). */
  maxFilterLeaves?: number;
}

/** Cost of an object field before its children, and of a scalar field (GraphQL Armor's figures). */
const OBJECT_COST = 2;
const SCALAR_COST = 1;
/** Each level of nesting weighs this much more than its parent (as in GraphQL Armor). */
const DEPTH_FACTOR = 1.5;
/** What each condition of a filter adds: a district or technology condition walks a hierarchy. */
export const FILTER_LEAF_COST = 500;

type Variables = Record<string, unknown>;

// Types are told apart by shape, not with graphql-js's instanceof helpers: the schema is built by
// Apollo's copy of graphql-js, which need not be the copy this module imports.
function namedType(type: GraphQLType): GraphQLNamedType {
  let t = type as GraphQLType & { ofType?: GraphQLType };
  while (t.ofType) t = t.ofType as GraphQLType & { ofType?: GraphQLType };
  return t as GraphQLNamedType;
}
const COMPOSITE = new Set(['GraphQLObjectType', 'GraphQLInterfaceType', 'GraphQLUnionType']);
function isComposite(type: unknown): type is GraphQLCompositeType {
  return !!type && typeof type === 'object' && COMPOSITE.has((type as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? '');
}

/**
 * The cost of an operation with its variables: GraphQL Armor's formula (object 2, scalar 1, ×1.5
 * per level, a list field's subtree times its page size), except that the page size is the `first`
 * or `last` the operation asks for, literal or variable, and the schema's default (or
 * DEFAULT_PAGE_SIZE) when it asks for none; and that every filter condition adds FILTER_LEAF_COST.
 * Fragments count where they are spread (each fragment is walked once).
 */
export function operationCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Variables = {}): number {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const fragmentCosts = new Map<string, number>();

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType, factor: number): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === 'Field') cost += factor * fieldCost(sel, parent);
      else if (sel.kind === 'InlineFragment') {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        cost += selectionCost(sel.selectionSet, isComposite(type) ? type : parent, factor);
      } else {
        const name = sel.name.value;
        if (!fragmentCosts.has(name)) {
          fragmentCosts.set(name, 0);
          const fragment = fragments[name];
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          fragmentCosts.set(name, fragment && isComposite(type) ? selectionCost(fragment.selectionSet, type, 1) : 0);
        }
        cost += factor * fragmentCosts.get(name)!;
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType): number => {
    if (node.name.value.startsWith('__')) return 0;
    const def = 'getFields' in parent ? parent.getFields()[node.name.value] : undefined;
    if (!node.selectionSet) return SCALAR_COST;
    const type = def ? namedType(def.type) : undefined;
    const children = isComposite(type) ? selectionCost(node.selectionSet, type, DEPTH_FACTOR) : 0;
    return (OBJECT_COST + children) * pageSize(node, def, variables) + filterLeaves(node, variables) * FILTER_LEAF_COST;
  };

  return selectionCost(operation.selectionSet, root, 1);
}

/** The page size a list field is asked for: `first`/`last`, else the schema's default, else DEFAULT_PAGE_SIZE; 1 for other fields. */
function pageSize(node: FieldNode, def: GraphQLField<unknown, unknown> | undefined, variables: Variables): number {
  const pageArgs = def?.args.filter((a) => a.name === 'first' || a.name === 'last') ?? [];
  if (pageArgs.length === 0) return 1;
  for (const arg of node.arguments ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    const v = valueFromASTUntyped(arg.value, variables);
    if (typeof v === 'number' && Number.isFinite(v)) return Math.max(1, v);
  }
  const dflt = pageArgs.find((a) => a.name === 'first')?.defaultValue;
  return typeof dflt === 'number' ? Math.max(1, dflt) : DEFAULT_PAGE_SIZE;
}

/**
 * Conditions in the field's `filter` argument: every key whose value is not a nested filter counts
 * one (`ids: [...]` is one condition, whatever its length); AND/OR lists and NOT are walked.
 */
export function filterLeaves(node: FieldNode, variables: Variables): number {
  const arg = node.arguments?.find((a) => a.name.value === 'filter');
  if (!arg) return 0;
  let leaves = 0;
  const stack: unknown[] = [valueFromASTUntyped(arg.value, variables)];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const v of Object.values(value)) {
      if (v === null || v === undefined) continue;
      const nested = Array.isArray(v) ? v.every((x) => x !== null && typeof x === 'object') && v.length > 0 : typeof v === 'object';
      if (nested) stack.push(...(Array.isArray(v) ? v : [v]));
      else leaves++;
    }
  }
  return leaves;
}

/** Every field node of the operation, fragments included (each fragment once). */
function* fields(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): Generator<FieldNode> {
  for (const sel of set.selections) {
    if (sel.kind === 'Field') {
      yield sel;
      if (sel.selectionSet) yield* fields(sel.selectionSet, fragments, seen);
    } else if (sel.kind === 'InlineFragment') yield* fields(sel.selectionSet, fragments, seen);
    else if (!seen.has(sel.name.value) && fragments[sel.name.value]) {
      seen.add(sel.name.value);
      yield* fields(fragments[sel.name.value]!.selectionSet, fragments, seen);
    }
  }
}

/**
 * Refuses, once the operation and its variables are known and before anything runs: a `filter`
 * with more than `maxFilterLeaves` conditions (BAD_USER_INPUT naming `filter`), and an operation
 * whose cost (operationCost) exceeds `maxCost` (COST_LIMIT). GraphQL Armor's own cost rule sees
 * neither variables nor default page sizes, so this replaces it.
 */
export function useCost({ maxCost = 20_000, maxFilterLeaves = 10 }: CostOptions = {}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === 'FragmentDefinition') fragments[d.name.value] = d;
          const variables = (request.variables ?? {}) as Variables;
          for (const field of fields(operation.selectionSet, fragments)) {
            const leaves = filterLeaves(field, variables);
            if (leaves > maxFilterLeaves) {
              throw requestError(`a filter may hold at most ${maxFilterLeaves} conditions; this one holds ${leaves}`, 'BAD_USER_INPUT', { nodes: [field], extra: { argumentName: 'filter' } });
            }
          }
          const cost = Math.round(operationCost(schema, operation, fragments, variables));
          if (cost > maxCost) {
            throw requestError(`Query Cost limit of ${maxCost} exceeded, found ${cost}.`, 'COST_LIMIT');
          }
        },
      };
    },
  };
}
