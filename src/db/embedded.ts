import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, statfs, writeFile } from 'node:fs/promises';
import neo4j from 'neo4j-driver';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { LAUNCHER_JAR, LAUNCHER_LIB, LAUNCHER_MAIN, ensureLauncher } from './launcher-build.js';
import { checkToolchain } from './toolchain.js';

/** Options of an embedded Neo4j process. */
export interface EmbeddedOptions {
  /** Neo4j home (data, logs, locks). Created when missing. */
  home: string;
  /** Bolt port on 127.0.0.1; 0 picks a free port. */
  port?: number;
  /** JVM heap, as for -Xmx (e.g. `512m`). */
  heap?: string;
  /** Page cache in MiB (Neo4j's default would take half the machine's memory). */
  pageCacheMb?: number;
  /** Server-side timeout for every transaction, in seconds. */
  txTimeoutSeconds?: number;
  /** How long to wait for READY before giving up, in milliseconds. */
  startTimeoutMs?: number;
  /**
   * Size at which a transaction log file is rotated, in MiB. Default 16 (Neo4j's own is 256): small
   * files keep a small graph's folder small.
   */
  txLogRotationMb?: number;
  /** Preallocate transaction log files at full size (Neo4j's default). Default false. */
  txLogPreallocate?: boolean;
  /** Neo4j's `db.tx_log.rotation.retention_policy`. Default `64M size`. */
  txLogRetention?: string;
  /** Free space the home's disk must have to start, in MiB (default: twice the rotation size + 64). */
  minFreeMb?: number;
  /**
   * The password of user `neo4j`. Default: the one stored in `<home>/password` (owner-only), generated
   * at the first start. Either way it is stored there and authentication is on.
   */
  password?: string;
  /**
   * While another process holds the home's lock, retry for this long (in milliseconds) before failing
   * with STORE_LOCKED, e.g. while the JVM of a run killed a moment ago exits. Default 0.
   */
  lockWaitMs?: number;
  /** Progress messages (e.g. that it waits for a lock). */
  log?: (line: string) => void;
  /** Called when a database of this server panics (it then refuses all work until restarted). */
  onPanic?: (database: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** A running embedded Neo4j. */
export interface EmbeddedNeo4j {
  /** `bolt://127.0.0.1:PORT` */
  uri: string;
  port: number;
  pid: number;
  /** Credentials of the Bolt connector. */
  user: string;
  password: string;
  /** SIGTERM, then wait for a clean shutdown (SIGKILL after `timeoutMs`). Idempotent. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL at once (a panicked database may never finish a clean shutdown). */
  kill(): void;
  /** Resolves when the process has exited, for whatever reason; `clean` when Neo4j reported a completed shutdown. */
  exited: Promise<{ code: number | null; clean: boolean }>;
}

/**
 * A start failure; `code` is the launcher's (STORE_LOCKED, PORT_IN_USE, START_FAILED, TIMEOUT, ...)
 * or DISK_FULL when the home's disk has less free space than the start needs.
 */
export class EmbeddedStartError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedStartError';
  }
}

/** JVM flags Neo4j 5 expects on Java 17+. */
export const NEO4J_JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
];

/** The JVM's arguments up to a main class of the launcher (its own arguments follow). */
export function launcherJvmArgs(heap: string, mainClass: string): string[] {
  return [`-Xmx${heap}`, ...NEO4J_JVM_FLAGS, '-cp', `${LAUNCHER_JAR}${path.delimiter}${path.join(LAUNCHER_LIB, '*')}`, mainClass];
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The user of the embedded Neo4j's Bolt connector. */
export const EMBEDDED_USER = 'neo4j';

/**
 * The password of the embedded Neo4j in `home`: read from `<home>/password`, or generated (20 random
 * bytes, hex; a leading '-' would read as an option) and stored there with owner-only permissions (0600) at the first start. A file
 * readable by others is made owner-only again.
 */
export async function embeddedPassword(home: string, given?: string): Promise<string> {
  const file = path.join(home, 'password');
  await mkdir(home, { recursive: true, mode: 0o700 });
  if (!given) {
    const stored = await readFile(file, 'utf8').catch(() => null);
    if (stored?.trim()) {
      await chmod(file, 0o600);
      return stored.trim();
    }
  }
  const password = given ?? randomBytes(20).toString('hex');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/** Free space on the disk holding `dir` (or its nearest existing parent), in MiB. */
export async function freeMb(dir: string): Promise<number> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const s = await statfs(d).catch(() => null);
    if (s) return (s.bavail * s.bsize) / 2 ** 20;
    if (path.dirname(d) === d) return Number.POSITIVE_INFINITY;
  }
}

/**
 * Starts Neo4j in a child JVM and resolves once it accepts Bolt connections (authenticated, on
 * 127.0.0.1 only). The JVM halts by itself the moment this process dies (its stdin closes and it
 * watches our pid), so no JVM outlives its parent or keeps the store locked.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const { home, lockWaitMs = 0, log = () => {} } = options;
  const deadline = Date.now() + lockWaitMs;
  let told = false;
  for (;;) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (!(err instanceof EmbeddedStartError) || err.code !== 'STORE_LOCKED' || Date.now() >= deadline) throw err;
      if (!told) log(`waiting for the previous run's database to stop (${path.resolve(home)} is locked) ...`);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function startOnce(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const { home, heap = '512m', pageCacheMb = 128, txTimeoutSeconds = 60, startTimeoutMs = 120_000 } = options;
  const { txLogRotationMb = 16, txLogPreallocate = false, txLogRetention = '64M size' } = options;
  const env = options.env ?? process.env;
  const minFreeMb = options.minFreeMb ?? (txLogPreallocate ? 3 : 2) * txLogRotationMb + 64;
  const free = await freeMb(home);
  if (free < minFreeMb) {
    throw new EmbeddedStartError(
      'DISK_FULL',
      `Embedded Neo4j needs at least ${minFreeMb} MiB free for ${path.resolve(home)}; that disk has ${Math.floor(free)} MiB free. ` +
        'Free some space, or set NEO4J_HOME_DIR to a folder on another disk.',
    );
  }
  const { java } = checkToolchain(env, false);
  await ensureLauncher(env);
  // a home created before authentication was on (or whose password file was removed) has user neo4j
  // with the default password, which must be changed over Bolt once it runs
  const adopt = existsSync(path.join(home, 'data', 'databases', 'system')) && (options.password !== undefined || !existsSync(path.join(home, 'password')));
  const password = await embeddedPassword(home, options.password);
  const port = options.port || (await freePort());

  const child = spawn(
    java,
    [
      ...launcherJvmArgs(heap, LAUNCHER_MAIN),
      '--home', path.resolve(home),
      '--port', String(port),
      '--pagecache', String(pageCacheMb),
      '--tx-timeout', String(txTimeoutSeconds),
      '--tx-log-rotation-mb', String(txLogRotationMb),
      '--tx-log-preallocate', String(txLogPreallocate),
      '--tx-log-retention', txLogRetention,
      '--exit-on-stdin-close',
      '--parent-pid', String(process.pid),
    ],
    // the password goes through the environment, which only this user can read (not the command line)
    { env: { ...env, KG_NEO4J_PASSWORD: password }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let clean = false;
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 40) stderrTail.shift();
  });

  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), startTimeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'STOPPED') clean = true;
      if (line.startsWith('PANIC ')) options.onPanic?.(line.slice(6));
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    void exitCode.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    child.kill('SIGKILL');
    const code = await exitCode;
    process.removeListener('exit', killOnExit);
    throw startError(code, stderrTail, startTimeoutMs);
  }

  if (adopt) {
    await adoptPassword(`bolt://127.0.0.1:${port}`, password).catch(async (err: unknown) => {
      child.kill('SIGKILL');
      await exitCode;
      process.removeListener('exit', killOnExit);
      throw err;
    });
  }
  // the readline interface may deliver STOPPED just after 'exit'; 'close' of stdout comes after both
  const stdoutClosed = new Promise<void>((resolve) => child.stdout!.once('close', resolve));
  const exited = Promise.all([exitCode, stdoutClosed]).then(([code]) => ({ code, clean }));
  let stopping: Promise<void> | undefined;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    user: EMBEDDED_USER,
    password,
    exited,
    stop(timeoutMs = 15_000) {
      stopping ??= stopChild(child, exited, timeoutMs).finally(() => process.removeListener('exit', killOnExit));
      return stopping;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * Sets the password of a home that still has Neo4j's default one (changing it is all the default one
 * allows). A home whose password is already the stored one needs nothing.
 */
async function adoptPassword(uri: string, password: string): Promise<void> {
  for (const current of [password, 'neo4j']) {
    const driver = neo4j.driver(uri, neo4j.auth.basic(EMBEDDED_USER, current), { userAgent: 'dual-use-kg/0.1' });
    try {
      if (current === password) {
        await driver.getServerInfo();
        return;
      }
      const session = driver.session({ database: 'system' });
      try {
        await session.run('ALTER CURRENT USER SET PASSWORD FROM $old TO $new', { old: current, new: password });
        return;
      } finally {
        await session.close();
      }
    } catch {
      // try the next one
    } finally {
      await driver.close();
    }
  }
  throw new EmbeddedStartError('AUTH_FAILED', `the Neo4j user in this home has a password other than the one stored in its 'password' file`);
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

function startError(code: number | null, stderrTail: string[], timeoutMs: number): EmbeddedStartError {
  const line = stderrTail.find((l) => l.startsWith('ERROR '));
  const m = line && /^ERROR (\w+): (.*)$/.exec(line);
  if (m) return new EmbeddedStartError(m[1]!, `Embedded Neo4j did not start: ${m[2]}`);
  if (code === null) return new EmbeddedStartError('TIMEOUT', `Embedded Neo4j was not ready within ${timeoutMs} ms`);
  return new EmbeddedStartError(
    'START_FAILED',
    `Embedded Neo4j exited with status ${code}:\n${stderrTail.slice(-10).join('\n')}`,
  );
}
