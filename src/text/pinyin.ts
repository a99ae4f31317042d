import { pinyin } from 'pinyin-pro';

/**
 * Pinyin for search and sorting (pinyin-pro: maintained, dictionary-based, picks the reading of
 * polyphonic characters from context, e.g. 重庆 → chong qing). Input is folded (simplified) text.
 */

const HAN = /\p{Script=Han}/u;

/** The toneless syllables of a run of Chinese characters (ü written `v`), one per character. */
export function syllables(han: string): string[] {
  if (!han) return [];
  return pinyin(han, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
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
      const tones = pinyin(m[1], { toneType: 'num', type: 'array', v: true });
      // neutral tone (0) sorts after the four tones, as in dictionaries
      parts.push(...tones.map((s) => s.toLowerCase().replace(/0$/, '5')));
    } else parts.push(m[2]!.toLowerCase());
  }
  return parts.join(' ');
}

/** True when the text holds a Chinese character. */
export const hasHan = (text: string) => HAN.test(text);
