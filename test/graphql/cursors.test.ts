import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openCursor, parseCursorKeys, sealCursor, setCursorKeys } from '../../src/data/cursors.js';
import type { Viewer } from '../../src/data/viewer.js';
import { post, SECRET_READER, useApi } from './harness.js';

const api = useApi();
const PUBLIC_READER: Viewer = { subject: 'cursor-public', clearance: 'PUBLIC', roles: ['reader'] };
const ADMIN = (clearance: Viewer['clearance']): Viewer => ({ subject: `cursor-admin-${clearance}`, clearance, roles: ['reader', 'admin'] });
const NAVAL = 'facility:ex-bluewhale-naval-navigation-lab';
afterAll(() => setCursorKeys([randomBytes(32)]));

const DAXING = (args: string) => `{ facilities(filter: {district: "district:daxing"}, ${args}) { totalCount nodes { id name } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
const page = async (args: string, viewer: Viewer = SECRET_READER) => (await post(api.url, DAXING(args), undefined, viewer)).body;

describe('sealed cursors', () => {
  it('show no name, id or sort key, even decoded', async () => {
    const { data } = await page('first: 100');
    const naval = data.facilities.nodes.findIndex((n: { id: string }) => n.id === NAVAL);
    expect(naval).toBeGreaterThanOrEqual(0);
    const cursor = data.facilities.edges[naval].cursor as string;
    const decoded = Buffer.from(cursor, 'base64url');
    for (const secret of [NAVAL, data.facilities.nodes[naval].name, 'naval', 'NAME']) {
      expect(cursor).not.toContain(secret);
      expect(decoded.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    }
  });

  it('walk a list forward and back with the same pages and total', async () => {
    const all = (await page('first: 100')).data.facilities.nodes.map((n: { id: string }) => n.id);
    expect(all.length).toBeGreaterThan(4);
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: any = (await page(`first: 3${after ? `, after: "${after}"` : ''}`)).data.facilities;
      expect(p.totalCount).toBe(all.length);
      forward.push(...p.nodes.map((n: { id: string }) => n.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(forward).toEqual(all);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const p: any = (await page(`last: 3${before ? `, before: "${before}"` : ''}`)).data.facilities;
      backward.unshift(...p.nodes.map((n: { id: string }) => n.id));
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(backward).toEqual(all);
  });

  it('walk a relationship connection forward with sealed cursors', async () => {
    const q = (after?: string) =>
      `{ node(id: "district:daxing") { ... on District { facilities(first: 2${after ? `, after: "${after}"` : ''}) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } } }`;
    const all = (await post(api.url, `{ node(id: "district:daxing") { ... on District { facilities(first: 100) { nodes { id } } } } }`, undefined, SECRET_READER)).body.data.node.facilities.nodes;
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const p = (await post(api.url, q(after), undefined, SECRET_READER)).body.data.node.facilities;
      seen.push(...p.nodes.map((n: { id: string }) => n.id));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((n: { id: string }) => n.id));
  });

  it('a cursor minted for one clearance is refused for another, with the answer garbage gets', async () => {
    const secretPage = (await page('first: 2')).data.facilities;
    const publicPage = (await page('first: 2', PUBLIC_READER)).data.facilities;
    for (const [cursor, viewer] of [
      [secretPage.pageInfo.endCursor, PUBLIC_READER],
      [publicPage.pageInfo.endCursor, SECRET_READER],
    ] as const) {
      const res = await page(`first: 2, after: "${cursor}"`, viewer);
      expect(res.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
      expect(res.errors[0].message).toBe(`'${cursor}' is not a cursor of this list and order`);
      const back = await page(`last: 2, before: "${cursor}"`, viewer);
      expect(back.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'before' });
    }
    // the same cursor still works for its own clearance
    expect((await page(`first: 2, after: "${publicPage.pageInfo.endCursor}"`, PUBLIC_READER)).errors).toBeUndefined();
  });

  it('an altered cursor, and one sealed by someone without the key, are refused', async () => {
    const cursor = (await page('first: 2')).data.facilities.pageInfo.endCursor as string;
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[20]! ^= 1;
    const forged = Buffer.from(JSON.stringify(['NAME', 'a', NAVAL])).toString('base64url'); // the old, readable format
    for (const c of [bytes.toString('base64url'), forged]) {
      expect((await page(`first: 2, after: "${c}"`)).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    }
  });

  it('rotated keys: cursors of the previous key keep working while it is listed, and stop once it is removed', async () => {
    const [k1, k2] = [randomBytes(32), randomBytes(32)];
    setCursorKeys([k1]);
    const old = (await page('first: 2')).data.facilities.pageInfo.endCursor;
    setCursorKeys([k2, k1]);
    const next = await page(`first: 2, after: "${old}"`);
    expect(next.errors).toBeUndefined();
    expect(openCursor(next.data.facilities.pageInfo.endCursor, 'page:3')).toBeDefined();
    setCursorKeys([k2]);
    expect(openCursor(next.data.facilities.pageInfo.endCursor, 'page:3')).toBeDefined(); // sealed with the newest key
    expect((await page(`first: 2, after: "${old}"`)).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });

  it('the audit list pages with sealed cursors too', async () => {
    for (let i = 0; i < 2; i++) await post(api.url, `{ node(id: "${NAVAL}") { id } }`, undefined, SECRET_READER);
    const first = (await post(api.url, '{ auditEvents(first: 1) { endCursor hasNextPage nodes { id } } }', undefined, ADMIN('TOP_SECRET'))).body.data.auditEvents;
    expect(first.hasNextPage).toBe(true);
    const second = await post(api.url, `{ auditEvents(first: 1, after: "${first.endCursor}") { nodes { id } } }`, undefined, ADMIN('TOP_SECRET'));
    expect(second.body.data.auditEvents.nodes[0].id).not.toBe(first.nodes[0].id);
    expect(first.endCursor).not.toContain(first.nodes[0].id);
    expect(Buffer.from(first.endCursor, 'base64url').includes(Buffer.from(first.nodes[0].id))).toBe(false);
  });
});

describe('CURSOR_KEYS', () => {
  it('takes base64 or hex keys, newest first, and names the variable (never the key) when one is malformed', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(parseCursorKeys(`${a.toString('base64')}, ${b.toString('hex')}`)).toEqual([a, b]);
    expect(parseCursorKeys(undefined)).toBeUndefined();
    expect(() => parseCursorKeys('c2hvcnQ=')).toThrow(/^CURSOR_KEYS: key 1 must be 32 bytes/);
  });

  it('seal for a scope and open only for it; the same position seals alike, another one differently', () => {
    setCursorKeys([randomBytes(32)]);
    const c = sealCursor(['NAME', '名', 'x:1'], 'page:2');
    expect(sealCursor(['NAME', '名', 'x:1'], 'page:2')).toBe(c);
    expect(sealCursor(['NAME', '名', 'x:2'], 'page:2').slice(1, 17)).not.toBe(c.slice(1, 17));
    expect(openCursor(c, 'page:2')).toEqual(['NAME', '名', 'x:1']);
    expect(openCursor(c, 'page:3')).toBeUndefined();
    expect(openCursor(c, 'audit:2')).toBeUndefined();
  });
});
