import { allowedEdits, englishTerm } from './english.js';
import { foldForSearch } from './normalize.js';
import { splitPinyin, syllables } from './pinyin.js';

/**
 * The analyser search indexes and queries with: text is folded (`foldForSearch`), cut into runs of
 * Chinese characters and Latin/digit words, and turned into terms. Chinese runs give their
 * characters and character bigrams (so a query matches inside a longer name without a word list),
 * and, for names and aliases, the pinyin of the run (whole, initials, syllable pairs). Latin words
 * give themselves and their English search term (American spelling, stem).
 */

/** Text cut into Chinese runs and Latin/digit words, after folding. */
export interface Analysed {
  folded: string;
  han: string[];
  words: string[];
}

/** A run of Chinese characters, or a word of other letters and digits. */
export const RUNS = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

/** Folds and cuts text into Chinese runs and (lower-case) words. */
export function analyse(text: string): Analysed {
  const folded = foldForSearch(text);
  const han: string[] = [];
  const words: string[] = [];
  for (const m of folded.matchAll(RUNS)) {
    if (m[1]) han.push(m[1]);
    else words.push(m[2]!);
  }
  return { folded, han, words };
}

/** The character bigrams of a run (the character itself for a one-character run). */
export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => chars[i]! + c);
}

/** Characters and bigrams of a run: what the index holds for it. */
export function grams(run: string): string[] {
  return [...new Set([...run, ...bigrams(run)])];
}

/** Pinyin forms of a Chinese run: whole (`zhongguancun`), initials (`zgc`) and syllable pairs (`zhongguan`, `guancun`). */
export function pinyinTerms(run: string): { whole: string; initials: string; pairs: string[] } {
  const s = syllables(run);
  return { whole: s.join(''), initials: s.map((x) => x[0]).join(''), pairs: s.slice(1).map((x, i) => s[i] + x) };
}

/**
 * The index terms of a field's text, space-separated in the index. `primary` fields (names, aliases)
 * also give pinyin terms.
 */
export function indexTerms(text: string, primary: boolean): string[] {
  const a = analyse(text);
  const out: string[] = [];
  for (const run of a.han) {
    out.push(...grams(run));
    if (primary) {
      const p = pinyinTerms(run);
      out.push(p.whole, p.initials, ...p.pairs);
    }
  }
  for (const w of a.words) out.push(w, englishTerm(w));
  return out.filter((t) => t.length > 0);
}

/** One unit of a query: a Chinese run, or a Latin/digit word with its variants. */
export type QueryUnit =
  | { kind: 'han'; text: string; grams: string[] }
  | { kind: 'word'; word: string; term: string; edits: number; pinyin: string[] | null };

/** The units of a query text. */
export function queryUnits(text: string): QueryUnit[] {
  const a = analyse(text);
  const units: QueryUnit[] = [];
  for (const m of a.folded.matchAll(RUNS)) {
    if (m[1]) units.push({ kind: 'han', text: m[1], grams: bigrams(m[1]) });
    else {
      const word = m[2]!;
      const split = splitPinyin(word);
      units.push({ kind: 'word', word, term: englishTerm(word), edits: allowedEdits(word), pinyin: split && split.length >= 2 ? split : null });
    }
  }
  return units;
}

/** A Lucene term that matches itself only: quoted (no operator, wildcard or field syntax survives). */
const literal = (term: string) => `"${term.replace(/["\\]/g, '\\$&')}"`;

/**
 * The Lucene query retrieving candidates for `units`: any of their terms (the ranking is done
 * afterwards, see `score.ts`). Every term is quoted except fuzzy (`satellit~2`) and prefix (`zgc*`)
 * terms, which are built only from `[a-z]` words, so user text never acts as an operator.
 */
export function luceneQuery(units: readonly QueryUnit[]): string | null {
  const terms = new Set<string>();
  for (const u of units) {
    if (u.kind === 'han') for (const g of u.grams) terms.add(literal(g));
    else {
      terms.add(literal(u.word));
      terms.add(literal(u.term));
      const latin = /^[a-z]+$/.test(u.word);
      if (latin && u.edits > 0) terms.add(`${u.term}~${u.edits}`);
      if (latin && u.word.length >= 2) terms.add(`${u.word}*`);
      if (u.pinyin) for (let i = 1; i < u.pinyin.length; i++) terms.add(literal(u.pinyin[i - 1]! + u.pinyin[i]!));
    }
  }
  return terms.size > 0 ? [...terms].join(' OR ') : null;
}
