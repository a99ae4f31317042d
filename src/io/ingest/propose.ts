import { matchKey } from '../../text/normalize.js';
import { ID_PREFIX } from '../../data/dataset.js';
import type { Label, RelType } from '../../ontology.js';
import type { Party } from './annotations.js';
import { Gazetteer, type KnownEntity } from './gazetteer.js';
import { IdAllocator, clauseSlug, documentSlug, slug } from './ids.js';
import type { Header, ParsedDocument, Problem } from './parse.js';
import { collectUnits, taskName, type TaskUnit } from './units.js';
import { unresolvedNames } from './unresolved.js';

/**
 * Turns a parsed plan into a proposal: records in the import format (new nodes and relationships
 * only; what the graph already holds is left alone) and what a reviewer needs to judge them.
 */

/** The graph a document is resolved against. */
export interface KnownGraph {
  entities: KnownEntity[];
  /** Which of these `from|TYPE|to` keys the graph already holds. */
  existingRelationships(keys: string[]): Promise<Set<string>>;
}

export type Rec = Record<string, unknown>;

/** A proposed relationship, with what the review shows of it. */
export interface ProposedLink {
  type: RelType;
  record: Rec & { from: string; to: string };
  clause: string;
  /** The text that was matched or listed, as written. */
  matched?: string;
  /** How the target was found: exact name, abbreviation rule, or a node of this proposal. */
  how?: 'exact' | 'abbreviation' | 'group' | 'new';
  /** True when the graph already holds it (then it is not in the output files). */
  existing: boolean;
}

export interface ProposedNode {
  label: Label;
  record: Rec & { id: string; name: string };
}

export interface Ambiguity {
  text: string;
  clause: string;
  candidates: Array<{ id: string; label: Label; name: string }>;
}

export interface Proposal {
  header: Header;
  /** How the document is cited in `sources`: its number, else its title, else the file name. */
  citation: string;
  documentId: string;
  documentExists: boolean;
  tasks: Array<{ id: string; clause: string; name: string; existing: boolean; agencies: number }>;
  nodes: ProposedNode[];
  links: ProposedLink[];
  ambiguous: Ambiguity[];
  unresolved: Array<{ text: string; clause: string; reason: string }>;
  /** Agencies named in task texts (they act through annotations, so no link is proposed). */
  agencyMentions: Array<{ text: string; clause: string; id: string }>;
  unannotated: Array<{ clause: string; text: string }>;
  problems: Problem[];
}

/** Groups of district governments, as the genre writes them. */
const GROUPS = new Map<string, { id: string; nameEn: string }>([
  ['各区政府', { id: 'agency:district-governments', nameEn: 'District governments (as a group)' }],
  ['各区人民政府', { id: 'agency:district-governments', nameEn: 'District governments (as a group)' }],
  ['各区县政府', { id: 'agency:district-county-governments', nameEn: 'District and county governments (as a group)' }],
  ['各区县人民政府', { id: 'agency:district-county-governments', nameEn: 'District and county governments (as a group)' }],
]);


/** Builds the proposal for one parsed document. */
export async function propose(doc: ParsedDocument, known: KnownGraph, fileName: string): Promise<Proposal> {
  const gaz = new Gazetteer(known.entities);
  const ids = new IdAllocator(known.entities.map((e) => e.id));
  const { header } = doc;
  const units = collectUnits(doc.clauses);
  const citation = header.number ?? header.title ?? fileName;
  const cite = (clause?: string, extra?: string) => [citation, clause, extra].filter(Boolean).join(' ');
  const p: Proposal = {
    header, citation, documentId: '', documentExists: false, tasks: [], nodes: [], links: [], ambiguous: [],
    unresolved: [], agencyMentions: [], unannotated: units.unannotated, problems: [...doc.problems, ...units.problems],
  };

  if (!header.number && !header.title) {
    // without a number or a title there is nothing to cite: propose nothing rather than invent a name
    p.problems.push({ message: `not recognised as a plan of this genre (no number, no title): nothing proposed${units.tasks.length ? ` (${units.tasks.length} annotated units found, not proposed)` : ''}` });
    return p;
  }
  // the document: an existing one by its number, else a new node
  const existingDoc = header.number ? gaz.documentByNumber(header.number) : undefined;
  const docSlug = header.number ? documentSlug(header.number) : slug(header.title!);
  p.documentExists = Boolean(existingDoc);
  p.documentId = existingDoc?.id ?? ids.allocate(`doc:${docSlug}`);
  if (!existingDoc) {
    const aliases = [...new Set([header.number, header.planTitle].filter((a): a is string => Boolean(a) && a !== header.title))];
    p.nodes.push({
      label: 'Document',
      record: {
        id: p.documentId, name: header.title ?? header.number!, ...(aliases.length ? { aliases } : {}), classification: 'PUBLIC',
        sources: [cite(undefined, header.number ? '發文字號; 落款' : undefined)],
        ...pick(header, ['number', 'issuer', 'signed', 'published']),
      },
    });
  }
  const scoped = (label: Label, clause: string) =>
    known.entities.find((e) => e.label === label && e.document === p.documentId && (label === 'Task' ? e.clause === clause : e.sources.includes(cite(clause))));
  const link = (type: RelType, from: string, to: string, clause: string, props: Rec = {}, extra: Partial<ProposedLink> = {}) =>
    p.links.push({ type, record: { from, to, sources: [cite(clause)], ...props }, clause, existing: false, ...extra });

  for (const g of units.goals) {
    const found = scoped('Goal', g.clause);
    const id = found?.id ?? ids.allocate(`goal:${docSlug}-${clauseSlug(g.clause)}`);
    if (!found) p.nodes.push({ label: 'Goal', record: { id, name: g.name, classification: 'PUBLIC', sources: [cite(g.clause)], ...pick(g, ['description', 'targetDate']) } });
    link('PART_OF', id, p.documentId, g.clause);
  }
  const phaseIds = new Map<string, string>();
  for (const ph of units.phases) {
    const found = scoped('Phase', ph.clause);
    const id = found?.id ?? ids.allocate(`phase:${docSlug}-${slug(ph.name, 30)}`);
    phaseIds.set(ph.clause, id);
    if (!found) p.nodes.push({ label: 'Phase', record: { id, name: ph.name, classification: 'PUBLIC', sources: [cite(ph.clause)], ...pick(ph, ['start', 'end']) } });
    link('PART_OF', id, p.documentId, ph.clause);
  }

  const newAgencies = new Map<string, string>(); // agency key -> id proposed in this run
  for (const t of units.tasks) {
    const found = scoped('Task', t.clause);
    const id = found?.id ?? ids.allocate(`task:${docSlug}-${clauseSlug(t.clause)}`);
    if (!found) p.nodes.push({ label: 'Task', record: { id, name: taskName(t.heading) || t.clause, classification: 'PUBLIC', sources: [cite(t.clause)], clause: t.clause, summary: summary(t) } });
    link('PART_OF', id, p.documentId, t.clause);
    if (t.phase) link('SCHEDULED_IN', id, phaseIds.get(t.phase)!, t.clause);
    let agencies = 0;
    for (const party of t.annotation?.parties ?? []) {
      const agency = resolveAgency(party, t.clause);
      if (!agency) continue;
      agencies++;
      link('RESPONSIBLE_FOR', agency.id, id, t.clause, {
        sources: [cite(t.clause, party.keyword)], rank: party.rank, role: party.role, basis: 'STATED',
        ...(agency.how === 'abbreviation' ? { note: `listed as "${party.name}"; resolved by abbreviation` } : {}),
      }, { matched: party.name, how: agency.how });
    }
    p.tasks.push({ id, clause: t.clause, name: taskName(t.heading), existing: Boolean(found), agencies });
    const linked = new Set<string>([p.documentId]);
    const coordinated = gaz.coordinated(t.text);
    const consumed = new Set(coordinated.consumed.map((c) => matchKey(c)));
    const mentions = [...gaz.scan(t.text).filter((m) => !consumed.has(matchKey(m.text))), ...coordinated.mentions];
    for (const m of mentions) {
      const candidates = m.candidates.filter((c) => c.id !== p.documentId);
      if (candidates.length > 1) {
        p.ambiguous.push({ text: m.text, clause: t.clause, candidates: candidates.map((c) => ({ id: c.id, label: c.label, name: c.name })) });
      } else if (candidates[0]?.label === 'Agency') {
        p.agencyMentions.push({ text: m.text, clause: t.clause, id: candidates[0].id });
      } else if (candidates[0] && !linked.has(candidates[0].id)) {
        linked.add(candidates[0].id);
        link('CONCERNS', id, candidates[0].id, t.clause, { basis: 'INFERRED', note: `matched "${m.text}" in the clause text` }, { matched: m.text, how: 'exact' });
      }
    }
    for (const u of unresolvedNames(t.text, gaz)) p.unresolved.push({ ...u, clause: t.clause });
  }

  const keys = p.links.map((l) => `${l.record.from}|${l.type}|${l.record.to}`);
  const existing = await known.existingRelationships(keys);
  p.links.forEach((l, i) => (l.existing = existing.has(keys[i]!)));
  return p;

  function resolveAgency(party: Party, clause: string): { id: string; how: NonNullable<ProposedLink['how']> } | undefined {
    const { candidates, how } = gaz.agency(party.name);
    if (candidates.length === 1) return { id: candidates[0]!.id, how: how as 'exact' | 'abbreviation' };
    if (candidates.length > 1) {
      p.ambiguous.push({ text: party.name, clause, candidates: candidates.map((c) => ({ id: c.id, label: c.label, name: c.name })) });
      return undefined;
    }
    const key = matchKey(party.name);
    const group = GROUPS.get(key);
    const proposed = newAgencies.get(group ? group.id : key);
    if (proposed) {
      const node = p.nodes.find((n) => n.record.id === proposed)!;
      const src = cite(clause, party.keyword);
      if (!(node.record.sources as string[]).includes(src)) (node.record.sources as string[]).push(src);
      return { id: proposed, how: group ? 'group' : 'new' };
    }
    const id = group ? ids.allocate(group.id) : ids.allocate(`${ID_PREFIX.Agency}:${slug(party.name)}`);
    newAgencies.set(group ? group.id : key, id);
    p.nodes.push({
      label: 'Agency',
      record: {
        id, name: party.name, ...(group ? { nameEn: group.nameEn } : {}), classification: 'PUBLIC', sources: [cite(clause, party.keyword)],
        kind: agencyKind(party.name), basis: 'STATED',
        note: group ? 'a group: the district governments the text addresses together' : `kind inferred from the name's ending`,
      },
    });
    return { id, how: group ? 'group' : 'new' };
  }
}

/** The kind an agency's name implies (its ending), OTHER when it implies none. */
export function agencyKind(name: string): string {
  const n = matchKey(name);
  if (/^各区/.test(n) || /区政府$|县政府$|区人民政府$/.test(n)) return 'DISTRICT_GOVERNMENT';
  if (/^(北京)?市(人民)?政府$/.test(n)) return 'MUNICIPAL_GOVERNMENT';
  if (/管委会$|管理委员会$/.test(n)) return 'ADMINISTRATIVE_COMMITTEE';
  if (/委$|委员会$/.test(n)) return 'MUNICIPAL_COMMISSION';
  if (/局$/.test(n)) return 'MUNICIPAL_BUREAU';
  if (/办$|办公室$|办公厅$/.test(n)) return 'MUNICIPAL_OFFICE';
  return 'OTHER';
}

function summary(t: TaskUnit): string {
  const text = t.text.trim() || t.heading || t.clause;
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function pick<T extends object>(o: T, keys: Array<keyof T>): Rec {
  const out: Rec = {};
  for (const k of keys) if (o[k] !== undefined) out[k as string] = o[k];
  return out;
}
