import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { entitiesByIds, type EntityRow } from '../data/entities.js';
import type { AnswerCache } from '../data/answer-cache.js';
import type { Prefetched } from '../data/compiler.js';
import type { Connection } from '../data/pagination.js';
import { relationPages, relationSingles, type ConnectionArgs } from '../data/relations.js';
import { ANONYMOUS, clearanceLevel, type Viewer } from '../data/viewer.js';

/** Per-request context: the database, the caller, and this request's DataLoaders (never shared across requests). */
export interface Context {
  db: Database;
  viewer: Viewer;
  /** The caller's clearance as the integer level compared in Cypher. */
  clearance: number;
  loaders: Loaders;
  /** Set once the operation is resolved (for the audit trail). */
  operationName?: string | null;
  /** What this response carries, gathered for the audit trail while its fields resolve (plugins/use-audit.ts). */
  audit: AuditGathering;
  /** Correlates logs of one request (the x-request-id header, or generated). */
  requestId: string;
  /** The request's `Idempotency-Key` header, if any (see use-idempotency-key.ts). */
  idempotencyKey?: string | null;
  /** Whether root fields compile the relationship fields below them into one statement (src/data/compiler.ts). */
  compile: boolean;
  /** Values the compiled statements computed ahead, by response path; field resolvers read them first. */
  prefetched: Prefetched;
  /** Expensive answers kept between writes, shared by every request of the server (null: none). */
  answers: AnswerCache | null;
  /** Sent by the server itself (the warm-up), not by a client: not counted in metrics nor logged. */
  internal: boolean;
  /** True once a mutation field of this request was answered with the stored outcome of an earlier commit. */
  replayed?: boolean;
}

/** One request's gathering for its audit event. */
export interface AuditGathering {
  /** Classified ids (CONFIDENTIAL and above) the response carries, with their levels. */
  classified: Map<string, number>;
  /** Response paths of aggregate fields computed over the caller's visible subgraph. */
  aggregates: Set<string>;
  /** Objects already searched, with the depth they were searched to (a large answer repeats rows). */
  walked: WeakMap<object, number>;
}

export interface ContextOptions {
  requestId?: string;
  /** Called with the size of every DataLoader batch (for metrics). */
  onBatch?: (field: string, size: number) => void;
  /**
   * Batch and cache lookups per request (default). `false` gives naive resolvers, one query per
   * parent and field: only the benchmark uses it, to show what batching buys.
   */
  batching?: boolean;
  /**
   * Compile the relationship fields below a top-level list or `node` into one statement (default);
   * `false` resolves each of them through the DataLoaders (COMPILE_SELECTIONS=false).
   */
  compile?: boolean;
  /** The server's kept answers (see Context.answers). */
  answers?: AnswerCache | null;
  /** A request of the server itself (see `Context.internal`); never set from a client's request. */
  internal?: boolean;
}

/**
 * DataLoaders batch every lookup of one field at one level of the query into one Cypher query:
 * `entity` for ids, `single(field)` for single-valued relationship fields, `page(field, args)` for
 * connection fields (one loader per distinct arguments, since those change the query).
 */
export interface Loaders {
  entity: DataLoader<string, EntityRow | null>;
  single(field: string): DataLoader<string, EntityRow | null>;
  /** `total`: whether the caller selected totalCount (the query without it stops early). */
  page(field: string, args: ConnectionArgs, total?: boolean): DataLoader<string, Connection>;
}

export function createContext(db: Database, viewer: Viewer = ANONYMOUS, { requestId = randomUUID(), onBatch, batching = true, compile = true, answers = null, internal = false }: ContextOptions = {}): Context {
  const clearance = clearanceLevel(viewer);
  const options = batching ? {} : { batch: false, cache: false };
  const batch = <K, V>(field: string, load: (keys: readonly K[]) => Promise<V[]>) => (keys: readonly K[]) => {
    onBatch?.(field, keys.length);
    return load(keys);
  };
  const singles = new Map<string, DataLoader<string, EntityRow | null>>();
  const pages = new Map<string, DataLoader<string, Connection>>();
  return {
    db,
    viewer,
    clearance,
    audit: { classified: new Map(), aggregates: new Set(), walked: new WeakMap() },
    requestId,
    // the naive variant (no batching) is the benchmark's baseline: nothing is computed ahead there
    compile: compile && batching,
    prefetched: new Map(),
    answers,
    internal,
    loaders: {
      entity: new DataLoader(batch('node', (ids: readonly string[]) => entitiesByIds(db, ids, clearance)), options),
      single(field) {
        let loader = singles.get(field);
        if (!loader) singles.set(field, (loader = new DataLoader(batch(field, (ids: readonly string[]) => relationSingles(db, field, ids, clearance)), options)));
        return loader;
      },
      page(field, args, total = true) {
        const key = `${field}\u0000${total}\u0000${JSON.stringify(args)}`;
        let loader = pages.get(key);
        if (!loader) pages.set(key, (loader = new DataLoader(batch(field, (ids: readonly string[]) => relationPages(db, field, ids, args, clearance, total)), options)));
        return loader;
      },
    },
  };
}
