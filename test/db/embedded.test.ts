import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

  it('listens on 127.0.0.1 and answers Cypher over Bolt', async () => {
    expect(neo4j.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    const db = new Database({ uri: neo4j.uri });
    try {
      const [row] = await db.write('CREATE (n:Probe {x: 41}) RETURN n.x + 1 AS answer');
      expect(row!.answer).toBe(42);
      const [v] = await db.read("CALL dbms.components() YIELD versions RETURN versions[0] AS version");
      expect(v!.version).toMatch(/^5\.26\./);
    } finally {
      await db.close();
    }
  });

  it('refuses a second instance on the same data directory at once, naming the store lock', async () => {
    const started = Date.now();
    const err = await startEmbedded({ home, heap: '256m', pageCacheMb: 32 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedStartError);
    expect((err as EmbeddedStartError).code).toBe('STORE_LOCKED');
    expect((err as Error).message).toMatch(/in use by another Neo4j process \(store lock\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(launchersFor(home)).toEqual([neo4j.pid]);
  });

  it('stops cleanly on request and leaves no JVM behind', async () => {
    expect(launchersFor(home)).toEqual([neo4j.pid]);
    await neo4j.stop();
    expect((await neo4j.exited).clean).toBe(true);
    expect(launchersFor(home)).toEqual([]);
  });

  it('exits by itself when its parent process dies', async () => {
    // A throw-away Node parent starts a launcher, prints its pid, and is then SIGKILLed.
    const script = `
      import { startEmbedded } from ${JSON.stringify(path.resolve('src/db/embedded.ts'))};
      const n = await startEmbedded({ home: ${JSON.stringify(home)}, heap: '256m', pageCacheMb: 32 });
      console.log('PID', n.pid);
      setInterval(() => {}, 1000);`;
    const { spawn } = await import('node:child_process');
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
    const deadline = Date.now() + 30_000;
    while (launchersFor(home).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(launchersFor(home)).toEqual([]);
  });
});
