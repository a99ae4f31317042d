import { createRequire } from 'node:module';
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type FragmentSpreadNode,
  type SelectionSetNode,
} from 'graphql';
import type { Shown } from '../data/analysis.js';
import { asksRelations, propsOf, type FieldAsk, type RowAsk, type RowPlace } from '../data/compiler.js';
import { RELATION_FIELDS, type ConnectionArgs } from '../data/relations.js';
import { isLabel, type Label } from '../ontology.js';

/**
 * graphql-js as the executor loads it. Its helpers check types with `instanceof`, and the schema
 * in `info` is built by Apollo's copy (the CommonJS build), which need not be the copy an `import`
 * of this module resolves to (a bundler may pick the ESM build): so the helpers come from that copy.
 */
const { getArgumentValues, getDirectiveValues, getNamedType, GraphQLIncludeDirective, GraphQLSkipDirective, isAbstractType, isLeafType, isObjectType, Kind, typeFromAST } =
  createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * What a request asks below a root field, read from its selection the way graphql-js executes it
 * (fields merged by response key, fragments and inline fragments by type condition, @skip and
 * @include, arguments coerced with their defaults): the relationship fields and the leaf fields of
 * the rows at each place, for the query compiler (src/data/compiler.ts). Results are filed by
 * response path and read back by the field resolvers (`prefetched`).
 */

/** At most this many relationship fields are read from one selection (the rest resolve on their own). */
const MAX_ASKED = 64;

export { getNamedType, isObjectType };

/** The response path of a field being resolved: its response keys and list indices, joined by dots. */
export function pathKey(path: GraphQLResolveInfo['path']): string {
  const keys: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = path; p; p = p.prev) keys.push(p.key);
  return keys.reverse().join('.');
}

/** The places of rows below a connection field (`nodes`, `edges.node`, as aliased), each with what is asked of its rows. */
export function connectionAsk(info: GraphQLResolveInfo, connection: GraphQLObjectType, fieldNodes: readonly FieldNode[]): FieldAsk['rows'] {
  return new Reader(info).connection(connection, fieldNodes).rows;
}

/** What is asked of the row a field returns (e.g. `node(id)`): its relationship fields by the row's label, and its leaf fields. */
export function rowAsk(info: GraphQLResolveInfo, type: GraphQLNamedType, fieldNodes: readonly FieldNode[]): Omit<RowPlace, 'at'> {
  return new Reader(info).row(type, fieldNodes);
}

/** What a field listing `nodes` and `relationships` (a path, a subgraph) shows of them. */
export function subgraphAsk(info: GraphQLResolveInfo): Shown {
  return new Reader(info).subgraph(getNamedType(info.returnType), info.fieldNodes);
}

/** Relationship fields its identity answers (`relationshipKey` in src/data/cypher.ts). */
const IDENTITY = new Set(['id', 'type', 'from', 'to', '__typename']);

/** Whether a connection's row places ask any relationship field. */
export const placesAskRelations = (rows: FieldAsk['rows']) => rows.some((r) => asksRelations(r.ask));

class Reader {
  private asked = 0;
  constructor(private readonly info: GraphQLResolveInfo) {}

  connection(type: GraphQLObjectType, fieldNodes: readonly FieldNode[]): Pick<FieldAsk, 'total' | 'relationship' | 'rows'> {
    const rows: FieldAsk['rows'] = [];
    let total = false;
    let relationship = false;
    for (const [key, nodes] of this.collect(type, fieldNodes)) {
      const name = nodes[0]!.name.value;
      if (name === 'totalCount') total = true;
      const field = type.getFields()[name];
      if (!field) continue;
      if (name === 'nodes') rows.push({ at: [key, '#'], ...this.row(getNamedType(field.type), nodes) });
      if (name === 'edges') {
        const edge = getNamedType(field.type);
        if (!isObjectType(edge)) continue;
        for (const [edgeKey, edgeNodes] of this.collect(edge, nodes)) {
          const node = edge.getFields()[edgeNodes[0]!.name.value];
          if (edgeNodes[0]!.name.value === 'relationship') relationship = true;
          if (node && edgeNodes[0]!.name.value === 'node') rows.push({ at: [key, '#', edgeKey], ...this.row(getNamedType(node.type), edgeNodes) });
        }
      }
    }
    return { total, relationship, rows };
  }

  subgraph(type: GraphQLNamedType, fieldNodes: readonly FieldNode[]): Shown {
    if (!isObjectType(type)) return { nodeProps: null, wholeRelationships: true };
    const places: Array<Omit<RowPlace, 'at'>> = [];
    let wholeRelationships = false;
    for (const [, nodes] of this.collect(type, fieldNodes)) {
      const name = nodes[0]!.name.value;
      const field = type.getFields()[name];
      if (!field) continue;
      const target = getNamedType(field.type);
      if (name === 'nodes') places.push(this.row(target, nodes));
      if (name === 'relationships' && isObjectType(target)) {
        for (const [, sub] of this.collect(target, nodes)) if (!IDENTITY.has(sub[0]!.name.value)) wholeRelationships = true;
      }
    }
    return { nodeProps: propsOf(places), wholeRelationships };
  }

  /**
   * The relationship fields asked of the rows at one place, by label, and the leaf fields selected
   * on them (schema field names, whose properties have the same names); a selected field that is
   * neither makes `props` null: the rows are then fetched whole.
   */
  row(type: GraphQLNamedType, fieldNodes: readonly FieldNode[]): Omit<RowPlace, 'at'> {
    const ask: RowAsk = {};
    let props: Set<string> | null = new Set();
    const types = isAbstractType(type) ? this.info.schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    for (const object of types) {
      if (!isLabel(object.name)) continue;
      const fields: FieldAsk[] = [];
      for (const [key, nodes] of this.collect(object, fieldNodes)) {
        const name = nodes[0]!.name.value;
        const relation = `${object.name}.${name}`;
        const spec = RELATION_FIELDS[relation];
        const def = object.getFields()[name];
        if (!def) continue;
        if (!spec) {
          if (isLeafType(getNamedType(def.type))) props?.add(name);
          else props = null;
          continue;
        }
        if (this.asked >= MAX_ASKED) continue;
        this.asked++;
        let args: ConnectionArgs;
        try {
          args = JSON.parse(JSON.stringify(getArgumentValues(def, nodes[0]!, this.info.variableValues))) as ConnectionArgs;
        } catch {
          continue;
        }
        const target = getNamedType(def.type);
        if (spec.single) fields.push({ key, field: relation, args, total: false, relationship: false, rows: [{ at: [], ...this.row(target, nodes) }] });
        else if (isObjectType(target)) fields.push({ key, field: relation, args, ...this.connection(target, nodes) });
      }
      if (fields.length > 0) ask[object.name as Label] = fields;
    }
    return { ask, props: props && [...props] };
  }

  /** The fields selected on `type` by `fieldNodes`, by response key, as graphql-js collects them. */
  private collect(type: GraphQLObjectType, fieldNodes: readonly FieldNode[]): Map<string, FieldNode[]> {
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    for (const node of fieldNodes) if (node.selectionSet) this.collectInto(type, node.selectionSet, fields, visited);
    return fields;
  }

  private collectInto(type: GraphQLObjectType, set: SelectionSetNode, fields: Map<string, FieldNode[]>, visited: Set<string>): void {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!this.included(s)) continue;
        const key = s.alias?.value ?? s.name.value;
        const list = fields.get(key);
        if (list) list.push(s);
        else fields.set(key, [s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (!this.included(s) || !this.matches(s, type)) continue;
        this.collectInto(type, s.selectionSet, fields, visited);
      } else {
        const name = s.name.value;
        if (visited.has(name) || !this.included(s)) continue;
        visited.add(name);
        const fragment = this.info.fragments[name];
        if (!fragment || !this.matches(fragment, type)) continue;
        this.collectInto(type, fragment.selectionSet, fields, visited);
      }
    }
  }

  private included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean {
    if (getDirectiveValues(GraphQLSkipDirective, node, this.info.variableValues)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, this.info.variableValues)?.if !== false;
  }

  private matches(fragment: InlineFragmentNode | FragmentDefinitionNode, type: GraphQLObjectType): boolean {
    const condition = fragment.typeCondition;
    if (!condition) return true;
    const conditional = typeFromAST(this.info.schema, condition);
    if (conditional === type) return true;
    return !!conditional && isAbstractType(conditional) && this.info.schema.isSubType(conditional, type);
  }
}
