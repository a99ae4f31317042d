import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, SECRET_READER, tokenFor, useApi } from '../graphql/harness.js';

/**
 * The explorer page in a real headless browser (Debian's chromium, driven by playwright-core),
 * against the real server and database; what it shows is checked against the API's own answers.
 * Screenshots go to test-artifacts/explorer/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts/explorer';
const api = useApi();
let browser: Browser;
let page: Page;
const base = () => api.url.replace(/\/graphql$/, '');

beforeAll(async () => {
  if (!existsSync('dist/explorer/index.html')) throw new Error('the explorer is not built: `npm test` runs `npm run build:explorer` first');
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${base()}/explorer/`);
  // a SECRET-cleared reader, typed into the token field as a user would
  await page.fill('#token', await tokenFor(SECRET_READER, '30m'));
  await page.dispatchEvent('#token', 'change');
});
afterAll(async () => {
  await browser?.close();
});

const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
const shownIds = () => page.evaluate(() => (window as any).explorer.graph.cy.nodes().map((n: any) => n.id()) as string[]);
/** Where a graph node is on the screen, for real mouse clicks on the canvas. */
async function nodePoint(id: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator('#graph').boundingBox())!;
  const p = await page.evaluate((nodeId) => (window as any).explorer.graph.cy.getElementById(nodeId).renderedPosition(), id);
  return { x: box.x + p.x, y: box.y + p.y };
}

describe('explorer page', () => {
  it('is served at /explorer/ with a content security policy, and the API is its only source', async () => {
    const res = await fetch(`${base()}/explorer/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${base()}/explorer/../package.json`)).status).toBe(404);
    expect((await fetch(`${base()}/explorer/%2e%2e/package.json`)).status).toBe(404);
    await expect.poll(() => page.locator('h1').textContent()).toBe('軍民融合創新知識圖譜');
  });

  it('searches for 大興 with type-ahead and lists what the API finds', async () => {
    await page.fill('#search', '大興');
    await page.locator('#hits li').first().waitFor();
    const expected = (await post(api.url, `{ search(text: "大興", first: 12) { node { name } } }`, undefined, SECRET_READER)).body.data.search;
    await expect.poll(() => page.locator('#hits li').count()).toBe(expected.length);
    const texts = await page.locator('#hits li').allTextContents();
    expected.forEach((hit: { node: { name: string } }, i: number) => expect(texts[i]).toContain(hit.node.name));
    await shot('1-search');
  });

  it('opens a node: details with properties, provenance and classification', async () => {
    await page.locator('#hits li', { hasText: '大興區' }).filter({ hasNotText: '政府' }).first().click();
    await expect.poll(() => page.locator('#details-body h3').textContent()).toContain('大興區');
    const node = (await post(api.url, `{ node(id: "district:daxing") { id classification sources } }`, undefined, SECRET_READER)).body.data.node;
    const details = await page.locator('#details-body').textContent();
    expect(details).toContain(node.id);
    expect(details).toContain(node.classification);
    for (const source of node.sources) expect(details).toContain(source);
    expect(await shownIds()).toEqual(['district:daxing']);
  });

  it('expands a node on double-click into the neighbours the API returns', async () => {
    const { x, y } = await nodePoint('district:daxing');
    await page.mouse.dblclick(x, y);
    const expected = (await post(api.url, `{ neighborhood(id: "district:daxing", depth: 1, limit: 200) { nodes { id } } }`, undefined, SECRET_READER)).body.data.neighborhood.nodes.map((n: { id: string }) => n.id);
    expect(expected.length).toBeGreaterThan(3);
    await expect.poll(async () => (await shownIds()).sort()).toEqual([...expected].sort());
    await shot('2-expanded');
  });

  it('finds a path between two entities and highlights it', async () => {
    await page.click('.tab[data-mode="path"]');
    await page.fill('#path-from', '大興區');
    await page.locator('#path-from-hits li').first().click();
    await page.fill('#path-to', '北斗');
    await page.locator('#path-to-hits li').first().click();
    await page.click('#find-path');
    await expect.poll(() => page.locator('#status').textContent()).toContain('→');
    const ends = await page.evaluate(() => (window as any).explorer.graph.cy.$('node.path').map((n: any) => n.id()) as string[]);
    const from = (await post(api.url, `{ search(text: "大興區", first: 1) { node { id } } }`, undefined, SECRET_READER)).body.data.search[0].node.id;
    const to = (await post(api.url, `{ search(text: "北斗", first: 1) { node { id } } }`, undefined, SECRET_READER)).body.data.search[0].node.id;
    const path = (await post(api.url, `query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 6) { nodes { id } } }`, { a: from, b: to }, SECRET_READER)).body.data.path[0];
    expect(ends.sort()).toEqual(path.nodes.map((n: { id: string }) => n.id).sort());
    await shot('3-path');
  });

  it('switches the language of the interface and of the names shown', async () => {
    await page.click('#lang');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dual-use innovation graph');
    const english = (await post(api.url, `{ node(id: "district:daxing") { nameEn } }`, undefined, SECRET_READER)).body.data.node.nameEn;
    const label = await page.evaluate(() => (window as any).explorer.graph.cy.getElementById('district:daxing').data('display') as string);
    expect(label).toContain(english);
    await shot('4-english');
    await page.click('#lang');
    await expect.poll(() => page.locator('h1').textContent()).toBe('軍民融合創新知識圖譜');
  });

  it('shows what the token may see and no more: anonymous callers lose the classified nodes', async () => {
    const secretView = await shownIds();
    const hidden = (await post(api.url, `{ neighborhood(id: "district:daxing", depth: 1, limit: 200) { nodes { id } } }`)).body.data.neighborhood.nodes.map((n: { id: string }) => n.id);
    await page.fill('#token', '');
    await page.dispatchEvent('#token', 'change');
    await page.click('.tab[data-mode="explore"]');
    await page.fill('#search', '大興區');
    await page.locator('#hits li', { hasText: '大興區' }).filter({ hasNotText: '政府' }).first().click();
    const { x, y } = await nodePoint('district:daxing');
    await page.mouse.dblclick(x, y);
    await expect.poll(async () => (await shownIds()).sort()).toEqual([...hidden].sort());
    expect(hidden.length).toBeLessThanOrEqual(secretView.length);
    await page.fill('#token', await tokenFor(SECRET_READER, '30m'));
    await page.dispatchEvent('#token', 'change');
  });

  it('shows the shared-facility network and the coverage heat map from the API', async () => {
    await page.click('.tab[data-mode="network"]');
    await page.click('#show-network');
    const net = (await post(api.url, `{ sharedFacilityNetwork { institutions { id } links { weight } } }`, undefined, SECRET_READER)).body.data.sharedFacilityNetwork;
    await expect.poll(async () => (await shownIds()).sort()).toEqual(net.institutions.map((n: { id: string }) => n.id).sort());
    await shot('5-network');
    await page.click('.tab[data-mode="coverage"]');
    await page.selectOption('#c-district', 'district:daxing');
    await page.click('#show-coverage');
    const cells = (await post(api.url, `{ facilityCoverage(districts: ["district:daxing"]) { openFacilities facilities } }`, undefined, SECRET_READER)).body.data.facilityCoverage;
    await expect.poll(() => page.locator('#coverage-view td').count()).toBe(cells.length);
    await shot('6-coverage');
  });

  it('exports the current view as PNG and JSON', async () => {
    await page.click('.tab[data-mode="explore"]');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    expect(png.suggestedFilename()).toBe('explorer.png');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const body = JSON.parse(await (await json.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
    expect(body.nodes.map((n: { id: string }) => n.id).sort()).toEqual((await shownIds()).sort());
  });

  it('renders a 2,000-node neighbourhood and stays responsive (time reported, not asserted)', async () => {
    const ms = await page.evaluate(async () => {
      const nodes = Array.from({ length: 2000 }, (_, i) => ({ id: `x:${i}`, name: `節點${i}`, nameEn: `node ${i}`, classification: i % 10 ? 'PUBLIC' : 'SECRET', __typename: ['Facility', 'Institution', 'Technology', 'Park'][i % 4] }));
      // a hub, its 40 spokes, and their neighbours: the shape of a depth-2 neighbourhood
      const relationships = nodes.slice(1).map((n, i) => ({ id: `r:${i}`, type: 'USES', from: i < 40 ? 'x:0' : `x:${1 + (i % 40)}`, to: n.id, classification: 'PUBLIC' }));
      const explorer = (window as any).explorer;
      explorer.graph.clear();
      const started = performance.now();
      await explorer.show({ nodes, relationships });
      return performance.now() - started;
    });
    // still responsive: switching the language relabels all 2,000 nodes and the page follows at once
    const clickStarted = Date.now();
    await page.click('#lang');
    await expect.poll(() => page.evaluate(() => (window as any).explorer.graph.cy.getElementById('x:1').data('display') as string)).toBe('node 1');
    const clickMs = Date.now() - clickStarted;
    await page.click('#lang');
    await shot('7-2000-nodes');
    await writeFile(`${ARTIFACTS}/render-2000.json`, JSON.stringify({ nodes: 2000, relationships: 1999, renderMs: Math.round(ms), languageSwitchMs: clickMs }));
    console.log(`explorer: 2,000-node neighbourhood rendered in ${Math.round(ms)} ms; switching the language took ${clickMs} ms`);
    expect(await page.evaluate(() => (window as any).explorer.graph.cy.nodes().length)).toBe(2000);
  });
});
