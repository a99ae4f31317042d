import { pinyin } from 'pinyin-pro';

/**
 * Pinyin for search and sorting (pinyin-pro: maintained, dictionary-based, picks the reading of
 * polyphonic characters from context, e.g. 重庆 → chong qing). Input is folded (simplified) text.
 */

const HAN = /\p{Script=Han}/u;

/** Runs up to this long keep their syllables for their next use (see `toned`). */
const KEPT_RUN_LENGTH = 32;
const KEPT_RUNS = 256;
const kept = new Map<string, string[]>();

/**
 * The syllables of a run of Chinese characters with tone digits (`shi2`; neutral tone 0; ü written
 * `v`), lower case, one per character. Deriving a node's search fields reads each run of its name
 * twice (index terms, then the sort key), and pinyin was the costliest part of the derivation: the
 * last runs' syllables are kept. The toneless form is this one without its digit: pinyin-pro's own
 * toneless form for every character of U+3400-U+9FFF, U+F900-U+FAFF and U+3007, every seventh of
 * U+20000-U+2A6DF, and 100,000 random runs (test/text/pinyin.test.ts checks the first three).
 */
function toned(han: string): string[] {
  const hit = kept.get(han);
  if (hit) return hit;
  const out = pinyin(han, { toneType: 'num', type: 'array', v: true }).map((s) => s.toLowerCase());
  if (han.length <= KEPT_RUN_LENGTH) {
    if (kept.size >= KEPT_RUNS) kept.clear();
    kept.set(han, out);
  }
  return out;
}

/** The toneless syllables of a run of Chinese characters (ü written `v`), one per character. */
export function syllables(han: string): string[] {
  if (!han) return [];
  return toned(han).map((s) => s.replace(/\d$/, ''));
}

let known: Set<string> | undefined;

/** Every toneless syllable pinyin-pro knows (from the CJK Unified Ideographs block), built once. */
function syllableSet(): Set<string> {
  if (!known) {
    let block = '';
    for (let c = 0x4e00; c <= 0x9fff; c++) block += String.fromCodePoint(c);
    known = new Set(syllables(block).filter((s) => /^[a-z]+$/.test(s)));
  }
  return known;
}

/**
 * Splits a Latin word typed as pinyin (`zhongguancun`) into syllables (`zhong guan cun`), preferring
 * fewer, longer syllables; null when the word is not a sequence of syllables.
 */
export function splitPinyin(word: string): string[] | null {
  if (!/^[a-z]+$/.test(word) || word.length > 60) return null;
  const set = syllableSet();
  // best[i]: fewest syllables covering word[0..i)
  const best: Array<string[] | null> = [[]];
  for (let i = 1; i <= word.length; i++) {
    best[i] = null;
    for (let j = Math.max(0, i - 6); j < i; j++) {
      const prev = best[j];
      const piece = word.slice(j, i);
      if (prev && set.has(piece) && (!best[i] || prev.length + 1 < best[i]!.length)) best[i] = [...prev, piece];
    }
  }
  return best[word.length] ?? null;
}

/**
 * A sort key that orders Chinese by pinyin (syllable, then tone), as Chinese dictionaries and
 * collations do, and Latin text alphabetically, case-insensitively: each character becomes its
 * syllable with the tone digit (`shi2`), words stay words, separated by spaces so a shorter
 * syllable sorts before a longer one that starts with it (xi < xian).
 */
export function pinyinSortKey(folded: string): string {
  const parts: string[] = [];
  for (const m of folded.matchAll(/(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu)) {
    if (m[1]) {
      // neutral tone (0) sorts after the four tones, as in dictionaries
      parts.push(...toned(m[1]).map((s) => s.replace(/0$/, '5')));
    } else parts.push(m[2]!.toLowerCase());
  }
  return parts.join(' ');
}

/** True when the text holds a Chinese character. */
export const hasHan = (text: string) => HAN.test(text);
