import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityCoverage, MAX_COVERAGE_CELLS } from '../../src/data/analysis.js';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { EXAMPLES_DIR, SEED_DIR } from '../../src/seed.js';
import { ApiError } from '../../src/errors.js';
import { testDatabase } from '../helpers.js';

const db = testDatabase();
beforeAll(async () => {
  // the plan and the illustrative examples (their facilities are what the coverage counts)
  await load(db, await readDatasetDir(SEED_DIR));
  await load(db, await readDatasetDir(EXAMPLES_DIR));
});
afterAll(() => db.close());
const TOP_SECRET = 4;

describe('facilityCoverage size bound', () => {
  const args = { districts: ['district:daxing', 'district:haidian'], technology: 'tech:satellite-applications' };

  it('answers a matrix of up to maxCells cells, zeros included', async () => {
    expect(MAX_COVERAGE_CELLS).toBe(20_000);
    const cells = await facilityCoverage(db, args, TOP_SECRET, { maxCells: 18 });
    expect(cells).toHaveLength(2 * 9);
  });

  it('refuses a larger one before counting, naming districts and the sizes', async () => {
    const err = await facilityCoverage(db, args, TOP_SECRET, { maxCells: 17 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'districts' });
    expect((err as Error).message).toBe(
      'the coverage matrix would have 18 cells (2 districts × 9 technology areas), more than 17: name fewer districts, or a technology whose children are the areas',
    );
  });
});
