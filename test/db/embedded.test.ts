import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { EmbeddedStartError, startEmbedded, type EmbeddedNeo4j } from '../../src/db/embedded.js';

/** Pids of launcher JVMs whose command line names `home`. */
function launchersFor(home: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `org.dualuse.launcher.EmbeddedNeo4j --home ${home}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = tcpConnect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

describe('embedded Neo4j launcher', () => {
  let home: string;
  let neo4j: EmbeddedNeo4j;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'kg-embedded-'));
    neo4j = await startEmbedded({ home, heap: '256m', pageCacheMb: 32 });
  });

  afterAll(async () => {
    await neo4j?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and answers Cypher over Bolt with its password', async () => {
    expect(neo4j.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    const db = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
    try {
      const [row] = await db.write('CREATE (n:Probe {x: 41}) RETURN n.x + 1 AS answer');
      expect(row!.answer).toBe(42);
      const [v] = await db.read("CALL dbms.components() YIELD versions RETURN versions[0] AS version");
      expect(v!.version).toMatch(/^5\.26\./);
    } finally {
      await db.close();
    }
    const others = Object.values(networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal);
    for (const i of others) expect(await accepts(i!.address, neo4j.port)).toBe(false);
  });

  it('keeps transaction logs small (rotated at 16 MiB, not preallocated) and sends no usage report', async () => {
    const dir = path.join(home, 'data', 'transactions', 'neo4j');
    const logs = (await readdir(dir)).filter((f) => f.startsWith('neostore.transaction.db'));
    expect(logs.length).toBeGreaterThan(0);
    for (const f of logs) expect((await stat(path.join(dir, f))).size).toBeLessThan(16 * 2 ** 20);
    // the settings Neo4j itself reports at start, usage report off among them
    const settings = await readFile(path.join(home, 'logs', 'debug.log'), 'utf8');
    for (const line of ['db.tx_log.preallocate=false', 'db.tx_log.rotation.size=16.00MiB', 'dbms.usage_report.enabled=false']) expect(settings).toContain(line);
  });

  it('refuses a connection without the password, or with the default one', async () => {
    for (const password of [undefined, 'neo4j', `${neo4j.password}x`]) {
      const db = new Database({ uri: neo4j.uri, user: 'neo4j', password });
      try {
        await expect(db.read('RETURN 1')).rejects.toThrow(/unauthorized|authentication|credentials/i);
      } finally {
        await db.close();
      }
    }
  });

  it('generates its password at the first start and keeps it owner-only in the home', async () => {
    expect(neo4j.password).toMatch(/^[0-9a-f]{40}$/);
    const file = await stat(path.join(home, 'password'));
    expect(file.mode & 0o777).toBe(0o600);
  });

  it('refuses a second instance on the same data directory at once, naming the store lock', async () => {
    const err = await startEmbedded({ home, heap: '256m', pageCacheMb: 32 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedStartError);
    expect((err as EmbeddedStartError).code).toBe('STORE_LOCKED');
    expect((err as Error).message).toMatch(/in use by another Neo4j process \(store lock\)/);
    expect(launchersFor(home)).toEqual([neo4j.pid]);
  });

  it("with a lock wait, says it waits for the previous run's database before giving up", async () => {
    const lines: string[] = [];
    const err = await startEmbedded({ home, heap: '256m', pageCacheMb: 32, lockWaitMs: 1_500, log: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect((err as EmbeddedStartError).code).toBe('STORE_LOCKED');
    expect(lines).toEqual([`waiting for the previous run's database to stop (${home} is locked) ...`]);
  });

  it('refuses to start on a disk with less free space than it needs, naming the need and the folder', async () => {
    const err = await startEmbedded({ home: path.join(home, 'elsewhere'), minFreeMb: 2 ** 40 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedStartError);
    expect((err as EmbeddedStartError).code).toBe('DISK_FULL');
    expect((err as Error).message).toMatch(new RegExp(`needs at least ${2 ** 40} MiB free for ${path.join(home, 'elsewhere')}; that disk has \\d+ MiB free`));
  });

  it('stops cleanly on request and leaves no JVM behind', async () => {
    expect(launchersFor(home)).toEqual([neo4j.pid]);
    await neo4j.stop();
    expect((await neo4j.exited).clean).toBe(true);
    expect(launchersFor(home)).toEqual([]);
  });

  it('halts when its parent process dies, so a re-run right after gets the store and the password', async () => {
    // A throw-away Node parent starts a launcher, prints its pid, and is then SIGKILLed.
    const script = `
      import { startEmbedded } from ${JSON.stringify(path.resolve('src/db/embedded.ts'))};
      const n = await startEmbedded({ home: ${JSON.stringify(home)}, heap: '256m', pageCacheMb: 32 });
      console.log('PID', n.pid);
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (b: Buffer) => {
        const m = /PID (\d+)/.exec(b.toString());
        if (m) resolve(Number(m[1]));
      });
      parent.on('exit', () => reject(new Error('parent exited early')));
    });
    expect(launchersFor(home)).toEqual([pid]);
    parent.kill('SIGKILL');
    const lines: string[] = [];
    neo4j = await startEmbedded({ home, heap: '256m', pageCacheMb: 32, lockWaitMs: 30_000, log: (l) => lines.push(l) });
    expect(launchersFor(home)).toEqual([neo4j.pid]);
    const again = new Database({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
    try {
      const [row] = await again.read('MATCH (n:Probe) RETURN n.x AS x');
      expect(row!.x).toBe(41); // what the first run committed survived the halt
    } finally {
      await again.close();
    }
  }, 180_000);

  it('kills a JVM that does not stop within the timeout, so stopping never hangs', async () => {
    process.kill(neo4j.pid, 'SIGSTOP'); // frozen: it cannot act on SIGTERM
    await neo4j.stop(1_000);
    expect((await neo4j.exited).clean).toBe(false);
    expect(launchersFor(home)).toEqual([]);
  }, 60_000);
});
