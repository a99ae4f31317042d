import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The clause tree of a Beijing government plan as published (京政發〔2013〕19號 and plans laid out
 * like it), so that every `sources` entry can be checked against the text it cites.
 *
 * Clause ids are the ones the seed uses after the document number:
 * - front matter: `發文字號`, `發佈日期`, `標題`, `主送`, `正文`, `落款`; the plan's preamble `序言`;
 * - headings: `§二` (一、), `§二(一)` ((一)), `§二(一)1` (1.), `§二(一)1(2)` ((2));
 * - named paragraphs inside a clause: `§二(一)2 海淀園` (在海淀園,…), `§二(一)2 其他區縣`,
 *   `§三(一)2 2014年至2015年` (a paragraph opening with a period of time);
 * - the list of responsible units of a clause: `§二(一)1(3) 主責單位`.
 */

/** Clause id → its text (a heading's text includes every clause under it). */
export type ClauseTree = Map<string, string>;

/** The plan's text, kept beside the seed that cites it. */
export const PLAN_TEXT_FILE = fileURLToPath(new URL('../../seed/plan/jingzhengfa-2013-19.txt', import.meta.url));
/** Prefix of every `sources` entry that cites the plan. */
export const PLAN_SOURCE_PREFIX = '京政發〔2013〕19號 ';

const NUMERALS = '一二三四五六七八九十';
const LEVEL1 = new RegExp(`^([${NUMERALS}]+)、`);
const LEVEL2 = new RegExp(`^[(（]([${NUMERALS}]+)[)）]`);
const LEVEL3 = /^(\d+)[.．]/;
const LEVEL4 = /^[(（](\d+)[)）]/;
const FIELD = /^\d+\.\s*\[(.+?)\]/;
const RESPONSIBLE = /[(（]主責單位[:：]([^)）]+)[)）]/;
const PERIOD = /(\d{4}年\d{1,2}月至\d{1,2}月|\d{4}年至\d{4}年)/;

/** Parses the text of a plan into its clause tree. */
export function parseClauses(text: string): ClauseTree {
  const tree: ClauseTree = new Map();
  const add = (id: string, line: string) => tree.set(id, tree.has(id) ? `${tree.get(id)}\n${line}` : line);
  // the heading path: [§一, §一(一), §一(一)1, §一(一)1(1)], cut back when a heading of a level opens
  let path: string[] = [];
  let body = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('政務公開')) continue;
    if (line.startsWith('分享')) break;
    const field = FIELD.exec(line);
    if (field) {
      add(field[1]!, line);
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = LEVEL1.exec(line))) path = [`§${m[1]}`];
    else if ((m = LEVEL2.exec(line)) && path.length >= 1) path = [path[0]!, `${path[0]}(${m[1]})`];
    else if ((m = LEVEL4.exec(line)) && path.length >= 3) path = [...path.slice(0, 3), `${path[2]}(${m[1]})`];
    else if ((m = LEVEL3.exec(line)) && path.length >= 2) path = [...path.slice(0, 2), `${path[1]}${m[1]}`];
    else if (!body) {
      const part = frontMatter(line);
      if (part === '序言') body = true;
      add(part, line);
      continue;
    }
    body = true;
    for (const id of path) add(id, line);
    const leaf = path.at(-1)!;
    let named: string | undefined;
    const park = /^在(\S{1,8}園)[,，]/.exec(line);
    if (park) named = `${leaf} ${park[1]}`;
    else if (line.startsWith('其他區縣')) named = `${leaf} 其他區縣`;
    else if ((m = PERIOD.exec(line)) && line.indexOf(m[1]!) <= line.indexOf('。') + 1) named = `${leaf} ${m[1]}`;
    if (named) add(named, line);
    const responsible = RESPONSIBLE.exec(line);
    if (responsible) add(`${named ?? leaf} 主責單位`, responsible[1]!);
  }
  return tree;
}

/** Which part of the front matter a line before the first heading belongs to. */
function frontMatter(line: string): string {
  if (line.endsWith('的通知') || /行動計劃[(（]\d{4}.\d{4}年[)）]$/.test(line)) return '標題';
  if (/^京政發/.test(line)) return '發文字號';
  if (/[:：]$/.test(line)) return '主送';
  if (line.startsWith('現將')) return '正文';
  if (line === '北京市人民政府' || /^\d{4}年\d{1,2}月\d{1,2}日$/.test(line)) return '落款';
  return '序言';
}

/** The clause ids a `sources` entry cites (`京政發〔2013〕19號 發文字號; 落款` names two), or null for another source. */
export function citedClauses(source: string): string[] | null {
  if (!source.startsWith(PLAN_SOURCE_PREFIX)) return null;
  return source
    .slice(PLAN_SOURCE_PREFIX.length)
    .split(/;\s*/)
    .map((s) => s.trim());
}

/** The plan's clause tree, read once. */
let planTree: ClauseTree | undefined;
export function planClauses(): ClauseTree {
  planTree ??= parseClauses(readFileSync(PLAN_TEXT_FILE, 'utf8'));
  return planTree;
}
