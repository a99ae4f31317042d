import neo4j, { isRetryableError, type Config, type Driver, type ManagedTransaction, type QueryResult, type Session } from 'neo4j-driver';
import type { Tracing, TransactionInfo } from '../ops/tracing.js';
import { DatabaseUnavailableError, outageOf, type OutageReason } from './failure.js';

/** Query parameters; values only, never spliced into Cypher text. */
export type Params = Record<string, unknown>;
/** A result row with Neo4j values turned into plain JS values (see toNative). */
export type Row = Record<string, unknown>;
/** A Cypher statement with its parameters. */
export interface Statement {
  cypher: string;
  params: Params;
  /**
   * Set on a write's last statement when the write cannot change what kept answers read (decided in
   * src/data/answer-cache.ts): the graph then keeps its data version (GRAPH_CHANGED is not run).
   */
  keepsVersion?: boolean;
  /**
   * Cypher run in a write's last statement around its mark (when it does not keep the version):
   * `before` right before GRAPH_CHANGED, `after` right after it; `writeAll` returns the rows `after`
   * returns.
   */
  aroundMark?: { before: string; after: string };
}

/**
 * What the data modules need to run Cypher: the database (each call its own transaction), or one
 * open transaction that is rolled back at the end (see `Database.rolledBack`).
 */
export interface Queryable {
  read(cypher: string, params?: Params): Promise<Row[]>;
  write(cypher: string, params?: Params): Promise<Row[]>;
}

/** How to reach Neo4j. */
export interface DatabaseOptions {
  uri: string;
  user?: string;
  password?: string;
  /** Database name; undefined means the server's default. */
  database?: string;
  /** Timeout of every transaction, in milliseconds (enforced by the server). */
  queryTimeoutMs?: number;
  /** Upper bound of the driver's connection pool. */
  maxPoolSize?: number;
  /**
   * How long a transaction that failed transiently (a deadlock, a leader switch) is retried, in
   * milliseconds (default 3,000). An unreachable or failed database is never waited for: the call
   * fails at once with a DatabaseUnavailableError.
   */
  maxRetryTimeMs?: number;
  /** How long to wait for a pooled connection when all are busy, in milliseconds (default 5,000). */
  connectionAcquisitionTimeoutMs?: number;
  /** While the server is unreachable, how often to try it again, in milliseconds (default 250). */
  probeIntervalMs?: number;
  /** Called after every transaction with its mode, duration and outcome (for metrics). */
  onTransaction?: (mode: 'READ' | 'WRITE', seconds: number, ok: boolean) => void;
  /** The driver's own log (routing tables, Bolt messages at `debug`); off when absent. */
  logging?: Config['logging'];
}

/**
 * Run at the end of every write transaction (but those that touch nothing kept answers read: see
 * `Statement.keepsVersion`): gives the graph a new data version, kept on the schema
 * version node (written by the migrations, never deleted). Answers derived from the graph and kept
 * in memory (src/data/answer-cache.ts) are reused only while the version they were computed at is
 * still the current one; a random token (not a counter) so that the version of a transaction rolled
 * back is never seen again. Each write also flips a label of the node, which moves a count in the
 * count store: reads are read-committed and a commit reaches the store in stages (Neo4j describes
 * records first, counts last), so a reader overlapping a property-only commit, which would see the new
 * token beside data not yet all applied, still reads a version string no finished commit leaves
 * behind. The node's lock comes last in each transaction, so it orders the commits that renew the
 * version without adding a deadlock; a write that keeps it changes nothing the version stands for.
 */
export const GRAPH_CHANGED = `MATCH (v:SchemaVersion {id: 'schema'}) SET v.dataVersion = randomUUID()
  WITH *, v:GraphWriteOdd AS odd
  FOREACH (_ IN CASE WHEN odd THEN [1] ELSE [] END | REMOVE v:GraphWriteOdd)
  FOREACH (_ IN CASE WHEN odd THEN [] ELSE [1] END | SET v:GraphWriteOdd)`;

/**
 * The one driver of the process, with the only two ways to run Cypher: `read` (routed to readers in
 * a cluster) and `write` (routed to the leader). Both run in managed transactions, which the driver
 * retries on transient errors. Rows come back as plain objects with integers as JS numbers.
 */
export class Database {
  readonly driver: Driver;
  readonly database: string | undefined;
  private timeoutMs: number;
  /** Number of transactions run so far: each is one database round trip. */
  roundTrips = 0;
  /** Sessions open right now (a proxy for pool connections in use). */
  activeSessions = 0;
  readonly maxPoolSize: number;
  private onTransaction?: DatabaseOptions['onTransaction'];
  /** Set when tracing is on (see `trace`): each transaction then runs in a span. */
  private tracing?: Pick<Tracing, 'transaction'>;
  /** The server the driver was given, as spans name it. */
  private readonly server: TransactionInfo['server'];

  private readonly retryBudgetMs: number;
  private readonly probeIntervalMs: number;
  /** Set by the embedded database's supervisor: the database is known to be down, and why. */
  private supervised: OutageReason | null = null;
  /** Set when the driver found the server unreachable; cleared by the probe once it answers. */
  private observed: OutageReason | null = null;
  private probe: NodeJS.Timeout | undefined;

  constructor(options: DatabaseOptions) {
    if (!options.uri) throw new TypeError('Database: `uri` is required');
    const auth = options.password ? neo4j.auth.basic(options.user ?? 'neo4j', options.password) : undefined;
    this.maxPoolSize = options.maxPoolSize ?? 100;
    this.driver = neo4j.driver(options.uri, auth, {
      maxConnectionPoolSize: this.maxPoolSize,
      connectionAcquisitionTimeout: options.connectionAcquisitionTimeoutMs ?? 5_000,
      connectionTimeout: 2_000,
      // the driver's own retries would also wait out an unreachable server (seconds per call); the
      // retries of transient errors are done in `session` instead
      maxTransactionRetryTime: 0,
      userAgent: 'dual-use-kg/0.1',
      ...(options.logging ? { logging: options.logging } : {}),
    });
    this.database = options.database;
    this.timeoutMs = options.queryTimeoutMs ?? 30_000;
    this.retryBudgetMs = options.maxRetryTimeMs ?? 3_000;
    this.probeIntervalMs = options.probeIntervalMs ?? 250;
    this.onTransaction = options.onTransaction;
    const url = new URL(options.uri.replace(/^[a-z][a-z0-9+.-]*:/i, 'http:'));
    this.server = { address: url.hostname, ...(url.port ? { port: Number(url.port) } : {}) };
  }

  /** Why the database cannot serve right now, or null when it can (as far as this process knows). */
  outage(): OutageReason | null {
    return this.supervised ?? this.observed;
  }

  /**
   * Declares the database down (or up again, with null). Used by the embedded database's supervisor,
   * which learns of a dead process or a panic before any query does.
   */
  setOutage(reason: OutageReason | null): void {
    this.supervised = reason;
    if (reason === null) this.observed = null;
  }

  /**
   * Runs a read query as one auto-commit transaction in read mode and returns its rows. A single
   * statement needs no BEGIN and COMMIT: the driver sends RUN and PULL together, one round trip
   * where a transaction function takes two. Transient errors are retried here (see `session`),
   * as `executeRead` would; a router sends it to a reader, and the server holds it to read mode.
   */
  async read(cypher: string, params: Params = {}): Promise<Row[]> {
    const result = await this.session('READ', 'run', async (session) => await session.run(cypher, toParams(params), { timeout: this.timeoutMs }), cypher);
    return result.records.map((r) => toNative(r.toObject()) as Row);
  }

  /**
   * Runs a write query in a write transaction and returns its rows. The transaction also marks the
   * graph changed (see GRAPH_CHANGED), so answers derived from the graph before it are not reused.
   */
  async write(cypher: string, params: Params = {}): Promise<Row[]> {
    return this.run('WRITE', cypher, async (tx) => {
      const result = await tx.run(cypher, toParams(params));
      await tx.run(GRAPH_CHANGED);
      return result;
    });
  }

  /**
   * Runs several statements in one write transaction: all of them or none (marked as `write` is).
   * `work` may hand back its last statement instead of running it (one that returns nothing): it
   * then runs together with the mark, one statement fewer, since each statement in a transaction is
   * a round trip and a socket write or two; or, when it `keepsVersion`, without the mark.
   */
  async writeAll(work: (tx: ManagedTransaction) => Promise<Statement | void>): Promise<Row[]> {
    return this.session('WRITE', 'executeWrite', (session) =>
      session.executeWrite(async (tx) => {
        const last = await work(tx);
        if (last?.keepsVersion) await tx.run(last.cypher, toParams(last.params));
        else if (last?.aroundMark) {
          const { before, after } = last.aroundMark;
          const result = await tx.run(`${last.cypher}\nWITH count(*) AS written\n${before}\n${GRAPH_CHANGED}\n${after}`, toParams(last.params));
          return result.records.map((r) => toNative(r.toObject()) as Row);
        } else if (last) await tx.run(`${last.cypher}\nWITH count(*) AS written\n${GRAPH_CHANGED}`, toParams(last.params));
        else await tx.run(GRAPH_CHANGED);
        return [];
      }, { timeout: this.timeoutMs }),
    );
  }

  /**
   * Runs schema commands (indexes, constraints) in one transaction. They change no data, and Neo4j
   * lets no data write share their transaction, so the graph is not marked changed.
   */
  async changeSchema(statements: readonly string[]): Promise<void> {
    await this.session('WRITE', 'executeWrite', (session) =>
      session.executeWrite(async (tx) => {
        for (const statement of statements) await tx.run(statement);
      }, { timeout: this.timeoutMs }),
    );
  }

  /**
   * Writes a record kept beside the graph (an audit event) without marking the graph changed: only
   * for nodes no graph answer reads. Everything else writes through `write` or `writeAll`.
   */
  async writeRecord(cypher: string, params: Params = {}): Promise<Row[]> {
    return this.run('WRITE', cypher, (tx) => tx.run(cypher, toParams(params)));
  }

  /**
   * Runs `work` in one write transaction that is always rolled back, whatever happens: what-if
   * scenarios change the graph, read the consequences, and leave nothing behind.
   */
  async rolledBack<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.session('WRITE', 'beginTransaction', async (session) => {
      const tx = session.beginTransaction({ timeout: this.timeoutMs });
      const run = async (cypher: string, params: Params = {}) =>
        (await tx.run(cypher, toParams(params))).records.map((r) => toNative(r.toObject()) as Row);
      try {
        return await work({ read: run, write: run });
      } finally {
        if (tx.isOpen()) await tx.rollback();
      }
    });
  }

  /**
   * Runs `work` with another transaction timeout. For startup work before the server serves
   * (migrations and the seed load may outlast a request's budget on a loaded machine) and for the
   * command line's bulk work, never while serving: the timeout applies to every transaction started
   * meanwhile.
   */
  async withTimeout<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`timeoutMs must be a positive integer, got ${timeoutMs}`);
    const previous = this.timeoutMs;
    this.timeoutMs = timeoutMs;
    try {
      return await work();
    } finally {
      this.timeoutMs = previous;
    }
  }

  /** Verifies that the server is reachable; throws the driver's error otherwise. */
  async ping(): Promise<void> {
    await this.driver.getServerInfo({ database: this.database });
  }

  /** Runs every transaction from now on in a span of `tracing` (the server attaches it when tracing is on). */
  trace(tracing: Pick<Tracing, 'transaction'> | undefined): void {
    this.tracing = tracing;
  }

  /** Attaches the metrics hook after construction (the server owns the metrics registry). */
  observe(onTransaction: NonNullable<DatabaseOptions['onTransaction']>): void {
    this.onTransaction = onTransaction;
  }

  async close(): Promise<void> {
    clearInterval(this.probe);
    this.probe = undefined;
    await this.driver.close();
  }

  private async run(mode: 'WRITE', cypher: string, work: (tx: ManagedTransaction) => Promise<QueryResult>): Promise<Row[]> {
    const result = await this.session(mode, 'executeWrite', (session) => session.executeWrite(work, { timeout: this.timeoutMs }), cypher);
    return result.records.map((r) => toNative(r.toObject()) as Row);
  }

  /**
   * One session for one managed transaction, counted and timed. Fails at once while the database is
   * known to be down; retries transient errors within the retry budget; an unreachable server marks
   * the database down until the probe reaches it again.
   */
  private async session<T>(
    mode: 'READ' | 'WRITE',
    operation: TransactionInfo['operation'],
    use: (session: Session) => Promise<T>,
    statement?: string,
  ): Promise<T> {
    const deadline = Date.now() + this.retryBudgetMs;
    for (let attempt = 0; ; attempt++) {
      const down = this.outage();
      if (down) throw new DatabaseUnavailableError(down);
      try {
        const once = () => this.sessionOnce(mode, use);
        return await (this.tracing
          ? this.tracing.transaction({ operation, database: this.database, server: this.server, ...(statement ? { statement } : {}) }, once)
          : once());
      } catch (err) {
        const reason = outageOf(err);
        if (reason) {
          // only an unreachable server stops further calls; a failed one is the supervisor's to declare
          if (reason === 'UNREACHABLE') this.markUnreachable(reason);
          throw new DatabaseUnavailableError(this.supervised ?? reason);
        }
        const delay = Math.min(1_000, 100 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
        if (!isRetryableError(err as Error) || Date.now() + delay > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async sessionOnce<T>(mode: 'READ' | 'WRITE', use: (session: Session) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
    this.roundTrips++;
    this.activeSessions++;
    const started = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await use(session);
      ok = true;
      return result;
    } finally {
      this.activeSessions--;
      this.onTransaction?.(mode, Number(process.hrtime.bigint() - started) / 1e9, ok);
      await session.close().catch(() => {});
    }
  }

  /** Marks the server down and probes it until it answers again (one probe at a time). */
  private markUnreachable(reason: OutageReason): void {
    this.observed = reason;
    if (this.probe) return;
    let probing = false;
    this.probe = setInterval(() => {
      if (probing) return;
      probing = true;
      this.driver.getServerInfo({ database: this.database }).then(
        () => {
          this.observed = null;
          clearInterval(this.probe);
          this.probe = undefined;
        },
        () => {},
      ).finally(() => (probing = false));
    }, this.probeIntervalMs);
    this.probe.unref();
  }
}

/**
 * Prepares parameters for the driver: whole JS numbers become Neo4j integers (the driver would send
 * them as floats, which LIMIT rejects and which would store `1` as `1.0`); other values pass through.
 */
export function toParams(value: unknown): any {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(toParams);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toParams(v);
    return out;
  }
  return value;
}

/**
 * Converts driver values to plain JS: integers to numbers (throwing when outside the safe range
 * rather than silently losing precision), temporal values to ISO strings, nodes and relationships
 * to their properties, lists and maps recursively.
 */
export function toNative(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (neo4j.isInt(value)) {
    if (!neo4j.integer.inSafeRange(value)) throw new RangeError(`Integer ${value.toString()} is outside JS's safe range`);
    return value.toNumber();
  }
  if (Array.isArray(value)) return value.map(toNative);
  if (typeof value !== 'object') return value;
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toNative(value.properties);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toNative(v);
  return out;
}
