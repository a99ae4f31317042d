/**
 * Reads the formulaic structure of a Chinese government plan: the header (文號, title, issuer, dates)
 * and the numbered clause tree 一、 (一) 1. (1). Works on traditional and simplified text alike (the
 * markers and the header words are matched in both scripts). Nothing is guessed: whatever does not
 * fit the genre is reported in `problems`.
 */

/** Issuing data of the document, each field only when the text gives it. */
export interface Header {
  /** Document number, brackets normalised to 〔〕, e.g. 京政發〔2013〕19號. */
  number?: string;
  /** Title of the notice (or of the plan when there is no notice). */
  title?: string;
  /** Title of the attached plan, when the notice issues one (印發…). */
  planTitle?: string;
  issuer?: string;
  /** ISO date the document was signed (落款 date). */
  signed?: string;
  /** ISO date it was published (發佈日期). */
  published?: string;
}

/** One numbered clause with its own paragraphs (not its children's). */
export interface Clause {
  /** Reference as the curated graph writes it, e.g. `§二(一)1(1)`. */
  label: string;
  level: 1 | 2 | 3 | 4;
  /** Its number as written: 二, 一, 1, 1. */
  number: string;
  /** Paragraphs of the clause, the first starting after the marker. */
  paragraphs: string[];
  children: Clause[];
  /** Line (1-based) of the marker in the source text. */
  line: number;
}

/** Something the parser could not read; reported, never filled in. */
export interface Problem {
  line?: number;
  message: string;
  text?: string;
}

export interface ParsedDocument {
  header: Header;
  clauses: Clause[];
  problems: Problem[];
}

const CN_DIGITS = '一二三四五六七八九十';
const MARKERS: Array<{ level: Clause['level']; re: RegExp }> = [
  { level: 1, re: /^([一二三四五六七八九十]{1,3})[、，,]\s*(.*)$/ },
  { level: 2, re: /^[(（]([一二三四五六七八九十]{1,3})[)）]\s*(.*)$/ },
  { level: 3, re: /^(\d{1,2})[.．、](?!\d)\s*(.*)$/ },
  { level: 4, re: /^[(（](\d{1,2})[)）]\s*(.*)$/ },
];

/** Chinese numeral (一 … 九十九) to its value. */
export function chineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const d = (c: string | undefined) => (c ? CN_DIGITS.indexOf(c) + 1 : 0);
  const ten = s.indexOf('十');
  if (ten < 0) return d(s[0]);
  return (ten === 0 ? 1 : d(s[ten - 1])) * 10 + d(s[ten + 1]);
}

/** Parses a plan's text. */
export function parseDocument(text: string): ParsedDocument {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/[\s\u3000]+/g, ' ').trim());
  const problems: Problem[] = [];
  const start = firstClauseLine(lines);
  const header = parseHeader(lines.slice(0, start < 0 ? lines.length : start), problems);
  if (start < 0) {
    problems.push({ message: 'no numbered clauses (一、 (一) 1. (1)) found: no tasks, goals or phases can be proposed' });
    return { header, clauses: [], problems };
  }
  return { header, clauses: parseClauses(lines, start, problems), problems };
}

/** First line of the clause tree: the first 一、 marker, else the first (一), else none. */
function firstClauseLine(lines: string[]): number {
  for (const level of [1, 2] as const) {
    const re = MARKERS[level - 1]!.re;
    const i = lines.findIndex((l) => re.test(l) && chineseNumber(l.match(re)![1]!) === 1);
    if (i >= 0) return i;
  }
  return -1;
}

function parseClauses(lines: string[], start: number, problems: Problem[]): Clause[] {
  const roots: Clause[] = [];
  const open: Clause[] = []; // the current clause of each level, innermost last
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const marker = MARKERS.map((m) => ({ level: m.level, m: line.match(m.re) })).find((x) => x.m);
    if (!marker) {
      const current = open[open.length - 1];
      if (current) current.paragraphs.push(line);
      continue;
    }
    const [, number, rest] = marker.m!;
    while (open.length > 0 && open[open.length - 1]!.level >= marker.level) open.pop();
    const parent = open[open.length - 1];
    const siblings = parent ? parent.children : roots;
    const previous = siblings[siblings.length - 1];
    const expected = previous && previous.level === marker.level ? chineseNumber(previous.number) + 1 : 1;
    if (chineseNumber(number!) !== expected) {
      problems.push({ line: i + 1, message: `clause number ${number} where ${expected} was expected (kept as written)`, text: line.slice(0, 40) });
    }
    const label = `${parent ? parent.label : '§'}${marker.level === 2 || marker.level === 4 ? `(${number})` : number}`;
    const clause: Clause = { label, level: marker.level, number: number!, paragraphs: rest ? [rest] : [], children: [], line: i + 1 };
    siblings.push(clause);
    open.push(clause);
  }
  return roots;
}

const NUMBER_RE = /([\u4e00-\u9fff]{1,8}?)\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*([號号])/;
const DATE_RE = /(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?/;
const TITLE_RE = /(關於|关于).+(通知|意見|意见|決定|决定|批復|批复|辦法|办法)$/;
const PLAN_RE = /(行動計劃|行动计划|實施方案|实施方案|工作要點|工作要点|規劃|规划|方案|計劃|计划)\s*[(（]?[\d—\-–年至]*[)）]?$/;
const ISSUER_RE = /(人民政府|政府辦公廳|政府办公厅|委員會|委员会|管委會|管委会|辦公室|办公室|局|委|廳|厅)$/;

function isoDate(m: RegExpMatchArray): string {
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

function parseHeader(lines: string[], problems: Problem[]): Header {
  const header: Header = {};
  for (const line of lines) {
    const m = line.match(NUMBER_RE);
    if (m && !header.number) header.number = `${m[1]}〔${m[2]}〕${m[3]}${m[4]}`;
    if (/(發佈|发布|印發|印发|成文)日期/.test(line)) {
      const d = line.match(DATE_RE);
      if (d) header[/成文/.test(line) ? 'signed' : 'published'] = isoDate(d);
    }
  }
  const body = lines.filter((l) => l && !/^\d+\.\s*\[/.test(l) && !/[>＞]/.test(l));
  header.title = body.find((l) => TITLE_RE.test(l) && l.length <= 120 && !/[。]/.test(l));
  header.planTitle = body.find((l) => l !== header.title && PLAN_RE.test(l) && l.length <= 80 && !/[。,，:：]/.test(l));
  if (!header.title) header.title = header.planTitle;
  if (header.title) {
    const issuer = header.title.match(/^(.+?)(關於|关于)/)?.[1];
    if (issuer && ISSUER_RE.test(issuer)) header.issuer = issuer;
  }
  // the signature: an issuer line directly followed by a date line (落款)
  for (let i = 0; i + 1 < body.length; i++) {
    const d = body[i + 1]!.match(new RegExp(`^${DATE_RE.source}$`));
    if (d && ISSUER_RE.test(body[i]!) && body[i]!.length <= 30) {
      header.signed ??= isoDate(d);
      header.issuer ??= body[i];
      break;
    }
  }
  for (const [field, what] of [
    ['number', 'document number (文號)'],
    ['title', 'title'],
    ['issuer', 'issuer'],
    ['signed', 'date signed (落款)'],
    ['published', 'date published (發佈日期)'],
  ] as const) {
    if (!header[field]) problems.push({ message: `header: no ${what} found` });
  }
  return header;
}
