import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError } from '../errors.js';
import type { Database } from '../db/database.js';
import { keepsKeptAnswers, type AnswerCache, type Touched } from './answer-cache.js';
import { appendAudit, auditStatement, claimAudit, claimAuditWith, type Claim, type ClassificationChange } from './audit.js';
import { CoveragePatch } from './coverage-patch.js';
import type { Viewer } from './viewer.js';

/**
 * The frame of every write from the API: one transaction that first claims the write's audit
 * record id, does the work, and fills the record in (with the outcome, replayed to retries); and,
 * when the write fails, a FAILED record in a transaction of its own.
 */

/** Who writes, and as part of which operation (for the audit trail). */
export interface Actor {
  viewer: Viewer;
  operation: string;
  /**
   * Id of this write's audit record, fixed outside the (retryable) transaction: random, or derived
   * from the caller's idempotency key, so that a retry finds the record of the original write.
   */
  auditId: string;
  /** The idempotency key as sent, if any (recorded). */
  idempotencyKey?: string | null;
  /** Digest of the operation and its input: a retry under the same record id must carry the same. */
  inputHash: string;
  /** Set by `auditedWrite` when the answer is the stored outcome of an earlier commit (a replay). */
  replayed?: boolean;
  /** This process's kept answers, which a write of facilities patches (src/data/coverage-patch.ts). */
  answers?: AnswerCache | null;
}

/** What a write did, for its record. */
export interface Written<T> {
  result: T;
  /** Node and relationship ids written. */
  ids: string[];
  /** Highest classification level among what was read, written or replaced. */
  level: number;
  changes?: ClassificationChange[];
  reason?: string;
  /**
   * What the write added, removed or edited. When it is nothing kept answers read, the graph keeps
   * its data version (see `keepsKeptAnswers`); when absent, the write is taken to touch anything.
   */
  touched?: Touched;
}

/** What a write had touched when it failed: the ids and highest level its FAILED record carries. */
export interface Trace {
  ids: Set<string>;
  level: number;
}

export const trace = (ids: Array<string | null | undefined> = []): Trace => ({ ids: new Set(ids.filter((i): i is string => typeof i === 'string')), level: 0 });

/**
 * The write's first statement together with the claim of its audit record (see `claimAuditWith`):
 * `body` sees `fresh` and must write only where it is true. Returns the body's row; on a record
 * already committed it returns to `auditedWrite`, which replays that record, and never to the work.
 */
export type ClaimWith = (body: string, params: Record<string, unknown>, columns: readonly string[]) => Promise<Record<string, unknown>>;

/** Thrown through the work when its claiming statement finds the record committed: the write is a replay. */
class Replay {
  constructor(readonly claim: Extract<Claim, { fresh: false }>) {}
}

/**
 * Runs `work` in one write transaction with its audit record. If a record with the actor's id is
 * already committed (a retry with the same idempotency key, or the driver re-running a transaction
 * whose commit answer was lost), its stored outcome is returned and nothing is written again;
 * a different input under the same key is refused with IDEMPOTENCY_KEY_REUSED.
 *
 * The record is claimed in a statement of its own before `work` runs, or, when `work` is declared
 * `claiming`, in `work`'s first statement (`claimWith`), which saves a round trip. A claiming work
 * must call `claimWith` before any other statement; if it fails before that (bad input), the claim
 * is made then, so a retry still finds its replay or its refusal before the input's error.
 *
 * A write that may change what facilities add to coverage matrices (`facilities`: the facility or
 * park it writes, or its link's first end) patches the matrices this process keeps (`actor.answers`) instead
 * of leaving them to be counted afresh, at the cost of two statements more (src/data/coverage-patch.ts).
 */
export async function auditedWrite<T>(
  db: Database,
  actor: Actor,
  seen: Trace,
  work: (tx: ManagedTransaction, claimWith: ClaimWith) => Promise<Written<T>>,
  { claiming = false, facilities = [] }: { claiming?: boolean; facilities?: readonly string[] } = {},
): Promise<T> {
  let outcome: { value: T } | undefined;
  const patch = facilities.length ? CoveragePatch.of(actor.answers) : null;
  let patching = false;
  try {
    const rows = await db.writeAll(async (tx) => {
      outcome = undefined;
      patching = false;
      let claim: Claim | undefined = claiming ? undefined : await claimAudit(tx, actor.auditId);
      if (claim?.fresh) await patch?.before(tx, facilities);
      const claimWith: ClaimWith = async (body, params, columns) => {
        const done = await claimAuditWith(tx, actor.auditId, body, params, columns);
        claim = done.claim;
        if (!done.claim.fresh) throw new Replay(done.claim);
        await patch?.before(tx, facilities);
        return done.row;
      };
      let w: Written<T>;
      try {
        if (claim && !claim.fresh) throw new Replay(claim);
        w = await work(tx, claimWith);
        if (!claim) throw new Error(`auditedWrite: ${actor.operation} wrote without claiming its audit record`);
      } catch (err) {
        if (!claim && err instanceof ApiError) claim = await claimAudit(tx, actor.auditId);
        const replay = err instanceof Replay ? err.claim : claim && !claim.fresh ? claim : undefined;
        if (!replay) throw err;
        outcome = { value: replayed(actor, seen, replay) };
        return;
      }
      actor.replayed = false;
      outcome = { value: w.result };
      const record = auditStatement({
        id: actor.auditId,
        kind: 'WRITE',
        operation: actor.operation,
        viewer: actor.viewer,
        ids: w.ids,
        level: Math.max(w.level, seen.level),
        idempotencyKey: actor.idempotencyKey ?? null,
        inputHash: actor.inputHash,
        result: JSON.stringify(w.result ?? null),
        changes: w.changes,
        reason: w.reason ?? null,
      });
      const keepsVersion = w.touched !== undefined && keepsKeptAnswers(w.touched);
      if (!keepsVersion) await patch?.after(tx, w.touched);
      const aroundMark = keepsVersion ? null : (patch?.aroundMark() ?? null);
      patching = aroundMark !== null;
      return aroundMark ? { ...record, aroundMark } : { ...record, keepsVersion };
    });
    if (patching) patch!.apply(rows[0] as Parameters<CoveragePatch['apply']>[0]);
  } catch (err) {
    await recordFailure(db, actor, seen, err);
    throw err;
  }
  return outcome!.value;
}

/** The stored outcome of a committed write with the actor's record id, or IDEMPOTENCY_KEY_REUSED for another input. */
function replayed<T>(actor: Actor, seen: Trace, claim: Extract<Claim, { fresh: false }>): T {
  for (const id of claim.ids) seen.ids.add(id);
  seen.level = Math.max(seen.level, claim.level);
  if (claim.inputHash !== actor.inputHash) {
    const wrote = claim.ids.length ? ` (it wrote ${claim.ids.slice(0, 5).join(', ')}${claim.ids.length > 5 ? ', …' : ''})` : '';
    throw new ApiError('IDEMPOTENCY_KEY_REUSED', `this idempotency key was used by your earlier write${wrote} with a different input; use a new key`, 'idempotencyKey');
  }
  actor.replayed = true;
  return JSON.parse(claim.result ?? 'null') as T;
}

/**
 * Records a failed write in a transaction of its own (best effort: when the database itself fails,
 * the caller gets the write's own error). Also used for writes refused before they start (role, key).
 */
export async function recordFailure(db: Database, actor: Actor, seen: Trace, err: unknown): Promise<void> {
  const code = err instanceof ApiError ? err.code : typeof (err as { code?: unknown })?.code === 'string' ? 'DATABASE_ERROR' : 'INTERNAL_SERVER_ERROR';
  try {
    await appendAudit(db, {
      kind: 'WRITE',
      outcome: 'FAILED',
      errorCode: code,
      operation: actor.operation,
      viewer: actor.viewer,
      ids: [...seen.ids].sort(),
      level: seen.level,
      idempotencyKey: actor.idempotencyKey ?? null,
      inputHash: actor.inputHash,
    });
  } catch {
    // the database itself is failing (the write's own error says so); the caller gets that error
  }
}
