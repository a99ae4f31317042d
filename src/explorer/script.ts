/**
 * Chinese script conversion for display and search (opencc-js, the maintained OpenCC data). The
 * plan's names are traditional; planners read simplified. Names are converted for display only:
 * the originals stay in the data and in the details panel.
 */
import { ConverterFactory } from 'opencc-js/core';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import TWVariantsRevPhrases from 'opencc-js/dict/TWVariantsRevPhrases';

// characters (and Taiwan variant forms) only: vocabulary is the document's and stays as written
const toSimplifiedChars = ConverterFactory([[TWVariantsRevPhrases, TWVariantsRev]], [[TSPhrases, TSCharacters]]);
const memo = new Map<string, string>();

/** Traditional → simplified characters (memoised: the same names are drawn again and again). */
export function toSimplified(text: string): string {
  let out = memo.get(text);
  if (out === undefined) {
    out = toSimplifiedChars(text);
    if (memo.size > 20_000) memo.clear();
    memo.set(text, out);
  }
  return out;
}

let toTraditionalChars: Promise<(text: string) => string> | undefined;
/**
 * Simplified → traditional characters, loaded on first use (a second dictionary, only needed when
 * a search typed in simplified finds nothing and the page tries the traditional spelling).
 */
export function toTraditional(text: string): Promise<string> {
  toTraditionalChars ??= import('opencc-js/dict/STCharacters').then((m) => ConverterFactory([[m.default]]));
  return toTraditionalChars.then((convert) => convert(text));
}
