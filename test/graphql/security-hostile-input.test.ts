import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { testDatabase } from '../helpers.js';
import { post } from './harness.js';

// These refusals happen before any data is read: the run's database as it is will do.
const db = testDatabase();
/** A server with the default limits, and one in production mode. */
const api = { url: '' };
let development: RunningServer;
let production: RunningServer;
beforeAll(async () => {
  development = await startServer({ db, port: 0 });
  api.url = development.url;
  production = await startServer({ db, port: 0, production: true });
});
afterAll(async () => {
  await development?.close();
  await production?.close();
  await db.close();
});

/** Posts with an explicit Accept header and returns status, content type and body. */
async function postAccepting(url: string, accept: string, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
}

/** A FacilityFilter nested `depth` levels deep through NOT. */
function nested(depth: number): Record<string, unknown> {
  let f: Record<string, unknown> = { district: 'district:daxing' };
  for (let i = 0; i < depth; i++) f = { NOT: f };
  return f;
}

const FILTERED = 'query($f: FacilityFilter) { facilities(filter: $f) { totalCount } }';

describe('variables are bounded before GraphQL coerces them', () => {
  it('a filter nested 1,000 deep in variables is BAD_USER_INPUT naming the variable, not a stack overflow', async () => {
    const res = await post(api.url, FILTERED, { f: nested(1000) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ errors: [{ message: "variable 'f' nests deeper than 20 levels", extensions: { code: 'BAD_USER_INPUT', argumentName: 'f' } }] });
  });

  it('answers 400 in application/graphql-response+json', async () => {
    const res = await postAccepting(api.url, 'application/graphql-response+json', { query: FILTERED, variables: { f: nested(1000) } });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/graphql-response\+json/);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('bounds variables given in a GET query string too', async () => {
    const qs = new URLSearchParams({ query: FILTERED, variables: JSON.stringify({ f: nested(100) }) });
    const res = await fetch(`${api.url}?${qs}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await res.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'f' });
  });

  it('a filter within the depth bound still reaches the filter compiler (8 levels allowed)', async () => {
    expect((await post(api.url, FILTERED, { f: nested(8) })).body.data.facilities.totalCount).toBeGreaterThanOrEqual(0);
    expect((await post(api.url, FILTERED, { f: nested(9) })).body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'filter' });
  });

  it('more than 5,000 values in the variables are refused', async () => {
    const res = await post(api.url, FILTERED, { f: { ids: Array.from({ length: 5_001 }, (_, i) => `facility:x${i}`) } });
    expect(res.body.errors[0]).toEqual({ message: 'the variables hold more than 5000 values', extensions: { code: 'BAD_USER_INPUT', argumentName: 'f' } });
  });
});

describe('filter width', () => {
  const districts = (n: number) => ({ OR: Array.from({ length: n }, () => ({ district: 'district:daxing' })) });

  it('a 100-wide OR of district filters in variables is refused before it runs', async () => {
    const res = await post(api.url, FILTERED, { f: districts(100) });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0]).toMatchObject({ message: 'a filter may hold at most 10 conditions; this one holds 100', extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter' } });
  });

  it('the same width written inline is refused too', async () => {
    const inline = Array.from({ length: 11 }, () => '{district: "district:daxing"}').join(' ');
    const res = await post(api.url, `{ facilities(filter: {OR: [${inline}]}) { totalCount } }`);
    expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'filter' });
  });

  it('conditions within the bound are served, and an OR of equal ones gives the answer of one', async () => {
    const one = await post(api.url, FILTERED, { f: { district: 'district:daxing' } });
    const three = await post(api.url, FILTERED, { f: districts(3) });
    expect(three.body.data.facilities.totalCount).toBe(one.body.data.facilities.totalCount);
    expect((await post(api.url, FILTERED, { f: districts(11) })).body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'filter' });
  });

  it('a long id list is one condition', async () => {
    const res = await post(api.url, FILTERED, { f: { ids: Array.from({ length: 100 }, (_, i) => `facility:x${i}`) } });
    expect(res.body).toEqual({ data: { facilities: { totalCount: 0 } } });
  });
});

describe('cost counts default page sizes and filter conditions', () => {
  const FOUR_LEVELS = (first: string) =>
    `{ districts${first} { nodes { parks${first} { nodes { facilities${first} { nodes { technologies${first} { nodes { id } } } } } } } } }`;

  it('a four-level query is refused whether its page size is written or left to the default', async () => {
    const explicit = await post(api.url, FOUR_LEVELS('(first: 20)'));
    const omitted = await post(api.url, FOUR_LEVELS(''));
    expect(explicit.body.errors[0].extensions.code).toBe('COST_LIMIT');
    expect(omitted.body.errors[0].extensions.code).toBe('COST_LIMIT');
    expect(omitted.body.errors[0].message).toBe(explicit.body.errors[0].message);
    expect(omitted.body.data).toBeUndefined();
  });

  it('page sizes given in variables count too', async () => {
    const q = 'query($n: Int) { districts(first: $n) { nodes { parks(first: $n) { nodes { facilities(first: $n) { nodes { technologies(first: $n) { nodes { id } } } } } } } } }';
    expect((await post(api.url, q, { n: 20 })).body.errors[0].extensions.code).toBe('COST_LIMIT');
    expect((await post(api.url, q, { n: 2 })).body.errors).toBeUndefined();
  });

  it('filter conditions raise the cost of a nested list until it is refused', async () => {
    const q = 'query($f: FacilityFilter) { districts(first: 10) { nodes { facilities(first: 5, filter: $f) { nodes { id } } } } }';
    expect((await post(api.url, q, { f: { district: 'district:daxing' } })).body.errors).toBeUndefined();
    const wide = { OR: Array.from({ length: 3 }, () => ({ district: 'district:daxing' })) };
    expect((await post(api.url, q, { f: wide })).body.errors[0].extensions.code).toBe('COST_LIMIT');
  });
});

describe('filter width across aliases', () => {
  it('fifteen aliases each holding a 10-condition filter are refused by the cost', async () => {
    const wide = `{OR: [${Array.from({ length: 10 }, () => '{district: "district:daxing"}').join(' ')}]}`;
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: facilities(first: 1, filter: ${wide}) { totalCount }`).join(' ');
    const res = await post(api.url, `{ ${aliases} }`);
    expect(res.body.errors[0].extensions.code).toBe('COST_LIMIT');
    expect(res.body.data).toBeUndefined();
  });
});

describe('automatic persisted queries keep their own codes', () => {
  const QUERY = '{ health { ok } }';
  const sha = createHash('sha256').update(QUERY).digest('hex');
  const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  it('a hash that does not match the query is BAD_REQUEST with Apollo message, not a masked internal error', async () => {
    for (const url of [api.url, production.url]) {
      const res = await postAccepting(url, 'application/json', { query: QUERY, extensions: apq('0'.repeat(64)) });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it('an unknown hash is PERSISTED_QUERY_NOT_FOUND; registering it makes the hash alone work', async () => {
    const unknown = await postAccepting(api.url, 'application/json', { extensions: apq(createHash('sha256').update('{ health { ok neo4jVersion } }').digest('hex')) });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await postAccepting(api.url, 'application/json', { query: QUERY, extensions: apq(sha) })).body).toEqual({ data: { health: { ok: true } } });
    expect((await postAccepting(api.url, 'application/json', { extensions: apq(sha) })).body).toEqual({ data: { health: { ok: true } } });
  });
});

describe('production hides suggestions of every kind', () => {
  it('no "Did you mean" for a misspelt enum value, inline or in variables', async () => {
    const inline = await post(production.url, '{ facilities(filter: {classification: [SECRE]}) { totalCount } }');
    const variable = await post(production.url, 'query($c: [Classification!]) { facilities(filter: {classification: $c}) { totalCount } }', { c: ['SECRE'] });
    for (const res of [inline, variable]) {
      expect(res.body.errors[0].message).toMatch(/SECRE/);
      expect(JSON.stringify(res.body)).not.toMatch(/Did you mean|"SECRET"/);
    }
    const development = await post(api.url, 'query($c: [Classification!]) { facilities(filter: {classification: $c}) { totalCount } }', { c: ['SECRE'] });
    expect(development.body.errors[0].message).toMatch(/Did you mean the enum value "SECRET"\?/);
  });
});
