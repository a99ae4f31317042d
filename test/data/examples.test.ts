import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { REL_TYPES, LABELS } from '../../src/ontology.js';
import { EXAMPLES_DIR, SEED_DIR } from '../../src/seed.js';
import { testDatabase } from '../helpers.js';

const db = testDatabase();
const ILLUSTRATIVE = 'ILLUSTRATIVE EXAMPLE';

beforeAll(async () => {
  await load(db, await readDatasetDir(SEED_DIR));
  await load(db, await readDatasetDir(EXAMPLES_DIR));
});
afterAll(() => db.close());

describe('the illustrative dataset', () => {
  it('marks every record it adds as illustrative', async () => {
    const files = await readDatasetDir(EXAMPLES_DIR);
    for (const f of files) for (const r of f.records as Array<{ sources: string[] }>) expect(r.sources[0]).toMatch(ILLUSTRATIVE);
  });

  it('exercises every label and every relationship type of the ontology', async () => {
    const files = await readDatasetDir(EXAMPLES_DIR);
    expect(new Set(files.map((f) => f.label).filter(Boolean))).toEqual(new Set(LABELS));
    expect(new Set(files.map((f) => f.type).filter(Boolean))).toEqual(new Set(REL_TYPES));
  });

  it('mixes classifications on nodes and relationships', async () => {
    const [row] = await db.read(
      `MATCH (n:Entity) WHERE n.sources[0] STARTS WITH $tag
       WITH collect(DISTINCT n.classification) AS nodeLevels
       MATCH ()-[r]->() WHERE r.sources[0] STARTS WITH $tag
       RETURN nodeLevels, collect(DISTINCT r.classification) AS relLevels`,
      { tag: ILLUSTRATIVE },
    );
    expect(new Set(row!.nodeLevels as string[])).toEqual(new Set(['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET']));
    expect(row!.relLevels).toEqual(expect.arrayContaining(['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET']));
  });

  it('answers the signature question: open, public labs serving satellite applications in Daxing', async () => {
    const rows = await db.read(
      `MATCH (root:Technology {id: 'tech:satellite-applications'})<-[:PART_OF*0..]-(t:Technology)<-[s:SERVES]-(f:Facility {access: 'OPEN'})
       MATCH (f)-[l:LOCATED_IN]->()-[:PART_OF|LOCATED_IN*0..]->(:District {id: 'district:daxing'})
       WHERE f.classificationLevel = 0 AND s.classificationLevel = 0 AND l.classificationLevel = 0
       RETURN DISTINCT f.id AS id ORDER BY id`,
    );
    expect(rows.map((r) => r.id)).toEqual([
      'facility:ex-daxing-gnss-test-lab',
      'facility:ex-daxing-remote-sensing-data-lab',
      'facility:ex-incubator-shared-antenna-range',
    ]);
  });
});
