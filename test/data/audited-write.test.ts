import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { auditedWrite, trace, type Actor } from '../../src/data/audited-write.js';
import { decideRequest, requestAccess } from '../../src/data/access-requests.js';
import { declassify } from '../../src/data/declassify.js';
import { createNodes, deleteNode, link, publishNeed, unlink, updateNode } from '../../src/data/mutations.js';
import { badInput } from '../../src/errors.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';

const db = testDatabase();
const P = 'tech:aw-';
/** Derived ids of facilities start from the English name: these are this file's. */
const F = 'facility:aw-derived-';
/** This file's institution, for access requests. */
const I = 'inst:aw-';
/** This file's needs. */
const N = 'need:aw-';
afterAll(async () => {
  await deleteByPrefix(db, P);
  await deleteByPrefix(db, I);
  await deleteByPrefix(db, N);
  await deleteByPrefix(db, F);
  await db.close();
});

const actor = (): Actor => ({
  viewer: { subject: 'aw-editor', clearance: 'SECRET', roles: ['editor'] },
  operation: 'Test:write',
  auditId: randomUUID(),
  inputHash: 'h',
});

/** A write creating one node with a fresh random id: run twice for real, it would create two. */
const createOne = (calls: { n: number }) => async (tx: Parameters<Parameters<typeof auditedWrite>[3]>[0]) => {
  calls.n++;
  const id = `${P}${randomUUID()}`;
  await tx.run(`CREATE (:Entity:Technology {id: $id, name: 'x', sources: ['t'], classification: 'PUBLIC', classificationLevel: 0})`, { id });
  return { result: { id }, ids: [id], level: 0 };
};
const count = async () => (await db.read(`MATCH (n:Technology) WHERE n.id STARTS WITH $p RETURN count(n) AS n`, { p: P }))[0]!.n;

/** `db` of its own whose next write stops after its first statement (the claim and its reads) until released. */
const paused = () => {
  const own = testDatabase();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let reached!: () => void;
  const claimed = new Promise<void>((r) => (reached = r));
  const writeAll = own.writeAll.bind(own);
  own.writeAll = (work) =>
    writeAll((tx) => {
      let first = true;
      const run = (...args: Parameters<typeof tx.run>) =>
        tx.run(...args).then(async (res) => {
          if (first) [first] = [false, reached()];
          else return res;
          await gate;
          return res;
        });
      return work(new Proxy(tx, { get: (t, k) => (k === 'run' ? run : Reflect.get(t, k)) }));
    });
  return { own, claimed, release };
};
/** `db` of its own whose next write reports (`sent`) when it has sent its statement number `n` (from 1). */
const issuing = (n: number) => {
  const own = testDatabase();
  let reached!: () => void;
  const sent = new Promise<void>((r) => (reached = r));
  const writeAll = own.writeAll.bind(own);
  let count = 0;
  own.writeAll = (work) =>
    writeAll((tx) => work(new Proxy(tx, { get: (t, k) => (k === 'run' ? (...args: Parameters<typeof t.run>) => (++count === n && reached(), t.run(...args)) : Reflect.get(t, k)) })));
  return { own, sent };
};
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('auditedWrite', () => {
  it('run again under the same record id (as the driver does when a commit answer is lost), replays the first outcome', async () => {
    const a = actor();
    const calls = { n: 0 };
    const before = await count();
    const first = await auditedWrite(db, a, trace(), createOne(calls));
    const second = await auditedWrite(db, a, trace(), createOne(calls));
    expect(second).toEqual(first);
    expect(calls.n).toBe(1);
    expect(await count()).toBe((before as number) + 1);
    const [rec] = await db.read(`MATCH (e:AuditEvent {id: $id}) RETURN e.outcome AS outcome, e.ids AS ids, e.pending AS pending`, { id: a.auditId });
    expect(rec).toEqual({ outcome: 'SUCCEEDED', ids: [first.id], pending: null });
  });

  it('a failing write leaves nothing of itself, its record id unclaimed, and a FAILED record of its own', async () => {
    const a = actor();
    const id = `${P}failed-${randomUUID()}`;
    await expect(
      auditedWrite(db, a, trace([id]), async (tx) => {
        await tx.run(`CREATE (:Entity:Technology {id: $id, name: 'x', sources: ['t'], classification: 'PUBLIC', classificationLevel: 0})`, { id });
        throw badInput('input.name', 'refused after writing');
      }),
    ).rejects.toThrow('refused after writing');
    expect(await db.read(`MATCH (n:Entity {id: $id}) RETURN n`, { id })).toEqual([]);
    expect(await db.read(`MATCH (e:AuditEvent {id: $id}) RETURN e`, { id: a.auditId })).toEqual([]);
    const failed = await db.read(`MATCH (e:AuditEvent {subject: 'aw-editor', outcome: 'FAILED'}) WHERE $id IN e.ids RETURN e.errorCode AS code`, { id });
    expect(failed).toEqual([{ code: 'BAD_USER_INPUT' }]);
  });

  it('a write whose first statement carries the claim, run again under the same record id, writes nothing again', async () => {
    // ids derived from the name with a random suffix: a second real run would create two more nodes
    const a = actor();
    const inputs = [{ nameEn: 'AW derived one', name: '派生一', sources: ['t'], kind: 'TEST_PLATFORM', access: 'OPEN' }, { nameEn: 'AW derived two', name: '派生二', sources: ['t'], kind: 'TEST_PLATFORM', access: 'OPEN' }];
    const made = async () => (await db.read(`MATCH (n:Facility) WHERE n.id STARTS WITH $p RETURN n.id AS id ORDER BY id`, { p: F })).map((r) => r.id);
    const before = await made();
    const first = await createNodes(db, a, 'Facility', inputs);
    const second = await createNodes(db, a, 'Facility', inputs);
    expect(second.map((n) => n.id)).toEqual(first.map((n) => n.id));
    expect(await made()).toEqual([...before, ...first.map((n) => n.id)].sort());
    expect(a.replayed).toBe(true);
  });

  it('a bad input under a record id already committed gets the refusal of the reused key, as when the claim came first', async () => {
    const a = actor();
    await createNodes(db, a, 'Facility', [{ nameEn: 'AW derived three', name: '派生三', sources: ['t'], kind: 'TEST_PLATFORM', access: 'OPEN' }]);
    const again = { ...a, inputHash: 'another input' };
    await expect(createNodes(db, again, 'Facility', [])).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // under a fresh record id the same bad input is its own error, and leaves no claim behind
    const fresh = actor();
    await expect(createNodes(db, fresh, 'Facility', [])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await db.read(`MATCH (e:AuditEvent {id: $id}) RETURN e`, { id: fresh.auditId })).toEqual([]);
  });

  it('refuses a claiming write that never claimed its record, and commits nothing of it', async () => {
    const a = actor();
    const id = `${P}unclaimed-${randomUUID()}`;
    await expect(
      auditedWrite(
        db,
        a,
        trace([id]),
        async (tx) => {
          await tx.run(`CREATE (:Entity:Technology {id: $id, name: 'x', sources: ['t'], classification: 'PUBLIC', classificationLevel: 0})`, { id });
          return { result: null, ids: [id], level: 0 };
        },
        { claiming: true },
      ),
    ).rejects.toThrow('wrote without claiming');
    expect(await db.read(`MATCH (n:Entity {id: $id}) RETURN n`, { id })).toEqual([]);
  });

  it('each write of one node or link takes three statements: its reads with the claim, the write, the record', async () => {
    // writeAll runs the record itself (on its own transaction object): the counted work's statements plus one
    const statements = async (write: () => Promise<unknown>): Promise<number> => {
      const writeAll = db.writeAll.bind(db);
      let n = 1;
      db.writeAll = (work) =>
        writeAll((tx) => work(new Proxy(tx, { get: (t, k) => (k === 'run' ? (...args: Parameters<typeof t.run>) => (n++, t.run(...args)) : Reflect.get(t, k)) })));
      try {
        await write();
      } finally {
        db.writeAll = writeAll;
      }
      return n;
    };
    const [a, b] = await createNodes(db, actor(), 'Technology', [
      { id: `${P}three-a`, name: '三甲', sources: ['t'], classification: 'INTERNAL' },
      { id: `${P}three-b`, name: '三乙', sources: ['t'] },
    ]);
    const counted = {
      link: await statements(() => link(db, actor(), { from: a!.id, type: 'PART_OF', to: b!.id, sources: ['t'], classification: 'INTERNAL' })),
      update: await statements(() => updateNode(db, actor(), 'Technology', a!.id, { nameEn: 'Three A' })),
      declassifyLink: await statements(() => declassify(db, actor(), `${a!.id}|PART_OF|${b!.id}`, 'PUBLIC', 'test')),
      declassifyNode: await statements(() => declassify(db, actor(), a!.id, 'PUBLIC', 'test')),
      unlink: await statements(() => unlink(db, actor(), a!.id, 'PART_OF', b!.id)),
      delete: await statements(() => deleteNode(db, actor(), a!.id)),
    };
    expect(counted).toEqual({ link: 3, update: 3, declassifyLink: 3, declassifyNode: 3, unlink: 3, delete: 3 });
    expect(await db.read(`MATCH (n:Entity {id: $id}) RETURN n.id AS id`, { id: a!.id })).toEqual([]);

    // an access request and its approval: the reads with the claim, the write with its answer, the record
    const [inst] = await createNodes(db, actor(), 'Institution', [{ id: `${I}three`, name: '三所', sources: ['t'] }]);
    const [lab] = await createNodes(db, actor(), 'Facility', [{ id: `${F}three-lab`, name: '三室', sources: ['t'], kind: 'TEST_PLATFORM', access: 'OPEN' }]);
    await link(db, actor(), { from: inst!.id, type: 'OPERATES', to: lab!.id, sources: ['t'] });
    const member = (): Actor => ({ ...actor(), viewer: { subject: 'aw-member', clearance: 'SECRET', roles: ['editor'], institution: inst!.id } });
    let made: { id: string; status: string } | undefined;
    const request = await statements(async () => {
      made = await requestAccess(db, member(), { facility: lab!.id, purpose: 'tests', periodStart: '2026-12-01', periodEnd: '2026-12-31' });
    });
    expect(made).toMatchObject({ status: 'PENDING', requestedBy: 'aw-member', institution: { id: inst!.id }, facility: { id: lab!.id } });
    let decided: { status: string } | undefined;
    const approve = await statements(async () => {
      decided = await decideRequest(db, member(), made!.id, 'APPROVED');
    });
    expect(decided).toMatchObject({ id: made!.id, status: 'APPROVED', decidedBy: 'aw-member' });
    expect(await db.read(`MATCH (:Entity {id: $i})-[u:USES]->(:Entity {id: $f}) RETURN u.weight AS weight`, { i: inst!.id, f: lab!.id })).toEqual([{ weight: 1 }]);
    expect({ request, approve }).toEqual({ request: 3, approve: 3 });
  });

  it('reads what it replaces under its write lock: two writes to one node or one link at once both land, and a link is never lowered', async () => {
    const [f] = await createNodes(db, actor(), 'Facility', [{ id: `${F}lock-lab`, name: '锁室', sources: ['t'], kind: 'TEST_PLATFORM', access: 'OPEN' }]);
    const [t] = await createNodes(db, actor(), 'Technology', [{ id: `${P}lock-t`, name: '锁技术', sources: ['t'] }]);

    // a rename read before a change of access commits: the rename waits for nothing, the change for the rename
    const first = paused();
    const rename = updateNode(first.own, actor(), 'Facility', f!.id, { name: '锁室二' });
    await first.claimed;
    const access = updateNode(db, actor(), 'Facility', f!.id, { access: 'CLOSED' });
    await settle(300);
    first.release();
    await Promise.all([rename, access]);
    expect(await db.read(`MATCH (n:Facility {id: $id}) RETURN n.name AS name, n.access AS access`, { id: f!.id })).toEqual([{ name: '锁室二', access: 'CLOSED' }]);

    // a PUBLIC link read (no link yet) before a SECRET one of the same ends commits: it finds the SECRET one and is refused
    const second = paused();
    const publicLink = link(second.own, actor(), { from: f!.id, type: 'SERVES', to: t!.id, sources: ['t'] }).then(
      () => 'linked',
      (err: { code?: string }) => err.code,
    );
    await second.claimed;
    const secretLink = link(db, actor(), { from: f!.id, type: 'SERVES', to: t!.id, sources: ['t'], classification: 'SECRET' });
    await settle(300);
    second.release();
    await secretLink;
    expect(await publicLink).toBe('linked'); // the first to claim links first; the second then finds it
    expect(await db.read(`MATCH (:Entity {id: $f})-[r:SERVES]->(:Entity {id: $t}) RETURN r.classification AS c`, { f: f!.id, t: t!.id })).toEqual([{ c: 'SECRET' }]);
    await first.own.close();
    await second.own.close();
  });

  it('locks the ends it links: a need published or a link made while an end is being deleted is refused as NOT_FOUND, never written without its link', async () => {
    const outcome = (p: Promise<unknown>) => p.then(() => 'written', (err: { code?: string }) => err.code);
    /** `write` against technology `t` while a delete of `t` that claimed (and locked it) first is held, after `write` sent its statement `n`. */
    const whileDeleting = async (t: string, n: number, write: (own: typeof db) => Promise<unknown>) => {
      const held = paused();
      const deleting = deleteNode(held.own, actor(), t);
      await held.claimed;
      const writer = issuing(n);
      const written = outcome(write(writer.own));
      await writer.sent;
      await settle(300);
      held.release();
      const deleted = await deleting;
      const result = { outcome: await written, relationshipsDeleted: deleted.relationshipsDeleted };
      await Promise.all([held.own.close(), writer.own.close()]);
      return result;
    };
    const [t, t2, u] = await createNodes(db, actor(), 'Technology', [
      { id: `${P}doomed`, name: '将删技术', sources: ['t'] },
      { id: `${P}doomed-2`, name: '将删技术二', sources: ['t'] },
      { id: `${P}kept`, name: '留技术', sources: ['t'] },
    ]);
    // the need reads its technology (its second statement) while the delete holds it: the old code
    // then made the need with no link at all, as the technology was gone when it linked it
    const need = await whileDeleting(t!.id, 2, (own) => publishNeed(own, actor(), { id: `${N}orphan`, name: '孤需', sources: ['t'], technologies: [t!.id] }));
    expect(need).toEqual({ outcome: 'NOT_FOUND', relationshipsDeleted: 0 });
    expect(await db.read(`MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id`, { ids: [`${N}orphan`, t!.id] })).toEqual([]);
    const linked = await whileDeleting(t2!.id, 1, (own) => link(own, actor(), { from: t2!.id, type: 'PART_OF', to: u!.id, sources: ['t'] }));
    expect(linked).toEqual({ outcome: 'NOT_FOUND', relationshipsDeleted: 0 });
    expect(await db.read(`MATCH (:Entity {id: $u})-[r]-() RETURN count(r) AS n`, { u: u!.id })).toEqual([{ n: 0 }]);
  });

  it('a decision reads the deciding operator again under the lock: an operator unlinked meanwhile decides nothing', async () => {
    const [inst] = await createNodes(db, actor(), 'Institution', [{ id: `${I}gone-op`, name: '去运营所', sources: ['t'] }]);
    const [lab] = await createNodes(db, actor(), 'Facility', [{ id: `${F}gone-op-lab`, name: '去运营室', sources: ['t'], kind: 'TEST_PLATFORM', access: 'OPEN' }]);
    await link(db, actor(), { from: inst!.id, type: 'OPERATES', to: lab!.id, sources: ['t'] });
    const member: Actor = { ...actor(), viewer: { subject: 'aw-gone-member', clearance: 'SECRET', roles: ['editor'], institution: inst!.id } };
    const made = await requestAccess(db, member, { facility: lab!.id, purpose: 'tests', periodStart: '2026-12-01', periodEnd: '2026-12-31' });
    const held = paused();
    const approving = decideRequest(held.own, { ...member, auditId: randomUUID() }, made.id, 'APPROVED').then(
      (r) => r.status,
      (err: { code?: string }) => err.code,
    );
    await held.claimed;
    await unlink(db, actor(), inst!.id, 'OPERATES', lab!.id);
    held.release();
    expect(await approving).toBe('FORBIDDEN');
    expect(await db.read(`MATCH (:Entity {id: $i})-[q:REQUESTED]->(:Entity {id: $f}) RETURN q.status AS status, EXISTS { ()-[:USES]->(:Entity {id: $f}) } AS used`, { i: inst!.id, f: lab!.id })).toEqual([
      { status: 'PENDING', used: false },
    ]);
    await held.own.close();
  });

  it('refuses to delete a facility holding an access request above the caller clearance (its level is the request level)', async () => {
    const [inst] = await createNodes(db, actor(), 'Institution', [{ id: `${I}req`, name: '请求所', sources: ['t'] }]);
    const [lab] = await createNodes(db, actor(), 'Facility', [{ id: `${F}req-lab`, name: '请求室', sources: ['t'], kind: 'TEST_PLATFORM', access: 'OPEN' }]);
    await db.write(`CREATE (:Entity:Need {id: $id, name: '密需', aliases: [], sources: ['t'], classification: 'SECRET', classificationLevel: 3})`, { id: `${N}secret` });
    const member: Actor = { ...actor(), viewer: { subject: 'aw-req-member', clearance: 'SECRET', roles: ['reader'], institution: inst!.id } };
    await requestAccess(db, member, { facility: lab!.id, purpose: 'tests', periodStart: '2026-12-01', periodEnd: '2026-12-31', need: `${N}secret` });
    const publicEditor: Actor = { ...actor(), viewer: { subject: 'aw-public-editor', clearance: 'PUBLIC', roles: ['editor'] } };
    await expect(deleteNode(db, publicEditor, lab!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await db.read(`MATCH ()-[q:REQUESTED]->(:Entity {id: $id}) RETURN q.requestLevel AS level`, { id: lab!.id })).toEqual([{ level: 3 }]);
    expect(await deleteNode(db, actor(), lab!.id)).toEqual({ id: lab!.id, relationshipsDeleted: 1 });
    const [lone] = await createNodes(db, actor(), 'Technology', [{ id: `${P}lone`, name: '孤技术', sources: ['t'] }]);
    expect(await deleteNode(db, actor(), lone!.id)).toEqual({ id: lone!.id, relationshipsDeleted: 0 });
  });
});
