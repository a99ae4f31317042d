import { pinyin } from 'pinyin-pro';
import { foldChinese } from '../../text/normalize.js';
import { chineseNumber } from './parse.js';

/**
 * Readable, deterministic ids for proposed nodes: the pinyin of the simplified name, so that the same
 * name in two documents (in either script) gets the same id.
 */

/** `北斗與空間資訊服務産業基地` → `bei-dou-yu-kong-jian-xin-xi-fu-wu-chan-ye-ji-di` (at most 60 characters). */
export function slug(text: string, max = 60): string {
  const syllables = pinyin(foldChinese(text), { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const s = syllables
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-'))
    .join('-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (s.length <= max) return s || 'x';
  return s.slice(0, max).replace(/-[^-]*$/, '');
}

/** `京政發〔2013〕19號` → `jingzhengfa-2013-19` (the form the curated graph uses). */
export function documentSlug(number: string): string {
  const m = number.match(/^(.+?)〔(\d{4})〕(\d+)/);
  if (!m) return slug(number);
  return `${slug(m[1]!).replace(/-/g, '')}-${m[2]}-${m[3]}`;
}

/** `§二(一)2 海淀園` → `2-1-2-hai-dian-yuan`. */
export function clauseSlug(clause: string): string {
  const [path, ...qualifier] = clause.replace(/^§/, '').split(' ');
  const numbers = [...path!.matchAll(/[一二三四五六七八九十]+|\d+/g)].map((m) => String(chineseNumber(m[0])));
  return [...numbers, ...(qualifier.length ? [slug(qualifier.join(' '), 30)] : [])].join('-');
}

/** Hands out ids, never one that is taken by another entity. */
export class IdAllocator {
  private readonly taken: Set<string>;
  constructor(existing: Iterable<string>) {
    this.taken = new Set(existing);
  }

  /** `base`, or `base-2`, `base-3`… when taken. */
  allocate(base: string): string {
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    return id;
  }
}
