import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The explorer's test browser: Debian's chromium driven by playwright-core, axe-core injected for
 * accessibility checks, screenshots into test-artifacts/explorer/.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = 'test-artifacts/explorer';
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

export async function launch(): Promise<Browser> {
  if (!existsSync('dist/explorer/index.html')) throw new Error('the explorer is not built: `npm test` runs `npm run build:explorer` first');
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A fresh page (own storage, so no session leaks between tests); the CSP is bypassed only so that axe can be injected. */
export async function openPage(browser: Browser, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png` });

/** Runs axe-core on the page as it is and fails on any serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
  const bad = violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe on ${what}`).toEqual([]);
}

/** Ids of the nodes drawn in the graph. */
export const drawnIds = (page: Page) => page.evaluate(() => ((window as any).explorerGraph?.()?.cy.nodes().map((n: any) => n.id()) ?? []) as string[]);

/** Ids of the rows of the results list, in order. */
export const listedIds = (page: Page) => page.locator('#results-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id!));

/** Where a graph node is on the page, for real mouse clicks on the canvas. */
export async function nodePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator('#graph').boundingBox())!;
  const p = await page.evaluate((nodeId) => (window as any).explorerGraph().cy.getElementById(nodeId).renderedPosition(), id);
  return { x: box.x + p.x, y: box.y + p.y };
}

/** Waits until the graph engine has laid out what it was given. */
export const settled = (page: Page) => page.evaluate(() => (window as any).explorerGraph?.()?.settled());

/** Reads a finished download as text. */
export async function downloadText(download: { createReadStream(): Promise<NodeJS.ReadableStream> }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await download.createReadStream()) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function downloadBytes(download: { createReadStream(): Promise<NodeJS.ReadableStream> }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await download.createReadStream()) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** expect.poll with room for a loaded machine (the default gives up after one second). */
export const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 100 });
