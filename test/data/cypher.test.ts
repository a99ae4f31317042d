import { afterAll, describe, expect, it } from 'vitest';
import { byId, lockFirst } from '../../src/data/cypher.js';
import { testDatabase } from '../helpers.js';

const db = testDatabase();
afterAll(() => db.close());

/** The ids of `byId(...names)` evaluated by Neo4j over maps standing for nodes (`a` has id 'c', and so on). */
async function order(...names: string[]): Promise<string[]> {
  const rows = await db.read(
    `WITH {id: 'c'} AS a, {id: 'a'} AS b, {id: 'b'} AS c, {id: 'd'} AS d, null AS none
     RETURN [x IN ${byId(...names)} | x.id] AS ids`,
    {},
  );
  return rows[0]!.ids as string[];
}

describe('byId: the order in which writes take their locks', () => {
  it('orders any number of nodes by id, whatever order they are named in', async () => {
    expect(await order('a', 'b', 'c')).toEqual(['a', 'b', 'c']);
    expect(await order('c', 'a', 'd', 'b')).toEqual(['a', 'b', 'c', 'd']);
    expect(await order('a', 'b')).toEqual(['a', 'c']);
    expect(await order('b', 'a')).toEqual(['a', 'c']);
  });

  it('leaves out a node that is null (an optional end not asked for)', async () => {
    expect(await order('a', 'none', 'b')).toEqual(['a', 'c']);
    expect(await order('none', 'a')).toEqual(['c']);
    expect(await order('none')).toEqual([]);
  });

  it('is the order in which a claiming write locks its nodes', () => {
    expect(lockFirst('i', 'f', 'nd')).toContain(byId('i', 'f', 'nd'));
    expect(lockFirst('a', 'b')).toContain(byId('a', 'b'));
  });

  it('refuses to be called with nothing to order', () => {
    expect(() => byId()).toThrow('byId: name at least one variable');
  });
});
