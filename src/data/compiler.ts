import { ENTITY_LABEL, isLabel, type Label } from '../ontology.js';
import type { Database } from '../db/database.js';
import { entityOf, entityWith, relationshipShown, visible, visiblePath } from './cypher.js';
import type { EntityRow } from './entities.js';
import { checkFilterIds, compileFilter, idReferences, Params } from './filters.js';
import { listRows } from './lists.js';
import { afterCursor, pageQuery, sortKey, toConnection, type Connection, type PageQuery, type PageRow } from './pagination.js';
import { RELATION_FIELDS, type ConnectionArgs, type RelationField } from './relations.js';

/**
 * The query compiler for nested selections: a request's tree of relationship fields under one root
 * field (a top-level list or `node`) becomes ONE Cypher statement, each field a `CALL` subquery per
 * parent row, nested as the selection nests. Each subquery is the statement the field's DataLoader
 * would run for that parent (relations.ts), so the guarantees are the same by construction:
 * - every node and relationship along every path is visible to the caller (`visiblePath`), with the
 *   ontology's hierarchy patterns (LOCATED_IN|PART_OF*) of RELATION_FIELDS;
 * - each parent gets its own keyset page (same order, same sealed cursors, `toConnection`), and
 *   `totalCount` is counted only when it is selected;
 * - single-valued fields take the nearest match (shortest path, then id);
 * - a node carries the properties its places show (plus id, label and classification level, which
 *   cursors, type resolution and the audit read), a relationship whole only where an edge shows
 *   it (else its level and identity, for the audit).
 * Results come back keyed by their place in the response (the path of aliases and list indices),
 * where the field resolvers read them; whatever is not compiled (see `compilable`) is resolved by
 * the DataLoader path as before. Labels and relationship patterns come from the allow-lists
 * (ontology, RELATION_FIELDS); every value is a parameter.
 *
 * Covered: all 94 relationship fields (78 connections, 16 single-valued), at any depth, below the 17
 * roots compiled (the 16 top-level lists and `node`). Left to the DataLoaders:
 * - the relationship fields below the other 15 Query fields that return entities (`nodes`, `search`,
 *   `path`, `neighborhood`, `resolve`, `matchNeed`, `accessRequests`, `facilityCoverage`,
 *   `facilityCoverageWhatIf`, `coverageGaps`, `coverageGapsWhatIf`, `agencyTaskRanking`,
 *   `tasksPerPhase`, `sharedFacilityNetwork`, `compareDocuments`) and the 16 mutations' payloads;
 * - a connection whose filter names ids (`district`, `park`, `technology`, …: the DataLoader path
 *   checks per batch of parents that they name visible nodes) or whose arguments are refused (its
 *   resolver then reports the error as before), with everything below it;
 * - fields beyond MAX_COMPILED_FIELDS in one statement.
 */

/** What a request asks of the rows at one place of the response, by the row's label: the relationship fields selected on it. */
export type RowAsk = Partial<Record<Label, FieldAsk[]>>;

/** One relationship field selected on a row. */
export interface FieldAsk {
  /** Its response key (alias or name). */
  key: string;
  /** Its key in RELATION_FIELDS (`Park.facilities`). */
  field: string;
  args: ConnectionArgs;
  /** Whether `totalCount` is selected. */
  total: boolean;
  /** Whether `edges { relationship }` is selected (else only the relationship's level and identity are fetched). */
  relationship: boolean;
  /**
   * Where its rows appear below it, relative to the field, `#` standing for the row's index: for a
   * connection `['nodes', '#']` or `['edges', '#', 'node']` (as aliased), for a single field `[]`.
   */
  rows: RowPlace[];
}

/** One place where a field's rows appear, with the relationship fields and the properties asked of them. */
export interface RowPlace {
  at: string[];
  ask: RowAsk;
  /** The leaf fields selected on the rows (properties of the same name); null: the whole entity. */
  props: readonly string[] | null;
}

/** The properties to project for rows shown at `places`: all they show, or null (the whole entity) if one needs it. */
export function propsOf(places: ReadonlyArray<Pick<RowPlace, 'props'>>): string[] | null {
  const all = new Set<string>();
  for (const place of places) {
    if (place.props === null) return null;
    for (const p of place.props) all.add(p);
  }
  return [...all].sort();
}

/** Values computed ahead, by response path (`districts.nodes.0.parks`). */
export type Prefetched = Map<string, unknown>;

/** At most this many relationship fields are compiled into one statement; the rest fall back. */
export const MAX_COMPILED_FIELDS = 48;

interface FieldPlan {
  ask: FieldAsk;
  spec: RelationField;
  /** The column (map key) holding its result. */
  column: string;
  q: PageQuery | null;
  rows: Array<{ at: string[]; plan: RowPlan }>;
}

/** The compiled fields of a row, by label; `group` is the column of a label-guarded subquery (rows of mixed labels). */
type RowPlan = Map<Label, { fields: FieldPlan[]; group: string | null }>;

/** Binds a RELATION_FIELDS pattern to the variable names of one subquery (`n` the parent, `m` the target). */
export function bindPattern(pattern: string, n: string, m: string): string {
  return pattern.replace(/\((n|m)(?=[:)])/g, (_, v: string) => `(${v === 'n' ? n : m}`);
}

// every pattern names its parent and its target exactly once, so binding cannot miss one
for (const [key, spec] of Object.entries(RELATION_FIELDS)) {
  const bound = bindPattern(spec.pattern, 'N_', 'M_');
  if (bound.split('(N_').length !== 2 || bound.split('(M_').length !== 2) throw new Error(`relation pattern of ${key} does not bind`);
}

/**
 * Why a field is not compiled (it then resolves through its DataLoader, which gives its errors):
 * arguments the DataLoader path would refuse, and filters naming ids (whose existence the DataLoader
 * path checks per batch of parents). Null when it is compiled.
 */
export function notCompilable(ask: FieldAsk, clearance: number): string | null {
  const spec = RELATION_FIELDS[ask.field];
  if (!spec) return 'not a relationship field';
  if (spec.single) return null;
  try {
    pageQuery(ask.args, clearance, spec.defaultOrder ?? 'NAME');
    compileFilter(ask.args.filter, spec.target, new Params());
  } catch {
    return 'arguments refused';
  }
  if (idReferences(ask.args.filter, spec.target).length > 0) return 'filter names ids';
  return null;
}

class Compiler {
  readonly params = new Params();
  private n = 0;
  private fields = 0;
  constructor(readonly clearance: number) {}

  /** A fresh variable name (the trailing `_` keeps it apart from the filter's `p0`, `q1`). */
  name(prefix: string): string {
    return `${prefix}${this.n++}_`;
  }

  /**
   * Subqueries computing the fields asked of row variable `v`, whose label is `label` (null: any),
   * and the map of their columns. Rows of an unknown label get one guarded subquery per label asked.
   */
  row(v: string, label: Label | null, ask: RowAsk): { calls: string[]; columns: string[]; entries: string[]; plan: RowPlan } {
    const calls: string[] = [];
    const columns: string[] = [];
    const entries: string[] = [];
    const plan: RowPlan = new Map();
    for (const [l, asks] of Object.entries(ask) as Array<[Label, FieldAsk[]]>) {
      if (!isLabel(l) || (label !== null && l !== label)) continue;
      const compiled = asks.map((a) => this.field(v, a)).filter((f): f is { plan: FieldPlan; call: string } => f !== null);
      if (compiled.length === 0) continue;
      const fields = compiled.map((f) => f.plan);
      if (label === l) {
        calls.push(...compiled.map((f) => f.call));
        columns.push(...fields.map((f) => f.column));
        entries.push(...fields.map((f) => `${f.column}: ${f.column}`));
        plan.set(l, { fields, group: null });
      } else {
        const group = this.name('g');
        calls.push(`CALL (${v}) {
          WITH ${v} WHERE ${v}:${l}
          ${compiled.map((f) => f.call).join('\n')}
          RETURN collect({ ${fields.map((f) => `${f.column}: ${f.column}`).join(', ')} }) AS ${group}
        }`);
        columns.push(group);
        entries.push(`${group}: ${group}[0]`);
        plan.set(l, { fields, group });
      }
    }
    return { calls, columns, entries, plan };
  }

  /** The subquery of one field for parent `v`, returning one row with its column; null when not compiled. */
  private field(v: string, ask: FieldAsk): { plan: FieldPlan; call: string } | null {
    if (this.fields >= MAX_COMPILED_FIELDS || notCompilable(ask, this.clearance) !== null) return null;
    this.fields++;
    const spec = RELATION_FIELDS[ask.field]!;
    const column = this.name('f');
    const m = this.name('m');
    const p = this.name('p');
    const pattern = bindPattern(spec.pattern, v, m);
    if (spec.single) {
      const rows = ask.rows.map((r) => ({ at: r.at, ...this.row(m, spec.target, r.ask) }));
      const { calls, sub } = merge(rows);
      const call = `CALL (${v}) {
        OPTIONAL MATCH ${p} = ${pattern}
        WHERE ${visiblePath(p)}
        WITH ${m}, ${p} ORDER BY length(${p}), ${m}.id
        LIMIT 1
        ${calls.join('\n')}
        RETURN CASE WHEN ${m} IS NULL THEN null ELSE { node: ${entityWith(m, propsOf(ask.rows))}, sub: ${sub} } END AS ${column}
      }`;
      return { plan: { ask, spec, column, q: null, rows: rows.map((r) => ({ at: r.at, plan: r.plan })) }, call };
    }
    const q = pageQuery(ask.args, this.clearance, spec.defaultOrder ?? 'NAME');
    const where = compileFilter(ask.args.filter, spec.target, this.params, m);
    const rel = this.name('r');
    const k = this.name('k');
    const total = this.name('t');
    const kept = this.name('kept');
    const cursor = { key: this.params.add(q.cursor?.k ?? null), id: this.params.add(q.cursor?.i ?? null) };
    const fetch = this.params.add(q.limit + 1);
    const pageSize = this.params.add(q.limit);
    const dir = q.direction;
    // as relationPages: one pass per parent gives the page (and the total, when selected); every
    // aggregation here has no grouping key, so a parent without matches still gets its one row
    const select = ask.total
      ? `ORDER BY ${k} ${dir}, ${m}.id ${dir}
         WITH collect({ m: ${m}, rel: ${rel}, k: ${k} }) AS ${kept}
         WITH size(${kept}) AS ${total}, [w_ IN ${kept} WHERE ${afterCursor(q, 'w_.k', 'w_.m.id', cursor)}][0..${fetch}] AS ${kept}`
      : `WHERE ${afterCursor(q, k, `${m}.id`, cursor)}
         WITH ${m}, ${rel}, ${k} ORDER BY ${k} ${dir}, ${m}.id ${dir} LIMIT ${fetch}
         WITH collect({ m: ${m}, rel: ${rel}, k: ${k} }) AS ${kept}
         WITH -1 AS ${total}, ${kept}`;
    const { rows, expand, page } = this.expand(kept, spec.target, ask.rows, pageSize, ask.relationship);
    const call = `CALL (${v}) {
      MATCH ${p} = ${pattern}
      WHERE ${visiblePath(p)} AND ${where}
      WITH ${m}, head(collect(CASE WHEN length(${p}) = 1 THEN relationships(${p})[0] END)) AS ${rel}
      WITH ${m}, ${rel}, ${sortKey(q, m, rel)} AS ${k}
      ${select}
      ${expand}
      RETURN { total: ${total}, page: ${page} } AS ${column}
    }`;
    return { plan: { ask, spec, column, q, rows }, call };
  }

  /**
   * Turns `kept` (rows `{m, rel, k}` in fetch order) into the page's list `{node, rel, k, sub}`:
   * the first `pageSize` rows with the fields asked of them computed (`sub`), the extra row that
   * only tells whether there is a next page without. Nodes carry the properties shown at their
   * places; `rel` is whole when `showRel` (an edge's `relationship` is selected), else only what
   * the audit reads of it (its level and identity).
   */
  expand(kept: string, label: Label | null, asks: FieldAsk['rows'], pageSize: string, showRel: boolean): { rows: FieldPlan['rows']; expand: string; page: string } {
    const props = propsOf(asks);
    const rel = (r: string) => relationshipShown(r, showRel);
    const bare = (list: string) => `[w_ IN ${list} | { node: ${entityOf('w_.m', props)}, rel: ${rel('w_.rel')}, k: w_.k }]`;
    const i = this.name('i');
    const e = this.name('e');
    const w = this.name('w');
    const rows = asks.map((r) => ({ at: r.at, ...this.row(w, label, r.ask) }));
    const { calls, columns, sub } = merge(rows);
    if (calls.length === 0) return { rows: rows.map((r) => ({ at: r.at, plan: r.plan })), expand: '', page: bare(kept) };
    const expanded = this.name('page');
    const expand = `CALL (${kept}) {
      UNWIND range(0, size(${kept}) - 1) AS ${i}
      WITH ${i}, ${kept}[${i}] AS ${e} WHERE ${i} < ${pageSize}
      WITH ${i}, ${e}, ${e}.m AS ${w}
      ${calls.join('\n')}
      WITH ${[i, e, w, ...columns].join(', ')} ORDER BY ${i}
      RETURN collect({ node: ${entityWith(w, props)}, rel: ${rel(`${e}.rel`)}, k: ${e}.k, sub: ${sub} }) AS ${expanded}
    }`;
    return { rows: rows.map((r) => ({ at: r.at, plan: r.plan })), expand, page: `${expanded} + ${bare(`${kept}[${pageSize}..]`)}` };
  }
}

/** The subqueries of one row's places (`nodes` and `edges.node` may both ask), and the map `sub` of all their columns. */
function merge(rows: Array<{ calls: string[]; columns: string[]; entries: string[] }>): { calls: string[]; columns: string[]; sub: string } {
  return { calls: rows.flatMap((r) => r.calls), columns: rows.flatMap((r) => r.columns), sub: `{ ${rows.flatMap((r) => r.entries).join(', ')} }` };
}

/** Whether any relationship field is asked of these rows (else there is nothing to compile). */
export function asksRelations(ask: RowAsk): boolean {
  return Object.values(ask).some((fields) => fields !== undefined && fields.length > 0);
}

/** Files the values of a row's compiled fields under its path. */
function fileRow(plan: RowPlan, node: EntityRow, sub: Record<string, unknown> | undefined, at: string, out: Prefetched): void {
  const p = plan.get(node.label);
  if (!p || !sub) return;
  const values = (p.group ? sub[p.group] : sub) as Record<string, unknown> | null | undefined;
  if (!values) return;
  for (const f of p.fields) fileField(f, values[f.column], `${at}.${f.ask.key}`, out);
}

interface CompiledRow extends PageRow {
  sub?: Record<string, unknown>;
}

function fileField(f: FieldPlan, value: unknown, at: string, out: Prefetched): void {
  if (!f.q) {
    const single = value as { node: EntityRow; sub: Record<string, unknown> } | null;
    out.set(at, single?.node ?? null);
    if (single) for (const r of f.rows) fileRow(r.plan, single.node, single.sub, [at, ...r.at].join('.'), out);
    return;
  }
  const { total, page } = value as { total: number; page: CompiledRow[] };
  out.set(at, fileConnection(f.q, page, total, f.rows, at, out));
}

/** The connection of `rows`, with the compiled fields of each of its rows filed under its place. */
function fileConnection(q: PageQuery, rows: CompiledRow[], total: number, places: FieldPlan['rows'], at: string, out: Prefetched): Connection {
  const subs = new Map(rows.map((r) => [r.node, r.sub]));
  const connection = toConnection(
    q,
    rows.map(({ node, rel, k }) => ({ node, rel, k })),
    total,
  );
  connection.nodes.forEach((node, index) => {
    for (const r of places) fileRow(r.plan, node, subs.get(node), [at, ...r.at.map((s) => (s === '#' ? String(index) : s))].join('.'), out);
  });
  return connection;
}

/**
 * A page of a top-level list (as `listPage`) with the relationship fields asked of its rows, in one
 * statement. `at` is the list's path in the response; the rows' fields are filed in `out`.
 */
export async function compiledListPage(
  db: Database,
  label: Label,
  args: ConnectionArgs,
  clearance: number,
  places: FieldAsk['rows'],
  at: string,
  out: Prefetched,
): Promise<Connection> {
  const q = pageQuery(args, clearance);
  const c = new Compiler(clearance);
  const list = listRows(label, args, q, c.params);
  const pageSize = c.params.add(q.limit);
  const { rows, expand, page } = c.expand('kept', label, places, pageSize, false);
  const [row] = await db.read(
    `${list.cypher}
     WITH total, [r IN kept | { m: r.m, rel: null, k: r.k }] AS kept
     ${expand}
     RETURN total, ${page} AS page`,
    { clearance, ...list.params, ...c.params.values },
  );
  await checkFilterIds(db, args.filter, label, clearance, ((row?.total as number) ?? 0) > 0);
  return fileConnection(q, (row?.page as CompiledRow[]) ?? [], (row?.total as number) ?? 0, rows, at, out);
}

/**
 * The node with this id, if the caller may see it (as `entitiesByIds`), with the relationship
 * fields asked of it (by its label), in one statement. `at` is its path in the response.
 */
export async function compiledNode(db: Database, id: string, clearance: number, place: Omit<RowPlace, 'at'>, at: string, out: Prefetched): Promise<EntityRow | null> {
  const { ask, props } = place;
  const c = new Compiler(clearance);
  const asked = c.row('n_', null, ask);
  const { calls, sub } = merge([asked]);
  const [row] = await db.read(
    `OPTIONAL MATCH (n_:${ENTITY_LABEL} {id: $id}) WHERE ${visible('n_')}
     ${calls.join('\n')}
     RETURN CASE WHEN n_ IS NULL THEN null ELSE { node: ${entityWith('n_', props)}, sub: ${sub} } END AS root`,
    { id, clearance, ...c.params.values },
  );
  const root = row?.root as { node: EntityRow; sub: Record<string, unknown> } | null | undefined;
  if (!root) return null;
  fileRow(asked.plan, root.node, root.sub, at, out);
  return root.node;
}
