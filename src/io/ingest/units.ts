import { splitAnnotation, type Annotation } from './annotations.js';
import type { Clause, Problem } from './parse.js';

/**
 * The units a plan's clause tree holds: tasks (a clause, or a paragraph, with its responsibility
 * annotation), goals (the items of a 主要目標 clause) and phases (「籌劃階段(2013年7月底前)」) with
 * their work items.
 */

export interface TaskUnit {
  /** Clause reference; a paragraph of a clause with several annotated paragraphs adds a qualifier. */
  clause: string;
  /** The first sentence, without its full stop. */
  heading: string;
  /** The unit's text without annotations, sub-clauses without their own annotation included. */
  text: string;
  annotation?: Annotation;
  /** Clause of the phase this is a work item of. */
  phase?: string;
  line: number;
}

export interface GoalUnit {
  clause: string;
  name: string;
  description?: string;
  targetDate?: string;
}

export interface PhaseUnit {
  clause: string;
  name: string;
  /** As written, e.g. 2013年7月底前. */
  period: string;
  start?: string;
  end?: string;
}

export interface Units {
  tasks: TaskUnit[];
  goals: GoalUnit[];
  phases: PhaseUnit[];
  /** Paragraphs in a clause with tasks that carry no annotation (clause and start of the text). */
  unannotated: Array<{ clause: string; text: string }>;
  problems: Problem[];
}

const GOALS_RE = /^(主要|總體|总体|發展|发展|工作)?目[標标]$/;
const PHASE_RE = /^(.{2,8}?[階阶]段)\s*[(（]([^()（）]+)[)）]\s*[。.]?/;
const DATE_LEAD_RE = /^(\d{4}年(?:\d{1,2}月)?(?:\s*[至到—\-－~]\s*(?:\d{4}年)?(?:\d{1,2}月)?)?)\s*[,，]/;
const PLACE_LEAD_RE = /^在(.{1,12}?)[,，]/;

/** A task's name: its heading up to the first semicolon, at most about 50 characters (cut at a comma). */
export function taskName(heading: string): string {
  const first = heading.split(/[;；]/)[0]!.trim();
  if (first.length <= 50) return first;
  const cut = Math.max(first.lastIndexOf(',', 50), first.lastIndexOf('，', 50));
  return cut > 10 ? first.slice(0, cut) : first.slice(0, 50);
}

/** First sentence of a text, without its full stop. */
export function firstSentence(text: string): string {
  const end = text.search(/[。!?！？]/);
  return (end < 0 ? text : text.slice(0, end)).trim();
}

/** Collects the units of a clause tree. */
export function collectUnits(clauses: Clause[]): Units {
  const units: Units = { tasks: [], goals: [], phases: [], unannotated: [], problems: [] };
  for (const c of clauses) walk(c, undefined, units);
  return units;
}

function allText(c: Clause): string[] {
  return [...c.paragraphs, ...c.children.flatMap(allText)];
}

function walk(c: Clause, inherited: TaskUnit | undefined, units: Units): void {
  const paragraphs = c.paragraphs.map(splitAnnotation);
  const heading = firstSentence(paragraphs[0]?.text ?? '');
  if (GOALS_RE.test(heading) && c.children.length > 0) return goals(c, units);
  const phase = (paragraphs[0]?.text ?? '').match(PHASE_RE);
  if (phase) return phaseOf(c, phase, paragraphs, units);

  const annotated = paragraphs.filter((p) => p.annotation);
  if (annotated.length === 0) {
    if (inherited) inherited.text += paragraphs.map((p) => p.text).join('');
    else if (c.children.length === 0) units.unannotated.push({ clause: c.label, text: (paragraphs[0]?.text ?? '').slice(0, 30) });
    for (const child of c.children) walk(child, inherited, units);
    return;
  }
  if (annotated.length === 1) {
    const task: TaskUnit = { clause: c.label, heading, text: paragraphs.map((p) => p.text).join(''), annotation: annotated[0]!.annotation, line: c.line };
    units.tasks.push(task);
    for (const child of c.children) walk(child, task, units);
    return;
  }
  // several annotated paragraphs: each is a task of its own; the clause's heading paragraph is not
  paragraphs.forEach((p, i) => {
    if (!p.annotation) {
      if (i > 0) units.unannotated.push({ clause: c.label, text: p.text.slice(0, 30) });
      return;
    }
    const qualifier = p.text.match(PLACE_LEAD_RE)?.[1] ?? p.text.match(DATE_LEAD_RE)?.[1] ?? `¶${i + 1}`;
    units.tasks.push({ clause: `${c.label} ${qualifier}`, heading: firstSentence(p.text), text: p.text, annotation: p.annotation, line: c.line });
  });
  for (const child of c.children) walk(child, undefined, units);
}

function goals(c: Clause, units: Units): void {
  const target = allText(c).join('').match(/到\s*(\d{4})\s*年/)?.[1];
  for (const child of c.children) {
    const text = allText(child).join('');
    const name = firstSentence(text);
    const description = text.slice(text.indexOf(name) + name.length).replace(/^[。\s]+/, '').trim();
    units.goals.push({ clause: child.label, name, ...(description ? { description } : {}), ...(target ? { targetDate: target } : {}) });
  }
}

function phaseOf(c: Clause, m: RegExpMatchArray, paragraphs: Array<ReturnType<typeof splitAnnotation>>, units: Units): void {
  const [whole, name, period] = m;
  const dates = parsePeriod(period!);
  if (!dates.start && !dates.end) units.problems.push({ line: c.line, message: `phase ${name}: period '${period}' not understood (no dates set)` });
  units.phases.push({ clause: c.label, name: name!, period: period!, ...dates });
  const texts = paragraphs.map((p, i) => (i === 0 ? p.text.slice(whole!.length) : p.text).replace(/^[。,，\s]+/, '').trim());
  texts.push(...c.children.flatMap(allText));
  const annotation = paragraphs.find((p) => p.annotation)?.annotation;
  const dated = texts.map((t) => t.match(DATE_LEAD_RE)?.[1]);
  if (!dated.some(Boolean)) {
    units.tasks.push({ clause: c.label, heading: `${name}(${period})`, text: texts.join(''), annotation, phase: c.label, line: c.line });
    return;
  }
  texts.forEach((t, i) => {
    const q = dated[i];
    if (!q) {
      if (t) units.unannotated.push({ clause: c.label, text: t.slice(0, 30) });
      return;
    }
    units.tasks.push({ clause: `${c.label} ${q}`, heading: `${name}(${q})`, text: t, annotation, phase: c.label, line: c.line });
  });
}

/** `2013年8月至2015年12月` → 2013-08 … 2015-12; `2013年7月底前` → … 2013-07-31. */
export function parsePeriod(period: string): { start?: string; end?: string } {
  const ym = (y: string, m?: string, d?: string) => [y, m?.padStart(2, '0'), d?.padStart(2, '0')].filter(Boolean).join('-');
  const range = period.match(/(\d{4})年(?:(\d{1,2})月)?(?:(\d{1,2})日)?\s*[至到—\-－~]\s*(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?/);
  if (range && (range[4] || range[5])) {
    const [, y1, m1, d1, y2, m2, d2] = range;
    return { start: ym(y1!, m1, d1), end: ym(y2 ?? y1!, m2, d2) };
  }
  const monthEnd = period.match(/(\d{4})年(\d{1,2})月(?:底|末)(?:前|以前)?/);
  if (monthEnd) {
    const [, y, m] = monthEnd;
    const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return { end: ym(y!, m, String(last)) };
  }
  const yearEnd = period.match(/(\d{4})年(?:底|末)(?:前|以前)?/);
  if (yearEnd) return { end: `${yearEnd[1]}-12-31` };
  const year = period.match(/^(\d{4})年$/);
  if (year) return { start: year[1], end: year[1] };
  return {};
}
