import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Database } from '../../src/db/database.js';
import { formatError } from '../../src/graphql/errors.js';
import { GraphQLError } from 'graphql';

const db = new Database({ uri: inject('neo4jUri'), user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, queryTimeoutMs: 300 });
afterAll(() => db.close());

describe('query timeout', () => {
  it('every transaction carries a server-side timeout that stops a runaway query', async () => {
    const started = Date.now();
    const err = await db.read('UNWIND range(1, 1000000000) AS x RETURN count(x) AS n').catch((e: unknown) => e);
    expect((err as { code?: string }).code).toMatch(/TransactionTimedOut/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reaches the client as QUERY_TIMEOUT, masked', async () => {
    const err = await db.read('UNWIND range(1, 1000000000) AS x RETURN count(x) AS n').catch((e: unknown) => e);
    const wrapped = new GraphQLError('x', { originalError: err as Error, path: ['facilities'] });
    expect(formatError(false)({ message: 'x', path: ['facilities'] }, wrapped)).toEqual({
      message: 'the query took longer than the server allows',
      path: ['facilities'],
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  });
});
