import { describe, expect, it } from 'vitest';
import { post, useApi } from './harness.js';

const api = useApi();

describe('errors', () => {
  it('a malformed query is GRAPHQL_PARSE_FAILED, not a 500 (200 in application/json, as GraphQL over HTTP asks)', async () => {
    const res = await post(api.url, `{ facilities(first: ) }`);
    expect(res.status).toBe(200);
    expect(res.body.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('an unknown field or a wrongly typed argument is a validation error naming it', async () => {
    const res = await post(api.url, `{ facilities(filter: {colour: "red"}) { totalCount } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors![0]!.message).toMatch(/colour/);
    expect(res.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const enumRes = await post(api.url, `query($k: [FacilityKind!]) { facilities(filter: {kind: $k}) { totalCount } }`, { k: ['SPACESHIP'] });
    expect(enumRes.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('never shows a stack trace outside development', async () => {
    const res = await post(api.url, `{ facilities(first: 1000) { totalCount } }`);
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at \w+ \(/);
  });

  it('gives the path of the failing field', async () => {
    const res = await post(api.url, `{ ok: node(id: "tech:beidou") { id } bad: facilities(first: 101) { totalCount } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors![0]!).toMatchObject({ path: ['bad'], extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } });
  });

  it('too many ids in nodes() is refused', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `"tech:x${i}"`).join(',');
    const res = await post(api.url, `{ nodes(ids: [${ids}]) { id } }`);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'ids' });
  });
});
