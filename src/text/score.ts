import { analyse, grams, pinyinTerms, type QueryUnit } from './analyze.js';
import { editDistance } from './distance.js';
import { englishTerm } from './english.js';
import { matchKey } from './normalize.js';

/**
 * Ranking of search hits. The score of a node depends only on the query and the node's own text:
 * never on statistics of the other documents in an index (Lucene's IDF and field-length norms,
 * which hidden and deleted documents would influence). So a caller cleared for C sees exactly the
 * scores a fully cleared caller sees on the graph restricted to what C may see.
 */

/** Searchable properties and their weights: names first, codes next, summaries lower. */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  name: 1,
  nameEn: 1,
  aliases: 0.95,
  code: 0.8,
  body: 0.8,
  number: 0.8,
  summary: 0.4,
  summaryEn: 0.4,
  description: 0.4,
  descriptionEn: 0.4,
};

/** Fields whose pinyin is indexed and that exact-name bonuses apply to. */
export const PRIMARY_FIELDS = new Set(['name', 'nameEn', 'aliases']);

/** The texts of each searchable property of a node (lists flattened). */
export function searchableTexts(props: Record<string, unknown>): Array<{ field: string; text: string }> {
  const out: Array<{ field: string; text: string }> = [];
  for (const field of Object.keys(FIELD_WEIGHTS)) {
    const v = props[field];
    if (typeof v === 'string' && v.length > 0) out.push({ field, text: v });
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x.length > 0) out.push({ field, text: x });
  }
  return out;
}

interface FieldView {
  weight: number;
  primary: boolean;
  folded: string;
  key: string;
  grams: Set<string>;
  words: Set<string>;
  terms: Set<string>;
  /** Each word with its search term (for coverage). */
  wordTerms: Array<[string, string]>;
  /** Chinese runs of the field (for coverage). */
  han: string[];
  pinyin: Array<{ whole: string; initials: string }>;
}

/** Field views by field and text: names recur across queries, and folding and pinyin are the costly part. */
const views = new Map<string, FieldView>();
const MAX_CACHED_VIEWS = 50_000;

function view(field: string, text: string): FieldView {
  const key = `${field}\u0000${text}`;
  const cached = views.get(key);
  if (cached) return cached;
  const v = buildView(field, text);
  if (views.size >= MAX_CACHED_VIEWS) views.delete(views.keys().next().value!);
  views.set(key, v);
  return v;
}

function buildView(field: string, text: string): FieldView {
  const a = analyse(text);
  const primary = PRIMARY_FIELDS.has(field);
  return {
    weight: FIELD_WEIGHTS[field]!,
    primary,
    folded: a.folded,
    key: matchKey(text),
    grams: new Set(a.han.flatMap(grams)),
    words: new Set(a.words),
    terms: new Set(a.words.map(englishTerm)),
    wordTerms: [...new Set(a.words)].map((w) => [w, englishTerm(w)]),
    han: a.han,
    pinyin: primary ? a.han.map(pinyinTerms) : [],
  };
}

/** How well one query unit matches one field, in [0, 1]; exact forms beat stems, pinyin, prefixes and typos. */
function quality(u: QueryUnit, f: FieldView): number {
  if (u.kind === 'han') {
    if (f.folded.includes(u.text)) return 1;
    const hit = u.grams.filter((g) => f.grams.has(g)).length / u.grams.length;
    return hit >= 0.5 ? 0.7 * hit : 0;
  }
  if (f.words.has(u.word)) return 1;
  if (f.terms.has(u.term)) return 0.9;
  let q = 0;
  if (/^[a-z]+$/.test(u.word)) {
    for (const p of f.pinyin) {
      if (p.whole === u.word) q = Math.max(q, 0.95);
      else if (u.word.length >= 2 && p.initials === u.word) q = Math.max(q, 0.9);
      else if (u.word.length >= 2 && p.whole.startsWith(u.word)) q = Math.max(q, 0.85);
      else if (u.pinyin && p.whole.includes(u.word)) q = Math.max(q, 0.8);
      else if (u.word.length >= 2 && p.initials.startsWith(u.word)) q = Math.max(q, 0.75);
    }
    if (q < 0.6 && u.word.length >= 3) for (const w of f.words) if (w.startsWith(u.word)) q = Math.max(q, 0.6);
    if (q < 0.5 && u.edits > 0) {
      let best = Infinity;
      for (const t of [...f.terms, ...f.words]) {
        if (Math.abs(t.length - u.term.length) > u.edits && Math.abs(t.length - u.word.length) > u.edits) continue;
        best = Math.min(best, editDistance(t, u.term, u.edits), editDistance(t, u.word, u.edits));
      }
      if (best <= u.edits) q = Math.max(q, 0.5 - 0.1 * (best - 1));
    }
  }
  return q;
}

const MAX_REPEAT_FACTOR = 1.5;

/**
 * A summary or description that says the query's words more than once is more about them: each
 * further occurrence adds a quarter of the field's weight, up to 1.5×. Names are not counted (an exact
 * name has its own bonus), and a summary's best stays below a name's.
 */
function repeatFactor(u: QueryUnit, f: FieldView): number {
  if (f.primary || u.kind !== 'han' || !u.text) return 1;
  let n = 0;
  for (let i = f.folded.indexOf(u.text); i >= 0 && n < 3; i = f.folded.indexOf(u.text, i + u.text.length)) n++;
  return n <= 1 ? 1 : Math.min(MAX_REPEAT_FACTOR, 1 + 0.25 * (n - 1));
}

let lastQuery = { text: '', key: '' };
/** `matchKey` of the query, computed once for all the candidates of one query. */
function queryKey(text: string): string {
  if (lastQuery.text !== text) lastQuery = { text, key: matchKey(text) };
  return lastQuery.key;
}

/** Whether query word `u` matches field word `w` in any form (exact, stem, prefix, typo). */
function wordMatches(u: Extract<QueryUnit, { kind: 'word' }>, w: string, term: string): boolean {
  if (w === u.word || term === u.term) return true;
  if (u.word.length >= 3 && w.startsWith(u.word)) return true;
  return u.edits > 0 && editDistance(w, u.word, u.edits) <= u.edits;
}

/**
 * The share of a name's characters and words that the query matches, in [0, 1]: of two names that
 * both contain the query, the one the query says more of (衛星通信 rather than 衛星通信標準體系) ranks first.
 */
function coverage(units: readonly QueryUnit[], f: FieldView): number {
  const hanLength = f.han.reduce((n, r) => n + [...r].length, 0);
  const total = hanLength + f.wordTerms.length;
  if (total === 0) return 0;
  let han = 0;
  for (const u of units) {
    if (u.kind === 'han') han += f.folded.includes(u.text) ? [...u.text].length : [...u.text].filter((c) => f.grams.has(c)).length / 2;
    else
      f.han.forEach((run, i) => {
        const p = f.pinyin[i];
        if (!p) return;
        if (p.whole === u.word || p.initials === u.word) han += [...run].length;
        else if (p.whole.includes(u.word)) han += ([...run].length * u.word.length) / p.whole.length;
      });
  }
  const words = f.wordTerms.filter(([w, t]) => units.some((u) => u.kind === 'word' && wordMatches(u, w, t))).length;
  return Math.min(1, (Math.min(han, hanLength) + words) / total);
}

/**
 * The score of a node for a query: the mean over query units of the best weighted match among its
 * fields (summaries counted up to 1.5× for repeats, see `repeatFactor`), plus 1 when a name or alias equals the query (in folded form) and 0.25 when one starts
 * with it, plus 0.2 × the best coverage of a name or alias (see `coverage`). 0 means no match.
 * Rounded to 6 decimals so equal matches tie exactly.
 */
export function score(units: readonly QueryUnit[], queryText: string, props: Record<string, unknown>): number {
  if (units.length === 0) return 0;
  const fields = searchableTexts(props).map(({ field, text }) => view(field, text));
  let sum = 0;
  for (const u of units) {
    let best = 0;
    for (const f of fields) {
      if (f.weight * (f.primary ? 1 : MAX_REPEAT_FACTOR) <= best) continue;
      best = Math.max(best, f.weight * quality(u, f) * repeatFactor(u, f));
    }
    sum += best;
  }
  if (sum === 0) return 0;
  let bonus = 0;
  let covered = 0;
  const qKey = queryKey(queryText);
  for (const f of fields) {
    if (!f.primary) continue;
    covered = Math.max(covered, coverage(units, f));
    if (!qKey) continue;
    if (f.key === qKey) bonus = Math.max(bonus, 1);
    else if (qKey.length >= 2 && f.key.startsWith(qKey)) bonus = Math.max(bonus, 0.25);
  }
  return Math.round((sum / units.length + bonus + 0.2 * covered) * 1e6) / 1e6;
}
