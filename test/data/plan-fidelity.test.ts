import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { citedClauses, planClauses, PLAN_SOURCE_PREFIX } from '../../src/data/clauses.js';
import { LABELS } from '../../src/ontology.js';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { SEED_DIR } from '../../src/seed.js';
import { Database } from '../../src/db/database.js';
import { usePrivateDatabase } from '../helpers.js';

/**
 * Fidelity of the seed to 京政發〔2013〕19號, asked of the database after loading seed/plan: the facts
 * each clause states (plan-expectations.json, written from the text), provenance that names real
 * clauses, inferences that say how they were made, names that quote the text.
 */

interface ClauseExpectation {
  responsible?: string[];
  facts?: Array<[string, string, string]>;
  nodes?: string[];
  members?: { of: string; 'in order': string[] };
}
const EXPECTED = JSON.parse(readFileSync(new URL('./plan-expectations.json', import.meta.url), 'utf8')) as {
  clauses: Record<string, ClauseExpectation>;
  notVerbatim: { ids: Record<string, string> };
  mentionedOtherwise: Record<string, Record<string, string>>;
  isolated: string[];
};

// a database of its own: loading the seed beside other files' loads of it would wait on their locks
const priv = usePrivateDatabase();
const tree = planClauses();
const TEXT = [...tree.values()].join('\n');

interface PlanNode {
  id: string;
  label: string;
  name: string;
  aliases: string[] | null;
  sources: string[];
  basis: string | null;
  note: string | null;
}
let nodes: PlanNode[];
let rels: Array<{ from: string; type: string; to: string; sources: string[]; basis: string | null; note: string | null }>;

beforeAll(async () => {
  // the whole plan is one transaction: give it time on a busy machine (correctness, not speed, is tested here)
  const loader = new Database({ uri: priv.uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, queryTimeoutMs: 110_000 });
  await load(loader, await readDatasetDir(SEED_DIR)).finally(() => loader.close());
  // only what cites the plan: other test files add their own records to the shared database
  nodes = (await priv.db.read(
    `MATCH (n:Entity) WHERE any(s IN n.sources WHERE s STARTS WITH $prefix)
     RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels][0] AS label, n.name AS name, n.aliases AS aliases,
            n.sources AS sources, n.basis AS basis, n.note AS note ORDER BY id`,
    { prefix: PLAN_SOURCE_PREFIX, labels: LABELS },
  )) as unknown as PlanNode[];
  rels = (await priv.db.read(
    `MATCH (a:Entity)-[r]->(b:Entity) WHERE any(s IN r.sources WHERE s STARTS WITH $prefix)
     RETURN a.id AS from, type(r) AS type, b.id AS to, r.sources AS sources, r.basis AS basis, r.note AS note`,
    { prefix: PLAN_SOURCE_PREFIX },
  )) as unknown as typeof rels;
});

/** True when `sources` cite `clause` or a part of it (`§二(一)2` is cited by `§二(一)2 海淀園`, `§二(三)1` by `§二(三)1(2)`). */
const cites = (sources: string[], clause: string) => sources.some((s) => (citedClauses(s) ?? []).some((c) => c.startsWith(clause)));

describe('the clause tree of the plan', () => {
  it('has every heading, named paragraph and list of responsible units of the text', () => {
    expect(tree.get('§二(一)1(3) 主責單位')).toBe('市經濟信息化委、市科委、中關村管委會、市發展改革委、豐台區政府');
    expect(tree.get('§二(一)2 順義園')).toMatch(/^在順義園,推進順義航空産業園建設/);
    expect(tree.get('§三(一)2 2014年至2015年')).toMatch(/^2014年至2015年,深化軍地科技資源融合/);
    expect(tree.get('§二(三)1')).toContain('(5)新材料産業'); // a heading holds its sub-clauses
    expect([...tree.keys()].filter((k) => k.endsWith(' 主責單位'))).toHaveLength(18);
    expect(tree.get('落款')).toBe('北京市人民政府\n2013年7月12日');
  });
});

describe.each(Object.entries(EXPECTED.clauses))('clause %s', (clause, expected) => {
  it('names its responsible units in the order of the text', async () => {
    if (!expected.responsible) return;
    expect(tree.get(`${clause} 主責單位`)).toBe(expected.responsible.join('、'));
    const rows = await priv.db.read(
      `MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(t:Task {clause: $clause}) RETURN a.name AS name ORDER BY r.rank`,
      { clause },
    );
    expect(rows.map((r) => r.name)).toEqual(expected.responsible);
  });

  it.each(expected.facts ?? [])('states %s -%s-> %s', (from, type, to) => {
    const found = rels.filter((r) => r.from === from && r.type === type && r.to === to);
    expect(found, `${from} -${type}-> ${to}`).toHaveLength(1);
    expect(cites(found[0]!.sources, clause), `cites ${clause}: ${found[0]!.sources.join(' | ')}`).toBe(true);
  });

  it('mentions the nodes it introduces, and they cite it', () => {
    for (const id of expected.nodes ?? []) {
      const n = nodes.find((x) => x.id === id);
      expect(n, id).toBeDefined();
      expect(cites(n!.sources, clause), `${id} cites ${clause}`).toBe(true);
      expect([n!.name, ...(n!.aliases ?? [])].some((name) => tree.get(clause)!.includes(name)), `${clause} mentions ${id}`).toBe(true);
    }
  });

  it('lists the members of a body in the order of the text', async () => {
    if (!expected.members) return;
    const rows = await priv.db.read(
      `MATCH (a)-[r:MEMBER_OF {role: 'MEMBER'}]->(:Entity {id: $of}) RETURN a.name AS name ORDER BY r.rank`,
      { of: expected.members.of },
    );
    expect(rows.map((r) => r.name)).toEqual(expected.members['in order']);
  });
});

describe('provenance and basis', () => {
  it('cites only clauses that exist in the document', () => {
    const bad: string[] = [];
    for (const item of [...nodes.map((n) => ({ what: n.id, sources: n.sources })), ...rels.map((r) => ({ what: `${r.from} -${r.type}-> ${r.to}`, sources: r.sources }))]) {
      for (const s of item.sources) for (const c of citedClauses(s) ?? []) if (!tree.has(c)) bad.push(`${item.what}: ${c}`);
    }
    expect(bad).toEqual([]);
  });

  it('gives every node and relationship a basis, and every INFERRED one a note (and only those)', () => {
    const items = [...nodes.map((n) => ({ what: n.id, ...n })), ...rels.map((r) => ({ what: `${r.from} -${r.type}-> ${r.to}`, ...r }))];
    expect(items.filter((i) => i.basis !== 'STATED' && i.basis !== 'INFERRED').map((i) => i.what)).toEqual([]);
    expect(items.filter((i) => i.basis === 'INFERRED' && !i.note?.trim()).map((i) => i.what)).toEqual([]);
    expect(items.filter((i) => i.basis === 'STATED' && i.note).map((i) => i.what)).toEqual([]);
    expect(items.filter((i) => i.basis === 'INFERRED').length).toBeGreaterThan(0);
  });

  it('leaves no node without a relationship, unless listed as deliberately so', () => {
    const linked = new Set(rels.flatMap((r) => [r.from, r.to]));
    expect(nodes.filter((n) => !linked.has(n.id)).map((n) => n.id)).toEqual(EXPECTED.isolated);
  });

  it('quotes the text in every name, except the listed expansions', () => {
    const quoted = nodes.filter((n) => n.label !== 'Task' && !TEXT.includes(n.name) && !(n.id in EXPECTED.notVerbatim.ids));
    expect(quoted.map((n) => `${n.id} ${n.name}`)).toEqual([]);
    for (const id of Object.keys(EXPECTED.notVerbatim.ids)) expect(TEXT.includes(nodes.find((n) => n.id === id)!.name), id).toBe(false);
  });

  it('cites, for every node, clauses that mention it (by name or alias)', () => {
    const missing: string[] = [];
    for (const n of nodes) {
      if (n.label === 'Task' || n.id in EXPECTED.notVerbatim.ids) continue;
      const names = [n.name, ...(n.aliases ?? [])];
      const otherwise = EXPECTED.mentionedOtherwise[n.id] ?? {};
      for (const s of n.sources) {
        for (const c of citedClauses(s) ?? []) {
          if (names.some((x) => tree.get(c)?.includes(x))) continue;
          if (otherwise[c] && tree.get(c)!.includes(otherwise[c]!)) continue;
          if (otherwise[c] && !c.startsWith('§')) continue; // front matter about the document itself
          missing.push(`${n.id}: ${c}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('cites, for every STATED CONCERNS, SERVES, COVERS and FOCUSES_ON, a clause that mentions the target', () => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const missing = rels
      .filter((r) => ['CONCERNS', 'SERVES', 'COVERS', 'FOCUSES_ON'].includes(r.type) && r.basis === 'STATED')
      .filter((r) => byId.get(r.to)?.label !== 'Task' && !(r.to in EXPECTED.notVerbatim.ids))
      .filter((r) => {
        const t = byId.get(r.to)!;
        const names = [t.name, ...(t.aliases ?? [])];
        return !r.sources.some((s) => (citedClauses(s) ?? []).some((c) => names.some((x) => tree.get(c)?.includes(x))));
      })
      .map((r) => `${r.from} -${r.type}-> ${r.to}`);
    expect(missing).toEqual([]);
  });

  it('quotes the goals verbatim from their clause', async () => {
    const rows = await priv.db.read(`MATCH (g:Goal) WHERE g.id STARTS WITH 'goal:2015-' RETURN g.id AS id, g.description AS d, g.sources AS s`);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(tree.get(citedClauses((r.s as string[])[0]!)![0]!)!, r.id as string).toContain(r.d as string);
  });
});
