import { badInput } from '../errors.js';
import { isLabel, type Label } from '../ontology.js';
import { visiblePath } from './cypher.js';

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

const LOCATION = ':LOCATED_IN|PART_OF*1..8';
const SUBTREE = ':PART_OF*0..10';

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
