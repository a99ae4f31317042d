import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';

/**
 * One round of one fault experiment, as bench/faults-report.ts tabulates it. Each test file of the
 * fault suite writes its rounds to test-artifacts/faults/<file>.json (every run, `npm test` too).
 */
export interface FaultRow {
  experiment: string;
  round: number;
  /** Writes attempted (API experiments: one idempotency key each) or runs killed (importer). */
  writes: number;
  /** Requests sent, retries included (API experiments). */
  requests?: number;
  retries?: number;
  acknowledged?: number;
  /** Acknowledged yet absent afterwards: must be 0. */
  acknowledgedLost: number;
  /** Told failed (or cut off) at some attempt although that attempt had committed. */
  failedButPresent?: number;
  /** Of those, answered by a retry with the same key with the original success (Idempotent-Replayed). */
  resolvedByRetry?: number;
  /** Still reported failed at the end yet present: must be 0. */
  finalFailedButPresent?: number;
  /** Every kind of answer the writers saw. */
  answers?: string[];
  recovery: {
    /** From the fault to the first answer saying why (readiness reason). */
    detectMs?: number;
    /** From the fault (or the freed disk) until /readyz answered 200 again. */
    readyMs?: number;
    /** From the fault until the first write that had been refused or cut off was acknowledged on a retry. */
    firstAckMs?: number;
    /** SIGTERM: until the process had drained and exited. */
    drainMs?: number;
    /** Importer: the re-run that restores the identical graph. */
    rerunMs?: number;
    /** Whether recovery involved a new process (SIGTERM: by design; importer: the re-run). */
    restarted: boolean;
  };
  note?: string;
}

/** Writes `rows` for bench/faults-report.ts. */
export function recordFaults(name: string, rows: FaultRow[]): void {
  const dir = path.join('test-artifacts', 'faults');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ at: new Date().toISOString(), cores: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10), rounds: rows }, null, 2)}\n`);
}
