import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { testDatabase } from '../helpers.js';

const db = testDatabase();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ db, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await db.close();
});

/**
 * The MAY items the audit reports as notices: all three are GETs without a CSRF preflight header,
 * which the server refuses on purpose (see README, "GraphQL over HTTP").
 */
const CSRF_NOTICES = [
  'MAY accept application/x-www-form-urlencoded formatted GET requests',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
];

describe('GraphQL over HTTP (graphql-http server audit against the real server)', () => {
  it('passes every MUST and SHOULD: 0 errors, 0 warnings; the only notices are the CSRF-blocked GETs', async () => {
    const results = await Promise.all(serverAudits({ url: () => server.url }).map((a) => a.fn()));
    const by = (status: string) => results.filter((r) => r.status === status).map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(by('error')).toEqual([]);
    expect(by('warn')).toEqual([]);
    expect(results.filter((r) => r.status === 'notice').map((r) => r.name).sort()).toEqual(CSRF_NOTICES);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(55);
  });

  it('marks every answer no-store, POST and GET, result or error: answers depend on the caller', async () => {
    const post = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { ok } }' }) });
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ health { ok } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    const bad = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) });
    expect([post.status, get.status]).toEqual([200, 200]);
    expect([post, get, bad].map((r) => r.headers.get('cache-control'))).toEqual(['no-store', 'no-store', 'no-store']);
  });

  it('answers application/graphql-response+json with 400 for a parse error and 200 for a result', async () => {
    const ask = (query: string) =>
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query }) });
    const bad = await ask('{ health { ok }');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const good = await ask('{ health { ok } }');
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ data: { health: { ok: true } } });
  });

  it('answers application/json with 200 for parse, validation and variable coercion errors, 400 for a request that is not GraphQL', async () => {
    const ask = async (body: unknown) => {
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, code: ((await res.json()) as any).errors?.[0]?.extensions?.code };
    };
    expect(await ask({ query: '{ health { ok }' })).toEqual({ status: 200, code: 'GRAPHQL_PARSE_FAILED' });
    expect(await ask({ query: '{ health { nope } }' })).toEqual({ status: 200, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(await ask({ query: 'query($n: Int) { parks(first: $n) { totalCount } }', variables: { n: 'many' } })).toEqual({ status: 200, code: 'BAD_USER_INPUT' });
    expect(await ask({ notAQuery: true })).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });
});
