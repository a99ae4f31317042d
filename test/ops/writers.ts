import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.js';

/**
 * Concurrent GraphQL writers for the shutdown and fault experiments, and the bookkeeping that tells
 * whether a client was ever told something false. Every mutation carries an `Idempotency-Key` header
 * (the same key on each retry of the same write), so that a server which stores outcomes by key can
 * answer a retry with the original success.
 */

/** What one write ended as, from the client's point of view. */
export type WriteStatus =
  /** the server answered with data: acknowledged */
  | 'ok'
  /** the server answered with an error (code in `code`) */
  | 'failed'
  /** the connection was refused, or the server answered that it is shutting down: nothing was run */
  | 'refused'
  /** the connection broke after the request was sent: the client cannot know what happened */
  | 'ambiguous';

export interface WriteOutcome {
  id: string;
  key: string;
  status: WriteStatus;
  code?: string;
  /** Sends of this write (1 + retries). */
  attempts: number;
  /** Status of every attempt, in order (`ok:replayed` when the server answered from a stored outcome). */
  history: string[];
  /** The last answer was the stored outcome of an earlier commit (`Idempotent-Replayed: true`). */
  replayed: boolean;
  /** When the write was acknowledged (ms since the epoch), if it was. */
  ackAt?: number;
}

export interface WritersOptions {
  url: string;
  token: string;
  /** Id prefix of every technology written, e.g. `tech:fault-kill`. */
  prefix: string;
  writers?: number;
  /** Retry ambiguous and SERVICE_UNAVAILABLE answers with the same key, up to this many times. */
  retries?: number;
  /** Pause between retries, in milliseconds. */
  retryDelayMs?: number;
  /** Stop a writer after its first refused connection (the server is gone). */
  stopWhenRefused?: boolean;
}

/** Running writers; `stop()` lets each finish its current write and returns every outcome. */
export interface Writers {
  outcomes: WriteOutcome[];
  stop(): Promise<WriteOutcome[]>;
  /** Resolves when every writer has stopped by itself (see `stopWhenRefused`). */
  done: Promise<WriteOutcome[]>;
}

const MUTATION = 'mutation W($input: TechnologyInput!) { createTechnology(input: $input) { technology { id } } }';

/** One HTTP attempt of one write. */
async function attempt(url: string, token: string, id: string, key: string): Promise<{ status: WriteStatus; code?: string; replayed?: boolean }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify({ query: MUTATION, variables: { input: { id, name: `寫入 ${id}`, sources: ['fault experiment'] } } }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (err) {
    const code = causeCode(err);
    return { status: code === 'ECONNREFUSED' ? 'refused' : 'ambiguous', code };
  }
  if (res.status === 503 && res.headers.get('retry-after')) {
    // late in a shutdown: refused before anything ran, and said so
    const refusal = (await res.json().catch(() => null)) as any;
    const said = refusal?.errors?.[0]?.extensions;
    if (res.headers.get('retry-after') === '1' && said?.code === 'SERVICE_UNAVAILABLE' && said?.reason === 'SHUTTING_DOWN') return { status: 'refused', code: 'SHUTTING_DOWN' };
    return { status: 'failed', code: `HTTP_503:${JSON.stringify(said)}` };
  }
  let body: any;
  try {
    body = await res.json();
  } catch (err) {
    return { status: 'ambiguous', code: causeCode(err) ?? `HTTP_${res.status}` };
  }
  if (body?.data?.createTechnology?.technology?.id === id) return { status: 'ok', replayed: res.headers.get('idempotent-replayed') === 'true' };
  return { status: 'failed', code: body?.errors?.[0]?.extensions?.code ?? `HTTP_${res.status}` };
}

function causeCode(err: unknown): string {
  // AbortSignal.timeout's DOMException carries the legacy numeric code 23: name it
  if ((err as { name?: string })?.name === 'TimeoutError') return 'CLIENT_TIMEOUT';
  let e: any = err;
  while (e?.cause && !e.code) e = e.cause;
  return String(e?.code ?? e?.name ?? 'UNKNOWN');
}

/** Starts `writers` loops, each creating technologies `${prefix}-${w}-${n}` one after another. */
export function startWriters(options: WritersOptions): Writers {
  const { url, token, prefix, writers = 8, retries = 0, retryDelayMs = 200, stopWhenRefused = false } = options;
  const outcomes: WriteOutcome[] = [];
  let stopped = false;
  const loop = async (w: number) => {
    for (let n = 0; !stopped; n++) {
      const id = `${prefix}-${w}-${n}`;
      const outcome: WriteOutcome = { id, key: randomUUID(), status: 'failed', attempts: 0, history: [], replayed: false };
      for (;;) {
        const r = await attempt(url, token, id, outcome.key);
        outcome.attempts++;
        outcome.history.push(r.code ? `${r.status}:${r.code}` : r.replayed ? 'ok:replayed' : r.status);
        outcome.status = r.status;
        outcome.code = r.code;
        outcome.replayed = r.replayed ?? false;
        if (r.status === 'ok') outcome.ackAt = Date.now();
        const retryable = r.status === 'ambiguous' || (r.status === 'failed' && r.code === 'SERVICE_UNAVAILABLE') || (r.status === 'refused' && !stopWhenRefused);
        if (!retryable || outcome.attempts > retries) break;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
      outcomes.push(outcome);
      if (stopWhenRefused && outcome.status === 'refused') return;
    }
  };
  const done = Promise.all(Array.from({ length: writers }, (_, w) => loop(w))).then(() => outcomes);
  return {
    outcomes,
    done,
    async stop() {
      stopped = true;
      return done;
    },
  };
}

/** The experiment's figures: what the clients were told against what the database holds. */
export interface WriteAudit {
  /** Writes attempted (each with its own idempotency key). */
  writes: number;
  /** HTTP requests sent (first attempts and retries). */
  requests: number;
  acknowledged: number;
  /** acknowledged, yet absent from the database: must be 0 */
  acknowledgedLost: string[];
  /**
   * Writes the client was told had failed (an error, a refusal) or whose connection broke, at some
   * attempt, although that attempt had committed: the ones a later retry with the same key got
   * answered from the stored outcome (`Idempotent-Replayed`), plus any still reported failed yet present.
   */
  failedButPresent: string[];
  /** Of those, the ones whose retry with the same key returned the original success. */
  resolvedByRetry: string[];
  /** Reported failed (or refused) by their last answer, yet present in the database: must be 0. */
  finalFailedButPresent: string[];
  /** Retries sent (requests beyond each write's first). */
  retries: number;
  /** connections broken after sending (resets, "other side closed"), whatever the final outcome */
  ambiguousAttempts: number;
  /** writes whose last attempt was ambiguous, with whether the database holds them */
  unresolved: Array<{ id: string; present: boolean }>;
}

/** Compares the outcomes with the database's technologies under `prefix`. */
export async function auditWrites(db: Database, prefix: string, outcomes: WriteOutcome[]): Promise<WriteAudit> {
  const rows = await db.read('MATCH (n:Technology) WHERE n.id STARTS WITH $prefix RETURN n.id AS id', { prefix: `${prefix}-` });
  const present = new Set(rows.map((r) => r.id as string));
  const toldFailed = (o: WriteOutcome) => o.history.some((h) => !h.startsWith('ok'));
  const finalFailedButPresent = outcomes.filter((o) => o.status !== 'ok' && present.has(o.id)).map((o) => o.id);
  const resolvedByRetry = outcomes.filter((o) => o.status === 'ok' && o.replayed && toldFailed(o)).map((o) => o.id);
  return {
    writes: outcomes.length,
    requests: outcomes.reduce((n, o) => n + o.attempts, 0),
    acknowledged: outcomes.filter((o) => o.status === 'ok').length,
    acknowledgedLost: outcomes.filter((o) => o.status === 'ok' && !present.has(o.id)).map((o) => o.id),
    failedButPresent: [...resolvedByRetry, ...finalFailedButPresent],
    resolvedByRetry,
    finalFailedButPresent,
    retries: outcomes.reduce((n, o) => n + o.attempts - 1, 0),
    ambiguousAttempts: outcomes.reduce((n, o) => n + o.history.filter((h) => h.startsWith('ambiguous')).length, 0),
    unresolved: outcomes.filter((o) => o.status === 'ambiguous').map((o) => ({ id: o.id, present: present.has(o.id) })),
  };
}
