import { ApiError, badInput } from '../errors.js';
import { ENTITY_LABEL, isLabel, type Label } from '../ontology.js';
import type { Database } from '../db/database.js';
import { AREA_STEPS, PLACE_STEPS, visible, visiblePath } from './cypher.js';
import { suggestions } from './search.js';

/** Any of the schema's filter inputs: shared fields, label-specific fields, and AND / OR / NOT. */
export interface Filter {
  AND?: Filter[] | null;
  OR?: Filter[] | null;
  NOT?: Filter | null;
  ids?: string[] | null;
  text?: string | null;
  classification?: string[] | null;
  labels?: string[] | null;
  basis?: string[] | null;
  [field: string]: unknown;
}

/** Collects parameters while a query is being built; names are generated, values never inlined. */
export class Params {
  readonly values: Record<string, unknown> = {};
  private n = 0;
  add(value: unknown): string {
    const name = `p${this.n++}`;
    this.values[name] = value;
    return `$${name}`;
  }
  /** A fresh variable name for a sub-pattern. */
  variable(prefix = 'q'): string {
    return `${prefix}${this.n++}`;
  }
}

type FieldCompiler = (value: never, m: string, params: Params) => string;

const LOCATION = `:${PLACE_STEPS}`;
const SUBTREE = `:${AREA_STEPS}`;

/** A pattern from `m` that must exist with every item along it visible. */
function exists(params: Params, pattern: (q: string) => string): string {
  const q = params.variable();
  return `EXISTS { MATCH ${q} = ${pattern(q)} WHERE ${visiblePath(q)} }`;
}

const inList = (prop: string) => (value: string[], m: string, params: Params) => `${m}.${prop} IN ${params.add(value)}`;

const inDistrict = (value: string, m: string, params: Params) => exists(params, () => `(${m})-[${LOCATION}]->(:District {id: ${params.add(value)}})`);
const inPark = (value: string, m: string, params: Params) => exists(params, () => `(${m})-[${LOCATION}]->(:Park {id: ${params.add(value)}})`);
const focusesOn = (value: string, m: string, params: Params) =>
  exists(params, () => `(${m})-[:FOCUSES_ON]->(:Technology)-[${SUBTREE}]->(:Technology {id: ${params.add(value)}})`);

/** Label-specific filter fields: each turns its value into a condition on `m`. */
const FIELDS: Partial<Record<Label, Record<string, FieldCompiler>>> = {
  Facility: {
    kind: inList('kind'),
    status: inList('status'),
    access: inList('access'),
    accessMode: (value: string, m, params) => `${params.add(value)} IN coalesce(${m}.accessModes, [])`,
    district: inDistrict,
    park: inPark,
    technology: (value: string, m, params) =>
      exists(params, () => `(${m})-[:SERVES]->(:Technology)-[${SUBTREE}]->(:Technology {id: ${params.add(value)}})`),
    institution: (value: string, m, params) => exists(params, () => `(:Institution {id: ${params.add(value)}})-[:OPERATES|USES]->(${m})`),
  },
  Institution: {
    sector: inList('sector'),
    district: inDistrict,
    park: inPark,
    technology: focusesOn,
    facility: (value: string, m, params) => exists(params, () => `(${m})-[:OPERATES|USES]->(:Facility {id: ${params.add(value)}})`),
  },
  Park: {
    kind: inList('kind'),
    district: inDistrict,
    within: inPark,
    technology: focusesOn,
    function: (value: string, m, params) => `${params.add(value)} IN coalesce(${m}.function, [])`,
  },
  Technology: {
    under: (value: string, m, params) => exists(params, () => `(${m})-[${SUBTREE}]->(:Technology {id: ${params.add(value)}})`),
    root: (value: boolean, m) =>
      `${value ? 'NOT ' : ''}EXISTS { MATCH (${m})-[pp:PART_OF]->(up:Technology) WHERE pp.classificationLevel <= $clearance AND up.classificationLevel <= $clearance }`,
  },
  Agency: {
    kind: inList('kind'),
    task: (value: string, m, params) => exists(params, () => `(${m})-[:RESPONSIBLE_FOR]->(:Task {id: ${params.add(value)}})`),
  },
  Task: {
    agency: (value: string, m, params) => exists(params, () => `(:Agency {id: ${params.add(value)}})-[:RESPONSIBLE_FOR]->(${m})`),
    phase: (value: string, m, params) => exists(params, () => `(${m})-[:SCHEDULED_IN]->(:Phase {id: ${params.add(value)}})`),
    concerns: (value: string, m, params) => exists(params, () => `(${m})-[:CONCERNS]->(:Entity {id: ${params.add(value)}})`),
    clause: (value: string, m, params) => `${m}.clause STARTS WITH ${params.add(value)}`,
  },
  Standard: { body: inList('body') },
  IPAsset: { kind: inList('kind') },
  FinancingInstrument: {
    kind: inList('kind'),
    direct: (value: boolean, m, params) => `coalesce(${m}.direct, false) = ${params.add(value)}`,
  },
  Program: { kind: inList('kind') },
  Need: {
    kind: inList('kind'),
    status: inList('status'),
    technology: (value: string, m, params) => exists(params, () => `(${m})-[:REQUIRES]->(:Technology {id: ${params.add(value)}})`),
  },
};

const MAX_DEPTH = 8;

/**
 * Compiles a filter on variable `m` of `label` (null for mixed lists) into a Cypher condition.
 * Unknown fields cannot arrive (the schema types them), so they are treated as a programming error.
 */
export function compileFilter(filter: Filter | null | undefined, label: Label | null, params: Params, m = 'm', depth = 0): string {
  if (!filter) return 'true';
  if (depth > MAX_DEPTH) throw badInput('filter', `filters nest at most ${MAX_DEPTH} deep`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    switch (key) {
      case 'AND':
        parts.push(...(value as Filter[]).map((f) => `(${compileFilter(f, label, params, m, depth + 1)})`));
        break;
      case 'OR':
        parts.push(`(${(value as Filter[]).map((f) => `(${compileFilter(f, label, params, m, depth + 1)})`).join(' OR ') || 'false'})`);
        break;
      case 'NOT':
        parts.push(`NOT (${compileFilter(value as Filter, label, params, m, depth + 1)})`);
        break;
      case 'ids':
        parts.push(`${m}.id IN ${params.add(value)}`);
        break;
      case 'text': {
        const p = params.add((value as string).toLowerCase());
        parts.push(
          `(toLower(${m}.name) CONTAINS ${p} OR toLower(coalesce(${m}.nameEn, '')) CONTAINS ${p} OR any(a IN coalesce(${m}.aliases, []) WHERE toLower(a) CONTAINS ${p}))`,
        );
        break;
      }
      case 'classification':
        parts.push(`${m}.classification IN ${params.add(value)}`);
        break;
      case 'basis':
        // records written before `basis` existed (or by the generator) count as STATED
        parts.push(`coalesce(${m}.basis, 'STATED') IN ${params.add(value)}`);
        break;
      case 'labels': {
        const labels = value as string[];
        if (!labels.every(isLabel)) throw badInput('filter.labels', 'unknown label');
        parts.push(`any(l IN labels(${m}) WHERE l IN ${params.add(labels)})`);
        break;
      }
      default: {
        const compile = label ? FIELDS[label]?.[key] : undefined;
        if (!compile) throw new Error(`filter field '${key}' has no compiler for ${label ?? 'Node'}`);
        parts.push((compile as (v: unknown, m: string, p: Params) => string)(value, m, params));
      }
    }
  }
  return parts.length > 0 ? parts.join(' AND ') : 'true';
}

/** An id given where a node is expected: the argument (path) naming it and the label it must have (null: any). */
export interface IdReference {
  argument: string;
  id: string;
  label: Label | null;
  /** True outside OR / NOT: then any row matching the filter proves the id names a visible node. */
  conjunctive?: boolean;
}

/** Filter fields that take one id, and the label of the node it names (null: any label). */
const ID_FIELDS: Readonly<Record<string, Label | null>> = {
  district: 'District',
  park: 'Park',
  within: 'Park',
  technology: 'Technology',
  under: 'Technology',
  institution: 'Institution',
  facility: 'Facility',
  agency: 'Agency',
  task: 'Task',
  phase: 'Phase',
  concerns: null,
};

/**
 * The ids a filter names in its id fields (`district`, `technology`, …, at any depth of AND / OR /
 * NOT), each with its argument path (`filter.OR.1.district`). `ids` is a set to match, not a
 * reference, so it is not listed.
 */
export function idReferences(filter: Filter | null | undefined, label: Label | null, argument = 'filter', depth = 0, conjunctive = true): IdReference[] {
  if (!filter || depth > MAX_DEPTH) return [];
  const out: IdReference[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'AND' || key === 'OR') {
      (value as Filter[]).forEach((f, i) => out.push(...idReferences(f, label, `${argument}.${key}.${i}`, depth + 1, conjunctive && key === 'AND')));
    } else if (key === 'NOT') out.push(...idReferences(value as Filter, label, `${argument}.NOT`, depth + 1, false));
    else if (typeof value === 'string' && key in ID_FIELDS && label && FIELDS[label]?.[key]) {
      out.push({ argument: `${argument}.${key}`, id: value, label: ID_FIELDS[key]!, conjunctive });
    }
  }
  return out;
}

/**
 * Checks that every referenced id names a node the caller may see, of the expected label. The first
 * that does not gives BAD_USER_INPUT naming its argument, with up to five `suggestions` ({id, name})
 * found by search on the id's text: "no District with id '大興區'; did you mean district:daxing 大興區?".
 * A hidden id gets exactly the answer a missing one gets (suggestions come from visible nodes only).
 */
export async function checkIds(db: Database, refs: readonly IdReference[], clearance: number): Promise<void> {
  if (refs.length === 0) return;
  const rows = await db.read(
    `UNWIND range(0, size($refs) - 1) AS i
     WITH i, $refs[i] AS ref
     OPTIONAL MATCH (n:${ENTITY_LABEL} {id: ref.id}) WHERE ${visible('n')} AND (ref.label IS NULL OR ref.label IN labels(n))
     WITH i, n ORDER BY i
     RETURN collect(n IS NOT NULL) AS found`,
    { refs: refs.map((r) => ({ id: r.id, label: r.label })), clearance },
  );
  const found = rows[0]!.found as boolean[];
  const missing = refs.findIndex((_, i) => !found[i]);
  if (missing < 0) return;
  const ref = refs[missing]!;
  const hints = await suggestions(db, ref.id, ref.label, clearance);
  const hint = hints.length > 0 ? `; did you mean ${hints.map((h) => `${h.id} ${h.name}`).join(', ')}?` : '';
  throw new ApiError('BAD_USER_INPUT', `no ${ref.label ?? 'node'} with id '${ref.id}'${hint}`, ref.argument, { suggestions: hints });
}

/**
 * `checkIds` for the id fields of a filter on `label`, run after the list query: when some row
 * matched (`matched`), the ids outside OR / NOT are proven visible (every id field's pattern
 * requires a visible node of its label), so the usual case costs no extra round trip.
 */
export function checkFilterIds(db: Database, filter: Filter | null | undefined, label: Label | null, clearance: number, matched: boolean): Promise<void> {
  return checkIds(db, idReferences(filter, label).filter((r) => !(matched && r.conjunctive)), clearance);
}
