import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError, badInput, notFound } from '../errors.js';
import { CLASSIFICATION_LEVEL, ENTITY_LABEL, relationshipAllowed, type Classification, type Label, type RelType } from '../ontology.js';
import { toNative, toParams, type Database } from '../db/database.js';
import { entity, labelOf, relationship } from './cypher.js';
import { ID_PREFIX, NODE_SCHEMAS } from './dataset.js';
import type { EntityRow } from './entities.js';
import type { RelRow } from './relationships.js';
import { appendAuditInTx } from './audit.js';
import { searchLabels } from './search.js';
import { withSearchProperties, withoutSearchProperties } from '../text/search-fields.js';
import { clearanceLevel, type Viewer } from './viewer.js';

/**
 * Writes from the API. Each runs in one write transaction that re-reads what it checks, so a check
 * and its write cannot be separated by another writer. An id the caller may not see is reported
 * exactly like a missing one. Each appends its audit record in the same transaction.
 */

/** Who writes, and as part of which operation (for the audit trail). */
export interface Actor {
  viewer: Viewer;
  operation: string;
  /** Id of this write's audit record, fixed outside the (retryable) transaction. */
  auditId: string;
}

const audit = (tx: ManagedTransaction, actor: Actor, ids: string[]) =>
  appendAuditInTx(tx, { id: actor.auditId, kind: 'WRITE', operation: actor.operation, viewer: actor.viewer, ids });

type Input = Record<string, unknown>;

async function one<T>(tx: ManagedTransaction, cypher: string, params: Record<string, unknown>): Promise<T | undefined> {
  const res = await tx.run(cypher, toParams(params));
  const rec = res.records[0];
  return rec ? (toNative(rec.toObject()) as T) : undefined;
}

function checkClassification(viewer: Viewer, classification: unknown, argument: string): void {
  if (typeof classification === 'string' && CLASSIFICATION_LEVEL[classification as Classification] > clearanceLevel(viewer)) {
    throw badInput(argument, `classification ${classification} is above your clearance (${viewer.clearance})`);
  }
}

/** Validates a full record of `label` with the import schemas; errors name the input field. */
function validated(label: Label, record: Input, argument: string): Input {
  const parsed = NODE_SCHEMAS[label].safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(`${argument}.${issue.path.join('.') || 'id'}`, issue.message);
  }
  const props = parsed.data;
  return withSearchProperties({ ...props, classificationLevel: CLASSIFICATION_LEVEL[props.classification as Classification] });
}

function slug(label: Label, input: Input, argument = 'input'): string {
  if (typeof input.id === 'string') return input.id;
  const base = typeof input.nameEn === 'string' ? input.nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : '';
  if (!base) throw badInput(`${argument}.id`, 'give an id, or an English name to derive it from');
  return `${ID_PREFIX[label]}:${base}`;
}

const withoutNulls = (o: Input) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** Largest batch of `createNodes`. */
export const MAX_CREATE_BATCH = 100;

/** Creates a node of `label`; fails if the id is taken. */
export async function createNode(db: Database, actor: Actor, label: Label, input: Input): Promise<EntityRow> {
  return (await create(db, actor, label, [input], () => 'input'))[0]!;
}

/**
 * Creates nodes of `label` in one transaction, all or none; fails if any id is taken or repeated.
 * Errors name the input at fault (`inputs.<index>.<field>`).
 */
export async function createNodes(db: Database, actor: Actor, label: Label, inputs: readonly Input[]): Promise<EntityRow[]> {
  if (inputs.length < 1 || inputs.length > MAX_CREATE_BATCH) throw badInput('inputs', `give 1 to ${MAX_CREATE_BATCH} inputs (got ${inputs.length})`);
  return create(db, actor, label, inputs, (i) => `inputs.${i}`);
}

async function create(db: Database, actor: Actor, label: Label, inputs: readonly Input[], argument: (i: number) => string): Promise<EntityRow[]> {
  const rows = inputs.map((input, i) => {
    const props = validated(label, { ...withoutNulls(input), id: slug(label, input, argument(i)) }, argument(i));
    checkClassification(actor.viewer, props.classification, `${argument(i)}.classification`);
    if (!(props.id as string).startsWith(`${ID_PREFIX[label]}:`)) throw badInput(`${argument(i)}.id`, `ids of ${label} start with '${ID_PREFIX[label]}:'`);
    return props;
  });
  const ids = rows.map((r) => r.id as string);
  const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (repeated >= 0) throw badInput(`${argument(repeated)}.id`, `id '${ids[repeated]}' is given twice`);
  let created: EntityRow[] = [];
  await db.writeAll(async (tx) => {
    const taken = await one<{ id: string | null }>(tx, `OPTIONAL MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids RETURN n.id AS id LIMIT 1`, { ids });
    if (taken?.id) throw badInput(`${argument(ids.indexOf(taken.id))}.id`, `id '${taken.id}' is not available`);
    // `label` comes from the mutation's name (allow-list), never from input text
    const res = await tx.run(`UNWIND $rows AS props CREATE (n:${ENTITY_LABEL}:${label}) SET n = props ${searchLabels('n')} RETURN ${entity('n')} AS n`, toParams({ rows }));
    created = res.records.map((r) => toNative(r.get('n')) as EntityRow);
    await audit(tx, actor, ids);
  });
  return created;
}

/** Applies a patch to a visible node of `label`; null fields are left as they are. */
export async function updateNode(db: Database, actor: Actor, label: Label, id: string, patch: Input): Promise<EntityRow> {
  const { viewer } = actor;
  checkClassification(viewer, patch.classification, 'patch.classification');
  let updated: EntityRow | undefined;
  await db.writeAll(async (tx) => {
    const current = await one<{ n: Input }>(
      tx,
      `MATCH (n:${label}:${ENTITY_LABEL} {id: $id}) WHERE n.classificationLevel <= $clearance RETURN properties(n) AS n`,
      { id, clearance: clearanceLevel(viewer) },
    );
    if (!current) throw notFound('id', id);
    const { classificationLevel: _derived, ...props } = withoutSearchProperties(current.n);
    const next = validated(label, { ...props, ...withoutNulls(patch) }, 'patch');
    const row = await one<{ n: EntityRow }>(tx, `MATCH (n:${ENTITY_LABEL} {id: $id}) SET n = $props ${searchLabels('n')} RETURN ${entity('n')} AS n`, { id, props: next });
    updated = row!.n;
    await audit(tx, actor, [id]);
  });
  return updated!;
}

/**
 * Deletes a visible node with its relationships. Refused when relationships the caller may not see
 * are attached: deleting them would destroy data above the caller's clearance.
 */
export async function deleteNode(db: Database, actor: Actor, id: string): Promise<{ id: string; relationshipsDeleted: number }> {
  const { viewer } = actor;
  let deleted = 0;
  await db.writeAll(async (tx) => {
    const row = await one<{ found: number; visibleRels: number; hiddenRels: number }>(
      tx,
      `MATCH (n:${ENTITY_LABEL} {id: $id}) WHERE n.classificationLevel <= $clearance
       OPTIONAL MATCH (n)-[r]-(o)
       RETURN count(DISTINCT n) AS found,
              count(CASE WHEN r.classificationLevel <= $clearance AND o.classificationLevel <= $clearance THEN 1 END) AS visibleRels,
              count(CASE WHEN r.classificationLevel > $clearance OR o.classificationLevel > $clearance THEN 1 END) AS hiddenRels`,
      { id, clearance: clearanceLevel(viewer) },
    );
    // an aggregate always returns a row: `found` says whether the node matched
    if (!row || row.found === 0) throw notFound('id', id);
    if (row.hiddenRels > 0) throw new ApiError('FORBIDDEN', 'this node is linked to items above your clearance; ask someone cleared for them', 'id');
    await tx.run(`MATCH (n:${ENTITY_LABEL} {id: $id}) DETACH DELETE n`, { id });
    deleted = row.visibleRels;
    await audit(tx, actor, [id]);
  });
  return { id, relationshipsDeleted: deleted };
}

export interface LinkInput {
  from: string;
  type: RelType;
  to: string;
  classification?: Classification | null;
  sources: string[];
  role?: string | null;
  rank?: number | null;
  weight?: number | null;
}

/** Creates (or updates) a relationship the ontology allows between two visible nodes. */
export async function link(db: Database, actor: Actor, input: LinkInput): Promise<{ relationship: RelRow; created: boolean }> {
  const { viewer } = actor;
  const classification = input.classification ?? 'PUBLIC';
  checkClassification(viewer, classification, 'input.classification');
  if (input.sources.length === 0 || input.sources.some((s) => s.trim() === '')) throw badInput('input.sources', 'give at least one non-empty source');
  if (input.rank != null && (!Number.isInteger(input.rank) || input.rank < 1)) throw badInput('input.rank', 'rank must be a positive integer');
  if (input.weight != null && (!Number.isFinite(input.weight) || input.weight < 0)) throw badInput('input.weight', 'weight must be a non-negative number');
  const props = withoutNulls({
    classification,
    classificationLevel: CLASSIFICATION_LEVEL[classification],
    sources: input.sources,
    role: input.role,
    rank: input.rank,
    weight: input.weight,
  });
  let result: { relationship: RelRow; created: boolean } | undefined;
  await db.writeAll(async (tx) => {
    const ends = await endpoints(tx, viewer, input.from, input.to);
    if (!relationshipAllowed(input.type, ends.fromLabel, ends.toLabel)) {
      throw badInput('input.type', `${input.type} is not allowed from ${ends.fromLabel} to ${ends.toLabel}`);
    }
    const existing = await one<{ level: number }>(
      tx,
      `MATCH (:${ENTITY_LABEL} {id: $from})-[r:${input.type}]->(:${ENTITY_LABEL} {id: $to}) RETURN r.classificationLevel AS level`,
      { from: input.from, to: input.to },
    );
    // a hidden relationship is not replaced by a visible one: that would lower or leak it
    if (existing && existing.level > clearanceLevel(viewer)) throw new ApiError('FORBIDDEN', 'a relationship you cannot see links these nodes', 'input.type');
    const row = await one<{ r: RelRow }>(
      tx,
      `MATCH (a:${ENTITY_LABEL} {id: $from}), (b:${ENTITY_LABEL} {id: $to})
       MERGE (a)-[r:${input.type}]->(b)
       SET r = $props
       RETURN ${relationship('r')} AS r`,
      { from: input.from, to: input.to, props },
    );
    result = { relationship: row!.r, created: !existing };
    await audit(tx, actor, [input.from, input.to, `${input.from}|${input.type}|${input.to}`]);
  });
  return result!;
}

/** Deletes a visible relationship between two visible nodes. */
export async function unlink(db: Database, actor: Actor, from: string, type: RelType, to: string): Promise<boolean> {
  const { viewer } = actor;
  let deleted = false;
  await db.writeAll(async (tx) => {
    await endpoints(tx, viewer, from, to, '');
    const row = await one<{ n: number }>(
      tx,
      `MATCH (:${ENTITY_LABEL} {id: $from})-[r:${type}]->(:${ENTITY_LABEL} {id: $to})
       WHERE r.classificationLevel <= $clearance
       DELETE r
       RETURN count(*) AS n`,
      { from, to, clearance: clearanceLevel(viewer) },
    );
    deleted = (row?.n ?? 0) > 0;
    if (deleted) await audit(tx, actor, [from, to, `${from}|${type}|${to}`]);
  });
  return deleted;
}

async function endpoints(
  tx: ManagedTransaction,
  viewer: Viewer,
  from: string,
  to: string,
  prefix = 'input.',
): Promise<{ fromLabel: Label; toLabel: Label }> {
  const row = await one<{ fromLabel: Label | null; toLabel: Label | null }>(
    tx,
    `OPTIONAL MATCH (a:${ENTITY_LABEL} {id: $from}) WHERE a.classificationLevel <= $clearance
     OPTIONAL MATCH (b:${ENTITY_LABEL} {id: $to}) WHERE b.classificationLevel <= $clearance
     RETURN ${labelOf('a')} AS fromLabel, ${labelOf('b')} AS toLabel`,
    { from, to, clearance: clearanceLevel(viewer) },
  );
  if (!row?.fromLabel) throw notFound(`${prefix}from`, from);
  if (!row.toLabel) throw notFound(`${prefix}to`, to);
  return { fromLabel: row.fromLabel, toLabel: row.toLabel };
}
