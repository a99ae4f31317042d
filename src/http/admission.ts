/** Options of the admission gate of GraphQL requests. */
export interface AdmissionOptions {
  /** GraphQL requests executing at once; more wait in line, first come first served. */
  maxConcurrent: number;
  /** How long a request may wait in line before it is refused as busy, in milliseconds. */
  maxWaitMs: number;
}

/** Lets a bounded number of requests execute at once. */
export interface Admission {
  /**
   * Waits for a turn: resolves with the function that ends it (call it once the response is
   * written), or with null when no turn came within `maxWaitMs`.
   */
  enter(): Promise<(() => void) | null>;
  /** Requests executing now. */
  readonly running: number;
  /** Requests waiting in line now. */
  readonly waiting: number;
}

/**
 * A gate in front of execution. Without it, a burst of clients on a small machine runs every request
 * at once: each holds its answer in memory and a database transaction, the two cores are shared by
 * all of them, and every request slows until clients time out and send again (the load run at 64
 * connections served 42 requests a minute). With it, at most `maxConcurrent` run, the rest wait their
 * turn, and one that has waited `maxWaitMs` is refused at once (503, BUSY, Retry-After), which a client
 * can act on. Memory is bounded by `maxConcurrent` answers rather than by the number of clients.
 */
export function createAdmission({ maxConcurrent, maxWaitMs }: AdmissionOptions): Admission {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new RangeError(`maxConcurrent must be an integer >= 1, got ${maxConcurrent}`);
  if (!(maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be >= 0, got ${maxWaitMs}`);
  let running = 0;
  const line: Array<(turn: () => void) => void> = [];
  const turn = () => {
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const next = line.shift();
      if (next) next(turn());
      else running--;
    };
  };
  return {
    enter() {
      if (running < maxConcurrent) {
        running++;
        return Promise.resolve(turn());
      }
      return new Promise((resolve) => {
        const admit = (end: () => void) => {
          clearTimeout(timer);
          resolve(end);
        };
        const timer = setTimeout(() => {
          line.splice(line.indexOf(admit), 1);
          resolve(null);
        }, maxWaitMs);
        line.push(admit);
      });
    },
    get running() {
      return running;
    },
    get waiting() {
      return line.length;
    },
  };
}
