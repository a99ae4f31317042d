import { afterAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/data/viewer.js';
import { deleteByPrefix } from '../helpers.js';
import { post, useApi } from './harness.js';

/**
 * Resource sharing end to end, through the API (issue 20's acceptance): a planner publishes a
 * classified need for satellite-navigation testing in Daxing requiring 軍工保密資格認證; matchNeed
 * ranks the candidates with evidence; an institution requests the best facility for the need; its
 * operator approves; the shared-facility network shows the new link; a caller of lower clearance
 * sees neither the need nor its matches (nor the request or the use it recorded).
 */
const api = useApi();
const NEED = 'need:accept-daxing-gnss-testing';
const LAB = 'facility:ex-daxing-gnss-test-lab';
const REQUESTER_INSTITUTION = 'inst:ex-cmf-tech-transfer-agency';

const PLANNER: Viewer = { subject: 'accept-planner', clearance: 'CONFIDENTIAL', roles: ['reader', 'editor'] };
const MEMBER: Viewer = { subject: 'accept-member', clearance: 'CONFIDENTIAL', roles: ['reader'], institution: REQUESTER_INSTITUTION };
const OPERATOR: Viewer = { subject: 'accept-operator', clearance: 'CONFIDENTIAL', roles: ['reader', 'editor'], institution: 'inst:ex-daxing-aerospace-institute' };
/** Lower clearance, same institution and roles as those above: only the clearance differs. */
const LOWER: Viewer = { subject: 'accept-lower', clearance: 'INTERNAL', roles: ['reader', 'editor'], institution: 'inst:ex-daxing-aerospace-institute' };

afterAll(async () => {
  await api.db.write(
    `MATCH ()-[q:REQUESTED]->() WHERE q.requestedBy STARTS WITH 'accept-'
     WITH collect(q) AS qs, collect('APPROVED ACCESS REQUEST ' + q.requestId) AS tags
     OPTIONAL MATCH ()-[u:USES]->() WHERE any(s IN u.sources WHERE s IN tags)
     WITH qs, collect(u) AS us
     FOREACH (x IN qs + us | DELETE x)`,
  );
  await deleteByPrefix(api.db, 'need:accept-');
});

const PUBLISH = `mutation P($input: NeedInput!) { publishNeed(input: $input) { need { id name classification status kind certificationsMandatory
  technologies { nodes { id } } certifications { nodes { id name } } preferredLocations { nodes { id } } issuer { id } } } }`;
const MATCH = `query M($id: ID!) { matchNeed(id: $id, first: 20) { candidate { __typename id } score eligible missingCertifications { id }
  evidence { kind points detail path { id } } } }`;
const NETWORK = `{ sharedFacilityNetwork(district: "district:daxing") { links { source { id } target { id } facilities { id } } } }`;

interface Match {
  candidate: { __typename: string; id: string };
  score: number;
  eligible: boolean;
  evidence: Array<{ kind: string; points: number; detail: string; path: Array<{ id: string }> }>;
}

const linked = async (viewer: Viewer) =>
  ((await post(api.url, NETWORK, undefined, viewer)).body.data.sharedFacilityNetwork.links as Array<{ source: { id: string }; target: { id: string }; facilities: Array<{ id: string }> }>).some(
    (l) => [l.source.id, l.target.id].includes(REQUESTER_INSTITUTION) && l.facilities.some((f) => f.id === LAB),
  );

describe('resource sharing, end to end through the API', () => {
  it('publish → match with evidence → request → approve → new link, and nothing of it for a lower clearance', async () => {
    // 1. the planner publishes a CONFIDENTIAL need
    const published = await post(
      api.url,
      PUBLISH,
      {
        input: {
          id: NEED,
          name: '大興區衛星導航測試驗證需求(驗收測試)',
          nameEn: 'Satellite-navigation testing in Daxing (acceptance test)',
          classification: 'CONFIDENTIAL',
          sources: ['TEST FIXTURE: sharing acceptance'],
          kind: 'TESTING',
          description: '衛星導航終端測試驗證,優先在大興區,承擔單位須具備軍工保密資格認證。',
          deadline: '2015-12-31',
          technologies: ['tech:satellite-navigation'],
          certifications: ['cert:military-secrecy-qualification'],
          preferredLocations: ['district:daxing'],
          issuer: 'agency:ex-daxing-sci-tech-bureau',
        },
      },
      PLANNER,
    );
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishNeed.need).toMatchObject({
      id: NEED,
      classification: 'CONFIDENTIAL',
      status: 'OPEN',
      kind: 'TESTING',
      certificationsMandatory: false,
      technologies: { nodes: [{ id: 'tech:satellite-navigation' }] },
      certifications: { nodes: [{ id: 'cert:military-secrecy-qualification', name: '軍工保密資格認證' }] },
      preferredLocations: { nodes: [{ id: 'district:daxing' }] },
      issuer: { id: 'agency:ex-daxing-sci-tech-bureau' },
    });

    // 2. matchNeed ranks the candidates, every point explained
    const res = await post(api.url, MATCH, { id: NEED }, PLANNER);
    expect(res.body.errors).toBeUndefined();
    const ranked = res.body.data.matchNeed as Match[];
    expect(ranked.length).toBeGreaterThan(1);
    for (const m of ranked) expect(m.score).toBe(m.evidence.reduce((n, e) => n + e.points, 0));
    for (let i = 1; i < ranked.length; i++) {
      const [a, b] = [ranked[i - 1]!, ranked[i]!];
      expect(a.score > b.score || (a.score === b.score && a.candidate.id < b.candidate.id)).toBe(true);
    }
    const top = ranked[0]!;
    expect(top.candidate).toEqual({ __typename: 'Facility', id: LAB });
    const kinds = Object.fromEntries(top.evidence.map((e) => [e.kind, e]));
    expect(kinds.TECHNOLOGY_EXACT!.path.map((n) => n.id)).toEqual([LAB, 'tech:satellite-navigation']);
    expect(kinds.CERTIFICATION_HELD!.path.map((n) => n.id)).toEqual([LAB, 'inst:ex-daxing-aerospace-institute', 'cert:military-secrecy-qualification']);
    expect(kinds.LOCATION_DISTRICT!.path.at(-1)!.id).toBe('district:daxing');
    expect(kinds.ACCESS).toMatchObject({ points: 10, detail: `${LAB} is OPEN` });
    expect(top.evidence.filter((e) => e.kind === 'PRIOR_USE').length).toBeGreaterThan(0);
    // a candidate without the certification is shown as such (the need does not make it mandatory)
    const lacking = ranked.find((m) => m.evidence.some((e) => e.kind === 'CERTIFICATION_MISSING'));
    expect(lacking?.eligible).toBe(true);
    // the published need and the illustrative one ask the same: same candidates, same order
    const illustrative = (await post(api.url, MATCH, { id: 'need:ex-daxing-gnss-testing' }, PLANNER)).body.data.matchNeed as Match[];
    expect(ranked.map((m) => [m.candidate.id, m.score])).toEqual(illustrative.map((m) => [m.candidate.id, m.score]));

    // 3. a member of another institution asks to use the best facility for the need
    const before = await linked(OPERATOR);
    expect(before).toBe(false);
    const asked = await post(
      api.url,
      `mutation R($input: AccessRequestInput!) { requestFacilityAccess(input: $input) { id status need { id } facility { id } institution { id } } }`,
      { input: { facility: top.candidate.id, purpose: '導航終端保密測試(驗收測試)', periodStart: '2015-09-01', periodEnd: '2015-09-30', need: NEED } },
      MEMBER,
    );
    expect(asked.body.errors).toBeUndefined();
    const request = asked.body.data.requestFacilityAccess;
    expect(request).toMatchObject({ status: 'PENDING', need: { id: NEED }, facility: { id: LAB }, institution: { id: REQUESTER_INSTITUTION } });

    // 4. the operator finds it in their inbox and approves it
    const inbox = (await post(api.url, `{ accessRequests(status: [PENDING], first: 100) { nodes { id need { id } } } }`, undefined, OPERATOR)).body.data.accessRequests.nodes;
    expect(inbox).toContainEqual({ id: request.id, need: { id: NEED } });
    const approved = await post(api.url, `mutation A($id: ID!) { approveAccessRequest(id: $id) { status decidedBy } }`, { id: request.id }, OPERATOR);
    expect(approved.body.data.approveAccessRequest).toEqual({ status: 'APPROVED', decidedBy: 'accept-operator' });

    // 5. the shared-facility network shows the new link
    expect(await linked(OPERATOR)).toBe(true);
    expect(await linked(PLANNER)).toBe(true);

    // 6. a caller of lower clearance sees neither the need nor its matches, nor the request or its use
    const node = await post(api.url, `query N($id: ID!) { node(id: $id) { id } }`, { id: NEED }, LOWER);
    expect(node.body.data.node).toBeNull();
    const needs = (await post(api.url, `{ needs(first: 100) { nodes { id } totalCount } }`, undefined, LOWER)).body.data.needs;
    expect(needs.nodes.map((n: { id: string }) => n.id)).not.toContain(NEED);
    const hits = (await post(api.url, `{ search(text: "驗收測試", first: 50) { node { id } } }`, undefined, LOWER)).body.data.search;
    expect(hits.map((h: { node: { id: string } }) => h.node.id)).not.toContain(NEED);
    expect((await post(api.url, `{ search(text: "驗收測試", first: 50) { node { id } } }`, undefined, PLANNER)).body.data.search.map((h: { node: { id: string } }) => h.node.id)).toContain(NEED);
    const hidden = await post(api.url, MATCH, { id: NEED }, LOWER);
    const missing = await post(api.url, MATCH, { id: 'need:accept-no-such-need' }, LOWER);
    expect(hidden.body.data).toBeNull();
    expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(hidden.body.errors[0].message.replace(NEED, 'X')).toBe(missing.body.errors[0].message.replace('need:accept-no-such-need', 'X'));
    const lowerInbox = (await post(api.url, `{ accessRequests(first: 100) { nodes { id } } }`, undefined, LOWER)).body.data.accessRequests.nodes;
    expect(lowerInbox.map((n: { id: string }) => n.id)).not.toContain(request.id);
    expect(await linked(LOWER)).toBe(false);
  });

  it('refuses to publish without the editor role, with a hidden or wrong-kind link, or above the clearance, and writes nothing', async () => {
    const input = { name: '拒絕的需求', nameEn: 'Refused need', sources: ['TEST FIXTURE: sharing acceptance'], technologies: ['tech:satellite-navigation'] };
    const err = async (viewer: Viewer | undefined, extra: Record<string, unknown>) => (await post(api.url, PUBLISH, { input: { ...input, ...extra } }, viewer)).body.errors[0].extensions;
    expect(await err({ ...PLANNER, roles: ['reader'] }, {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(undefined, {})).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await err(PLANNER, { technologies: [] })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.technologies' });
    expect(await err(PLANNER, { technologies: ['tech:satellite-navigation', 'district:daxing'] })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.technologies.1' });
    expect(await err(PLANNER, { preferredLocations: ['tech:beidou'] })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.preferredLocations.0' });
    // a SECRET issuer is NOT_FOUND to a CONFIDENTIAL planner, exactly like a missing one
    const hidden = await post(api.url, PUBLISH, { input: { ...input, issuer: 'inst:ex-naval-research-unit' } }, PLANNER);
    const missing = await post(api.url, PUBLISH, { input: { ...input, issuer: 'inst:no-such-unit' } }, PLANNER);
    expect(hidden.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', argumentName: 'input.issuer' });
    expect(hidden.body.errors[0].message.replace('inst:ex-naval-research-unit', 'X')).toBe(missing.body.errors[0].message.replace('inst:no-such-unit', 'X'));
    expect(await err(PLANNER, { classification: 'SECRET' })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.classification' });
    const [left] = await api.db.read(`MATCH (n:Need) WHERE n.name = '拒絕的需求' RETURN count(n) AS n`);
    expect(left!.n).toBe(0);
  });

  it('lets an editor close a published need', async () => {
    const id = 'need:accept-to-close';
    const made = await post(api.url, PUBLISH, { input: { id, name: '待關閉需求', sources: ['TEST FIXTURE: sharing acceptance'], technologies: ['tech:beidou'] } }, PLANNER);
    expect(made.body.errors).toBeUndefined();
    const closed = await post(api.url, `mutation U($id: ID!) { updateNeed(id: $id, patch: { status: CLOSED }) { need { id status technologies { nodes { id } } } } }`, { id }, PLANNER);
    expect(closed.body.data.updateNeed.need).toEqual({ id, status: 'CLOSED', technologies: { nodes: [{ id: 'tech:beidou' }] } });
    const open = (await post(api.url, `{ needs(filter: { status: [OPEN] }, first: 100) { nodes { id } } }`, undefined, PLANNER)).body.data.needs.nodes;
    expect(open.map((n: { id: string }) => n.id)).not.toContain(id);
  });
});
