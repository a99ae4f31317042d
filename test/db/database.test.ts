import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { Database, toNative } from '../../src/db/database.js';
import { DatabaseUnavailableError } from '../../src/db/failure.js';
import { awaitIndexesOnline, indexProgress, LATEST_SCHEMA_VERSION, migrate, refreshSearchIndex, schemaVersion } from '../../src/db/migrations.js';
import { LABELS } from '../../src/ontology.js';
import { deleteByPrefix, testDatabase, usePrivateDatabase } from '../helpers.js';
import neo4j, { Neo4jError } from 'neo4j-driver';

const db = testDatabase();
afterAll(async () => {
  await deleteByPrefix(db, 'tech:dbtest-');
  await db.close();
});

describe('Database', () => {
  it('returns integers as JS numbers', async () => {
    const [row] = await db.read('RETURN 9007199254740991 AS max, [1, 2] AS list, {a: 3} AS map');
    expect(row).toEqual({ max: Number.MAX_SAFE_INTEGER, list: [1, 2], map: { a: 3 } });
  });

  it('refuses integers it cannot represent exactly instead of rounding them', async () => {
    await expect(db.read('RETURN 9007199254740993 AS big')).rejects.toThrow(RangeError);
    expect(() => toNative(neo4j.int('9007199254740993'))).toThrow(/outside JS's safe range/);
  });

  it('returns dates as ISO strings', async () => {
    const [row] = await db.read("RETURN date('2013-07-12') AS d");
    expect(row!.d).toBe('2013-07-12');
  });

  it('counts one round trip per transaction', async () => {
    const before = db.roundTrips;
    await db.read('RETURN 1');
    await db.write('RETURN 1');
    expect(db.roundTrips - before).toBe(2);
  });

  it('fails at once, without a round trip, while the database is declared down, and serves again once it is up', async () => {
    const before = db.roundTrips;
    db.setOutage('RESTARTING');
    try {
      const err = await db.read('RETURN 1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect((err as DatabaseUnavailableError).reason).toBe('RESTARTING');
      expect(db.roundTrips).toBe(before);
    } finally {
      db.setOutage(null);
    }
    expect(await db.read('RETURN 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('retries a transaction that hit a transient error (a deadlock), so the caller sees one success and one write', async () => {
    // a generous budget: on a loaded machine each attempt's round trip can take seconds
    const patient = new Database({ uri: inject('neo4jUri'), user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, maxRetryTimeMs: 120_000 });
    let calls = 0;
    try {
      await patient.writeAll(async (tx) => {
        calls++;
        await tx.run("MERGE (:Entity:Technology {id: 'tech:dbtest-deadlocked', name: 'x'})");
        if (calls < 3) throw new Neo4jError('deadlock', 'Neo.TransientError.Transaction.DeadlockDetected', '50N00', 'deadlock');
      });
    } finally {
      await patient.close();
    }
    expect(calls).toBe(3);
    expect(await db.read("MATCH (n {id: 'tech:dbtest-deadlocked'}) RETURN count(n) AS n")).toEqual([{ n: 1 }]);
  });

  it('gives up on a transient error that persists once the retry budget (3 s by default) is spent, passing the error on', async () => {
    let calls = 0;
    const err = await db
      .writeAll(async () => {
        calls++;
        throw new Neo4jError('deadlock', 'Neo.TransientError.Transaction.DeadlockDetected', '50N00', 'deadlock');
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jError);
    expect((err as Neo4jError).code).toBe('Neo.TransientError.Transaction.DeadlockDetected');
    expect(calls).toBeGreaterThan(1); // retried with back-off (0.1, 0.2, 0.4, 0.8, 1 s...), not forever
    expect(calls).toBeLessThan(10);
  });

  it('rolls back a failed write transaction whole', async () => {
    await expect(
      db.writeAll(async (tx) => {
        await tx.run("CREATE (:Entity:Technology {id: 'tech:dbtest-rollback', name: 'x'})");
        await tx.run('RETURN 1/0');
      }),
    ).rejects.toThrow(/by zero/);
    const [row] = await db.read("MATCH (n:Entity {id: 'tech:dbtest-rollback'}) RETURN count(n) AS n");
    expect(row!.n).toBe(0);
  });
});

describe('migrations', () => {
  it('measure index population over all indexes, so an index coming online is progress, not a fall', () => {
    const before = indexProgress([
      { name: 'a', state: 'POPULATING', populationPercent: 99 },
      { name: 'b', state: 'POPULATING', populationPercent: 10 },
    ]);
    const after = indexProgress([
      { name: 'a', state: 'ONLINE', populationPercent: 100 },
      { name: 'b', state: 'POPULATING', populationPercent: 10 },
    ]);
    expect(after).toBeGreaterThan(before);
  });

  it('wait until an index still populating is online (SHOW INDEXES, no bound fixed in advance)', async () => {
    // nodes of a label of this test's own (no ontology label: nothing else counts them)
    await db.write('UNWIND range(1, 100000) AS i CREATE (:DbtestIndexProbe {text: "probe " + toString(i)})');
    try {
      await db.changeSchema(['CREATE FULLTEXT INDEX dbtest_index_probe IF NOT EXISTS FOR (n:DbtestIndexProbe) ON EACH [n.text]']);
      const state = async () => (await db.read("SHOW INDEXES YIELD name, state WHERE name = 'dbtest_index_probe' RETURN state"))[0]!.state;
      expect(await state()).toBe('POPULATING');
      await awaitIndexesOnline(db);
      expect(await state()).toBe('ONLINE');
    } finally {
      await db.changeSchema(['DROP INDEX dbtest_index_probe IF EXISTS']);
      await db.write('MATCH (n:DbtestIndexProbe) DETACH DELETE n');
    }
  });

  it('are idempotent and record the schema version', async () => {
    const before = await db.read('SHOW CONSTRAINTS YIELD name RETURN count(*) AS n');
    await migrate(db);
    const after = await db.read('SHOW CONSTRAINTS YIELD name RETURN count(*) AS n');
    expect(after).toEqual(before);
    expect(await schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('make ids unique for every ontology label and across the whole graph', async () => {
    const rows = await db.read(
      "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' AND properties = ['id'] RETURN labelsOrTypes[0] AS label",
    );
    const labels = rows.map((r) => r.label);
    for (const l of [...LABELS, 'Entity']) expect(labels).toContain(l);
    await db.write("CREATE (:Entity:Technology {id: 'tech:dbtest-dup', name: 'a'})");
    await expect(db.write("CREATE (:Entity:Park {id: 'tech:dbtest-dup', name: 'b'})")).rejects.toThrow(/already exists/);
  });
});

// These set the schema version back: on a database of their own, as servers started by other test
// files on the shared one answer /readyz with 503 while its version is behind.
describe('migrations on a database of their own', () => {
  const priv = usePrivateDatabase();

  /** The statements of each `changeSchema` call of `migrate` once the recorded schema version is set back to `version`. */
  async function schemaCallsFrom(version: number): Promise<string[][]> {
    const calls: string[][] = [];
    const original = priv.db.changeSchema.bind(priv.db);
    const spy = vi.spyOn(priv.db, 'changeSchema').mockImplementation(async (statements) => {
      calls.push([...statements]);
      return original(statements);
    });
    try {
      await priv.db.write("MATCH (v:SchemaVersion {id: 'schema'}) SET v.version = $version", { version });
      await migrate(priv.db);
    } finally {
      spy.mockRestore();
    }
    return calls;
  }

  it('create each full-text index in its own transaction, so their populations run side by side', async () => {
    const calls = await schemaCallsFrom(2);
    const fulltext = calls.filter((c) => c.some((s) => s.startsWith('CREATE FULLTEXT INDEX')));
    expect(fulltext.map((c) => c.length)).toEqual([1, 1, 1, 1, 1]);
    expect(fulltext.map((c) => c[0]!.match(/INDEX (\w+)/)![1])).toEqual(['search_l0', 'search_l1', 'search_l2', 'search_l3', 'search_l4']);
    // the other statements of a migration share one transaction (version 4 repeats the sort indexes; they run once)
    expect(calls.filter((c) => c.some((s) => s.includes('_name_sort'))).map((c) => c.filter((s) => s.includes('_name_sort')).length)).toEqual([LABELS.length]);
    expect(await schemaVersion(priv.db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('on a store with no schema yet (as the bulk importer leaves it), create the full-text indexes before anything else, once', async () => {
    const calls = await schemaCallsFrom(0);
    const name = (c: string[]) => c[0]!.match(/INDEX (\w+)/)?.[1];
    // they populate while the constraints, whose creation waits for their own population, are built
    expect(calls.slice(0, 5).map((c) => [c.length, name(c)])).toEqual([0, 1, 2, 3, 4].map((k) => [1, `search_l${k}`]));
    expect(calls.slice(5).flat().filter((s) => s.startsWith('CREATE FULLTEXT INDEX'))).toEqual([]);
    expect(calls.slice(5).flat().some((s) => s.startsWith('CREATE CONSTRAINT'))).toBe(true);
    expect(await schemaVersion(priv.db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('keep no full-text index but the per-clearance ones search reads, also after a database built with entity_names is migrated', async () => {
    const fulltext = async () => (await priv.db.read('SHOW FULLTEXT INDEXES YIELD name RETURN name ORDER BY name')).map((r) => r.name);
    const searchIndexes = [0, 1, 2, 3, 4].map((k) => `search_l${k}`);
    expect(await fulltext()).toEqual(searchIndexes);
    // a database at version 4 still has the index over names; the next start drops it
    await priv.db.changeSchema(['CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.nameEn, n.aliases]']);
    await priv.db.write("MATCH (v:SchemaVersion {id: 'schema'}) SET v.version = 4");
    expect(await fulltext()).toContain('entity_names');
    await migrate(priv.db);
    expect(await fulltext()).toEqual(searchIndexes);
    expect(await schemaVersion(priv.db)).toBe(LATEST_SCHEMA_VERSION);
  });
});
