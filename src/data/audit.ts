import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { badInput } from '../errors.js';
import type { Classification } from '../ontology.js';
import { toNative, toParams, type Database } from '../db/database.js';
import type { Viewer } from './viewer.js';

/**
 * The audit trail: `AuditEvent` nodes (no `Entity` label, so no entity query, path or count can
 * reach them), appended for every write, in the write's own transaction, and for every response
 * that carries CONFIDENTIAL or higher data, committed before the response is sent.
 */

export interface AuditEntry {
  /** Fixed by the caller when the entry may be written more than once (a retried transaction). */
  id?: string;
  kind: 'READ' | 'WRITE';
  /** Operation name and root field, e.g. `OpenLabs:facilities`. */
  operation: string;
  viewer: Viewer;
  /** Node and relationship ids touched (relationship ids read `from|TYPE|to`). */
  ids: string[];
  /** Highest classification among what was touched (reads). */
  maxClassification?: Classification | null;
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
}

// MERGE on the id: the driver may run a transaction function again after a commit whose answer was
// lost, and that must not record the event twice.
const CREATE = `MERGE (e:AuditEvent {id: $id})
  ON CREATE SET e.at = datetime(), e.kind = $kind, e.subject = $subject, e.operation = $operation,
                e.ids = $ids, e.clearance = $clearance, e.maxClassification = $maxClassification`;

function params(e: AuditEntry) {
  return {
    id: e.id ?? randomUUID(),
    kind: e.kind,
    subject: e.viewer.subject ?? 'anonymous',
    operation: e.operation,
    ids: e.ids,
    clearance: e.viewer.clearance,
    maxClassification: e.maxClassification ?? null,
  };
}

/** Appends an entry in its own transaction. */
export async function appendAudit(db: Database, e: AuditEntry): Promise<void> {
  await db.write(CREATE, params(e));
}

/** Appends an entry inside a write's transaction: the write and its record commit together or not at all. */
export async function appendAuditInTx(tx: ManagedTransaction, e: AuditEntry): Promise<void> {
  await tx.run(CREATE, toParams(params(e)));
}

export interface AuditFilter {
  subject?: string | null;
  operation?: string | null;
  kind?: 'READ' | 'WRITE' | null;
  /** Only events that touched this id. */
  touched?: string | null;
  since?: string | null;
  until?: string | null;
}

/** Events newest first, keyset-paged by (at, id); `after` is the previous page's last event id. */
export async function auditEvents(
  db: Database,
  filter: AuditFilter,
  first: number,
  after: string | null | undefined,
): Promise<{ events: AuditEventRow[]; hasNextPage: boolean; totalCount: number }> {
  if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first', `first must be between 1 and 500, got ${first}`);
  for (const k of ['since', 'until'] as const) {
    const v = filter[k];
    if (v != null && Number.isNaN(Date.parse(v))) throw badInput(`filter.${k}`, `'${v}' is not an ISO date-time`);
  }
  const where = `($subject IS NULL OR e.subject = $subject)
    AND ($operation IS NULL OR e.operation CONTAINS $operation)
    AND ($kind IS NULL OR e.kind = $kind)
    AND ($touched IS NULL OR $touched IN e.ids)
    AND ($since IS NULL OR e.at >= datetime($since))
    AND ($until IS NULL OR e.at < datetime($until))`;
  const [row] = await db.read(
    `CALL () { MATCH (e:AuditEvent) WHERE ${where} RETURN count(e) AS total }
     OPTIONAL MATCH (c:AuditEvent {id: $after})
     CALL (c) {
       MATCH (e:AuditEvent) WHERE ${where} AND (c IS NULL OR e.at < c.at OR (e.at = c.at AND e.id < c.id))
       WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
       RETURN collect(e { .*, at: toString(e.at) }) AS events
     }
     RETURN total, events, $after IS NOT NULL AND c IS NULL AS badCursor`,
    {
      subject: filter.subject ?? null,
      operation: filter.operation ?? null,
      kind: filter.kind ?? null,
      touched: filter.touched ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      after: after ?? null,
      limit: first + 1,
    },
  );
  if (row!.badCursor) throw badInput('after', `'${after}' is not an audit event id`);
  const events = toNative(row!.events) as AuditEventRow[];
  return { events: events.slice(0, first), hasNextPage: events.length > first, totalCount: row!.total as number };
}

