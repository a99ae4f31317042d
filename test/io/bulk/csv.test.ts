import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARRAY_DELIMITER, BulkCsvFile, NotBulkLoadableError } from '../../../src/io/bulk/csv.js';

describe('bulk importer files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kg-bulk-csv-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('types columns from the records and quotes every string, so "" stays an empty string and no value stays absent', async () => {
    const rows = [
      { key: 0, props: { id: 'fac:a', name: 'A "quoted", with comma', level: 2, score: 0.5, open: true, modes: ['x', 'y'] }, labels: ['Entity', 'Facility'] },
      { key: 1, props: { id: 'fac:b', name: '', level: 0, score: 1.25, open: false }, labels: ['Entity', 'Facility'] },
    ];
    const file = await BulkCsvFile.open(path.join(dir, 'nodes.csv'), 'nodes', rows.map((r) => r.props));
    await file.writeNodes(rows);
    await file.close();
    const d = ARRAY_DELIMITER;
    expect((await readFile(file.path, 'utf8')).split('\n')).toEqual([
      ':ID,id:string,name:string,level:long,score:double,open:boolean,modes:string[],:LABEL',
      `0,"fac:a","A ""quoted"", with comma",2,0.5,true,"x${d}y","Entity${d}Facility"`,
      `1,"fac:b","",0,1.25,false,,"Entity${d}Facility"`,
      '',
    ]);
  });

  it('writes relationships as start, end (importer keys) and properties', async () => {
    const rows = [{ from: 7, to: 12, props: { basis: 'STATED', classificationLevel: 1 } }];
    const file = await BulkCsvFile.open(path.join(dir, 'rels.csv'), 'relationships', rows.map((r) => r.props));
    await file.writeRelationships(rows);
    await file.close();
    expect(await readFile(file.path, 'utf8')).toBe(':START_ID,:END_ID,basis:string,classificationLevel:long\n7,12,"STATED",1\n');
  });

  it('refuses what CSV would not carry unchanged, naming the property', async () => {
    /** The error of opening a file for `props` and writing `later` (or `props`) to it. */
    const refuse = async (props: Record<string, unknown>, later?: Record<string, unknown>) => {
      const file = await BulkCsvFile.open(path.join(dir, 'bad.csv'), 'nodes', [props]).catch((e: unknown) => e);
      if (!(file instanceof BulkCsvFile)) return file;
      try {
        await file.writeNodes([{ key: 0, props: later ?? props, labels: ['Entity'] }]);
        return null;
      } catch (e) {
        return e;
      } finally {
        await file.close();
      }
    };
    const cases: Array<[Record<string, unknown>, Record<string, unknown> | undefined, RegExp]> = [
      [{ id: 'a', aliases: [] }, undefined, /'aliases' is an empty list/],
      [{ id: 'a', summary: 'two\nlines' }, undefined, /'summary' holds a line break/],
      [{ id: 'a', names: ['x', `y${ARRAY_DELIMITER}z`] }, undefined, /'names' holds a line break or the array delimiter/],
      [{ id: 'a', mixed: [1, 'x'] }, undefined, /'mixed' mixes long and string/],
      [{ id: 'a', n: 1 }, { id: 'b', n: 1.5 }, /'n' is double where its column is long/],
      [{ id: 'a' }, { id: 'b', extra: 'x' }, /'extra' is not among the columns/],
      // what the writer's direct way for common values must leave to the checks
      [{ id: 'a', name: 'x' }, { id: 'b', name: 'carriage\rreturn' }, /'name' holds a line break/],
      [{ id: 'a', name: 'x' }, { id: 'b', name: `unit${ARRAY_DELIMITER}separator` }, /'name' holds a line break or the array delimiter/],
      [{ id: 'a' }, { id: 'two\nlines' }, /'id' holds a line break/],
      [{ id: 'a', score: 0.5 }, { id: 'b', score: 2 }, /'score' is long where its column is double/],
      [{ id: 'a', n: 1 }, { id: 'b', n: true }, /'n' is boolean where its column is long/],
      [{ id: 'a', n: 1 }, { id: 'b', n: '1' }, /'n' is string where its column is long/],
      [{ id: 'a', open: true }, { id: 'b', open: 'yes' }, /'open' is string where its column is boolean/],
      [{ id: 'a', name: 'x' }, { id: 'b', name: 1 }, /'name' is long where its column is string/],
    ];
    for (const [props, later, reason] of cases) {
      const err = await refuse(props, later);
      expect(err, reason.source).toBeInstanceOf(NotBulkLoadableError);
      expect((err as Error).message).toMatch(reason);
    }
  });
});
