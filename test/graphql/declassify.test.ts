import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, viewerFromClaims } from '../../src/auth/authenticate.js';
import type { Viewer } from '../../src/data/viewer.js';
import { deleteByPrefix } from '../helpers.js';
import { post, useApi } from './harness.js';

const api = useApi();
const RUN = `${Date.now()}`;
const P = 'facility:dc-';
const ID = { confidential: `${P}confidential`, secret: `${P}secret`, top: `${P}top`, relFrom: `${P}rel` };
const REL = `${ID.relFrom}|SERVES|tech:beidou`;
const EDITOR: Viewer = { subject: `dc-editor-${RUN}`, clearance: 'SECRET', roles: ['reader', 'editor'] };
const DECLASSIFIER: Viewer = { subject: `dc-declassifier-${RUN}`, clearance: 'SECRET', roles: ['reader', 'declassifier'] };
const ADMIN: Viewer = { subject: 'dc-admin', clearance: 'TOP_SECRET', roles: ['reader', 'admin'] };

beforeAll(async () => {
  await deleteByPrefix(api.db, P);
  await api.db.write(
    `UNWIND $rows AS r CREATE (:Entity:Facility {id: r.id, name: r.id, kind: 'KEY_LAB', sources: ['declassify test'], classification: r.c, classificationLevel: r.l})`,
    {
      rows: [
        { id: ID.confidential, c: 'CONFIDENTIAL', l: 2 },
        { id: ID.secret, c: 'SECRET', l: 3 },
        { id: ID.top, c: 'TOP_SECRET', l: 4 },
        { id: ID.relFrom, c: 'PUBLIC', l: 0 },
      ],
    },
  );
  await api.db.write(
    `MATCH (a:Facility {id: $from}), (t:Technology {id: 'tech:beidou'}) CREATE (a)-[:SERVES {classification: 'SECRET', classificationLevel: 3, sources: ['declassify test']}]->(t)`,
    { from: ID.relFrom },
  );
});
afterAll(() => deleteByPrefix(api.db, P));

const DECLASSIFY = `mutation Declassify($id: ID!, $c: Classification!, $reason: String!) { declassify(id: $id, classification: $c, reason: $reason) { id before after } }`;
const declassify = (viewer: Viewer, id: string, c: string, reason = 'released by decision 2026-11') => post(api.url, DECLASSIFY, { id, c, reason }, viewer);
const levelOf = async (id: string) => (await api.db.read('MATCH (n:Entity {id: $id}) RETURN n.classification AS c', { id }))[0]?.c;

describe('an editor cannot lower a classification', () => {
  it('update: FORBIDDEN on patch.classification, nothing changed; raising is allowed and recorded before and after', async () => {
    const lower = await post(api.url, `mutation { updateFacility(id: "${ID.secret}", patch: {classification: PUBLIC}) { facility { id } } }`, undefined, EDITOR);
    expect(lower.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', argumentName: 'patch.classification' });
    expect(await levelOf(ID.secret)).toBe('SECRET');
    const raise = await post(api.url, `mutation Raise { updateFacility(id: "${ID.confidential}", patch: {classification: SECRET}) { facility { classification } } }`, undefined, EDITOR);
    expect(raise.body.data.updateFacility.facility.classification).toBe('SECRET');
    const audit = await post(api.url, `query($s: String) { auditEvents(filter: {subject: $s, operation: "Raise", kind: WRITE}) { nodes { classificationChanges { id before after } } } }`, { s: EDITOR.subject }, ADMIN);
    expect(audit.body.data.auditEvents.nodes).toEqual([{ classificationChanges: [{ id: ID.confidential, before: 'CONFIDENTIAL', after: 'SECRET' }] }]);
  });

  it('link: lowering an existing relationship is FORBIDDEN', async () => {
    const res = await post(api.url, `mutation { link(input: {from: "${ID.relFrom}", type: SERVES, to: "tech:beidou", sources: ["x"], classification: PUBLIC}) { created } }`, undefined, EDITOR);
    expect(res.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', argumentName: 'input.classification' });
  });

  it('the declassifier role is granted by tokens and API keys alike', async () => {
    expect(viewerFromClaims({ sub: 'x', clearance: 'SECRET', roles: ['declassifier'] }).roles).toEqual(['declassifier']);
    const dir = await mkdtemp(path.join(tmpdir(), 'kg-declassify-'));
    try {
      const file = path.join(dir, 'keys.json');
      const key = 'declassifier-service-key';
      await writeFile(file, JSON.stringify([{ sha256: createHash('sha256').update(key).digest('hex'), subject: 'svc', clearance: 'SECRET', roles: ['declassifier'] }]));
      const authenticate = await createAuthenticator({ apiKeysFile: file });
      expect(await authenticate({ headers: { 'x-api-key': key } } as unknown as IncomingMessage)).toEqual({ subject: 'svc', clearance: 'SECRET', roles: ['declassifier'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('declassify needs the declassifier role', async () => {
    const res = await declassify(EDITOR, ID.secret, 'INTERNAL');
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await declassify({ ...EDITOR, roles: ['reader', 'admin'] }, ID.secret, 'INTERNAL')).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await levelOf(ID.secret)).toBe('SECRET');
  });
});

describe('declassify', () => {
  it('lowers a node it may see; readers of the new level see it; the record holds before, after and the reason', async () => {
    const res = await declassify(DECLASSIFIER, ID.secret, 'INTERNAL', 'public release approved');
    expect(res.body).toEqual({ data: { declassify: { id: ID.secret, before: 'SECRET', after: 'INTERNAL' } } });
    const internal: Viewer = { subject: 'dc-internal', clearance: 'INTERNAL', roles: ['reader'] };
    expect((await post(api.url, `{ node(id: "${ID.secret}") { classification } }`, undefined, internal)).body.data.node).toEqual({ classification: 'INTERNAL' });
    expect((await post(api.url, `{ node(id: "${ID.secret}") { id } }`)).body.data.node).toBeNull();
    const audit = await post(
      api.url,
      `query($s: String) { auditEvents(filter: {subject: $s, operation: "declassify"}) { nodes { kind outcome ids reason classificationChanges { id before after } } } }`,
      { s: DECLASSIFIER.subject },
      ADMIN,
    );
    expect(audit.body.data.auditEvents.nodes).toEqual([
      { kind: 'WRITE', outcome: 'SUCCEEDED', ids: [ID.secret], reason: 'public release approved', classificationChanges: [{ id: ID.secret, before: 'SECRET', after: 'INTERNAL' }] },
    ]);
  });

  it('lowers a relationship given as from|TYPE|to', async () => {
    const res = await declassify(DECLASSIFIER, REL, 'PUBLIC');
    expect(res.body.data.declassify).toEqual({ id: REL, before: 'SECRET', after: 'PUBLIC' });
    const seen = await post(api.url, `{ node(id: "${ID.relFrom}") { ... on Facility { technologies { nodes { id } } } } }`);
    expect(seen.body.data.node.technologies.nodes).toEqual([{ id: 'tech:beidou' }]);
  });

  it('lowers only the links of that type it may see: a duplicate above its clearance stays as it is', async () => {
    // two links of one type between the same ends (the API makes one, but writes around it, or two
    // approved access requests at different levels, USES, can leave two)
    const from = ID.relFrom;
    await api.db.write(
      `MATCH (a:Facility {id: $from}), (t:Technology {id: 'tech:space'})
       CREATE (a)-[:SERVES {classification: 'CONFIDENTIAL', classificationLevel: 2, sources: ['declassify test']}]->(t),
              (a)-[:SERVES {classification: 'TOP_SECRET', classificationLevel: 4, sources: ['declassify test']}]->(t)`,
      { from },
    );
    const res = await declassify(DECLASSIFIER, `${from}|SERVES|tech:space`, 'PUBLIC');
    expect(res.body.data.declassify).toEqual({ id: `${from}|SERVES|tech:space`, before: 'CONFIDENTIAL', after: 'PUBLIC' });
    const levels = await api.db.read(`MATCH (:Facility {id: $from})-[r:SERVES]->(:Technology {id: 'tech:space'}) RETURN r.classification AS c ORDER BY r.classificationLevel`, { from });
    expect(levels.map((r) => r.c)).toEqual(['PUBLIC', 'TOP_SECRET']);
  });

  it('anything above the caller clearance answers exactly like a missing id, and is left alone', async () => {
    const missing = `${P}missing`;
    for (const [hidden, absent] of [
      [ID.top, missing],
      [`${ID.top}|SERVES|tech:beidou`, `${missing}|SERVES|tech:beidou`],
    ] as const) {
      const h = await declassify(DECLASSIFIER, hidden, 'PUBLIC');
      const m = await declassify(DECLASSIFIER, absent, 'PUBLIC');
      expect(JSON.stringify(h.body).replaceAll(hidden, 'ID')).toBe(JSON.stringify(m.body).replaceAll(absent, 'ID'));
      expect(h.body.errors[0].extensions).toEqual({ code: 'NOT_FOUND', argumentName: 'id' });
    }
    expect(await levelOf(ID.top)).toBe('TOP_SECRET');
  });

  it('refuses a level that does not lower, and an empty reason', async () => {
    expect((await declassify(DECLASSIFIER, ID.confidential, 'SECRET')).body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'classification' });
    expect((await declassify(DECLASSIFIER, ID.confidential, 'PUBLIC', '  ')).body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'reason' });
    expect(await levelOf(ID.confidential)).toBe('SECRET');
  });
});
