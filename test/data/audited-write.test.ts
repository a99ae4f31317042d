import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { auditedWrite, trace, type Actor } from '../../src/data/audited-write.js';
import { badInput } from '../../src/errors.js';
import { deleteByPrefix, testDatabase } from '../helpers.js';

const db = testDatabase();
const P = 'tech:aw-';
afterAll(async () => {
  await deleteByPrefix(db, P);
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
});
