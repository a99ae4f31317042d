/**
 * Responsibility annotations of the genre, in all their styles:
 * - 「(主責單位:市經濟信息化委、市科委)」 — every unit listed is responsible (LEAD);
 * - 「(牽頭單位:市科委；配合單位:市教委、市財政局)」 — lead and supporting units;
 * - 「(責任單位:市科委、市教委)」 — responsible units (LEAD);
 * - 「(市發展改革委、市科委牽頭,各區政府負責)」 — units followed by their verb (牽頭 / 負責 lead,
 *   配合 / 參與 / 協辦 support).
 * Keywords are matched in traditional and simplified script; names are kept as written.
 */

export type ResponsibilityRole = 'LEAD' | 'SUPPORT';

/** One unit of an annotation, in listed order (rank 1 first, across all roles). */
export interface Party {
  /** The name as written, e.g. 市發改委. */
  name: string;
  role: ResponsibilityRole;
  rank: number;
  /** The keyword that gave the role, as written (主責單位, 牽頭, 配合單位…). */
  keyword: string;
}

export interface Annotation {
  /** The annotation as written, without its brackets. */
  raw: string;
  parties: Party[];
}

/** A paragraph split into its text and its annotation, if any. */
export interface AnnotatedParagraph {
  text: string;
  annotation?: Annotation;
}

const KEYWORD = '(主[責责][單单]位|[牽牵][頭头][單单]位|配合[單单]位|[責责]任[單单]位|[協协][辦办][單单]位|[參参][與与][單单]位)';
const KEYED_RE = new RegExp(`${KEYWORD}\\s*[:：]\\s*`, 'g');
const VERB_RE = /^(.+?)\s*([牽牵][頭头]|[負负][責责]|配合|[參参][與与]|[協协][辦办])$/;
const SUPPORT_RE = /^(配合|[參参][與与]|[協协][辦办])/;
const TRAILING_RE = /[(（]([^()（）]+)[)）]\s*[。.;；]?\s*$/;
const BARE_RE = new RegExp(`(?:^|[。;；]\\s*)(${KEYWORD}\\s*[:：].+?)[。]?\\s*$`);

/** Splits the responsibility annotation off the end of a paragraph (or a paragraph that is one). */
export function splitAnnotation(paragraph: string): AnnotatedParagraph {
  const trailing = paragraph.match(TRAILING_RE);
  if (trailing) {
    const annotation = parseAnnotation(trailing[1]!);
    if (annotation) return { text: paragraph.slice(0, trailing.index).trim(), annotation };
  }
  const bare = paragraph.match(BARE_RE);
  if (bare) {
    const annotation = parseAnnotation(bare[1]!);
    if (annotation) return { text: paragraph.slice(0, bare.index! + bare[0].indexOf(bare[1]!)).trim(), annotation };
  }
  return { text: paragraph };
}

/** Reads the inside of an annotation; undefined when it is an ordinary parenthesis. */
export function parseAnnotation(raw: string): Annotation | undefined {
  const text = raw.trim();
  const parties: Party[] = [];
  const add = (names: string, keyword: string) => {
    for (const name of splitNames(names)) {
      parties.push({ name, keyword, rank: parties.length + 1, role: roleOf(keyword) });
    }
  };
  const keys = [...text.matchAll(KEYED_RE)];
  if (keys.length > 0) {
    if (keys[0]!.index !== 0) return undefined;
    keys.forEach((k, i) => {
      const end = i + 1 < keys.length ? keys[i + 1]!.index : text.length;
      add(text.slice(k.index + k[0].length, end).replace(/[;；,，。\s]+$/, ''), k[1]!);
    });
    return parties.length > 0 ? { raw: text, parties } : undefined;
  }
  // verb style: every segment must be "names + verb", or this is not an annotation
  const segments = text.split(/[,，;；]/).map((s) => s.trim()).filter(Boolean);
  const parsed = segments.map((s) => s.match(VERB_RE));
  if (segments.length === 0 || parsed.some((m) => !m || !looksLikeUnits(m[1]!))) return undefined;
  for (const m of parsed) add(m![1]!, m![2]!);
  return { raw: text, parties };
}

function roleOf(keyword: string): ResponsibilityRole {
  return SUPPORT_RE.test(keyword) ? 'SUPPORT' : 'LEAD';
}

/** Names of a list: split on 、 and commas; a trailing 等 ("and others") is dropped. */
function splitNames(list: string): string[] {
  return list
    .split(/[、,，]/)
    .map((n) => n.trim().replace(/等$/, '').trim())
    .filter(Boolean);
}

/** Units end like units (委, 局, 辦, 政府, 管委會, 中心…); ordinary words do not. */
function looksLikeUnits(list: string): boolean {
  return splitNames(list).every((n) => /(委|局|[辦办]|政府|[會会]|中心|[廳厅]|院|部|[處处]|室|署|集[團团]|公司|[單单]位)$/.test(n) && n.length <= 30);
}
