import { afterAll, describe, expect, it } from 'vitest';
import { loadRequests, TRANSITIONS } from '../../src/data/access-requests.js';
import type { Viewer } from '../../src/data/viewer.js';
import { EXAMPLE_REQUESTS_FILE } from '../../src/seed.js';
import { post, useApi } from './harness.js';

const api = useApi();
// the requests of this file's callers and the uses their approval recorded: remove them, and only
// them (the database is shared; the illustrative requests stay)
afterAll(() =>
  api.db.write(
    `MATCH ()-[q:REQUESTED]->() WHERE q.requestedBy STARTS WITH 'test-'
     WITH collect(q) AS qs, collect('APPROVED ACCESS REQUEST ' + q.requestId) AS tags
     OPTIONAL MATCH ()-[u:USES]->() WHERE any(s IN u.sources WHERE s IN tags)
     WITH qs, collect(u) AS us
     FOREACH (x IN qs + us | DELETE x)`,
  ),
);

/** A member of BeiDou NavTech (asks), an editor of the institute operating the GNSS lab (decides). */
const MEMBER: Viewer = { subject: 'test-member', clearance: 'PUBLIC', roles: ['reader'], institution: 'inst:ex-beidou-navtech' };
const OPERATOR: Viewer = { subject: 'test-operator', clearance: 'PUBLIC', roles: ['reader', 'editor'], institution: 'inst:ex-daxing-aerospace-institute' };
const OPERATOR_READER: Viewer = { ...OPERATOR, subject: 'test-operator-reader', roles: ['reader'] };
const STRANGER: Viewer = { subject: 'test-stranger', clearance: 'PUBLIC', roles: ['reader', 'editor'], institution: 'inst:ex-zgc-tech-bank' };
/** An institution that has not used the lab before. */
const NEWCOMER: Viewer = { subject: 'test-newcomer', clearance: 'PUBLIC', roles: ['reader'], institution: 'inst:ex-composite-materials-co' };
const LAB = 'facility:ex-daxing-gnss-test-lab';

const FIELDS = 'id status purpose periodStart periodEnd requestedBy decidedBy institution { id } facility { id } need { id }';
const REQUEST = `mutation R($input: AccessRequestInput!) { requestFacilityAccess(input: $input) { ${FIELDS} } }`;
const APPROVE = `mutation A($id: ID!) { approveAccessRequest(id: $id, weight: 2) { ${FIELDS} } }`;
const DECLINE = `mutation D($id: ID!) { declineAccessRequest(id: $id) { ${FIELDS} } }`;
const WITHDRAW = `mutation W($id: ID!) { withdrawAccessRequest(id: $id) { ${FIELDS} } }`;
const LIST = `query L($status: [AccessRequestStatus!]) { accessRequests(status: $status, first: 50) { nodes { id status } hasNextPage endCursor } }`;

async function ask(viewer: Viewer = MEMBER, extra: Record<string, unknown> = {}) {
  const res = await post(api.url, REQUEST, { input: { facility: LAB, purpose: '北斗終端測試', periodStart: '2026-12-01', periodEnd: '2026-12-05', ...extra } }, viewer);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.requestFacilityAccess as { id: string; status: string };
}
const code = (res: { body: { errors?: Array<{ extensions: { code: string } }> } }) => res.body.errors?.[0]?.extensions.code;

describe('access requests', () => {
  it('a member asks, the operator approves, and the shared-facility network shows the new use', async () => {
    const NETWORK = '{ sharedFacilityNetwork(district: "district:daxing") { links { source { id } target { id } facilities { id } } } }';
    const sharesLab = async () =>
      ((await post(api.url, NETWORK, undefined, OPERATOR)).body.data.sharedFacilityNetwork.links as Array<{ source: { id: string }; target: { id: string }; facilities: Array<{ id: string }> }>).some(
        (l) => l.facilities.some((f) => f.id === LAB) && [l.source.id, l.target.id].includes('inst:ex-composite-materials-co'),
      );
    expect(await sharesLab()).toBe(false);
    const req = await ask(NEWCOMER, { need: 'need:ex-daxing-gnss-testing' });
    expect(req).toMatchObject({ status: 'PENDING', institution: { id: 'inst:ex-composite-materials-co' }, facility: { id: LAB }, need: { id: 'need:ex-daxing-gnss-testing' } });
    expect(await sharesLab()).toBe(false); // a request is not use
    const approved = await post(api.url, APPROVE, { id: req.id }, OPERATOR);
    expect(approved.body.errors).toBeUndefined();
    expect(approved.body.data.approveAccessRequest).toMatchObject({ status: 'APPROVED', decidedBy: 'test-operator' });
    expect(await sharesLab()).toBe(true);
  });

  it('refuses every illegal transition with a clear error, and each decision to the wrong people', async () => {
    const req = await ask();
    expect(code(await post(api.url, APPROVE, { id: req.id }, MEMBER))).toBe('FORBIDDEN'); // the requester cannot decide
    expect(code(await post(api.url, APPROVE, { id: req.id }, OPERATOR_READER))).toBe('FORBIDDEN'); // an operator without the editor role
    expect(code(await post(api.url, DECLINE, { id: req.id }, STRANGER))).toBe('NOT_FOUND'); // someone else's request does not exist for them
    expect(code(await post(api.url, WITHDRAW, { id: req.id }, OPERATOR))).toBe('FORBIDDEN'); // only the requester withdraws
    expect((await post(api.url, DECLINE, { id: req.id }, OPERATOR)).body.data.declineAccessRequest.status).toBe('DECLINED');
    for (const [q, v] of [
      [APPROVE, OPERATOR],
      [DECLINE, OPERATOR],
      [WITHDRAW, MEMBER],
    ] as const) {
      const res = await post(api.url, q, { id: req.id }, v);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
      expect(res.body.errors[0].message).toContain('DECLINED');
    }
    const other = await ask();
    expect((await post(api.url, WITHDRAW, { id: other.id }, MEMBER)).body.data.withdrawAccessRequest.status).toBe('WITHDRAWN');
    expect(code(await post(api.url, APPROVE, { id: other.id }, OPERATOR))).toBe('BAD_USER_INPUT');
  });

  it('refuses every move out of each final state, naming both states, and changes nothing', async () => {
    const uses = async (id: string) =>
      (await api.db.read(`MATCH ()-[u:USES]->() WHERE $tag IN u.sources RETURN count(u) AS n`, { tag: `APPROVED ACCESS REQUEST ${id}` }))[0]!.n as number;
    const finals: Record<string, { id: string; status: string }> = {};
    for (const [q, v, key, status] of [
      [APPROVE, OPERATOR, 'approveAccessRequest', 'APPROVED'],
      [DECLINE, OPERATOR, 'declineAccessRequest', 'DECLINED'],
      [WITHDRAW, MEMBER, 'withdrawAccessRequest', 'WITHDRAWN'],
    ] as const) {
      const req = await ask();
      const res = await post(api.url, q, { id: req.id }, v);
      expect(res.body.data[key].status).toBe(status);
      finals[status] = res.body.data[key];
    }
    expect(Object.keys(TRANSITIONS).filter((s) => TRANSITIONS[s as keyof typeof TRANSITIONS].length > 0)).toEqual(['PENDING']);
    for (const [from, req] of Object.entries(finals)) {
      const before = await uses(req.id);
      expect(before).toBe(from === 'APPROVED' ? 1 : 0);
      for (const [q, v, to] of [
        [APPROVE, OPERATOR, 'APPROVED'],
        [DECLINE, OPERATOR, 'DECLINED'],
        [WITHDRAW, MEMBER, 'WITHDRAWN'],
      ] as const) {
        const res = await post(api.url, q, { id: req.id }, v);
        expect(res.body.data, `${from} → ${to}`).toBeNull();
        expect(res.body.errors[0].extensions, `${from} → ${to}`).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
        expect(res.body.errors[0].message).toBe(`the request is ${from}; it cannot become ${to} (only a PENDING request moves)`);
      }
      const listed = (await post(api.url, LIST, {}, MEMBER)).body.data.accessRequests.nodes as Array<{ id: string; status: string }>;
      expect(listed.find((n) => n.id === req.id)!.status).toBe(from);
      expect(await uses(req.id)).toBe(before); // a refused approval records no second use
    }
  });

  it('of two decisions made at once, one moves the request and the other is refused: never two uses', async () => {
    const uses = async (id: string) =>
      (await api.db.read(`MATCH ()-[u:USES]->() WHERE $tag IN u.sources RETURN count(u) AS n`, { tag: `APPROVED ACCESS REQUEST ${id}` }))[0]!.n as number;
    for (const [first, second] of [
      [APPROVE, APPROVE],
      [APPROVE, DECLINE],
      [APPROVE, APPROVE],
      [DECLINE, APPROVE],
    ] as const) {
      const req = await ask();
      const answers = await Promise.all([post(api.url, first, { id: req.id }, OPERATOR), post(api.url, second, { id: req.id }, OPERATOR)]);
      const moved = answers.filter((a) => !a.body.errors);
      expect(moved, 'exactly one decision moves the request').toHaveLength(1);
      const refused = answers.find((a) => a.body.errors)!;
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
      const status = (Object.values(moved[0]!.body.data)[0] as { status: string }).status;
      expect(refused.body.errors[0].message).toContain(`the request is ${status}`);
      expect(await uses(req.id)).toBe(status === 'APPROVED' ? 1 : 0);
    }
  });

  it('records a refused decision at the level of the request and names its ends', async () => {
    // a SECRET member of the naval unit asks for its SECRET lab: the request is SECRET
    const NAVAL: Viewer = { subject: 'test-naval-member', clearance: 'SECRET', roles: ['reader'], institution: 'inst:ex-naval-research-unit' };
    const lab = 'facility:ex-bluewhale-naval-navigation-lab';
    const res = await post(api.url, REQUEST, { input: { facility: lab, purpose: '導航測試', periodStart: '2026-12-01', periodEnd: '2026-12-05' } }, NAVAL);
    expect(res.body.errors).toBeUndefined();
    const id = res.body.data.requestFacilityAccess.id as string;
    expect(code(await post(api.url, APPROVE, { id }, NAVAL))).toBe('FORBIDDEN'); // a reader does not decide
    const [failed] = await api.db.read(`MATCH (e:AuditEvent {outcome: 'FAILED', subject: 'test-naval-member'}) WHERE $id IN e.ids RETURN e.level AS level, e.ids AS ids`, { id });
    expect(failed).toMatchObject({ level: 3 });
    expect(failed!.ids).toEqual(expect.arrayContaining([id, 'inst:ex-naval-research-unit', lab]));
  });

  it('loads the illustrative requests once, marked as such, and shows them to the operator with their states', async () => {
    expect(await loadRequests(api.db, EXAMPLE_REQUESTS_FILE)).toBe(await loadRequests(api.db, EXAMPLE_REQUESTS_FILE));
    const rows = await api.db.read(`MATCH ()-[r:REQUESTED]->() WHERE r.requestId STARTS WITH 'request:ex-' RETURN r.requestId AS id, r.sources AS sources, r.purpose AS purpose`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect((r.sources as string[])[0]).toMatch(/^ILLUSTRATIVE EXAMPLE/);
      expect(r.purpose).toMatch(/示例/);
    }
    const seen = (await post(api.url, `{ accessRequests(first: 100) { nodes { id status institution { id } } } }`, undefined, OPERATOR)).body.data.accessRequests.nodes as Array<{ id: string; status: string }>;
    const examples = seen.filter((n) => n.id.startsWith('request:ex-'));
    expect(new Set(examples.map((n) => n.status))).toEqual(new Set(['PENDING', 'DECLINED', 'APPROVED']));
    // the approved example stands for a use the dataset records
    const [use] = await api.db.read(`MATCH (:Institution {id: 'inst:ex-beidou-navtech'})-[u:USES]->(:Facility {id: 'facility:ex-daxing-remote-sensing-data-lab'}) RETURN count(u) AS n`);
    expect(use!.n).toBe(1);
    // a member of another institution sees none of them
    const stranger = (await post(api.url, `{ accessRequests(first: 100) { nodes { id } } }`, undefined, STRANGER)).body.data.accessRequests.nodes as Array<{ id: string }>;
    expect(stranger.filter((n) => n.id.startsWith('request:ex-'))).toEqual([]);
  });

  it('validates the input and who asks', async () => {
    const bad = async (extra: Record<string, unknown>, viewer: Viewer = MEMBER) =>
      (await post(api.url, REQUEST, { input: { facility: LAB, purpose: 'x', periodStart: '2026-12-01', periodEnd: '2026-12-05', ...extra } }, viewer)).body.errors[0].extensions;
    expect(await bad({ periodEnd: '2026-11-01' })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.periodEnd' });
    expect(await bad({ periodStart: 'soon' })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.periodStart' });
    expect(await bad({ purpose: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.purpose' });
    expect(await bad({ facility: 'facility:ex-bluewhale-naval-navigation-lab' })).toMatchObject({ code: 'NOT_FOUND', argumentName: 'input.facility' });
    expect(await bad({}, { ...MEMBER, institution: null })).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await post(api.url, REQUEST, { input: { facility: LAB, purpose: 'x', periodStart: '2026-12-01', periodEnd: '2026-12-05' } });
    expect(code(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('lists a requester only their own requests and an operator those for their facilities', async () => {
    const mine = await ask();
    const ids = async (v: Viewer) => ((await post(api.url, LIST, { status: ['PENDING'] }, v)).body.data.accessRequests.nodes as Array<{ id: string }>).map((n) => n.id);
    expect(await ids(MEMBER)).toContain(mine.id);
    expect(await ids(OPERATOR)).toContain(mine.id);
    expect(await ids(STRANGER)).not.toContain(mine.id);
    expect(code(await post(api.url, LIST, {}))).toBe('UNAUTHENTICATED');
  });
});
