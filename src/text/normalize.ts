import * as OpenCC from 'opencc-js';

/**
 * Name normalisation shared by search and ingestion. The plan writes traditional characters with
 * Taiwan vocabulary (晶片, 資訊, 網路); planners type simplified characters with mainland vocabulary
 * (芯片, 信息, 网络). Both sides are folded to one form, simplified mainland Chinese, with OpenCC's
 * phrase dictionaries (opencc-js: the maintained OpenCC data, run in JavaScript).
 */

const twToCn = OpenCC.Converter({ from: 'twp', to: 'cn' });

/** Folds Chinese text to simplified characters and mainland vocabulary; other text passes unchanged. */
export function foldChinese(text: string): string {
  return twToCn(text);
}

/**
 * The key two spellings of one name share: Chinese folded, Latin lower-cased, spaces and
 * punctuation dropped. Used to compare names, never to display them.
 */
export function matchKey(text: string): string {
  return foldChinese(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}
