import { EmbeddedStartError, freeMb, startEmbedded, type EmbeddedNeo4j, type EmbeddedOptions } from './embedded.js';
import type { OutageReason } from './failure.js';

/** Where the supervised database stands. */
export interface SupervisorStatus {
  state: 'ready' | 'restarting' | 'stopped';
  /** Why it is not ready (set while restarting). */
  reason: OutageReason | null;
  /** Restarts that succeeded since the process started. */
  restarts: number;
  /** Failed start attempts since it was last ready. */
  failedAttempts: number;
  /** True once `failAfter` attempts in a row have failed: the database cannot be restarted. */
  failed: boolean;
}

/** Receives the supervisor's events (a pino logger fits). */
export interface SupervisorLog {
  info(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

export interface SupervisorOptions extends EmbeddedOptions {
  logger: SupervisorLog;
  /** Called on every change of availability: a reason while down, null once ready again. */
  onAvailability: (reason: OutageReason | null) => void;
  /** First delay before a restart, doubled per failed attempt, in milliseconds (default 500). */
  restartDelayMs?: number;
  /** Longest delay between attempts, in milliseconds (default 30,000). */
  maxRestartDelayMs?: number;
  /** Failed attempts in a row after which the database counts as failed (default 5). */
  failAfter?: number;
}

/**
 * Keeps the embedded Neo4j running: it learns of the JVM's death from the process exit (and of a
 * database panic from the launcher) at once, reports the outage (so calls fail immediately with the
 * reason), and starts the JVM again on the same port with exponential back-off until it is ready.
 * The driver reconnects by itself; nothing else restarts.
 */
export class EmbeddedSupervisor {
  private current: EmbeddedNeo4j | null = null;
  private stopping = false;
  private panicReason: OutageReason | null = null;
  private wake: (() => void) | null = null;
  readonly status: SupervisorStatus = { state: 'restarting', reason: null, restarts: 0, failedAttempts: 0, failed: false };

  constructor(private readonly options: SupervisorOptions) {
    if (typeof options.onAvailability !== 'function') throw new TypeError('EmbeddedSupervisor: `onAvailability` is required');
  }

  /** The running database (null while it restarts). */
  get embedded(): EmbeddedNeo4j | null {
    return this.current;
  }

  /** Starts the database the first time; a failure here is the caller's (nothing is retried). */
  async start(): Promise<EmbeddedNeo4j> {
    const first = await startEmbedded(this.embeddedOptions());
    // restarts reuse the port, so the driver's address stays valid
    this.options.port = first.port;
    this.adopt(first);
    return first;
  }

  /** Stops supervising and stops the database; never hangs (a panicked JVM is killed). */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    this.status.state = 'stopped';
    this.wake?.();
    const db = this.current;
    if (!db) return;
    if (this.panicReason) db.kill();
    await db.stop(timeoutMs);
  }

  private embeddedOptions(): EmbeddedOptions {
    return { ...this.options, onPanic: (database) => void this.panicked(database) };
  }

  private adopt(db: EmbeddedNeo4j): void {
    this.current = db;
    this.panicReason = null;
    Object.assign(this.status, { state: 'ready', reason: null, failedAttempts: 0, failed: false });
    this.options.onAvailability(null);
    void db.exited.then(({ code, clean }) => {
      if (this.stopping || this.current !== db) return;
      this.current = null;
      const reason = this.panicReason ?? 'RESTARTING';
      this.options.logger.error({ pid: db.pid, code, clean, reason }, 'embedded Neo4j exited unexpectedly; restarting it');
      this.down(reason);
      void this.restartLoop();
    });
  }

  /** A panicked database refuses all work until restarted: say why, and restart it. */
  private async panicked(database: string): Promise<void> {
    const minFree = this.options.minFreeMb ?? 2 * (this.options.txLogRotationMb ?? 16) + 64;
    this.panicReason = (await freeMb(this.options.home)) < minFree ? 'DISK_FULL' : 'DATABASE_FAILED';
    this.options.logger.error({ database, reason: this.panicReason }, 'embedded Neo4j panicked; restarting it');
    this.down(this.panicReason);
    this.current?.kill();
  }

  private down(reason: OutageReason): void {
    Object.assign(this.status, { state: 'restarting', reason });
    this.options.onAvailability(reason);
  }

  private async restartLoop(): Promise<void> {
    const { restartDelayMs, maxRestartDelayMs, failAfter = 5 } = this.options;
    for (let attempt = 0; !this.stopping; attempt++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, restartDelay(attempt, restartDelayMs, maxRestartDelayMs));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.stopping) return;
      try {
        const db = await startEmbedded({ ...this.embeddedOptions(), lockWaitMs: 5_000 });
        if (this.stopping) {
          await db.stop();
          return;
        }
        this.status.restarts++;
        this.adopt(db);
        this.options.logger.info({ pid: db.pid, attempts: attempt + 1 }, 'embedded Neo4j restarted');
        return;
      } catch (err) {
        const reason: OutageReason = err instanceof EmbeddedStartError && err.code === 'DISK_FULL' ? 'DISK_FULL' : 'DATABASE_FAILED';
        this.status.failedAttempts++;
        this.status.failed = this.status.failedAttempts >= failAfter;
        this.down(reason);
        this.options.logger.error({ attempt: attempt + 1, reason, err: err instanceof Error ? err.message : String(err) }, 'embedded Neo4j could not be restarted');
      }
    }
  }
}

/** The pause before restart attempt `attempt` (0-based): 0.5 s by default, doubling, at most 30 s. */
export function restartDelay(attempt: number, firstMs = 500, maxMs = 30_000): number {
  return Math.min(maxMs, firstMs * 2 ** attempt);
}
