import { afterAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/data/viewer.js';
import { post, useApi } from './harness.js';

const api = useApi();
// requests and the uses their approval recorded are this file's own: remove them (the database is shared)
afterAll(() =>
  api.db.write(`MATCH ()-[r:REQUESTED|USES]->() WHERE r:REQUESTED OR any(s IN r.sources WHERE s STARTS WITH 'APPROVED ACCESS REQUEST') DELETE r`),
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
