import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProfiledPlan } from 'neo4j-driver';
import { beforeAll, describe, expect, it } from 'vitest';
import { pick } from '../../bench/picks.js';
import { QUERIES, type BenchQuery, type Picks, type Row } from '../../bench/queries.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { mintToken } from '../../src/auth/tokens.js';
import { toNative, toParams, type Database } from '../../src/db/database.js';
import { refreshSearchIndex } from '../../src/db/migrations.js';
import { generate } from '../../src/data/generator.js';
import { writeNodeBatch, writeRelBatch, type LoadSummary } from '../../src/data/loader.js';
import { startServer } from '../../src/http/server.js';
import { CLASSIFICATIONS } from '../../src/ontology.js';
import { usePrivateDatabase } from '../helpers.js';

/**
 * Plan regressions caught without timing anything: every benchmark query, as the API runs it (B) and
 * as hand-written Cypher (A), is PROFILEd on a small generated graph, and its database hits must stay
 * within 20 % of the budget committed in bench/dbhits-budget.json. After a deliberate change, rewrite
 * the budgets with `UPDATE_DBHITS_BUDGET=1 npx vitest run test/bench/dbhits.test.ts` and commit them.
 */

const BUDGET_FILE = path.resolve('bench/dbhits-budget.json');
const NODES = 3_000;
const CLEARANCE = 1;
const TOLERANCE = 1.2;
const SECRET = 'dbhits-test-secret-of-at-least-32-chars';
const UPDATE = process.env.UPDATE_DBHITS_BUDGET === '1';

interface Measured {
  /** Database hits of hand-written Cypher (A). */
  A: number;
  /** Database hits summed over every statement the API ran for the request (B). */
  B: number;
  /** Statements the API ran (round trips). */
  statements: number;
}

function hits(plan: ProfiledPlan | false | undefined): number {
  if (!plan) return 0;
  return plan.dbHits + plan.children.reduce((n, child) => n + hits(child), 0);
}

/** Makes every statement `db` runs a PROFILE one and adds its hits to `meter` (same rows, same plan). */
function profileEverything(db: Database, meter: { hits: number; statements: number }): void {
  const run = async (mode: 'READ' | 'WRITE', cypher: string, params: Record<string, unknown> = {}) => {
    const session = db.driver.session({ database: db.database });
    try {
      const work = (tx: { run: (q: string, p: unknown) => Promise<any> }) => tx.run(`PROFILE ${cypher}`, toParams(params));
      const result = mode === 'READ' ? await session.executeRead(work) : await session.executeWrite(work);
      meter.hits += hits(result.summary.profile);
      meter.statements += 1;
      return result.records.map((r: { toObject(): unknown }) => toNative(r.toObject()) as Record<string, unknown>);
    } finally {
      await session.close();
    }
  };
  db.read = (cypher, params) => run('READ', cypher, params);
  db.write = (cypher, params) => run('WRITE', cypher, params);
  const writeAll = db.writeAll.bind(db);
  db.writeAll = (work) =>
    writeAll(async (tx) => {
      const profiled = new Proxy(tx, {
        get(target, prop, receiver) {
          if (prop !== 'run') return Reflect.get(target, prop, receiver);
          return (cypher: string, params?: unknown) => {
            const result = target.run(`PROFILE ${cypher}`, params as Record<string, unknown>);
            meter.statements += 1;
            void result.then((r) => (meter.hits += hits(r.summary.profile)), () => undefined);
            return result;
          };
        },
      });
      // a last statement handed back runs here, profiled; the graph's change mark is not counted
      const last = await work(profiled);
      if (last) await profiled.run(last.cypher, toParams(last.params));
    });
}

describe('database hits of the benchmark queries on a small generated graph', () => {
  const handle = usePrivateDatabase();
  const measured: Record<string, Measured> = {};
  let budget: Record<string, Measured> = {};
  /** Each query's answer from A and from the API, reduced by its `answer` functions, for three picks. */
  const answers: Record<string, Array<{ A: unknown; B: unknown }>> = {};

  async function answersOf(q: BenchQuery, picks: Picks, token: string, url: string) {
    const shape = q.answer as Exclude<BenchQuery['answer'], { skip: string }>;
    const out: Array<{ A: unknown; B: unknown }> = [];
    for (let i = 0; i < 3; i++) {
      const rows = (await handle.db.read(q.cypher, { ...q.cypherParams(picks, i), c: CLEARANCE })) as Row[];
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: q.graphql, variables: q.variables(picks, i) }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
      expect(body.errors, `${q.name} #${i} answers without errors`).toBeUndefined();
      out.push({ A: shape.A(rows), B: shape.B(body.data) });
    }
    return out;
  }

  beforeAll(async () => {
    const { db } = handle;
    const summary: LoadSummary = { created: 0, updated: 0, unchanged: 0, nodes: 0, relationships: 0 };
    for (const batch of generate({ nodes: NODES, seed: 7 })) {
      if (batch.kind === 'nodes') await writeNodeBatch(db, batch.label, batch.records, summary);
      else await writeRelBatch(db, batch.records, summary);
    }
    await refreshSearchIndex(db);
    // fresh index statistics and no cached plans: the planner's choice must not depend on when samples ran
    await db.write('CALL db.awaitIndexes(300)');
    await db.write('CALL db.prepareForReplanning(300000)');
    const picks: Picks = await pick(db, CLEARANCE);

    const meter = { hits: 0, statements: 0 };
    profileEverything(db, meter);
    // the benchmark's limits (bench/processes.ts): its nested query counts omitted page sizes
    const server = await startServer({ db, port: 0, authenticate: await createAuthenticator({ jwtSecret: SECRET }), limits: { maxCost: 2_000_000 } });
    const token = await mintToken({ secret: SECRET, subject: 'dbhits', clearance: CLASSIFICATIONS[CLEARANCE]!, roles: ['reader', 'editor'], expiresIn: '10m' });
    try {
      for (const q of QUERIES) {
        // A: the hand-written statement, profiled on its own
        const session = db.driver.session({ database: db.database });
        let a: number;
        try {
          const tx = session.beginTransaction();
          const result = await tx.run(`PROFILE ${q.cypher}`, toParams({ ...q.cypherParams(picks, 0), c: CLEARANCE }));
          a = hits(result.summary.profile);
          await tx.rollback();
        } finally {
          await session.close();
        }
        // B: the API, every statement it runs for one request
        meter.hits = 0;
        meter.statements = 0;
        const res = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: q.graphql, variables: q.variables(picks, 0) }),
        });
        const body = (await res.json()) as { errors?: unknown[] };
        expect(body.errors, `${q.name} answers without errors`).toBeUndefined();
        measured[q.name] = { A: a, B: meter.hits, statements: meter.statements };
        if ('A' in q.answer) answers[q.name] = await answersOf(q, picks, token, server.url);
      }
    } finally {
      await server.close();
    }
    if (UPDATE) await writeFile(BUDGET_FILE, `${JSON.stringify(measured, null, 2)}\n`);
    budget = JSON.parse(await readFile(BUDGET_FILE, 'utf8')) as Record<string, Measured>;
  }, 600_000);

  it.each(QUERIES.filter((q) => 'A' in q.answer).map((q) => q.name))('%s asks the API the same question as the hand-written Cypher (same answer on three picks)', (name) => {
    const got = answers[name]!;
    expect(got).toHaveLength(3);
    // a check that compares nothing would pass: each query must answer something at least once
    expect(got.some((x) => JSON.stringify(x.A) !== '[]' && x.A !== null), `${name} answers nothing on every pick`).toBe(true);
    for (const [i, x] of got.entries()) expect(x.B, `${name} #${i}: the API's answer against A's`).toEqual(x.A);
  });

  it.each(QUERIES.map((q) => q.name))('%s stays within its committed db-hit budget (+20 %)', (name) => {
    const b = budget[name];
    expect(b, `no budget for ${name}: run with UPDATE_DBHITS_BUDGET=1 and commit bench/dbhits-budget.json`).toBeDefined();
    const m = measured[name]!;
    expect(m.B, `${name} via the API: ${m.B} db hits against a budget of ${b!.B}`).toBeLessThanOrEqual(Math.ceil(b!.B * TOLERANCE));
    expect(m.A, `${name} hand-written: ${m.A} db hits against a budget of ${b!.A}`).toBeLessThanOrEqual(Math.ceil(b!.A * TOLERANCE));
    expect(m.statements, `${name}: statements per request`).toBeLessThanOrEqual(b!.statements);
  });
});
