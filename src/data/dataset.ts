import { z } from 'zod';
import {
  ACCESS_MODES,
  AGENCY_KINDS,
  BASES,
  CLASSIFICATIONS,
  CLASSIFICATION_LEVEL,
  FACILITY_ACCESS,
  FACILITY_KINDS,
  FACILITY_STATUSES,
  FINANCING_KINDS,
  INSTITUTION_SECTORS,
  PARK_FUNCTIONS,
  PARK_KINDS,
  PROGRAM_KINDS,
  NEED_KINDS,
  NEED_STATUSES,
  REL_ROLES,
  isLabel,
  isRelType,
  relationshipAllowed,
  type Label,
  type RelType,
} from '../ontology.js';

/** A node record as stored: scalar or string-list properties only (Neo4j has no nested maps). */
export type Props = Record<string, string | number | boolean | string[]>;

export interface NodeRecord {
  label: Label;
  props: Props & { id: string };
  /** Where the record came from, for error messages: `file#index`. */
  origin: string;
}

export interface RelRecord {
  type: RelType;
  from: string;
  to: string;
  props: Props;
  origin: string;
}

/** Everything to load, already validated. */
export interface Dataset {
  nodes: NodeRecord[];
  rels: RelRecord[];
}

/** One rejected record: which file and record, which field, what is wrong. */
export interface Rejection {
  origin: string;
  field: string;
  message: string;
}

/** Thrown when any record is invalid; nothing has been written. */
export class DatasetError extends Error {
  constructor(readonly rejections: Rejection[]) {
    const shown = rejections.slice(0, 50).map((r) => `  ${r.origin} ${r.field}: ${r.message}`);
    const more = rejections.length > 50 ? `\n  ... and ${rejections.length - 50} more` : '';
    super(`${rejections.length} record(s) rejected, nothing written:\n${shown.join('\n')}${more}`);
    this.name = 'DatasetError';
  }
}

/** Id prefix of each label: ids read `<kind>:<slug>`. */
export const ID_PREFIX: Record<Label, string> = {
  Document: 'doc',
  Agency: 'agency',
  District: 'district',
  Park: 'park',
  Institution: 'inst',
  Facility: 'facility',
  Technology: 'tech',
  Standard: 'standard',
  IPAsset: 'ip',
  Certification: 'cert',
  FinancingInstrument: 'fin',
  Task: 'task',
  Phase: 'phase',
  Goal: 'goal',
  Program: 'program',
  Need: 'need',
};

const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)');
const text = z.string().trim().min(1, 'must not be empty');

const common = {
  id: z.string().regex(/^[a-z]+:[a-z0-9][a-z0-9._-]*$/, 'expected `<kind>:<slug>` in lower case (a-z, 0-9, - . _)'),
  name: text,
  nameEn: text.optional(),
  aliases: z.array(text).optional(),
  classification: z.enum(CLASSIFICATIONS).default('PUBLIC'),
  sources: z.array(text).min(1, 'every record needs its provenance'),
  /** STATED unless the record says INFERRED (then `note` is required, see `withNote`). */
  basis: z.enum(BASES).default('STATED'),
  note: text.optional(),
  /** True for a node that stands for a class ("national key laboratories"), not one instance. */
  generic: z.boolean().optional(),
};

/** An INFERRED record must say how it was inferred. */
function withNote<T extends z.ZodType<{ basis?: string; note?: string }>>(schema: T): T {
  return schema.refine((r) => r.basis !== 'INFERRED' || r.note !== undefined, {
    message: 'an INFERRED record needs a `note` saying how it was inferred',
    path: ['note'],
  }) as unknown as T;
}

/** Per-label schemas: the ontology's properties, strictly (an unknown field is an error, not noise). */
export const NODE_SCHEMAS: Record<Label, z.ZodType<Record<string, unknown>>> = {
  Document: withNote(z.strictObject({ ...common, number: text.optional(), issuer: text.optional(), signed: isoDate.optional(), published: isoDate.optional() })),
  Agency: withNote(z.strictObject({ ...common, kind: z.enum(AGENCY_KINDS) })),
  District: withNote(z.strictObject({ ...common })),
  Park: withNote(z.strictObject({ ...common, kind: z.enum(PARK_KINDS), function: z.array(z.enum(PARK_FUNCTIONS)).optional() })),
  Institution: withNote(z.strictObject({ ...common, sector: z.enum(INSTITUTION_SECTORS).optional() })),
  Facility: withNote(
    z.strictObject({
      ...common,
      kind: z.enum(FACILITY_KINDS),
      status: z.enum(FACILITY_STATUSES).optional(),
      access: z.enum(FACILITY_ACCESS).optional(),
      accessModes: z.array(z.enum(ACCESS_MODES)).optional(),
    }),
  ),
  Technology: withNote(z.strictObject({ ...common })),
  Standard: withNote(z.strictObject({ ...common, body: text.optional() })),
  IPAsset: withNote(z.strictObject({ ...common, kind: text.optional() })),
  Certification: withNote(z.strictObject({ ...common })),
  FinancingInstrument: withNote(z.strictObject({ ...common, kind: z.enum(FINANCING_KINDS).optional(), direct: z.boolean().optional() })),
  Task: withNote(z.strictObject({ ...common, clause: text, summary: text, summaryEn: text.optional() })),
  Phase: withNote(z.strictObject({ ...common, start: isoDate.optional(), end: isoDate.optional() })),
  Goal: withNote(z.strictObject({ ...common, targetDate: isoDate.optional(), description: text.optional(), descriptionEn: text.optional() })),
  Program: withNote(z.strictObject({ ...common, kind: z.enum(PROGRAM_KINDS).optional() })),
  Need: withNote(
    z.strictObject({
      ...common,
      kind: z.enum(NEED_KINDS).optional(),
      status: z.enum(NEED_STATUSES).default('OPEN'),
      description: text.optional(),
      descriptionEn: text.optional(),
      deadline: isoDate.optional(),
      /** Candidates lacking a required certification are ineligible (not merely marked). */
      certificationsMandatory: z.boolean().optional(),
    }),
  ),
};

const relSchema = z.strictObject({
  from: text,
  to: text,
  classification: z.enum(CLASSIFICATIONS).default('PUBLIC'),
  sources: z.array(text).min(1, 'every relationship needs its provenance'),
  role: text.optional(),
  /** Position in the source's list (RESPONSIBLE_FOR keeps the order of 主責單位). */
  rank: z.number().int().positive().optional(),
  weight: z.number().nonnegative().optional(),
  /** USES recorded by an approved access request: the period of use. */
  periodStart: isoDate.optional(),
  periodEnd: isoDate.optional(),
  basis: z.enum(BASES).default('STATED'),
  note: text.optional(),
}).refine((r) => r.basis !== 'INFERRED' || r.note !== undefined, {
  message: 'an INFERRED relationship needs a `note` saying how it was inferred',
  path: ['note'],
});

/** Raw input before validation: records grouped by label or relationship type, with their file. */
export interface RawFile {
  file: string;
  label?: string;
  type?: string;
  records: unknown[];
  /** Entries of a common-aliases file (see aliases.ts); such a file has no records. */
  aliases?: unknown[];
}

/**
 * Validates every record of every file and checks the graph they form: unique ids, known labels and
 * types, endpoints that exist (in the input or, via `existingLabels`, in the database) and are allowed
 * by the ontology. Throws DatasetError listing every offending record; returns the dataset otherwise.
 */
export function validate(files: RawFile[], existingLabels: ReadonlyMap<string, Label> = new Map()): Dataset {
  const rejections: Rejection[] = [];
  const nodes: NodeRecord[] = [];
  const rels: RelRecord[] = [];
  const labelOf = new Map<string, Label>();
  const firstSeen = new Map<string, string>();

  for (const f of files) {
    if (f.label !== undefined) {
      if (!isLabel(f.label)) {
        rejections.push({ origin: f.file, field: 'label', message: `unknown label '${f.label}'` });
        continue;
      }
      const label = f.label;
      f.records.forEach((raw, i) => {
        const origin = `${f.file}#${i + 1}`;
        const where = describe(origin, raw);
        const rawId = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
        // duplicates are reported even when the first occurrence is invalid for another reason
        if (typeof rawId === 'string') {
          const dup = firstSeen.get(rawId);
          if (dup) {
            rejections.push({ origin: where, field: 'id', message: `duplicate id, first defined at ${dup}` });
            return;
          }
          firstSeen.set(rawId, origin);
        }
        const parsed = NODE_SCHEMAS[label].safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) rejections.push({ origin: where, field: fieldOf(issue), message: issue.message });
          return;
        }
        const props = parsed.data as NodeRecord['props'];
        if (!props.id.startsWith(`${ID_PREFIX[label]}:`)) {
          rejections.push({ origin: where, field: 'id', message: `ids of ${label} start with '${ID_PREFIX[label]}:'` });
          return;
        }
        const existing = existingLabels.get(props.id);
        if (existing && existing !== label) {
          rejections.push({ origin: where, field: 'id', message: `id already belongs to a ${existing} in the database` });
          return;
        }
        labelOf.set(props.id, label);
        nodes.push({ label, props: withLevel(props), origin });
      });
    } else if (f.type !== undefined) {
      if (!isRelType(f.type)) {
        rejections.push({ origin: f.file, field: 'type', message: `unknown relationship type '${f.type}'` });
        continue;
      }
      const type = f.type;
      f.records.forEach((raw, i) => {
        const origin = `${f.file}#${i + 1}`;
        const parsed = relSchema.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) rejections.push({ origin, field: fieldOf(issue), message: issue.message });
          return;
        }
        const { from, to, ...props } = parsed.data;
        const roles = REL_ROLES[type];
        if (props.role !== undefined && !roles?.includes(props.role)) {
          rejections.push({ origin, field: 'role', message: roles ? `role of ${type} is one of ${roles.join(', ')}` : `${type} takes no role` });
          return;
        }
        rels.push({ type, from, to, props: withLevel(props as Props), origin: `${origin} (${from} -${type}-> ${to})` });
      });
    } else {
      rejections.push({ origin: f.file, field: 'label', message: 'a file needs a `label` (nodes) or a `type` (relationships)' });
    }
  }

  const seenRels = new Map<string, string>();
  for (const r of rels) {
    const a = labelOf.get(r.from) ?? existingLabels.get(r.from);
    const b = labelOf.get(r.to) ?? existingLabels.get(r.to);
    if (!a) rejections.push({ origin: r.origin, field: 'from', message: `no node with id '${r.from}'` });
    if (!b) rejections.push({ origin: r.origin, field: 'to', message: `no node with id '${r.to}'` });
    if (a && b && !relationshipAllowed(r.type, a, b)) {
      rejections.push({ origin: r.origin, field: 'type', message: `${r.type} is not allowed from ${a} to ${b}` });
    }
    const key = `${r.from}|${r.type}|${r.to}`;
    const dup = seenRels.get(key);
    if (dup) rejections.push({ origin: r.origin, field: 'from,to', message: `duplicate relationship, first defined at ${dup}` });
    else seenRels.set(key, r.origin);
  }

  if (rejections.length > 0) throw new DatasetError(rejections);
  return { nodes, rels };
}

function withLevel<T extends Props>(props: T): T {
  const level = CLASSIFICATION_LEVEL[props.classification as keyof typeof CLASSIFICATION_LEVEL];
  return { ...props, classificationLevel: level };
}

function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return issue.keys.join(',');
  return issue.path.length > 0 ? issue.path.join('.') : '(record)';
}

function describe(origin: string, raw: unknown): string {
  const id = raw && typeof raw === 'object' && 'id' in raw ? String((raw as { id: unknown }).id) : undefined;
  return id ? `${origin} (${id})` : origin;
}
