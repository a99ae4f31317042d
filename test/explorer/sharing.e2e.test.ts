import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/data/viewer.js';
import { snapshot } from '../helpers.js';
import { post, tokenFor, useApi } from '../graphql/harness.js';
import { drawnIds, expectAccessible, launch, listedIds, openPage, PHONE, poll, shot } from './browser.js';

/**
 * Resource sharing in a real browser (issue 20's acceptance, in Chromium): a planner publishes a
 * classified need for satellite-navigation testing in Daxing requiring 軍工保密資格認證 and matches
 * it (candidates with their evidence, listed and drawn); a member of an institution asks to use the
 * best facility for it; the operator approves in the inbox; the shared-facility network shows the new
 * link; a caller of lower clearance opening the planner's link sees neither the need nor its matches.
 * Then what-if editing of the coverage view, and the phone layout.
 */
const api = useApi();
let browser: Browser;
const explorer = () => `${api.url.replace(/\/graphql$/, '')}/explorer/`;

const LAB = 'facility:ex-daxing-gnss-test-lab';
const REQUESTER = 'inst:ex-satellite-application-alliance';
const TITLE = '大兴区卫星导航测试验证需求（浏览器验收）';
const PURPOSE = '北斗终端保密测试（浏览器验收）';
const PLANNER: Viewer = { subject: 'e2e-planner', clearance: 'CONFIDENTIAL', roles: ['reader', 'editor'] };
const MEMBER: Viewer = { subject: 'e2e-member', clearance: 'CONFIDENTIAL', roles: ['reader'], institution: REQUESTER };
const OPERATOR: Viewer = { subject: 'e2e-operator', clearance: 'CONFIDENTIAL', roles: ['reader', 'editor'], institution: 'inst:ex-daxing-aerospace-institute' };
const LOWER: Viewer = { subject: 'e2e-lower', clearance: 'INTERNAL', roles: ['reader', 'editor'], institution: 'inst:ex-daxing-aerospace-institute' };

async function signedIn(viewer: Viewer, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openPage(browser, viewport);
  await page.goto(explorer());
  await page.fill('#token', await tokenFor(viewer, '30m'));
  await page.press('#token', 'Enter');
  await page.locator('.banner-top .viewer-subject', { hasText: viewer.subject! }).waitFor();
  // the new session's workspace has written its view to the URL (sign-in leaves only the language)
  await page.waitForFunction(() => location.hash.includes('mode='));
  return page;
}

const NETWORK = `{ sharedFacilityNetwork(district: "district:daxing") { links { source { id } target { id } facilities { id } } } }`;
const requesterLinked = async (viewer: Viewer) =>
  ((await post(api.url, NETWORK, undefined, viewer)).body.data.sharedFacilityNetwork.links as Array<{ source: { id: string }; target: { id: string }; facilities: Array<{ id: string }> }>).some(
    (l) => [l.source.id, l.target.id].includes(REQUESTER) && l.facilities.some((f) => f.id === LAB),
  );

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await api.db.write(
    `MATCH ()-[q:REQUESTED]->() WHERE q.requestedBy STARTS WITH 'e2e-'
     WITH collect(q) AS qs, collect('APPROVED ACCESS REQUEST ' + q.requestId) AS tags
     OPTIONAL MATCH ()-[u:USES]->() WHERE any(s IN u.sources WHERE s IN tags)
     WITH qs, collect(u) AS us
     FOREACH (x IN qs + us | DELETE x)`,
  );
  await api.db.write(`MATCH (n:Need) WHERE n.name CONTAINS '浏览器验收' DETACH DELETE n`);
});

describe('resource sharing in the explorer', () => {
  let needId = '';
  let needLink = '';

  it('a planner publishes a classified need and matches it: candidates ranked with evidence, listed and drawn', async () => {
    const page = await signedIn(PLANNER);
    await page.click('#tab-needs');
    await page.locator('#results-table').waitFor(); // the open needs are listed on arrival
    await page.click('#publish summary');
    await page.locator('#pub-technology option[value="tech:satellite-navigation"]').waitFor({ state: 'attached' });
    await page.fill('#pub-name', TITLE);
    await page.selectOption('#pub-kind', 'TESTING');
    await page.selectOption('#pub-technology', 'tech:satellite-navigation');
    await page.locator('#publish input[value="cert:military-secrecy-qualification"]').check();
    await page.selectOption('#pub-district', 'district:daxing');
    await page.selectOption('#pub-classification', 'CONFIDENTIAL');
    await page.click('#pub-submit');
    await poll(() => page.locator('.publish-state').textContent()).toContain('需求已发布');
    needId = (await listedIds(page))[0] ?? '';
    expect(needId).toMatch(/^need:/);
    const stored = (await post(api.url, `query($id: ID!) { node(id: $id) { ... on Need { name classification certifications { nodes { id } } preferredLocations { nodes { id } } } } }`, { id: needId }, PLANNER)).body.data.node;
    expect(stored).toEqual({ name: TITLE, classification: 'CONFIDENTIAL', certifications: { nodes: [{ id: 'cert:military-secrecy-qualification' }] }, preferredLocations: { nodes: [{ id: 'district:daxing' }] } });
    await poll(() => page.locator('.banner-top').getAttribute('data-level')).toBe('CONFIDENTIAL');

    await page.click('#match-run');
    await page.locator('#match-list li.match').first().waitFor();
    const expected = (await post(api.url, `query($id: ID!) { matchNeed(id: $id, first: 20) { candidate { id } score evidence { kind path { id } } } }`, { id: needId }, PLANNER)).body.data.matchNeed as Array<{
      candidate: { id: string };
      score: number;
      evidence: Array<{ kind: string; path: Array<{ id: string }> }>;
    }>;
    expect(expected[0]!.candidate.id).toBe(LAB);
    // the list: the API's ranking, each with its score and every piece of evidence
    expect(await page.locator('#match-list > li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id))).toEqual(expected.map((m) => m.candidate.id));
    const top = page.locator(`#match-list > li[data-id="${LAB}"]`);
    expect(await top.locator('.match-score').textContent()).toContain(String(expected[0]!.score));
    expect(await top.locator('.evidence li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.kind))).toEqual(expected[0]!.evidence.map((e) => e.kind));
    expect(await top.locator('.evidence li[data-kind="CERTIFICATION_HELD"]').textContent()).toContain('军工保密资格认证');
    // the graph: the need, every candidate and every node along every evidence path
    const want = new Set([needId, ...expected.flatMap((m) => [m.candidate.id, ...m.evidence.flatMap((e) => e.path.map((n) => n.id))])]);
    await poll(async () => new Set(await drawnIds(page))).toEqual(want);
    const edges = await page.evaluate(() => (window as any).explorerGraph().cy.edges().map((e: any) => e.id()) as string[]);
    expect(edges).toContain(`${needId}|MATCHES|${LAB}`);
    expect(edges).toContain(`${LAB}|EVIDENCE|inst:ex-daxing-aerospace-institute`);
    expect(edges).toContain('inst:ex-daxing-aerospace-institute|EVIDENCE|cert:military-secrecy-qualification');
    // the results list holds the candidates, in rank order
    expect(await listedIds(page)).toEqual(expected.map((m) => m.candidate.id));
    expect(await page.locator('.banner-top').getAttribute('data-level')).toBe('CONFIDENTIAL');
    await expectAccessible(page, 'needs with matches');
    await shot(page, 'needs-match-1440');
    // the view as a link (the need selected), for the lower-clearance test below
    needLink = page.url();
    expect(needLink).toContain('mode=needs');
    expect(needLink).toContain(`sel=${encodeURIComponent(needId)}`);
    // the link reopens the need, ready to match, for someone cleared to see it
    const again = await signedIn(PLANNER);
    await again.goto(needLink);
    await again.reload();
    await poll(() => again.locator('#match-need').textContent()).toBe(TITLE);
    expect(await again.locator('#match-run').isDisabled()).toBe(false);
    await again.context().close();
    await page.context().close();
  });

  it('a member asks to use the best facility for the need; the operator approves in the inbox; the network shows the new link', { timeout: 180_000 }, async () => {
    expect(needId).not.toBe('');
    expect(await requesterLinked(OPERATOR)).toBe(false);
    const member = await signedIn(MEMBER);
    await member.click('#tab-needs');
    await member.selectOption('#need-status', '');
    await member.click('#needs-list');
    await member.locator(`#results-table tr[data-id="${needId}"] button.row-name`).click();
    await poll(() => member.locator('#match-need').textContent()).toBe(TITLE);
    await member.click('#match-run');
    await member.locator(`#match-list > li[data-id="${LAB}"] .request-use`).click();
    await member.fill('#req-0-purpose', PURPOSE);
    await member.fill('#req-0-start', '2015-09-01');
    await member.fill('#req-0-end', '2015-09-30');
    await member.click('#req-0-send');
    await poll(() => member.locator('.request-state').textContent()).toContain('待处理');
    // the requester sees it among their own requests, pending, with only the withdraw move
    await member.click('#tab-requests');
    const mine = member.locator('#my-requests tr', { hasText: PURPOSE });
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('PENDING');
    expect(await mine.locator('button.withdraw').count()).toBe(1);
    expect(await mine.locator('button.approve').count()).toBe(0);
    expect(await requesterLinked(OPERATOR)).toBe(false); // a request is not use

    const operator = await signedIn(OPERATOR);
    await operator.click('#tab-requests');
    const row = operator.locator('#inbox tr', { hasText: PURPOSE });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('PENDING');
    expect(await row.textContent()).toContain(TITLE);
    // the illustrative requests are there too, in their states
    expect(await operator.locator('#inbox tr[data-status="DECLINED"]').count()).toBeGreaterThan(0);
    await expectAccessible(operator, 'request inbox');
    await shot(operator, 'requests-inbox-1440');
    await row.locator('button.approve').click();
    await poll(() => row.getAttribute('data-status')).toBe('APPROVED');
    expect(await row.locator('button').count()).toBe(2); // the facility and institution names; no moves left
    expect(await requesterLinked(OPERATOR)).toBe(true);

    // the shared-facility network shows the new link
    await operator.click('#tab-network');
    await operator.locator('#f-district option[value="district:daxing"]').waitFor({ state: 'attached' });
    await operator.selectOption('#f-district', 'district:daxing');
    await operator.click('#run');
    await poll(() => drawnIds(operator)).toContain(REQUESTER);
    const links = await operator.evaluate(() => (window as any).explorerGraph().cy.edges().map((e: any) => e.id()) as string[]);
    expect(links.some((id) => id.split('|SHARES|').includes(REQUESTER))).toBe(true);
    await shot(operator, 'network-after-approval-1440');

    // and the requester sees the outcome
    await member.click('#requests-refresh');
    await poll(() => member.locator('#my-requests tr', { hasText: PURPOSE }).getAttribute('data-status')).toBe('APPROVED');
    await member.context().close();
    await operator.context().close();
  });

  it('a caller of lower clearance opening the same link sees neither the need nor its matches', async () => {
    expect(needLink).not.toBe('');
    const lower = await signedIn(LOWER);
    // pasted into the open tab (only the hash changes), then loaded afresh: the same view either way
    await lower.goto(needLink);
    await lower.locator('#results-table').waitFor();
    expect(await listedIds(lower)).not.toContain(needId);
    await lower.reload();
    await lower.locator('#results-table').waitFor();
    expect(await listedIds(lower)).not.toContain(needId);
    // the details say only that there is nothing to show (the same as for an id that never existed)
    await poll(() => lower.locator('#details').textContent()).toMatch(/找不到这个节点|NOT_FOUND/);
    expect(await lower.locator('#details').textContent()).not.toContain(TITLE);
    expect(await lower.locator('#match-run').isDisabled()).toBe(true);
    expect(await drawnIds(lower)).not.toContain(needId);
    await lower.selectOption('#need-status', '');
    await lower.fill('#need-text', '浏览器验收');
    await lower.click('#needs-list');
    await lower.locator('.results-state .empty').waitFor();
    expect(await listedIds(lower)).toEqual([]);
    // nor the request, nor the use its approval recorded
    await lower.click('#tab-requests');
    await lower.locator('#inbox, #inbox-title').first().waitFor();
    expect(await lower.locator('#requests-view tr', { hasText: PURPOSE }).count()).toBe(0);
    expect(await requesterLinked(LOWER)).toBe(false);
    expect(await lower.locator('.banner-top').getAttribute('data-level')).not.toBe('CONFIDENTIAL');
    await lower.context().close();
  });

  it('edits a what-if on the coverage view: before → after, gaps closed and opened, nothing saved', async () => {
    const page = await signedIn(PLANNER);
    const graph = await snapshot(api.db);
    await page.click('#tab-coverage');
    await page.locator('#f-technology option[value="tech:satellite-applications"]').waitFor({ state: 'attached' });
    await page.selectOption('#f-district', 'district:daxing');
    await page.selectOption('#f-technology', 'tech:satellite-applications');
    await page.click('#run');
    await page.locator('#coverage-table .cell').first().waitFor();
    const cells = (await post(api.url, `{ facilityCoverage(districts: ["district:daxing"], technology: "tech:satellite-applications") { technology { id } openFacilities } }`, undefined, PLANNER)).body.data.facilityCoverage as Array<{
      technology: { id: string };
      openFacilities: number;
    }>;
    const gap = cells.find((c) => c.openFacilities === 0)!;
    expect(gap, 'a satellite area without an open facility in Daxing').toBeDefined();
    // add a facility for the gap; remove the GNSS lab (picked by name)
    await page.fill('#wi-name', '假设卫星实验室');
    await page.selectOption('#wi-district', 'district:daxing');
    await page.selectOption('#wi-technology', gap.technology.id);
    await page.click('#wi-add');
    await page.fill('#wi-remove', '大兴卫星导航测试实验室');
    await page.locator('#wi-remove-hits li').first().waitFor();
    await page.locator('#wi-remove-hits li', { hasText: '大兴卫星导航测试实验室' }).first().click();
    await page.click('#wi-remove-add');
    expect(await page.locator('#wi-changes li').count()).toBe(2);
    await page.click('#wi-run');
    await page.locator('#whatif-summary').waitFor();
    const scenario = { addFacilities: [{ name: '假设卫星实验室', district: 'district:daxing', technologies: [gap.technology.id], access: 'OPEN' }], removeFacilities: [LAB], openFacilities: [] };
    const w = (
      await post(
        api.url,
        `query($s: CoverageScenario!) { facilityCoverageWhatIf(districts: ["district:daxing"], technology: "tech:satellite-applications", scenario: $s) { closed { technology { id } } opened { technology { id } } } }`,
        { s: scenario },
        PLANNER,
      )
    ).body.data.facilityCoverageWhatIf as { closed: Array<{ technology: { id: string } }>; opened: Array<{ technology: { id: string } }> };
    expect(w.closed.map((c) => c.technology.id)).toContain(gap.technology.id);
    expect(w.opened.length).toBeGreaterThan(0); // the GNSS lab was the only open facility of its areas
    const marked = (cls: string) => page.locator(`#coverage-table td.${cls} .cell-button`).evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.technology).sort());
    expect(await marked('whatif-closed')).toEqual(w.closed.map((c) => c.technology.id).sort());
    expect(await marked('whatif-opened')).toEqual(w.opened.map((c) => c.technology.id).sort());
    expect(await page.locator(`#coverage-table .cell-button[data-technology="${gap.technology.id}"]`).textContent()).toMatch(/0 \/ \d+ → 1 \/ \d+/);
    expect(await page.locator('#wi-closed').textContent()).not.toBe('无');
    expect(await page.locator('.banner-top').getAttribute('data-level')).toBe('CONFIDENTIAL'); // aggregates at the clearance
    await expectAccessible(page, 'coverage what-if');
    await shot(page, 'coverage-whatif-1440');
    expect(await snapshot(api.db)).toBe(graph);
    await page.context().close();
  });

  it('fits a phone: needs with matches and the inbox, without sideways scroll or serious axe violations', async () => {
    const phone = await signedIn(OPERATOR, PHONE);
    await phone.click('#tab-needs');
    await phone.locator('#results-table tr[data-id="need:ex-daxing-gnss-testing"] button.row-name').click();
    await phone.click('#match-run');
    await phone.locator('#match-list li.match').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(phone, 'needs on a phone');
    await shot(phone, 'needs-match-390');
    await phone.click('#tab-requests');
    await phone.locator('#inbox').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(phone, 'inbox on a phone');
    await shot(phone, 'requests-inbox-390');
    await phone.context().close();
  });
});
