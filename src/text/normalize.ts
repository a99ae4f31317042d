import * as OpenCC from 'opencc-js';

/**
 * Name normalisation shared by search and ingestion. The plan writes traditional characters with
 * Taiwan vocabulary (晶片, 資訊, 網路); planners type simplified characters with mainland vocabulary
 * (芯片, 信息, 网络). Both sides are folded to one form, simplified mainland Chinese, with OpenCC's
 * phrase dictionaries (opencc-js: the maintained OpenCC data, run in JavaScript), then with the few
 * pairs OpenCC lacks (`MAINLAND_TERMS`).
 */

/** An entry of the supplementary vocabulary: Taiwan term (as OpenCC leaves it, simplified) → mainland term. */
export interface TermPair {
  taiwan: string;
  mainland: string;
  /** Why the pair holds (a reviewer checks each one). */
  note: string;
}

/**
 * Taiwan/mainland vocabulary pairs missing from OpenCC's `twp → cn` phrase dictionaries (checked
 * against opencc-js 1.4: each left side comes out of OpenCC unchanged). Keys are in simplified
 * characters because they apply after OpenCC. Keep this list short and reviewed: a wrong pair makes
 * two different things look alike to every search.
 */
export const MAINLAND_TERMS: readonly TermPair[] = [
  { taiwan: '航太', mainland: '航天', note: 'aerospace: 航太 (Taiwan) = 航天 (mainland), e.g. 航太科技 / 航天科技' },
  { taiwan: '云端运算', mainland: '云计算', note: 'cloud computing: 雲端運算 (Taiwan) = 云计算 (mainland)' },
  { taiwan: '资通信', mainland: '信息通信', note: 'ICT: 資通訊 (Taiwan) = 信息通信 (mainland)' },
  { taiwan: '资安', mainland: '信息安全', note: 'information security: 資安 (Taiwan) = 信息安全 (mainland)' },
  { taiwan: '飞弹', mainland: '导弹', note: 'missile: 飛彈 (Taiwan) = 导弹 (mainland)' },
  { taiwan: '积层制造', mainland: '增材制造', note: 'additive manufacturing: 積層製造 (Taiwan) = 增材制造 (mainland)' },
  { taiwan: '品质管理', mainland: '质量管理', note: 'quality management: 品質管理 (Taiwan) = 质量管理 (mainland), e.g. 品質管理體系 / 质量管理体系' },
];

const twToCn = OpenCC.Converter({ from: 'twp', to: 'cn' });

// Longest Taiwan term first, so a longer pair wins over a shorter one it contains.
const pairs = [...MAINLAND_TERMS].sort((a, b) => b.taiwan.length - a.taiwan.length);
const pairPattern = new RegExp(pairs.map((p) => p.taiwan).join('|'), 'g');
const mainlandOf = new Map(pairs.map((p) => [p.taiwan, p.mainland]));

/** Folds Chinese text to simplified characters and mainland vocabulary; other text passes unchanged. */
export function foldChinese(text: string): string {
  return twToCn(text).replace(pairPattern, (m: string) => mainlandOf.get(m)!);
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

/**
 * Text as search compares it: compatibility forms unified (full-width Latin, ideographic spaces),
 * Chinese folded, lower case, diacritics removed. Spaces and punctuation are kept (they separate
 * words); tokenising is the analyser's job.
 */
export function foldForSearch(text: string): string {
  if (text === lastFolded[0]) return lastFolded[1];
  // ASCII text is its own compatibility and composed form, and has no Chinese or marks to fold
  const folded = ASCII.test(text)
    ? text.toLowerCase()
    : foldChinese(text.normalize('NFKC'))
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .normalize('NFC')
        .toLowerCase();
  lastFolded = [text, folded];
  return folded;
}

const ASCII = /^[\x00-\x7f]*$/;
/** The last text folded: a node's name is folded for its index terms and again for its sort key. */
let lastFolded: [string, string] = ['', ''];
