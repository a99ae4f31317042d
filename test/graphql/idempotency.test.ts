import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/data/viewer.js';
import { deleteByPrefix } from '../helpers.js';
import { EDITOR, post, tokenFor, useApi } from './harness.js';

const api = useApi();
const RUN = `${Date.now()}`;
const P = 'facility:idem-';
const editor = (tag: string): Viewer => ({ ...EDITOR, subject: `idem-${tag}-${RUN}` });
const HIDDEN = `${P}hidden`;
const VISIBLE = `${P}visible`;

beforeAll(async () => {
  await deleteByPrefix(api.db, P);
  await api.db.write(
    `UNWIND $rows AS r CREATE (:Entity:Facility {id: r.id, name: r.name, nameEn: r.name, kind: 'KEY_LAB', sources: ['idempotency test'], classification: r.c, classificationLevel: r.l})`,
    { rows: [{ id: HIDDEN, name: 'Idem hidden', c: 'TOP_SECRET', l: 4 }, { id: VISIBLE, name: 'Idem visible', c: 'PUBLIC', l: 0 }] },
  );
});
afterAll(() => deleteByPrefix(api.db, P));

/** Posts with extra headers (the harness's `post` sends none). */
async function send(query: string, variables: Record<string, unknown>, viewer: Viewer, headers: Record<string, string> = {}) {
  const res = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(viewer)}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as any;
}

const CREATE = `mutation Create($input: FacilityInput!, $key: String) { createFacility(input: $input, idempotencyKey: $key) { facility { id name } } }`;
const count = async (prefix: string) => (await api.db.read(`MATCH (n:Facility) WHERE n.id STARTS WITH $prefix RETURN count(n) AS n`, { prefix }))[0]!.n;
const records = async (subject: string) =>
  api.db.read(`MATCH (e:AuditEvent {subject: $subject}) RETURN e.outcome AS outcome, e.errorCode AS errorCode ORDER BY e.at`, { subject });

describe('a retry with the same idempotency key returns the original outcome', () => {
  it('by argument: the same answer (the same derived id), one node, one record', async () => {
    const who = editor('arg');
    const input = { name: '冪等實驗室', nameEn: 'Idem retried lab', kind: 'KEY_LAB', sources: ['t'] };
    const first = await send(CREATE, { input, key: 'k-1' }, who);
    const again = await send(CREATE, { input, key: 'k-1' }, who);
    expect(first.errors).toBeUndefined();
    expect(again).toEqual(first);
    expect(first.data.createFacility.facility.id).toMatch(/^facility:idem-retried-lab-[a-z2-7]{8}$/);
    expect(await count(`${P}retried-lab`)).toBe(1);
    expect(await records(who.subject!)).toEqual([{ outcome: 'SUCCEEDED', errorCode: null }]);
    // without the key, the same input is a new write
    const fresh = await send(CREATE, { input }, who);
    expect(fresh.data.createFacility.facility.id).not.toBe(first.data.createFacility.facility.id);
  });

  it('by the Idempotency-Key header, for every mutation field of the request', async () => {
    const who = editor('header');
    const q = `mutation Two { a: createTechnology(input: {nameEn: "Idem tech a", name: "甲", sources: ["t"]}) { technology { id } }
                              b: createTechnology(input: {nameEn: "Idem tech b", name: "乙", sources: ["t"]}) { technology { id } } }`;
    const first = await send(q, {}, who, { 'idempotency-key': 'h-1' });
    const again = await send(q, {}, who, { 'idempotency-key': 'h-1' });
    expect(first.errors).toBeUndefined();
    expect(again).toEqual(first);
    expect(first.data.a.technology.id).not.toBe(first.data.b.technology.id);
    const [row] = await api.db.read(`MATCH (n:Technology) WHERE n.id STARTS WITH 'tech:idem-tech-' RETURN count(n) AS n`);
    expect(row!.n).toBe(2);
    await api.db.write(`MATCH (n:Technology) WHERE n.id STARTS WITH 'tech:idem-tech-' DETACH DELETE n`);
  });

  it('updates, links, unlinks and deletes replay too, instead of applying twice', async () => {
    const who = editor('others');
    await send(CREATE, { input: { id: `${P}chain`, name: 'x', kind: 'KEY_LAB', sources: ['t'] } }, who);
    const link = `mutation($key: String) { link(input: {from: "${P}chain", type: SERVES, to: "tech:beidou", sources: ["t"]}, idempotencyKey: $key) { created } }`;
    expect((await send(link, { key: 'l-1' }, who)).data.link.created).toBe(true);
    // a plain retry would say `created: false`; the keyed retry answers what the write did
    expect((await send(link, { key: 'l-1' }, who)).data.link.created).toBe(true);
    const del = `mutation($key: String) { deleteNode(id: "${P}chain", idempotencyKey: $key) { id relationshipsDeleted } }`;
    const deleted = await send(del, { key: 'd-1' }, who);
    expect(deleted.data.deleteNode).toEqual({ id: `${P}chain`, relationshipsDeleted: 1 });
    expect(await send(del, { key: 'd-1' }, who)).toEqual(deleted); // not NOT_FOUND
  });

  it('concurrent requests with one key write once and all get the one outcome', async () => {
    const who = editor('race');
    const input = { nameEn: 'Idem raced lab', name: '競', kind: 'KEY_LAB', sources: ['t'] };
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(CREATE, { input, key: 'race-1' }, who)));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].errors).toBeUndefined();
    expect(await count(`${P}raced-lab`)).toBe(1);
  });

  it('a replayed answer says so with Idempotent-Replayed: true; a fresh write, a failed one or a keyless one does not', async () => {
    const who = editor('replayed');
    const input = { nameEn: 'Idem replayed lab', name: '重放', kind: 'KEY_LAB', sources: ['t'] };
    const headersOf = async (variables: Record<string, unknown>) => {
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(who)}` },
        body: JSON.stringify({ query: CREATE, variables }),
      });
      const body = (await res.json()) as any;
      return { replayed: res.headers.get('idempotent-replayed'), body };
    };
    const first = await headersOf({ input, key: 'rp-1' });
    expect(first.body.errors).toBeUndefined();
    expect(first.replayed).toBeNull();
    const again = await headersOf({ input, key: 'rp-1' });
    expect(again.body).toEqual(first.body);
    expect(again.replayed).toBe('true');
    // a refusal under a used key is not a replay, nor is a write without a key
    expect((await headersOf({ input: { ...input, name: '別的' }, key: 'rp-1' })).replayed).toBeNull();
    expect((await headersOf({ input })).replayed).toBeNull();
  });
});

describe('refusals', () => {
  it('the same key with another input is refused with IDEMPOTENCY_KEY_REUSED, naming what the earlier write did', async () => {
    const who = editor('reuse');
    await send(CREATE, { input: { id: `${P}reused`, name: 'x', kind: 'KEY_LAB', sources: ['t'] }, key: 'r-1' }, who);
    const other = await send(CREATE, { input: { id: `${P}reused`, name: 'y', kind: 'KEY_LAB', sources: ['t'] }, key: 'r-1' }, who);
    expect(other.errors[0].extensions).toEqual({ code: 'IDEMPOTENCY_KEY_REUSED', argumentName: 'idempotencyKey' });
    expect(other.errors[0].message).toContain(`your earlier write (it wrote ${P}reused)`);
    // without the key, the taken id gets the answer anyone gets
    const plain = await send(CREATE, { input: { id: `${P}reused`, name: 'y', kind: 'KEY_LAB', sources: ['t'] } }, who);
    expect(plain.errors[0]).toMatchObject({ message: `id '${P}reused' is not available`, extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.id' } });
  });

  it("keys belong to their caller: another subject's key of the same text is another key", async () => {
    const input = { id: `${P}owned`, name: 'x', kind: 'KEY_LAB', sources: ['t'] };
    expect((await send(CREATE, { input, key: 'shared' }, editor('owner'))).errors).toBeUndefined();
    const stranger = await send(CREATE, { input, key: 'shared' }, editor('stranger'));
    expect(stranger.errors[0]).toMatchObject({ message: `id '${P}owned' is not available`, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('a malformed key is BAD_USER_INPUT naming the argument or the header', async () => {
    const who = editor('bad-key');
    const input = { id: `${P}badkey`, name: 'x', kind: 'KEY_LAB', sources: ['t'] };
    expect((await send(CREATE, { input, key: '' }, who)).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'idempotencyKey' });
    expect((await send(CREATE, { input, key: 'x'.repeat(201) }, who)).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'idempotencyKey' });
    expect((await send(CREATE, { input }, who, { 'idempotency-key': 'x'.repeat(201) })).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'Idempotency-Key' });
    expect(await count(`${P}badkey`)).toBe(0);
  });
});

describe('new ids reveal nothing about hidden ones', () => {
  it('an explicit id held by a hidden node gets the answer one held by a visible node gets', async () => {
    const who = editor('explicit');
    const q = (id: string) => send(CREATE, { input: { id, name: 'x', kind: 'KEY_LAB', sources: ['t'] } }, who);
    const hidden = await q(HIDDEN);
    const visible = await q(VISIBLE);
    expect(JSON.stringify(hidden).replaceAll(HIDDEN, 'ID')).toBe(JSON.stringify(visible).replaceAll(VISIBLE, 'ID'));
    const batch = `mutation($inputs: [FacilityInput!]!) { createFacilities(inputs: $inputs) { facilities { id } } }`;
    const inputs = (id: string) => [{ id: `${P}free-${RUN}`, name: 'x', kind: 'KEY_LAB', sources: ['t'] }, { id, name: 'x', kind: 'KEY_LAB', sources: ['t'] }];
    const bh = await send(batch, { inputs: inputs(HIDDEN) }, who);
    const bv = await send(batch, { inputs: inputs(VISIBLE) }, who);
    expect(JSON.stringify(bh).replaceAll(HIDDEN, 'ID')).toBe(JSON.stringify(bv).replaceAll(VISIBLE, 'ID'));
    expect(bh.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'inputs.1.id' });
  });

  it('a derived id has the same shape whether its plain form is held by a hidden node, a visible one or none', async () => {
    const who = editor('derived');
    const ids: string[] = [];
    for (const nameEn of ['Idem hidden', 'Idem visible', `Idem free ${RUN}`]) {
      const res = await send(CREATE, { input: { name: 'x', nameEn, kind: 'KEY_LAB', sources: ['t'] } }, who);
      expect(res.errors).toBeUndefined();
      ids.push(res.data.createFacility.facility.id);
    }
    expect(ids[0]).toMatch(/^facility:idem-hidden-[a-z2-7]{8}$/);
    expect(ids[1]).toMatch(/^facility:idem-visible-[a-z2-7]{8}$/);
    expect(ids[2]).toMatch(new RegExp(`^facility:idem-free-${RUN}-[a-z2-7]{8}$`));
  });
});
