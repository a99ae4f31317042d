import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, SECRET_READER, tokenFor, useApi } from '../graphql/harness.js';
import { ARTIFACTS, DESKTOP, downloadBytes, downloadText, drawnIds, expectAccessible, launch, listedIds, nodePoint, openPage, PHONE, poll, settled, shot } from './browser.js';

/**
 * The explorer page in a real headless browser against the real server and database; what it
 * shows is checked against the API's own answers for the same caller.
 */
const api = useApi();
let browser: Browser;
const base = () => api.url.replace(/\/graphql$/, '');
const explorer = () => `${base()}/explorer/`;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.fill('#token', token);
  await page.press('#token', 'Enter');
}

/** The example question's answer, as the API gives it to `viewer`. */
async function signatureIds(viewer?: typeof SECRET_READER): Promise<string[]> {
  const body = (await post(api.url, `{ facilities(filter: { district: "district:daxing", technology: "tech:satellite-applications", access: [OPEN] }, first: 100) { nodes { id } } }`, undefined, viewer)).body;
  return body.data.facilities.nodes.map((n: { id: string }) => n.id);
}

describe('explorer: the cold page', () => {
  it('opens in simplified Chinese with a PUBLIC banner, the anonymous reader named, and an example question; no serious axe violation at 1440×900 or 390×844', async () => {
    for (const [size, viewport] of [['1440', DESKTOP], ['390', PHONE]] as const) {
      const page = await openPage(browser, viewport);
      await page.goto(explorer());
      await poll(() => page.locator('h1').textContent()).toBe('军民融合创新知识图谱');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
      for (const where of ['top', 'bottom']) {
        const banner = page.locator(`.banner-${where}`);
        expect(await banner.getAttribute('data-level')).toBe('PUBLIC');
        await poll(() => banner.textContent()).toContain('匿名读者');
      }
      await page.locator('#example').waitFor();
      // the district and technology menus say they are loading, then list the API's entries
      await poll(() => page.locator('#f-district option').count()).toBeGreaterThan(5);
      expect(await page.locator('#f-kind option[value="KEY_LAB"]').textContent()).toBe('重点实验室');
      await expectAccessible(page, `cold page at ${size}`);
      await shot(page, `cold-${size}`);
      await page.context().close();
    }
  });

  it('is served compressed, and the first view weighs at most 150 KB compressed', async () => {
    const html = await fetch(explorer(), { headers: { 'accept-encoding': 'br, gzip' } });
    expect(html.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await html.text();
    const assets = [...page.matchAll(/(?:src|href)="\/explorer\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    let total = Buffer.byteLength(page);
    for (const asset of assets) {
      for (const encoding of ['br', 'gzip']) {
        const res = await fetch(`${base()}/explorer/${asset}`, { headers: { 'accept-encoding': encoding } });
        expect(res.headers.get('content-encoding')).toBe(encoding);
        expect(res.headers.get('vary')).toBe('accept-encoding');
      }
      const res = await fetch(`${base()}/explorer/${asset}`, { headers: { 'accept-encoding': 'br' } });
      total += Number(res.headers.get('content-length'));
    }
    // the same bytes when the client accepts no compression
    const plain = await fetch(`${base()}/explorer/${assets[0]}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(total).toBeLessThanOrEqual(150 * 1024);
    await writeFile(`${ARTIFACTS}/first-view.json`, JSON.stringify({ assets, brotliBytes: total }));
    console.log(`explorer: first view ${total} bytes (brotli) in ${assets.length + 1} files`);
    expect((await fetch(`${base()}/explorer/../package.json`)).status).toBe(404);
    expect((await fetch(`${base()}/explorer/%2e%2e/package.json`)).status).toBe(404);
  });
});

describe('explorer: results beside the graph', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(browser);
    await page.goto(explorer());
  });
  afterAll(() => page.context().close());

  it('answers the example question in the list and the graph, exactly as the API does', async () => {
    const expected = await signatureIds();
    expect(expected.length).toBeGreaterThan(0);
    await page.click('#example');
    await poll(() => listedIds(page)).toEqual(expected);
    await poll(async () => (await drawnIds(page)).sort()).toEqual([...expected].sort());
    await settled(page);
    await expectAccessible(page, 'results');
    await shot(page, 'results-1440');
  });

  it('links the list and the graph both ways', async () => {
    const [first, second] = await listedIds(page);
    await page.locator(`#results-table tr[data-id="${first}"] button.row-name`).click();
    await poll(() => page.evaluate(() => (window as any).explorerGraph().cy.$(':selected').map((n: any) => n.id()))).toEqual([first]);
    await poll(() => page.locator('#details-body h3').count()).toBe(1);
    const { x, y } = await nodePoint(page, second!);
    await page.mouse.click(x, y);
    await poll(() => page.locator('#results-table tr[aria-selected="true"]').getAttribute('data-id')).toBe(second);
  });

  it('sorts by a column, both ways', async () => {
    const names = () => page.locator('#results-table tbody button.row-name').allTextContents();
    await page.click('button.sort[data-sort="name"]');
    const ascending = await names();
    expect(ascending).toEqual([...ascending].sort(new Intl.Collator('zh-Hans-u-co-pinyin').compare));
    expect(await page.locator('th[aria-sort="ascending"]').count()).toBe(1);
    await page.click('button.sort[data-sort="name"]');
    expect(await names()).toEqual([...ascending].reverse());
  });

  it('exports the list as CSV marked with its classification at top and bottom, its title, date and query', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(download.suggestedFilename()).toMatch(/^explorer-PUBLIC-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await downloadText(download)).replace(/^\ufeff/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('公开 (PUBLIC)');
    expect(lines.at(-1)).toBe('公开 (PUBLIC)');
    expect(lines[1]).toContain('大兴区');
    expect(lines[2]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(lines[3]).toContain('facilities(filter:');
    for (const id of await listedIds(page)) expect(lines.some((l) => l.endsWith(`,${id}`))).toBe(true);
  });

  it('shows "no results", offers the other script when it finds something, and accepts either script', async () => {
    await page.fill('#search', '');
    await page.selectOption('#f-district', '');
    await page.selectOption('#f-technology', '');
    await page.selectOption('#f-access', '');
    // rare characters: English words now match with typos and stems, so the empty case is typed in CJK
    await page.fill('#search', '龘靐齉');
    await page.press('#search', 'Enter');
    await poll(() => page.locator('.results .empty').textContent()).toContain('没有结果');
    // typed in simplified, written in traditional: found directly, or offered as the other spelling
    await page.fill('#search', '海军北京市军民融合创新园');
    await page.press('#search', 'Enter');
    await poll(() => page.locator('#results-table, .results .suggestion').count()).toBeGreaterThan(0);
    if (await page.locator('.results .suggestion').count()) {
      expect(await page.locator('.results .suggestion').first().textContent()).toContain('海軍北京市軍民融合創新園');
      await page.locator('.results .suggestion').first().click();
    }
    await poll(() => listedIds(page)).toContain('park:navy-beijing-cmf-innovation-park');
  });

  it('combines search with the facility filters: the facilities found that pass the filters', async () => {
    await page.fill('#search', '實驗室');
    await page.selectOption('#f-district', 'district:daxing');
    await page.press('#search', 'Enter');
    const hits = (await post(api.url, `{ search(text: "實驗室", labels: [Facility], first: 100) { node { id } } }`)).body.data.search.map((h: { node: { id: string } }) => h.node.id);
    const inDaxing = (await post(api.url, `query($ids: [ID!]) { facilities(filter: { ids: $ids, district: "district:daxing" }, first: 100) { nodes { id } } }`, { ids: hits })).body.data.facilities.nodes.map((n: { id: string }) => n.id);
    expect(inDaxing.length).toBeGreaterThan(0);
    expect(inDaxing.length).toBeLessThan(hits.length);
    await poll(async () => (await listedIds(page)).sort()).toEqual([...inDaxing].sort());
  });
});

describe('explorer: classification and the session', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(browser);
    await page.goto(explorer());
  });
  afterAll(() => page.context().close());

  it('names the signed-in subject and clearance, and raises the banner to the highest level on screen', async () => {
    await signIn(page, await tokenFor(SECRET_READER, '30m'));
    await poll(() => page.locator('.banner-top .viewer-subject').textContent()).toBe('test-secret');
    expect(await page.locator('.banner-top .viewer-clearance').textContent()).toBe('机密');
    expect(await page.locator('.banner-top').getAttribute('data-level')).toBe('PUBLIC');
    await page.fill('#search', '海軍某研究所');
    await page.press('#search', 'Enter');
    await page.locator('#results-table tr[data-id="inst:ex-naval-research-unit"] button').click();
    await poll(() => page.locator('#details-body h3').textContent()).toContain('海军某研究所');
    for (const where of ['top', 'bottom']) await poll(() => page.locator(`.banner-${where}`).getAttribute('data-level')).toBe('SECRET');
    // its relationships: the classified ones are marked in the list and dashed in the graph
    await page.click('#expand');
    await poll(async () => (await drawnIds(page)).length).toBeGreaterThan(2);
    await settled(page);
    const dashed = await page.evaluate(() => (window as any).explorerGraph().cy.edges('[classification = "SECRET"]').map((e: any) => e.style('line-style')));
    expect(dashed.length).toBeGreaterThan(0);
    expect(new Set(dashed)).toEqual(new Set(['dashed']));
    // the original name (traditional) is kept in the details
    expect(await page.locator('#details-body dl').textContent()).toContain('海軍某研究所(示例)');
    await expectAccessible(page, 'secret details');
    await shot(page, 'secret-1440');
  });

  it('exports PNG and JSON marked SECRET with title, date, viewer and query', async () => {
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    expect(json.suggestedFilename()).toMatch(/^explorer-SECRET-/);
    const body = JSON.parse(await downloadText(json));
    expect(body.classification).toBe('SECRET');
    expect(body.classificationEnd).toBe('SECRET');
    expect(body.exportedBy).toBe('test-secret · SECRET');
    expect(body.query).toContain('search(text: "海軍某研究所"');
    expect(new Date(body.generated).getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    expect(body.nodes.map((n: { id: string }) => n.id).sort()).toEqual((await drawnIds(page)).sort());
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const bytes = await downloadBytes(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // the top and bottom rows are the SECRET banner's colour
    const corners = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const px = (y: number) => [...g.getImageData(2, y, 1, 1).data.slice(0, 3)];
      return { top: px(2), bottom: px(img.height - 3) };
    }, bytes.toString('base64'));
    expect(corners).toEqual({ top: [0xb3, 0x00, 0x1b], bottom: [0xb3, 0x00, 0x1b] });
  });

  it('purges every view, selection, cache and export when the token is cleared', async () => {
    await page.fill('#token', '');
    await page.press('#token', 'Enter');
    await poll(() => page.locator('.banner-top .viewer-subject').textContent()).toBe('匿名读者');
    expect(await page.locator('.banner-top').getAttribute('data-level')).toBe('PUBLIC');
    expect(await page.locator('.banner-bottom').getAttribute('data-level')).toBe('PUBLIC');
    await page.locator('#example').waitFor();
    const text = await page.locator('body').textContent();
    expect(text).not.toContain('海军某研究所');
    expect(text).not.toContain('海軍某研究所');
    expect(await page.locator('#results-table').count()).toBe(0);
    expect(await page.locator('#details-body').count()).toBe(0);
    expect(await drawnIds(page)).toEqual([]);
    expect(page.url()).not.toContain('inst%3Aex-naval');
    expect(page.url()).not.toContain('海');
    // an export now carries nothing of the earlier session
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const body = JSON.parse(await downloadText(json));
    expect(body.classification).toBe('PUBLIC');
    expect(body.nodes).toEqual([]);
    // and the same search, anonymous, finds nothing hidden
    await page.fill('#search', '海軍某研究所');
    await page.press('#search', 'Enter');
    await poll(() => page.locator('#results-table, .results .empty').count()).toBe(1);
    expect(await listedIds(page)).not.toContain('inst:ex-naval-research-unit');
  });

  it('drops an answer that arrives after the token changed', async () => {
    await signIn(page, await tokenFor(SECRET_READER, '30m'));
    await poll(() => page.locator('.banner-top .viewer-subject').textContent()).toBe('test-secret');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let intercepted!: () => void;
    const seen = new Promise<void>((resolve) => (intercepted = resolve));
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('海軍某研究所')) {
        intercepted();
        await held; // answered by the server for the SECRET token, delivered only after the token changed
      }
      await route.continue();
    });
    await page.fill('#search', '海軍某研究所');
    await page.press('#search', 'Enter');
    await seen;
    await page.fill('#token', '');
    await page.press('#token', 'Enter');
    await poll(() => page.locator('.banner-top .viewer-subject').textContent()).toBe('匿名读者');
    const answered = page.waitForResponse((res) => res.request().postData()?.includes('海軍某研究所') ?? false);
    release();
    await (await answered).finished();
    // let the page handle the late answer, then look: nothing of it is shown
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
    expect(await page.locator('body').textContent()).not.toContain('海军某研究所');
    expect(await page.locator('.banner-top').getAttribute('data-level')).toBe('PUBLIC');
    expect(await page.locator('#results-table').count()).toBe(0);
    await page.unroute('**/graphql');
  });

  it('refuses a bad token with an error and shows no data at all', async () => {
    await signIn(page, 'not-a-token');
    await poll(() => page.locator('[role="alert"]').first().textContent()).toContain('令牌无效');
    expect(await page.locator('#search').count()).toBe(0);
    await page.fill('#token', '');
    await page.press('#token', 'Enter');
  });
});
