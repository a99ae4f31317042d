import { spawn, type ChildProcess } from 'node:child_process';
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
  env?: NodeJS.ProcessEnv;
}

/** A running embedded Neo4j. */
export interface EmbeddedNeo4j {
  /** `bolt://127.0.0.1:PORT` */
  uri: string;
  port: number;
  pid: number;
  /** SIGTERM, then wait for a clean shutdown (SIGKILL after `timeoutMs`). Idempotent. */
  stop(timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited, for whatever reason; `clean` when Neo4j reported a completed shutdown. */
  exited: Promise<{ code: number | null; clean: boolean }>;
}

/** A start failure; `code` is the launcher's: STORE_LOCKED, PORT_IN_USE, START_FAILED, TIMEOUT, ... */
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

/**
 * Starts Neo4j in a child JVM and resolves once it accepts Bolt connections.
 * The JVM exits by itself when this process dies (its stdin closes and it watches our pid),
 * so no JVM outlives its parent.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const { home, heap = '512m', pageCacheMb = 128, txTimeoutSeconds = 60, startTimeoutMs = 120_000 } = options;
  const env = options.env ?? process.env;
  const { java } = checkToolchain(env, false);
  await ensureLauncher(env);
  const port = options.port || (await freePort());

  const child = spawn(
    java,
    [
      `-Xmx${heap}`,
      ...NEO4J_JVM_FLAGS,
      '-cp',
      `${LAUNCHER_JAR}${path.delimiter}${path.join(LAUNCHER_LIB, '*')}`,
      LAUNCHER_MAIN,
      '--home', path.resolve(home),
      '--port', String(port),
      '--pagecache', String(pageCacheMb),
      '--tx-timeout', String(txTimeoutSeconds),
      '--exit-on-stdin-close',
      '--parent-pid', String(process.pid),
    ],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
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

  // the readline interface may deliver STOPPED just after 'exit'; 'close' of stdout comes after both
  const stdoutClosed = new Promise<void>((resolve) => child.stdout!.once('close', resolve));
  const exited = Promise.all([exitCode, stdoutClosed]).then(([code]) => ({ code, clean }));
  let stopping: Promise<void> | undefined;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    exited,
    stop(timeoutMs = 30_000) {
      stopping ??= stopChild(child, exited, timeoutMs).finally(() => process.removeListener('exit', killOnExit));
      return stopping;
    },
  };
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
