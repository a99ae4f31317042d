import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { deleteByPrefix } from '../helpers.js';
import { EDITOR, post, SECRET_READER, TEST_SECRET, tokenFor, useApi } from './harness.js';
import type { Viewer } from '../../src/data/viewer.js';

const api = useApi();
const ADMIN: Viewer = { subject: 'test-admin', clearance: 'TOP_SECRET', roles: ['reader', 'admin'] };

/** A second server on the same database, in production mode with tight limits. */
let strict: RunningServer;
beforeAll(async () => {
  strict = await startServer({
    db: api.db,
    port: 0,
    authenticate: await createAuthenticator({ jwtSecret: TEST_SECRET }),
    production: true,
    limits: { maxDepth: 4, maxCost: 300, maxAliases: 2, maxTokens: 400, maxDirectives: 2 },
  });
});
afterAll(async () => {
  await strict?.close();
  await deleteByPrefix(api.db, 'tech:sec-');
});

const raw = (url: string, init: RequestInit) => fetch(url, init).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

describe('authentication over HTTP', () => {
  it('a bad token is a 401 UNAUTHENTICATED, never an anonymous answer', async () => {
    for (const authorization of ['Bearer nonsense', `Bearer ${(await tokenFor(SECRET_READER)).slice(0, -2)}xx`, 'Token abc']) {
      const res = await raw(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ health { ok } }' }) });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] });
      expect(res.body.data).toBeUndefined();
    }
  });

  it('an expired token is a 401 saying so', async () => {
    const expired = await tokenFor(SECRET_READER, '-1m');
    const res = await raw(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${expired}` }, body: JSON.stringify({ query: '{ health { ok } }' }) });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toBe('the token has expired');
  });
});

describe('limits, each with its own code', () => {
  const code = async (query: string, variables?: Record<string, unknown>) => (await post(strict.url, query, variables)).body.errors?.[0]?.extensions?.code;

  it('depth', async () => {
    expect(await code('{ parks { nodes { facilities { nodes { technologies { nodes { id } } } } } } }')).toBe('DEPTH_LIMIT');
  });
  it('cost', async () => {
    // Armor multiplies by the page size: 100 parks with two fields each exceed the strict server's 300
    expect(await code('{ parks(first: 100) { nodes { id name } } }')).toBe('COST_LIMIT');
    expect(await code('{ parks(first: 5) { nodes { id name } } }')).toBeUndefined();
  });
  it('aliases', async () => {
    expect(await code('{ a: health { ok } b: health { ok } c: health { ok } }')).toBe('ALIAS_LIMIT');
  });
  it('tokens', async () => {
    expect(await code(`{ node(id: "x") { id ${'name '.repeat(400)} } }`)).toBe('TOKEN_LIMIT');
  });
  it('directives', async () => {
    expect(await code('{ health @skip(if: false) @include(if: true) @skip(if: false) { ok } }')).toBe('DIRECTIVE_LIMIT');
  });
  it('page size', async () => {
    expect((await post(api.url, '{ parks(first: 500) { totalCount } }')).body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });
  it('hops and neighbourhood depth', async () => {
    expect((await post(api.url, '{ path(from: "tech:beidou", to: "tech:space", maxHops: 50) { length } }')).body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'maxHops' });
    expect((await post(api.url, '{ neighborhood(id: "tech:beidou", depth: 9) { truncated } }')).body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'depth' });
  });
  it('request body size', async () => {
    const res = await raw(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ health { ok } } #${'x'.repeat(200_000)}` }) });
    expect(res.status).toBe(413);
  });
});

describe('production mode', () => {
  it('refuses introspection and hides field suggestions', async () => {
    const intro = await post(strict.url, '{ __schema { queryType { name } } }');
    expect(intro.body.errors[0].message).toMatch(/introspection/i);
    const typo = await post(strict.url, '{ helth { ok } }');
    expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
    const dev = await post(api.url, '{ helth { ok } }');
    expect(dev.body.errors[0].message).toMatch(/Did you mean "health"/);
  });
});

describe('CSRF prevention', () => {
  it('blocks simple cross-site requests (text/plain POST, GET without a preflight header)', async () => {
    const plain = await raw(api.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ health { ok } }' }) });
    expect(plain.status).toBe(400);
    expect(plain.body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const get = await raw(`${api.url}?query=${encodeURIComponent('{ health { ok } }')}`, {});
    expect(get.status).toBe(400);
    const preflighted = await raw(`${api.url}?query=${encodeURIComponent('{ health { ok } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted).toEqual({ status: 200, body: { data: { health: { ok: true } } } });
  });
});

describe('audit trail', () => {
  const events = async (filter: Record<string, unknown>) =>
    (await post(api.url, `query($f: AuditFilter) { auditEvents(filter: $f, first: 20) { totalCount nodes { kind subject operation ids clearance maxClassification at } } }`, { f: filter }, ADMIN)).body.data!.auditEvents;

  it('records a response carrying CONFIDENTIAL data, with who, what, which ids and the clearance used', async () => {
    const subject = `auditor-${Date.now()}`;
    const viewer: Viewer = { subject, clearance: 'SECRET', roles: ['reader'] };
    await post(api.url, `query SeeSatcom { node(id: "facility:ex-daxing-satcom-lab") { id name } }`, undefined, viewer);
    const page = await events({ subject });
    expect(page.totalCount).toBe(1);
    expect(page.nodes[0]).toMatchObject({ kind: 'READ', subject, operation: 'SeeSatcom:node', ids: ['facility:ex-daxing-satcom-lab'], clearance: 'SECRET', maxClassification: 'CONFIDENTIAL' });
    expect(Date.parse(page.nodes[0].at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('does not record responses with only PUBLIC and INTERNAL data', async () => {
    const subject = `quiet-${Date.now()}`;
    await post(api.url, `{ node(id: "facility:ex-fengtai-emergency-engineering-center") { id } }`, undefined, { subject, clearance: 'SECRET', roles: ['reader'] });
    expect((await events({ subject })).totalCount).toBe(0);
  });

  it('records every write in its transaction', async () => {
    const subject = `writer-${Date.now()}`;
    const editor: Viewer = { ...EDITOR, subject };
    await post(api.url, `mutation AddTech { createTechnology(input: {id: "tech:sec-audited", name: "x", sources: ["t"]}) { technology { id } } }`, undefined, editor);
    const page = await events({ subject, kind: 'WRITE' });
    expect(page.nodes).toEqual([expect.objectContaining({ kind: 'WRITE', operation: 'AddTech:createTechnology', ids: ['tech:sec-audited'], clearance: 'CONFIDENTIAL' })]);
    expect((await events({ touched: 'tech:sec-audited' })).totalCount).toBe(1);
  });

  it('is for admins only', async () => {
    expect((await post(api.url, '{ auditEvents { totalCount } }')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await post(api.url, '{ auditEvents { totalCount } }', undefined, SECRET_READER)).body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('is unreachable from entity queries', async () => {
    const res = await post(api.url, '{ countsByLabel { label count } search(text: "SeeSatcom") { node { id } } }', undefined, ADMIN);
    expect(res.body.data!.search).toEqual([]);
    expect(res.body.data!.countsByLabel.map((c: any) => c.label)).not.toContain('AuditEvent');
  });
});

describe('a hidden id behaves exactly like a missing one', () => {
  const HIDDEN = 'facility:ex-top-secret-payload-lab';
  const MISSING = 'facility:ex-no-such-lab';
  const queries = [
    (id: string) => `{ node(id: "${id}") { id } }`,
    (id: string) => `{ nodes(ids: ["${id}"]) { id } }`,
    (id: string) => `{ neighborhood(id: "${id}") { truncated } }`,
    (id: string) => `{ path(from: "${id}", to: "district:daxing") { length } }`,
    (id: string) => `{ facilities(filter: {ids: ["${id}"]}) { totalCount } }`,
    (id: string) => `{ sharedFacilityNetwork(district: "district:daxing") { facilities { id } } } # ${id}`,
    (id: string) => `mutation { link(input: {from: "inst:avic", type: USES, to: "${id}", sources: ["x"]}) { created } }`,
    (id: string) => `mutation { updateFacility(id: "${id}", patch: {access: OPEN}) { facility { id } } }`,
    (id: string) => `mutation { deleteNode(id: "${id}") { id } }`,
  ];
  it.each(queries.map((q, i) => [i, q] as const))('query %i', async (_i, q) => {
    const hidden = await post(api.url, q(HIDDEN), undefined, EDITOR);
    const missing = await post(api.url, q(MISSING), undefined, EDITOR);
    expect(hidden.status).toBe(missing.status);
    expect(withoutSuggestions(hidden.body, HIDDEN)).toBe(withoutSuggestions(missing.body, MISSING));
  });
});

/**
 * A response with `id` and the suggestions for an unknown id taken out: suggestions are searched from
 * the text of the id typed, which differs between the two ids compared (their content is drawn from
 * visible nodes only, see test/graphql/search.test.ts).
 */
function withoutSuggestions(body: unknown, id: string): string {
  return JSON.stringify(body, (k, v) => (k === 'suggestions' ? undefined : v))
    .replace(/; did you mean [^"]*\?/g, '')
    .replaceAll(id, 'ID');
}

describe('hostile strings are data', () => {
  const HOSTILE = [`'`, `"`, '`', '}', '//', '$id', '\\', "x' OR 1=1 //", '`) DETACH DELETE n //', '}) MATCH (n) DETACH DELETE n //', 'MATCH (n) RETURN n', '${clearance}', '\u0000'];

  it('in every string argument: no error beyond the argument, nothing written, nothing leaked', async () => {
    const [before] = await api.db.read('MATCH (n:Entity) RETURN count(n) AS n');
    for (const s of HOSTILE) {
      const v = { s };
      const queries = [
        'query($s: ID!) { node(id: $s) { id } }',
        'query($s: String!) { search(text: $s) { node { id } } }',
        'query($s: String!) { facilities(filter: {text: $s}) { totalCount } }',
        'query($s: ID!) { facilities(filter: {ids: [$s], district: $s, technology: $s, park: $s, institution: $s}) { totalCount } }',
        'query($s: ID!) { path(from: $s, to: "tech:beidou") { length } }',
        'query($s: ID!) { neighborhood(id: $s) { truncated } }',
        'query($s: ID!) { coverageGaps(district: $s, technology: $s) { depth } }',
        'query($s: ID!) { sharedFacilityNetwork(district: $s, technology: $s) { links { weight } } }',
        'query($s: String!) { tasks(filter: {clause: $s}) { totalCount } parks(after: $s) { totalCount } }',
      ];
      for (const q of queries) {
        const res = await post(api.url, q, v);
        expect(res.status).toBeLessThan(500);
        for (const e of res.body.errors ?? []) expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(e.extensions?.code);
      }
      const audit = await post(api.url, 'query($s: String!) { auditEvents(filter: {subject: $s, operation: $s}) { totalCount } }', v, ADMIN);
      expect(audit.body.data!.auditEvents.totalCount).toBe(0);
    }
    const [after] = await api.db.read('MATCH (n:Entity) RETURN count(n) AS n');
    expect(after).toEqual(before);
  });

  it('are stored verbatim when written', async () => {
    const name = HOSTILE.join(' ');
    const res = await post(api.url, 'mutation($n: String!) { createTechnology(input: {id: "tech:sec-hostile", name: $n, nameEn: $n, sources: [$n]}) { technology { name sources } } }', { n: name }, EDITOR);
    expect(res.body.data!.createTechnology.technology).toEqual({ name, sources: [name] });
  });
});
