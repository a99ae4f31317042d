import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { badInput } from '../errors.js';
import { CLASSIFICATION_LEVEL, CLASSIFICATIONS, ENTITY_LABEL, type Classification } from '../ontology.js';
import { toNative, toParams, type Database, type Statement } from '../db/database.js';
import { openCursor, sealCursor } from './cursors.js';
import { clearanceLevel, type Viewer } from './viewer.js';

/**
 * The audit trail: `AuditEvent` nodes (no `Entity` label, so no entity query, path or count can
 * reach them). A successful write appends its record in its own transaction (with the outcome that
 * a retry under the same idempotency key replays); a failed write appends a FAILED record in a
 * transaction of its own; a response that carries or depends on CONFIDENTIAL or higher data appends
 * a READ record before it is sent.
 *
 * Every record stores `level`, the highest classification level of what it touched. An admin sees a
 * record only when that level and the current level of every node and relationship it names are
 * within the admin's clearance; otherwise the record is absent from pages, totals and filters alike.
 */

/** A classification changed by a write, for the record. */
export interface ClassificationChange {
  /** Node id or relationship id (`from|TYPE|to`). */
  id: string;
  before: Classification;
  after: Classification;
}

export interface AuditEntry {
  /** Fixed by the caller when the entry may be written more than once (a retried transaction). */
  id?: string;
  kind: 'READ' | 'WRITE';
  /** Operation name and root field, e.g. `OpenLabs:facilities`. */
  operation: string;
  viewer: Viewer;
  /** Node and relationship ids touched (relationship ids read `from|TYPE|to`). */
  ids: string[];
  /** Highest classification level among what was touched (what it read, wrote, or was refused on). */
  level: number;
  /** Highest classification among what was touched (reads). */
  maxClassification?: Classification | null;
  /** FAILED: the write was refused or did not commit; `errorCode` says why. */
  outcome?: 'SUCCEEDED' | 'FAILED';
  errorCode?: string | null;
  /** The caller's idempotency key, as sent. */
  idempotencyKey?: string | null;
  /** Digest of the operation's input, compared on a retry with the same key. */
  inputHash?: string | null;
  /** The write's outcome (JSON), replayed to a retry with the same key and input. */
  result?: string | null;
  changes?: ClassificationChange[];
  /** Why the classification was lowered (declassification). */
  reason?: string | null;
  /** Response paths of aggregates (totals, counts, scores...) computed over classified data (reads). */
  aggregates?: string[];
}

export interface AuditEventRow {
  id: string;
  at: string;
  kind: 'READ' | 'WRITE';
  /** Token subject, or `anonymous`. */
  subject: string;
  operation: string;
  ids: string[];
  clearance: Classification;
  maxClassification: Classification | null;
  outcome: 'SUCCEEDED' | 'FAILED';
  errorCode: string | null;
  idempotencyKey: string | null;
  classificationChanges: ClassificationChange[];
  reason: string | null;
  aggregates: string[];
}

// MERGE on the id: the driver may run a transaction function again after a commit whose answer was
// lost, and that must not record the event twice. `SET` (not ON CREATE): a write claims its id first
// (see `claimAudit`) and fills the record in at the end of the same transaction.
const CREATE = `MERGE (e:AuditEvent {id: $id})
  SET e.at = datetime(), e.kind = $kind, e.subject = $subject, e.operation = $operation, e.ids = $ids,
      e.clearance = $clearance, e.maxClassification = $maxClassification, e.level = $level,
      e.outcome = $outcome, e.errorCode = $errorCode, e.idempotencyKey = $idempotencyKey,
      e.inputHash = $inputHash, e.result = $result, e.changes = $changes, e.reason = $reason,
      e.aggregates = $aggregates, e.pending = null`;

function params(e: AuditEntry) {
  return {
    id: e.id ?? randomUUID(),
    kind: e.kind,
    subject: e.viewer.subject ?? 'anonymous',
    operation: e.operation,
    ids: e.ids,
    clearance: e.viewer.clearance,
    maxClassification: e.maxClassification ?? null,
    level: e.level,
    outcome: e.outcome ?? 'SUCCEEDED',
    errorCode: e.errorCode ?? null,
    idempotencyKey: e.idempotencyKey ?? null,
    inputHash: e.inputHash ?? null,
    result: e.result ?? null,
    changes: e.changes?.length ? JSON.stringify(e.changes) : null,
    reason: e.reason ?? null,
    aggregates: e.aggregates ?? [],
  };
}

/** Appends an entry in its own transaction. */
export async function appendAudit(db: Database, e: AuditEntry): Promise<void> {
  await db.writeRecord(CREATE, params(e));
}

/**
 * The statement that appends an entry inside a write's transaction, so that the write and its record
 * commit together or not at all (given to `Database.writeAll` as the transaction's last statement).
 */
export function auditStatement(e: AuditEntry): Statement {
  return { cypher: CREATE, params: params(e) };
}

/** What a write finds when it claims its record's id. */
export type Claim = { fresh: true } | { fresh: false; inputHash: string | null; result: string | null; ids: string[]; level: number };

// The unique constraint on the id serialises writers of the same id: a second one waits for the
// first to commit and then finds its record, which it replays instead of writing again. A
// placeholder created here vanishes with the transaction if the write fails. `fresh` is true only
// for a placeholder of this transaction (a committed record has `pending` null).
const CLAIM = `MERGE (audit:AuditEvent {id: $auditId}) ON CREATE SET audit.pending = true
  WITH audit, coalesce(audit.pending, false) AS fresh`;
const CLAIMED = `fresh, audit.inputHash AS claimInputHash, audit.result AS claimResult, coalesce(audit.ids, []) AS claimIds,
  coalesce(audit.level, ${CLASSIFICATION_LEVEL.TOP_SECRET}) AS claimLevel`;

/** A column name a statement built on the claim may return (written in code, never from input). */
const COLUMN = /^[a-z][A-Za-z0-9]*$/;

function claimOf(row: Record<string, unknown>): Claim {
  const r = row as { fresh: boolean; claimInputHash: string | null; claimResult: string | null; claimIds: string[]; claimLevel: number };
  return r.fresh ? { fresh: true } : { fresh: false, inputHash: r.claimInputHash, result: r.claimResult, ids: r.claimIds, level: r.claimLevel };
}

/** Claims the record id `id` at the start of a write's transaction, in a statement of its own. */
export async function claimAudit(tx: ManagedTransaction, id: string): Promise<Claim> {
  const res = await tx.run(`${CLAIM} RETURN ${CLAIMED}`, { auditId: id });
  return claimOf(toNative(res.records[0]!.toObject()) as Record<string, unknown>);
}

/**
 * Claims the record id `id` and runs `body` in the same statement, one round trip instead of two.
 * `body` is a subquery that sees `fresh` and returns one row (an aggregation) with `columns`; it
 * must write only where `fresh` is true, since a record already committed is replayed, not written
 * again. An aggregation yields its row even from no input, so a guard placed before one does not
 * hold after it: put `fresh` in the WHERE that leads to each write.
 */
export async function claimAuditWith(
  tx: ManagedTransaction,
  id: string,
  body: string,
  params: Record<string, unknown>,
  columns: readonly string[],
): Promise<{ claim: Claim; row: Record<string, unknown> }> {
  for (const c of columns) if (!COLUMN.test(c) || c.startsWith('claim') || c === 'fresh') throw new TypeError(`claimAuditWith: column '${c}' is not allowed`);
  const res = await tx.run(`${CLAIM}\nCALL (fresh) {\n${body}\n}\nRETURN ${CLAIMED}, ${columns.join(', ')}`, toParams({ ...params, auditId: id }));
  const row = toNative(res.records[0]!.toObject()) as Record<string, unknown>;
  return { claim: claimOf(row), row };
}

export interface AuditFilter {
  subject?: string | null;
  operation?: string | null;
  kind?: 'READ' | 'WRITE' | null;
  outcome?: 'SUCCEEDED' | 'FAILED' | null;
  /** Only events that touched this id. */
  touched?: string | null;
  since?: string | null;
  until?: string | null;
}

/** Largest audit page. */
export const MAX_AUDIT_PAGE = 500;

/** Audit cursors are sealed for the admin's clearance, like page cursors. */
const scope = (clearance: number) => `audit:${clearance}`;

// Records from before levels were stored have none: they count as TOP_SECRET (shown to fully cleared admins only).
const VISIBLE = `coalesce(e.level, ${CLASSIFICATION_LEVEL.TOP_SECRET}) <= $clearance
  AND none(i IN e.ids WHERE
    EXISTS { MATCH (n:${ENTITY_LABEL} {id: i}) WHERE n.classificationLevel > $clearance }
    OR (i CONTAINS '|' AND EXISTS {
      MATCH (:${ENTITY_LABEL} {id: split(i, '|')[0]})-[r]->(:${ENTITY_LABEL} {id: split(i, '|')[2]})
      WHERE type(r) = split(i, '|')[1] AND r.classificationLevel > $clearance }))`;

/**
 * Events `admin` may see, newest first, keyset-paged by (at, id) with sealed cursors; the total
 * counts the same events. An event touching anything above the admin's clearance is absent, exactly
 * as if it had never been written.
 */
export async function auditEvents(
  db: Database,
  admin: Viewer,
  filter: AuditFilter,
  first: number,
  after: string | null | undefined,
): Promise<{ events: AuditEventRow[]; hasNextPage: boolean; totalCount: number; endCursor: string | null }> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE) throw badInput('first', `first must be between 1 and ${MAX_AUDIT_PAGE}, got ${first}`);
  for (const k of ['since', 'until'] as const) {
    const v = filter[k];
    if (v != null && Number.isNaN(Date.parse(v))) throw badInput(`filter.${k}`, `'${v}' is not an ISO date-time`);
  }
  const clearance = clearanceLevel(admin);
  let cursor: { at: string; id: string } | null = null;
  if (after != null) {
    const opened = openCursor(after, scope(clearance));
    const [at, id] = Array.isArray(opened) ? (opened as unknown[]) : [];
    if (typeof at !== 'string' || typeof id !== 'string') throw badInput('after', `'${after}' is not a cursor of the audit trail`);
    cursor = { at, id };
  }
  const where = `($subject IS NULL OR e.subject = $subject)
    AND ($operation IS NULL OR e.operation CONTAINS $operation)
    AND ($kind IS NULL OR e.kind = $kind)
    AND ($outcome IS NULL OR coalesce(e.outcome, 'SUCCEEDED') = $outcome)
    AND ($touched IS NULL OR $touched IN e.ids)
    AND ($since IS NULL OR e.at >= datetime($since))
    AND ($until IS NULL OR e.at < datetime($until))
    AND e.pending IS NULL
    AND ${VISIBLE}`;
  const [row] = await db.read(
    `CALL () { MATCH (e:AuditEvent) WHERE ${where} RETURN count(e) AS total }
     CALL () {
       MATCH (e:AuditEvent) WHERE ${where}
         AND ($afterAt IS NULL OR e.at < datetime($afterAt) OR (e.at = datetime($afterAt) AND e.id < $afterId))
       WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
       RETURN collect(e { .*, at: toString(e.at) }) AS events
     }
     RETURN total, events`,
    {
      subject: filter.subject ?? null,
      operation: filter.operation ?? null,
      kind: filter.kind ?? null,
      outcome: filter.outcome ?? null,
      touched: filter.touched ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      afterAt: cursor?.at ?? null,
      afterId: cursor?.id ?? null,
      clearance,
      limit: first + 1,
    },
  );
  const raw = toNative(row!.events) as Array<Record<string, unknown>>;
  const events = raw.slice(0, first).map(toRow);
  const last = events.at(-1);
  return {
    events,
    hasNextPage: raw.length > first,
    totalCount: row!.total as number,
    endCursor: last ? sealCursor([last.at, last.id], scope(clearance)) : null,
  };
}

function toRow(e: Record<string, unknown>): AuditEventRow {
  return {
    id: e.id as string,
    at: e.at as string,
    kind: e.kind as 'READ' | 'WRITE',
    subject: e.subject as string,
    operation: e.operation as string,
    ids: (e.ids as string[]) ?? [],
    clearance: e.clearance as Classification,
    maxClassification: (e.maxClassification as Classification | null) ?? null,
    outcome: (e.outcome as 'SUCCEEDED' | 'FAILED' | null) ?? 'SUCCEEDED',
    errorCode: (e.errorCode as string | null) ?? null,
    idempotencyKey: (e.idempotencyKey as string | null) ?? null,
    classificationChanges: typeof e.changes === 'string' ? (JSON.parse(e.changes) as ClassificationChange[]) : [],
    reason: (e.reason as string | null) ?? null,
    aggregates: (e.aggregates as string[] | null) ?? [],
  };
}

/** The classification of a level (for records). */
export const classificationOf = (level: number): Classification => CLASSIFICATIONS[Math.max(0, Math.min(level, CLASSIFICATIONS.length - 1))]!;
