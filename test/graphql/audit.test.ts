import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/data/viewer.js';
import { deleteByPrefix } from '../helpers.js';
import { EDITOR, post, useApi } from './harness.js';

const api = useApi();
const RUN = `${Date.now()}`;
/** This file's nodes: one per classification, linked in a chain so that paths and totals cross them. */
const P = 'facility:au-';
const ID = { public: `${P}public`, secret: `${P}secret`, top: `${P}top`, missing: `${P}missing-${RUN}` };
const admin = (clearance: Viewer['clearance']): Viewer => ({ subject: `au-admin-${clearance}`, clearance, roles: ['reader', 'admin'] });
const reader = (clearance: Viewer['clearance'], tag = ''): Viewer => ({ subject: `au-reader-${clearance}-${RUN}${tag}`, clearance, roles: ['reader'] });

beforeAll(async () => {
  await deleteByPrefix(api.db, P);
  await api.db.write(
    `UNWIND $rows AS r
     CREATE (n:Entity:Facility {id: r.id, name: r.id, kind: 'KEY_LAB', sources: ['audit test'], classification: r.c, classificationLevel: r.l})`,
    { rows: [{ id: ID.public, c: 'PUBLIC', l: 0 }, { id: ID.secret, c: 'SECRET', l: 3 }, { id: ID.top, c: 'TOP_SECRET', l: 4 }] },
  );
  await api.db.write(
    `MATCH (a:Facility {id: $pub}), (s:Facility {id: $sec}), (t:Facility {id: $top}), (d:District {id: 'district:daxing'})
     CREATE (a)-[:LOCATED_IN {classification: 'PUBLIC', classificationLevel: 0, sources: ['audit test']}]->(d),
            (s)-[:LOCATED_IN {classification: 'SECRET', classificationLevel: 3, sources: ['audit test']}]->(d),
            (t)-[:LOCATED_IN {classification: 'TOP_SECRET', classificationLevel: 4, sources: ['audit test']}]->(d)`,
    { pub: ID.public, sec: ID.secret, top: ID.top },
  );
});
afterAll(() => deleteByPrefix(api.db, P));

const AUDIT = `query($f: AuditFilter, $after: String) { auditEvents(filter: $f, first: 2, after: $after) {
  totalCount hasNextPage endCursor nodes { kind subject operation ids outcome errorCode maxClassification aggregates } } }`;
const events = async (as: Viewer, filter: Record<string, unknown>, after?: string) => (await post(api.url, AUDIT, { f: filter, after }, as)).body;

describe('an admin sees only events within their clearance', () => {
  it('a TOP_SECRET id in `touched` answers exactly like a missing one, for totals and pages alike', async () => {
    const topReader = reader('TOP_SECRET');
    await post(api.url, `query TopRead { node(id: "${ID.top}") { id name } }`, undefined, topReader);
    const full = await events(admin('TOP_SECRET'), { touched: ID.top, subject: topReader.subject });
    expect(full.data.auditEvents.totalCount).toBe(1);
    expect(full.data.auditEvents.nodes[0]).toMatchObject({ kind: 'READ', ids: [ID.top], maxClassification: 'TOP_SECRET' });

    for (const clearance of ['PUBLIC', 'SECRET'] as const) {
      const hidden = await events(admin(clearance), { touched: ID.top });
      const missing = await events(admin(clearance), { touched: ID.missing });
      expect(JSON.stringify(hidden).replaceAll(ID.top, 'X')).toBe(JSON.stringify(missing).replaceAll(ID.missing, 'X'));
      expect(hidden.data.auditEvents).toEqual({ totalCount: 0, hasNextPage: false, endCursor: null, nodes: [] });
      // nor does the subject filter reach it
      expect((await events(admin(clearance), { subject: topReader.subject })).data.auditEvents.totalCount).toBe(0);
    }
  });

  it('totals and keyset pages count the same visible events, whatever the admin clearance', async () => {
    const subject = `au-mixed-${RUN}`;
    const v: Viewer = { subject, clearance: 'TOP_SECRET', roles: ['reader'] };
    for (const id of [ID.secret, ID.top, ID.secret, ID.top, ID.secret]) await post(api.url, `{ node(id: "${id}") { id } }`, undefined, v);
    const walk = async (as: Viewer) => {
      const seen: string[][] = [];
      let after: string | undefined;
      let total = -1;
      for (;;) {
        const page = (await events(as, { subject }, after)).data.auditEvents;
        total = page.totalCount;
        seen.push(...page.nodes.map((n: { ids: string[] }) => n.ids));
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
      return { total, seen };
    };
    expect(await walk(admin('TOP_SECRET'))).toEqual({ total: 5, seen: [[ID.secret], [ID.top], [ID.secret], [ID.top], [ID.secret]] });
    expect(await walk(admin('SECRET'))).toEqual({ total: 3, seen: [[ID.secret], [ID.secret], [ID.secret]] });
    expect(await walk(admin('CONFIDENTIAL'))).toEqual({ total: 0, seen: [] });
  });

  it('an event is hidden once something it touched is raised above the admin clearance', async () => {
    const subject = `au-raised-${RUN}`;
    await post(api.url, `mutation Raise { createFacility(input: {id: "${P}raised", name: "x", kind: KEY_LAB, sources: ["t"]}) { facility { id } } }`, undefined, { ...EDITOR, subject });
    expect((await events(admin('PUBLIC'), { subject })).data.auditEvents.totalCount).toBe(1);
    await api.db.write(`MATCH (n:Facility {id: $id}) SET n.classification = 'SECRET', n.classificationLevel = 3`, { id: `${P}raised` });
    expect((await events(admin('PUBLIC'), { subject })).data.auditEvents.totalCount).toBe(0);
    expect((await events(admin('SECRET'), { subject })).data.auditEvents.totalCount).toBe(1);
  });

  it('an audit cursor minted for one admin clearance is refused for another, and forged ones too', async () => {
    const subject = `au-cursor-${RUN}`;
    for (let i = 0; i < 3; i++) await post(api.url, `{ node(id: "${ID.secret}") { id } }`, undefined, { subject, clearance: 'SECRET', roles: ['reader'] });
    const page = (await events(admin('TOP_SECRET'), { subject })).data.auditEvents;
    expect(page.hasNextPage).toBe(true);
    expect((await events(admin('TOP_SECRET'), { subject }, page.endCursor)).data.auditEvents.nodes).toHaveLength(1);
    for (const [as, cursor] of [
      [admin('SECRET'), page.endCursor],
      [admin('TOP_SECRET'), 'not-a-cursor'],
      [admin('TOP_SECRET'), page.endCursor.slice(0, -3) + (page.endCursor.endsWith('AAA') ? 'BBB' : 'AAA')],
    ] as const) {
      const res = await events(as, { subject }, cursor);
      expect(res.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    }
  });
});

describe('failed writes are audited, in their own transaction', () => {
  it('a refused create and a refused update each leave a FAILED record naming the error code', async () => {
    const subject = `au-failer-${RUN}`;
    const editor: Viewer = { ...EDITOR, subject };
    const taken = await post(api.url, `mutation Dup { createFacility(input: {id: "${ID.public}", name: "x", kind: KEY_LAB, sources: ["t"]}) { facility { id } } }`, undefined, editor);
    expect(taken.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.id' });
    const missing = await post(api.url, `mutation Upd { updateFacility(id: "${ID.missing}", patch: {access: OPEN}) { facility { id } } }`, undefined, editor);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const page = (await events(admin('PUBLIC'), { subject, outcome: 'FAILED' })).data.auditEvents;
    expect(page.totalCount).toBe(2);
    expect(page.nodes).toEqual([
      expect.objectContaining({ kind: 'WRITE', operation: 'Upd:updateFacility', outcome: 'FAILED', errorCode: 'NOT_FOUND', ids: [ID.missing] }),
      expect.objectContaining({ kind: 'WRITE', operation: 'Dup:createFacility', outcome: 'FAILED', errorCode: 'BAD_USER_INPUT', ids: [ID.public] }),
    ]);
    // the refused writes changed nothing
    const [row] = await api.db.read(`MATCH (n:Facility {id: $id}) RETURN n.name AS name`, { id: ID.public });
    expect(row!.name).toBe(ID.public);
  });

  it('a write refused for want of a role is recorded too', async () => {
    const who = reader('PUBLIC', '-writer');
    const res = await post(api.url, `mutation NoRole { deleteNode(id: "${ID.public}") { id } }`, undefined, who);
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await events(admin('PUBLIC'), { subject: who.subject })).data.auditEvents.nodes).toEqual([
      expect.objectContaining({ kind: 'WRITE', operation: 'NoRole:deleteNode', outcome: 'FAILED', errorCode: 'FORBIDDEN', ids: [] }),
    ]);
  });

  it('a refusal caused by a hidden item is recorded at its level: only admins cleared for it see the attempt', async () => {
    const subject = `au-prober-${RUN}`;
    const editor: Viewer = { ...EDITOR, subject };
    const res = await post(api.url, `mutation Probe { createFacility(input: {id: "${ID.top}", name: "x", kind: KEY_LAB, sources: ["t"]}) { facility { id } } }`, undefined, editor);
    expect(res.body.errors[0]).toMatchObject({ message: `id '${ID.top}' is not available`, extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.id' } });
    expect((await events(admin('SECRET'), { subject })).data.auditEvents.totalCount).toBe(0);
    expect((await events(admin('TOP_SECRET'), { subject })).data.auditEvents.nodes).toEqual([
      expect.objectContaining({ outcome: 'FAILED', errorCode: 'BAD_USER_INPUT', ids: [ID.top] }),
    ]);
  });
});

describe('responses that depend on classified items without showing a field of them are audited', () => {
  const cases: Array<[string, string]> = [
    ['a cursor only', `{ facilities(filter: {ids: ["${ID.secret}"]}) { edges { cursor } } }`],
    ['pageInfo only', `{ facilities(filter: {ids: ["${ID.secret}"]}) { pageInfo { endCursor } } }`],
    ['__typename only', `{ node(id: "${ID.secret}") { __typename } }`],
    ['a path length only', `{ path(from: "${ID.secret}", to: "district:daxing", maxHops: 1) { length } }`],
    ['a neighbourhood flag only', `{ neighborhood(id: "${ID.secret}") { truncated } }`],
  ];
  it.each(cases)('%s', async (_name, query) => {
    const v = reader('SECRET', `-${_name.replaceAll(' ', '')}`);
    const res = await post(api.url, query, undefined, v);
    expect(res.body.errors).toBeUndefined();
    const page = (await events(admin('SECRET'), { subject: v.subject })).data.auditEvents;
    expect(page.totalCount).toBe(1);
    expect(page.nodes[0]).toMatchObject({ kind: 'READ', maxClassification: 'SECRET' });
    expect(page.nodes[0].ids).toContain(ID.secret);
  });

  it('totals and counts of a cleared caller are recorded as aggregates at the caller clearance', async () => {
    const v = reader('SECRET', '-totals');
    await post(api.url, `{ facilities(filter: {ids: ["${ID.public}"]}) { totalCount } countsByLabel { count } }`, undefined, v);
    const page = (await events(admin('SECRET'), { subject: v.subject })).data.auditEvents;
    expect(page.nodes).toEqual([expect.objectContaining({ kind: 'READ', ids: [], maxClassification: 'SECRET', aggregates: ['countsByLabel.*.count', 'facilities.totalCount'] })]);
    // a PUBLIC caller's totals are computed over PUBLIC data only: nothing to record
    const pub = reader('PUBLIC', '-totals');
    await post(api.url, `{ facilities(filter: {ids: ["${ID.public}"]}) { totalCount } }`, undefined, pub);
    expect((await events(admin('TOP_SECRET'), { subject: pub.subject })).data.auditEvents.totalCount).toBe(0);
  });
});

describe('a relationship no field shows is audited when a row was reached through it', () => {
  const via = `${P}public-via-secret`;
  beforeAll(async () => {
    await api.db.write(
      `MATCH (d:District {id: 'district:daxing'})
       CREATE (:Entity:Facility {id: $id, name: $id, kind: 'KEY_LAB', sources: ['audit test'], classification: 'PUBLIC', classificationLevel: 0})
              -[:LOCATED_IN {classification: 'SECRET', classificationLevel: 3, sources: ['audit test']}]->(d)`,
      { id: via },
    );
  });

  it('a page of PUBLIC facilities, one of them LOCATED_IN through a SECRET link, is recorded with that link', async () => {
    const who = reader('SECRET', '-via');
    const res = await post(api.url, `{ node(id: "district:daxing") { id ... on District { directFacilities(first: 100) { nodes { id } } } } }`, {}, who);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.node.directFacilities.nodes.map((n: { id: string }) => n.id)).toContain(via);
    const { data } = await events(admin('TOP_SECRET'), { subject: who.subject });
    expect(data.auditEvents.totalCount).toBe(1);
    expect(data.auditEvents.nodes[0]).toMatchObject({ kind: 'READ', maxClassification: 'SECRET' });
    expect(data.auditEvents.nodes[0].ids).toContain(`${via}|LOCATED_IN|district:daxing`);
  });
});
