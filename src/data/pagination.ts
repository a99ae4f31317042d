import { badInput } from '../errors.js';
import { openCursor, sealCursor } from './cursors.js';
import type { EntityRow } from './entities.js';
import type { RelRow } from './relationships.js';

/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: { field: 'NAME' | 'NAME_EN' | 'ID' | 'RANK'; direction: 'ASC' | 'DESC' } | null;
}

/** A validated page request, ready for Cypher: fetch `limit + 1` rows after the cursor, in `direction`. */
export interface PageQuery {
  field: 'NAME' | 'NAME_EN' | 'ID' | 'RANK';
  /** The direction rows are fetched in (reversed for `last`). */
  direction: 'ASC' | 'DESC';
  backward: boolean;
  limit: number;
  cursor: { k: string | number; i: string } | null;
  hadCursor: boolean;
  /** The caller's clearance level: cursors are sealed for it and open only for it. */
  clearance: number;
}

export interface Edge {
  cursor: string;
  node: EntityRow;
  relationship: RelRow | null;
}

export interface Connection {
  edges: Edge[];
  nodes: EntityRow[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** A row from a page query: the entity, the relationship leading to it, and its sort key. */
export interface PageRow {
  node: EntityRow;
  rel: RelRow | null;
  k: string | number;
}

/**
 * Checks paging arguments for a caller cleared to level `clearance`; throws BAD_USER_INPUT naming
 * the argument at fault (also for a cursor minted for another clearance).
 */
export function pageQuery(args: PageArgs, clearance: number, defaultField: 'NAME' | 'RANK' = 'NAME'): PageQuery {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw badInput('last', 'give either first/after or last/before, not both');
  if (after != null && last != null) throw badInput('after', 'after goes with first; use before with last');
  if (before != null && first != null) throw badInput('before', 'before goes with last; use after with first');
  for (const [name, v] of [['first', first], ['last', last]] as const) {
    if (v != null && (v < 0 || v > MAX_PAGE_SIZE)) throw badInput(name, `${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${v}`);
  }
  const field = args.orderBy?.field ?? defaultField;
  const asc = (args.orderBy?.direction ?? 'ASC') === 'ASC';
  const backward = last != null || before != null;
  const raw = backward ? before : after;
  const cursor = raw == null ? null : decodeCursor(raw, field, clearance, backward ? 'before' : 'after');
  return {
    field,
    direction: asc !== backward ? 'ASC' : 'DESC',
    backward,
    limit: (backward ? last : first) ?? DEFAULT_PAGE_SIZE,
    cursor,
    hadCursor: raw != null,
    clearance,
  };
}

/** Cypher for the sort key of target `m` (with `rel` its relationship, for RANK), under the given variable names. */
export function sortKey(q: PageQuery, m = 'm', rel = 'rel'): string {
  if (q.field === 'ID') return `${m}.id`;
  if (q.field === 'RANK') return `coalesce(${rel}.rank, 2147483647)`;
  return `${m}.${nameKey(q)}`;
}

/**
 * The derived property a name order sorts on (see src/text/search-fields.ts): `nameSort` puts
 * Chinese in pinyin order (籌劃 chou2 before 實施 shi2), `nameEnSort` English names alphabetically.
 */
function nameKey(q: PageQuery): 'nameSort' | 'nameEnSort' {
  return q.field === 'NAME_EN' ? 'nameEnSort' : 'nameSort';
}

/**
 * Cypher condition placing a row strictly after the cursor, in the fetch direction, given the
 * expressions of its sort key and its id (and the parameters holding the cursor's key and id).
 */
export function afterCursor(q: PageQuery, key: string, id: string, cursor = { key: '$cursorKey', id: '$cursorId' }): string {
  if (!q.cursor) return 'true';
  const op = q.direction === 'ASC' ? '>' : '<';
  return `(${key} ${op} ${cursor.key} OR (${key} = ${cursor.key} AND ${id} ${op} ${cursor.id}))`;
}

/**
 * The same condition written on `m`'s own properties, for top-level lists: the leading range
 * (`m.nameSort >= $cursorKey`) lets Neo4j seek the property index instead of scanning the label.
 */
export function afterCursorOnNode(q: PageQuery): string {
  if (!q.cursor || q.field === 'RANK') return afterCursor(q, sortKey(q), 'm.id');
  const op = q.direction === 'ASC' ? '>' : '<';
  if (q.field === 'ID') return `m.id ${op} $cursorId`;
  const key = `m.${nameKey(q)}`;
  return `${key} ${op}= $cursorKey AND (${key} ${op} $cursorKey OR m.id ${op} $cursorId)`;
}

export function cursorParams(q: PageQuery): Record<string, unknown> {
  return { cursorKey: q.cursor?.k ?? null, cursorId: q.cursor?.i ?? null, limit: q.limit + 1 };
}

/** Builds the connection from `limit + 1` fetched rows. */
export function toConnection(q: PageQuery, rows: PageRow[], totalCount: number): Connection {
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  if (q.backward) page.reverse();
  const edges = page.map((r) => new LazyEdge(q, r));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: new LazyPageInfo(edges, q.backward ? q.hadCursor : more, q.backward ? more : q.hadCursor),
    totalCount,
  };
}

/*
 * Cursors are sealed when first read: sealing costs ~16 µs (an AEAD encryption), and a nested list of
 * 90 nodes whose cursors nobody selects would otherwise spend 1.5 ms on them. The getters sit on the
 * classes' prototypes, not on the objects, so that code walking an answer's own values (the audit's
 * search for classified items, src/graphql/plugins/use-audit.ts) does not seal every cursor either.
 */

/** An edge whose cursor is sealed when first read. */
class LazyEdge implements Edge {
  readonly node: EntityRow;
  readonly relationship: RelRow | null;
  readonly #q: PageQuery;
  readonly #k: string | number;
  #cursor: string | undefined;
  constructor(q: PageQuery, row: PageRow) {
    this.node = row.node;
    this.relationship = row.rel;
    this.#q = q;
    this.#k = row.k;
  }
  get cursor(): string {
    return (this.#cursor ??= encodeCursor(this.#q.field, this.#k, this.node.id, this.#q.clearance));
  }
}

/** A page's `pageInfo`, its cursors those of its first and last edges. */
class LazyPageInfo {
  readonly #edges: LazyEdge[];
  constructor(
    edges: LazyEdge[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {
    this.#edges = edges;
  }
  get startCursor(): string | null {
    return this.#edges[0]?.cursor ?? null;
  }
  get endCursor(): string | null {
    return this.#edges[this.#edges.length - 1]?.cursor ?? null;
  }
}

/** Cursors of entity lists are sealed for the caller's clearance (see cursors.ts). */
const scope = (clearance: number) => `page:${clearance}`;

/** The cursor of a row (sort `field`, key `k`, `id`) for a caller cleared to level `clearance`. */
export function encodeCursor(field: PageQuery['field'], k: string | number, id: string, clearance: number): string {
  return sealCursor([field, k, id], scope(clearance));
}

function decodeCursor(raw: string, field: string, clearance: number, argument: string): { k: string | number; i: string } {
  const opened = openCursor(raw, scope(clearance));
  if (Array.isArray(opened)) {
    const [f, k, i] = opened as unknown[];
    if (f === field && (typeof k === 'string' || typeof k === 'number') && typeof i === 'string') return { k, i };
  }
  // one answer for garbage, an altered cursor, another list's order, another clearance or an expired key
  throw badInput(argument, `'${raw}' is not a cursor of this list and order`);
}
