import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { formatCounts, formatInferred, graphCounts, inferredItems } from '../../src/data/report.js';
import { validate } from '../../src/data/dataset.js';
import { Database } from '../../src/db/database.js';
import { LABELS, REL_TYPES } from '../../src/ontology.js';
import { SEED_DIR } from '../../src/seed.js';

// the plan's load is one transaction: give it time to wait for other files' loads of the same records
const db = new Database({ uri: inject('neo4jUri'), user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, queryTimeoutMs: 110_000 });
beforeAll(async () => {
  await load(db, await readDatasetDir(SEED_DIR));
});
afterAll(() => db.close());

describe('the report of inferred facts', () => {
  it('lists every INFERRED node and relationship of the plan with its note', async () => {
    // common-aliases.json is applied by the loader, not validated as records
    const seed = validate((await readDatasetDir(SEED_DIR)).filter((f) => f.label !== undefined || f.type !== undefined));
    const expected = [
      ...seed.nodes.filter((n) => n.props.basis === 'INFERRED').map((n) => `${n.props.id}\t${String(n.props.note)}`),
      ...seed.rels.filter((r) => r.props.basis === 'INFERRED').map((r) => `${r.from} -${r.type}-> ${r.to}\t${String(r.props.note)}`),
    ];
    const items = await inferredItems(db);
    const planIds = new Set(seed.nodes.map((n) => n.props.id));
    const reported = items
      .filter((i) => (i.kind === 'node' ? planIds.has(i.what) : i.sources.some((s) => s.startsWith('京政發〔2013〕19號'))))
      .map((i) => `${i.what}\t${i.note}`);
    expect(reported.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(50);
  });

  it('prints them as Markdown tables with a count line', () => {
    const text = formatInferred([
      { kind: 'node', what: 'inst:x', name: 'X', note: 'from a | name', sources: ['s1'] },
      { kind: 'relationship', what: 'a -PART_OF-> b', name: 'A → B', note: 'n', sources: ['s1', 's2'] },
    ]);
    expect(text).toContain('## Inferred nodes (1)');
    expect(text).toContain('| inst:x (X) | from a \\| name | s1 |');
    expect(text).toContain('| a -PART_OF-> b (A → B) | n | s1; s2 |');
    expect(text.split('\n').at(-1)).toBe('1 inferred nodes, 1 inferred relationships');
  });
});

describe('the counts of the graph', () => {
  it('counts every label and relationship type of the ontology, the plan included', async () => {
    const c = await graphCounts(db);
    expect(c.labels.map((x) => x.label)).toEqual([...LABELS]);
    expect(c.types.map((x) => x.type)).toEqual([...REL_TYPES]);
    const count = (label: string) => c.labels.find((x) => x.label === label)!.count;
    expect(count('Program')).toBeGreaterThanOrEqual(22);
    expect(count('Task')).toBeGreaterThanOrEqual(41);
    expect(formatCounts(c)).toMatch(/^nodes: \d+\n {2}Document +\d+/);
  });
});
