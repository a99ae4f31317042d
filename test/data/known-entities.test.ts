import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatasetDir } from '../../src/data/files.js';
import { knownEntities } from '../../src/data/known-entities.js';
import { load } from '../../src/data/loader.js';
import { LABELS } from '../../src/ontology.js';
import { SEED_DIR } from '../../src/seed.js';
import { testDatabase } from '../helpers.js';

const db = testDatabase();
beforeAll(async () => {
  await load(db, await readDatasetDir(SEED_DIR));
});
afterAll(async () => {
  await db.close();
});

describe('the entities ingestion resolves names against', () => {
  it('carry their ontology label, whatever order the store lists a node\'s labels in', async () => {
    // labels(n) lists labels in the order the store first met them. On the run's own embedded store,
    // migrated from nothing, the search labels, whose full-text indexes come first, precede the
    // ontology's: a pick of "the first label but Entity" called the plan a SearchL0 there, and
    // ingestion no longer found it. (A server given by NEO4J_URI may list them otherwise; a store the
    // bulk importer wrote always lists SearchL4 first: test/io/bulk/load.test.ts.)
    const known = await knownEntities(db, 4);
    expect(known.find((e) => e.id === 'doc:jingzhengfa-2013-19')).toMatchObject({ label: 'Document', number: '京政發〔2013〕19號' });
    expect(known.filter((e) => !(LABELS as readonly string[]).includes(e.label))).toEqual([]);
  });
});
