import {
  astFromValue,
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { WORDS_EN, WORDS_ZH, type Rng } from './noninterference.world.js';

/**
 * Read operations generated from the schema: every field of `Query` with random arguments drawn from
 * the world's ids (visible, hidden and missing alike) and a selection of everything it returns, and
 * every connection field of every type reachable through `Query.node`, paged by following cursors.
 * A field whose arguments or place in the graph cannot be generated throws, so a new field is either
 * covered or fails the test loudly.
 */

/** Ids the arguments are drawn from, by what the caller under test may see. */
export interface IdPools {
  visible: string[];
  hidden: string[];
  missing: string[];
  /** Label of each id (missing ones too, from their prefix). */
  labelOf: Map<string, string>;
  /** The case's clearance level: a Classification given to something a request would create is drawn up to it. */
  clearance: number;
}

export interface Operation {
  /** What it covers: a Query field (`search`) or a connection field of a type (`Facility.users`). */
  key: string;
  query: string;
  variables: Record<string, unknown>;
  /** Set when the operation is a page walk: where the page lies in `data`, and whether it pages backward too. */
  paging?: { path: string[]; backward: boolean; size: number };
}

/** Paging arguments the walk sets itself (with their GraphQL types). */
const PAGING_ARGS = ['first', 'after', 'last', 'before'] as const;

const isConnection = (t: GraphQLNamedType): t is GraphQLObjectType => isObjectType(t) && 'edges' in t.getFields() && 'pageInfo' in t.getFields();

/** A type that pages by cursor: a Relay connection, or a page with `hasNextPage` and `endCursor`. */
const isPage = (t: GraphQLNamedType): t is GraphQLObjectType =>
  isConnection(t) || (isObjectType(t) && 'hasNextPage' in t.getFields() && 'endCursor' in t.getFields());

/** Every key the generator covers: the fields of Query, then each type's connection fields (`Type.field`). */
export function coverageKeys(schema: GraphQLSchema): string[] {
  const query = schema.getQueryType()!;
  return [...Object.keys(query.getFields()), ...connectionFields(schema).map(([t, f]) => `${t.name}.${f.name}`)];
}

/**
 * Connection fields of every object type reachable from Query, as (type, field). They are reached
 * through `Query.node(id)`, so they must belong to types implementing the interface `node` returns.
 */
export function connectionFields(schema: GraphQLSchema): Array<[GraphQLObjectType, GraphQLField<unknown, unknown>]> {
  const query = schema.getQueryType()!;
  const nodeField = query.getFields().node;
  const nodeType = nodeField ? getNamedType(nodeField.type) : undefined;
  const reachableThroughNode = new Set(nodeType && isAbstractType(nodeType) ? schema.getPossibleTypes(nodeType).map((t) => t.name) : []);
  const out: Array<[GraphQLObjectType, GraphQLField<unknown, unknown>]> = [];
  const seen = new Set<string>();
  const visit = (t: GraphQLNamedType) => {
    if (seen.has(t.name)) return;
    seen.add(t.name);
    if (isAbstractType(t)) {
      for (const o of schema.getPossibleTypes(t)) visit(o);
      return;
    }
    if (!isObjectType(t)) return;
    for (const o of [t]) {
      for (const f of Object.values(o.getFields())) {
        const target = getNamedType(f.type);
        if (o !== query && isConnection(target)) {
          if (!reachableThroughNode.has(o.name)) throw new Error(`cannot reach the connection field ${o.name}.${f.name} from Query (only types behind Query.node are reachable)`);
          out.push([o, f]);
        }
        visit(target);
      }
    }
  };
  visit(query);
  return out;
}

/** Context of argument generation. */
interface Gen {
  schema: GraphQLSchema;
  r: Rng;
  ids: IdPools;
  /** Where the value goes, for error messages (`Query.search(text)`). */
  where: string;
}

/** An id for an argument: of the label its name suggests (`district` → District), visible, hidden or missing. */
function idFor(name: string, g: Gen): string {
  const wanted = name.toLowerCase().replace(/s$/, '');
  const ofLabel = (xs: string[]) => xs.filter((x) => g.ids.labelOf.get(x)?.toLowerCase() === wanted);
  const roll = g.r.int(10);
  const pools = roll < 5 ? [g.ids.visible, g.ids.hidden, g.ids.missing] : roll < 8 ? [g.ids.hidden, g.ids.visible, g.ids.missing] : [g.ids.missing, g.ids.visible];
  for (const pool of pools) {
    const xs = ofLabel(pool);
    if (xs.length > 0) return g.r.pick(xs);
  }
  const any = [...g.ids.visible, ...g.ids.hidden, ...g.ids.missing];
  return g.r.pick(any);
}

function stringFor(name: string, g: Gen): string {
  if (name === 'since' || name === 'until') return g.r.pick(['2000-01-01T00:00:00Z', '2999-01-01T00:00:00Z', 'yesterday']);
  if (name === 'subject') return g.r.pick(['ni-seed', 'nobody']);
  if (name === 'after' || name === 'before') return 'not-a-cursor';
  return g.r.pick([...WORDS_ZH, ...WORDS_EN, `${g.r.pick(WORDS_ZH)}${g.r.pick(WORDS_ZH)}`]);
}

/** A random value of an input type (never undefined for a non-null type). */
function valueOf(type: GraphQLInputType, name: string, g: Gen, depth: number, listItem = false): unknown {
  if (isNonNullType(type)) return valueOf(type.ofType, name, g, depth, listItem);
  if (isListType(type)) return Array.from({ length: 1 + g.r.int(2) }, () => valueOf(getNullableType(type.ofType) as GraphQLInputType, name, g, depth, true));
  // A single Classification classifies what the request would create (a what-if facility): one above
  // the caller's clearance is refused for the caller's sake alone, whatever the graph holds, and the
  // fully cleared reader of G|C would accept it, so it is no comparison (test/graphql/what-if.test.ts
  // pins the refusal). Lists of classifications are filters on the data, drawn from every level.
  if (isEnumType(type) && type.name === 'Classification' && !listItem) return g.r.pick(type.getValues().slice(0, g.ids.clearance + 1)).value;
  if (isEnumType(type)) return g.r.pick(type.getValues()).value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      const recursive = getNamedType(f.type) === type;
      if (recursive && depth >= 1) continue;
      if (isNonNullType(f.type) || g.r.chance(recursive ? 0.15 : 0.3)) out[f.name] = valueOf(f.type, f.name, { ...g, where: `${g.where}.${f.name}` }, depth + 1);
    }
    return out;
  }
  switch (type.name) {
    case 'ID':
      return idFor(name, g);
    case 'String':
      return stringFor(name, g);
    case 'Int':
      return g.r.pick([1, 1, 2, 2, 3, 3, 4, 5, 20, 0, -1, 101]);
    case 'Float':
      return g.r.pick([0.5, 1, 2]);
    case 'Boolean':
      return g.r.chance(0.5);
    default:
      throw new Error(`cannot generate a value of type ${type.name} for ${g.where}`);
  }
}

/** Arguments as GraphQL literals, `skip` left out (the walk passes those as variables). */
function argumentsOf(args: readonly GraphQLArgument[], g: Gen, skip: readonly string[] = [], requiredOnly = false): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (skip.includes(a.name) || (requiredOnly && !isRequiredArgument(a))) continue;
    const optionalChance = a.name === 'after' || a.name === 'before' ? 0.1 : 0.6;
    if (!isRequiredArgument(a) && !g.r.chance(optionalChance)) continue;
    const value = valueOf(a.type, a.name, { ...g, where: `${g.where}(${a.name})` }, 0);
    const ast = astFromValue(value, a.type);
    if (!ast) throw new Error(`cannot print the value generated for ${g.where}(${a.name})`);
    out.push(`${a.name}: ${print(ast)}`);
  }
  return out;
}

/**
 * A selection of everything `type` returns, `depth` object levels deep: leaves always, object fields
 * while depth lasts, abstract types through inline fragments on every possible type. Connection
 * fields are left to their own operations (paged walks); fields with required arguments are skipped.
 */
export function selectionOf(schema: GraphQLSchema, type: GraphQLOutputType, depth: number, root = false): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  // `shared`: fields of the abstract type, selected once outside the fragments; the others are
  // aliased by type in fragments (`Facility_kind: kind`), since same-named fields of different
  // types (Agency.kind, Facility.kind) may not be merged in one selection.
  const body = (o: GraphQLObjectType | GraphQLNamedType, d: number, rootLevel: boolean, shared?: Set<string>): string => {
    if (!isObjectType(o) && !isAbstractType(o)) return '';
    const fields = Object.values((o as GraphQLObjectType).getFields());
    const parts: string[] = [];
    for (const f of fields) {
      if (f.args.some(isRequiredArgument) || shared?.has(f.name)) continue;
      const name = shared ? `${o.name}_${f.name}: ${f.name}` : f.name;
      const t = getNamedType(f.type);
      if (isLeafType(t)) parts.push(name);
      else if (isConnection(t) && !rootLevel) continue;
      else if (d > 0) parts.push(`${name} ${selectionOf(schema, f.type, d - 1)}`);
    }
    return parts.join(' ');
  };
  if (isAbstractType(named)) {
    const shared = new Set(isInterfaceType(named) ? Object.keys(named.getFields()) : []);
    const fragments = depth > 0 ? schema.getPossibleTypes(named).flatMap((p) => {
      const own = body(p, depth, false, shared);
      return own ? [`... on ${p.name} { ${own} }`] : [];
    }) : [];
    return `{ __typename ${body(named, 0, false)} ${fragments.join(' ')} }`;
  }
  return `{ __typename ${body(named, depth, root)} }`;
}

/** Depth of the selection under a root field (path → nodes → their single relations). */
const DEPTH = 2;

/**
 * `variants` operations of a Query field: the first with its required arguments only (defaults
 * elsewhere), the others with random optional ones too; and a page walk when it pages.
 */
export function queryFieldOperations(schema: GraphQLSchema, name: string, ids: IdPools, r: Rng, variants: number): Operation[] {
  const field = schema.getQueryType()!.getFields()[name]!;
  const g: Gen = { schema, r, ids, where: `Query.${name}` };
  const selection = selectionOf(schema, field.type, DEPTH, true);
  const ops: Operation[] = [];
  for (let i = 0; i < variants; i++) {
    const args = argumentsOf(field.args, g, [], i === 0);
    ops.push({ key: name, query: `{ ${name}${args.length ? `(${args.join(', ')})` : ''} ${selection} }`, variables: {} });
  }
  const target = getNamedType(field.type);
  if (isPage(target) && field.args.some((a) => a.name === 'after')) ops.push(walk(name, field, [], g, selection, '', ''));
  return ops;
}

/** A page walk of connection field `type.field` under `node(id)`, for a parent of that type (visible, hidden or missing). */
export function connectionOperation(schema: GraphQLSchema, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, ids: IdPools, r: Rng): Operation {
  const g: Gen = { schema, r, ids, where: `${type.name}.${field.name}` };
  const selection = selectionOf(schema, field.type, DEPTH, true);
  const parent = idFor(type.name, g);
  return walk(`${type.name}.${field.name}`, field, ['node', field.name], g, selection, `node(id: ${JSON.stringify(parent)}) { __typename ... on ${type.name} { `, ' } }');
}

function walk(key: string, field: GraphQLField<unknown, unknown>, path: string[], g: Gen, selection: string, open: string, close: string): Operation {
  const paging = field.args.filter((a) => (PAGING_ARGS as readonly string[]).includes(a.name));
  const declared = paging.map((a) => `$${a.name}: ${getNullableType(a.type).toString()}`).join(', ');
  const args = [...argumentsOf(field.args, g, PAGING_ARGS), ...paging.map((a) => `${a.name}: $${a.name}`)];
  return {
    key,
    query: `query(${declared}) { ${open}${field.name}(${args.join(', ')}) ${selection}${close} }`,
    variables: {},
    paging: { path: path.length ? path : [field.name], backward: paging.some((a) => a.name === 'before'), size: 1 + g.r.int(3) },
  };
}
