import { foldChinese, matchKey } from '../../text/normalize.js';
import type { KnownEntityRow } from '../../data/known-entities.js';
import type { Label } from '../../ontology.js';

/**
 * The entities a document's names are matched against, keyed by their script-insensitive match key
 * (`matchKey`: traditional and simplified, Taiwan and mainland vocabulary fold together), plus an
 * agency key that also folds the genre's abbreviations, so that 市發改委, 市發展改革委 and
 * 北京市發展和改革委員會 meet.
 */

/** An entity already in the graph (or the reference folder), as ingestion needs it. */
export type KnownEntity = KnownEntityRow;

/** A name found in a text, with what it may refer to. */
export interface Mention {
  /** The text as written in the document. */
  text: string;
  /** Candidates, one when resolved, several when ambiguous. */
  candidates: KnownEntity[];
}

/** Labels whose nodes belong to one document and are never matched by name. */
export const DOCUMENT_SCOPED: ReadonlySet<Label> = new Set(['Task', 'Goal', 'Phase']);

const AGENCY_RULES: Array<[RegExp, string]> = [
  [/^北京市人民政府/, '市政府'],
  [/人民政府/, '政府'],
  [/^北京市/, '市'],
  [/管理委员会/, '管委会'],
  [/委员会$/, '委'],
  [/发展和?改革/, '发改'],
  [/经济和?信息化/, '经信'],
  [/科学技术委/, '科委'],
  [/教育委/, '教委'],
  [/工作局$/, '局'],
];

/**
 * The abbreviation-folded key of an agency name: 北京市發展和改革委員會, 市發展改革委 and 市發改委
 * all give 市发改委. Rules of the genre only (北京市 → 市, 委員會 → 委, 發展和改革 → 發改…).
 */
export function agencyKey(name: string): string {
  let key = matchKey(name);
  for (const [re, to] of AGENCY_RULES) key = key.replace(re, to);
  return key;
}

/** Entity lookup by name, script-insensitively. */
export class Gazetteer {
  private readonly byKey = new Map<string, KnownEntity[]>();
  private readonly byAgencyKey = new Map<string, KnownEntity[]>();
  /** Match keys sorted longest first, for scanning texts. */
  private readonly keys: string[];

  constructor(readonly entities: readonly KnownEntity[]) {
    for (const e of entities) {
      if (DOCUMENT_SCOPED.has(e.label)) continue;
      for (const n of namesOf(e)) {
        push(this.byKey, matchKey(n), e);
        if (e.label === 'Agency') push(this.byAgencyKey, agencyKey(n), e);
      }
    }
    // one-character keys match everywhere in Chinese text: never scanned for
    this.keys = [...this.byKey.keys()].filter((k) => [...k].length >= 2).sort((a, b) => b.length - a.length);
  }

  /** Entities named exactly `name` (any script), optionally of one label. */
  exact(name: string, label?: Label): KnownEntity[] {
    return (this.byKey.get(matchKey(name)) ?? []).filter((e) => !label || e.label === label);
  }

  /** Agencies named `name`, exactly or through the abbreviation rules; `how` says which. */
  agency(name: string): { candidates: KnownEntity[]; how: 'exact' | 'abbreviation' | 'none' } {
    const exact = this.exact(name, 'Agency');
    if (exact.length > 0) return { candidates: exact, how: 'exact' };
    const folded = this.byAgencyKey.get(agencyKey(name)) ?? [];
    return folded.length > 0 ? { candidates: folded, how: 'abbreviation' } : { candidates: [], how: 'none' };
  }

  /** The Document with this number, if known. */
  documentByNumber(number: string): KnownEntity | undefined {
    const key = matchKey(number);
    return this.entities.find((e) => e.label === 'Document' && (matchKey(e.number ?? '') === key || namesOf(e).some((n) => matchKey(n) === key)));
  }

  /**
   * Names of known entities in a text, longest match first and without overlaps (中關村國防科技園
   * is one park, not 中關村 plus a park). Matching runs on the folded text; each mention is reported
   * as written when its span can be found back in the original.
   */
  scan(text: string): Mention[] {
    const folded = matchKey(text);
    const taken: boolean[] = new Array(folded.length).fill(false);
    const found: Array<{ at: number; key: string }> = [];
    for (const key of this.keys) {
      for (let at = folded.indexOf(key); at >= 0; at = folded.indexOf(key, at + 1)) {
        let free = true;
        for (let i = at; i < at + key.length; i++) if (taken[i]) free = false;
        if (!free) continue;
        for (let i = at; i < at + key.length; i++) taken[i] = true;
        found.push({ at, key });
      }
    }
    found.sort((a, b) => a.at - b.at);
    const seen = new Set<string>();
    const mentions: Mention[] = [];
    for (const f of found) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      mentions.push({ text: asWritten(text, f.key), candidates: this.byKey.get(f.key)! });
    }
    return mentions;
  }

  /**
   * Names a coordinated list shares: 「衛星通信、衛星導航、衛星遙感標準體系」 names three 標準體系,
   * 「海淀區、豐台區、大興區政府」 three district governments. The head (標準體系, 政府) is the end of
   * a known name that opens the list's last item; the items before it count, back to the first
   * for which item + head is not known.
   * Returns the mentions found and the items they consumed (which then are not names of their own).
   */
  coordinated(text: string): { mentions: Mention[]; consumed: string[] } {
    const mentions: Mention[] = [];
    const consumed: string[] = [];
    for (const segment of text.split(/[,，。;；:：()（）“”《》\s]/)) {
      const items = segment.split('、').map((i) => [...i]);
      if (items.length < 2) continue;
      const last = items[items.length - 1]!;
      let known: string[] | undefined;
      for (let n = last.length; n >= 3 && !known; n--) if (this.exact(last.slice(0, n).join('')).length > 0) known = last.slice(0, n);
      if (!known) continue;
      for (let s = 2; s < known.length; s++) {
        const head = known.slice(-s).join('');
        const hits: Array<{ item: string; entities: KnownEntity[] }> = [];
        // the items right before the last one, back to the first that does not take the head
        for (const item of items.slice(0, -1).reverse()) {
          let hit: { item: string; entities: KnownEntity[] } | undefined;
          for (let i = 0; i + 1 < item.length && !hit; i++) {
            const part = item.slice(i).join('');
            const entities = this.exact(part + head);
            if (entities.length > 0) hit = { item: part, entities };
          }
          if (!hit) break;
          hits.unshift(hit);
        }
        if (hits.length === 0) continue;
        for (const h of hits) {
          mentions.push({ text: `${h.item}…${head}`, candidates: h.entities });
          consumed.push(h.item);
        }
        break;
      }
    }
    return { mentions, consumed };
  }
}

function namesOf(e: KnownEntity): string[] {
  return [e.name, ...e.aliases];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** The substring of `text` whose key is `key` (shortest window), or the key itself. */
function asWritten(text: string, key: string): string {
  const chars = [...text];
  const n = [...key].length;
  const first = [...key][0]!;
  const starts = chars.map((c, i) => (matchKey(c) === first ? i : -1)).filter((i) => i >= 0);
  // phrase conversions can change a first character (網際網路 → 互联网): then try every start
  for (const candidates of [starts, chars.map((_, i) => i)]) {
    for (let len = Math.max(1, n - 2); len <= n + 4; len++) {
      for (const i of candidates) {
        if (i + len > chars.length) continue;
        const w = chars.slice(i, i + len).join('');
        if (matchKey(w) === key) return balance(chars, i, i + len);
      }
    }
  }
  return foldChinese(key);
}

const PAIRS: Array<[string, string]> = [['(', ')'], ['（', '）'], ['“', '”'], ['《', '》'], ['「', '」']];

/** chars[from, to) widened by one character on a side where a bracket or quote is left open. */
function balance(chars: string[], from: number, to: number): string {
  let a = from;
  let b = to;
  for (const [open, close] of PAIRS) {
    const w = chars.slice(a, b);
    const opens = w.filter((c) => c === open).length;
    const closes = w.filter((c) => c === close).length;
    if (opens > closes && chars[b] === close) b++;
    if (closes > opens && chars[a - 1] === open) a--;
  }
  return chars.slice(a, b).join('');
}
