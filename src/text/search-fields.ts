import { indexTerms } from './analyze.js';
import { foldForSearch } from './normalize.js';
import { pinyinSortKey } from './pinyin.js';
import { PRIMARY_FIELDS, searchableTexts } from './score.js';

/**
 * Properties derived from a node's own text for search and sorting. Every writer stores them with
 * the node (`withSearchProperties`); they are never imported, exported or shown. Stored names stay
 * exactly as the source writes them: only these derived fields carry folded forms.
 */

/** Version of the derivation: nodes with an older one are rederived at migration. */
export const SEARCH_VERSION = 1;

/** The derived properties, to strip from a node's properties before validating or exporting them. */
export const SEARCH_PROPERTIES = ['searchText', 'nameSort', 'nameEnSort', 'searchVersion'] as const;

export interface SearchProperties {
  /** Index terms of every searchable field, space-separated (the full-text index splits on spaces). */
  searchText: string;
  /** Chinese collation key: pinyin with tones (see `pinyinSortKey`). */
  nameSort: string;
  /** English collation key of `nameEn` (case, accents and punctuation ignored); `nameSort` when there is none. */
  nameEnSort: string;
  searchVersion: number;
}

/** An English name as English collation compares it. */
export function englishSortKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The derived properties of a node with these properties. */
export function searchProperties(props: Record<string, unknown>): SearchProperties {
  const name = typeof props.name === 'string' ? props.name : '';
  // the sort key first: the name's folding and pinyin are then reused by its index terms
  const nameSort = pinyinSortKey(foldForSearch(name));
  const terms = new Set<string>();
  for (const { field, text } of searchableTexts(props)) for (const t of indexTerms(text, PRIMARY_FIELDS.has(field))) terms.add(t);
  const nameEn = typeof props.nameEn === 'string' ? englishSortKey(props.nameEn) : '';
  return { searchText: [...terms].join(' '), nameSort, nameEnSort: nameEn || nameSort, searchVersion: SEARCH_VERSION };
}

/** The properties without derived search fields. */
export function withoutSearchProperties<T extends Record<string, unknown>>(props: T): T {
  // copied key by key rather than copied whole and deleted from: an object with deleted keys is
  // slower to read for everything after (a bulk load writes millions of them)
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(props)) if (!DERIVED.has(k)) out[k] = props[k];
  return out as T;
}

const DERIVED: ReadonlySet<string> = new Set(SEARCH_PROPERTIES);

/** The properties with their derived search fields (re)computed. */
export function withSearchProperties<T extends Record<string, unknown>>(props: T): T & SearchProperties & Record<string, unknown> {
  return Object.assign(withoutSearchProperties(props), searchProperties(props));
}
