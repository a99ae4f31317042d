import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError, badInput, notFound } from '../errors.js';
import { ENTITY_LABEL } from '../ontology.js';
import { toNative, toParams, type Database } from '../db/database.js';
import type { Touched } from './answer-cache.js';
import { auditedWrite, trace, type Actor } from './audited-write.js';
import { classificationOf } from './audit.js';
import { openCursor, sealCursor } from './cursors.js';
import { entity, lockEach, lockFirst, visible } from './cypher.js';
import type { EntityRow } from './entities.js';
import { clearanceLevel, type Viewer } from './viewer.js';

/**
 * Access requests (§二(二)2 opening labs and facilities to society): a member of an institution asks
 * to use a facility; an editor of an institution that operates it approves or declines; approval
 * records a USES relationship, so the shared-facility network grows from real use. A request is a
 * REQUESTED relationship Institution → Facility. The requester sees their own requests, an operator
 * the requests for their facilities, nobody else any; a request or an end the caller may not see
 * does not exist for them. Its level is kept as `requestLevel`, not `classificationLevel`, so that
 * no generic read (paths, neighbourhoods, relationship fields, export) ever follows a request: they
 * are workflow state, read only through `accessRequests`.
 */

export type RequestStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';

export interface AccessRequestRow {
  id: string;
  status: RequestStatus;
  purpose: string;
  periodStart: string;
  periodEnd: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  institution: EntityRow;
  facility: EntityRow;
  need: EntityRow | null;
}

export interface RequestInput {
  facility: string;
  purpose: string;
  periodStart: string;
  periodEnd: string;
  need?: string | null;
}

/** Which transitions are legal: only a pending request moves, and only once. */
export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  PENDING: ['APPROVED', 'DECLINED', 'WITHDRAWN'],
  APPROVED: [],
  DECLINED: [],
  WITHDRAWN: [],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PURPOSE = 2000;
export const MAX_REQUEST_PAGE = 100;

/** A request as the caller may see it (both ends and the relationship visible), with the caller's standing. */
const MATCH_REQUEST = `MATCH (i:Institution:${ENTITY_LABEL})-[r:REQUESTED {requestId: $id}]->(f:Facility:${ENTITY_LABEL})
  WHERE ${visible('i')} AND ${visible('f')} AND r.requestLevel <= $clearance
  OPTIONAL MATCH (op:Institution:${ENTITY_LABEL} {id: $institution})-[o:OPERATES]->(f) WHERE ${visible('op')} AND ${visible('o')}
  WITH i, r, f, op IS NOT NULL AS operator, r.requestedBy = $subject AS requester
  WHERE operator OR requester`;

const PROJECT = `{ id: r.requestId, status: r.status, purpose: r.purpose, periodStart: r.periodStart, periodEnd: r.periodEnd,
  requestedBy: r.requestedBy, requestedAt: r.requestedAt, decidedBy: r.decidedBy, decidedAt: r.decidedAt,
  institution: ${entity('i')}, facility: ${entity('f')},
  need: COLLECT { MATCH (nd:Need:${ENTITY_LABEL} {id: r.need}) WHERE ${visible('nd')} RETURN ${entity('nd')} }[0] }`;

async function one(tx: ManagedTransaction, cypher: string, params: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const rec = (await tx.run(cypher, toParams(params))).records[0];
  return rec ? (toNative(rec.toObject()) as Record<string, unknown>) : undefined;
}

function memberOf(viewer: Viewer): string {
  if (!viewer.institution) throw new ApiError('FORBIDDEN', 'your token names no institution to act for');
  return viewer.institution;
}

/** A member of the caller's institution asks to use a facility. */
export async function requestAccess(db: Database, actor: Actor, input: RequestInput): Promise<AccessRequestRow> {
  const viewer = actor.viewer;
  const institution = memberOf(viewer);
  if (!input.purpose.trim() || input.purpose.length > MAX_PURPOSE) throw badInput('input.purpose', `a purpose of 1 to ${MAX_PURPOSE} characters`);
  if (!DATE.test(input.periodStart)) throw badInput('input.periodStart', 'expected YYYY-MM-DD');
  if (!DATE.test(input.periodEnd)) throw badInput('input.periodEnd', 'expected YYYY-MM-DD');
  if (input.periodEnd < input.periodStart) throw badInput('input.periodEnd', 'the period ends before it starts');
  const seen = trace([institution, input.facility, input.need]);
  return auditedWrite(db, actor, seen, async (tx, claimWith) => {
    const clearance = clearanceLevel(viewer);
    // the three ends, read under their write locks in the statement that claims the audit record:
    // none is deleted or raised between this check and the request's creation
    const ends = await claimWith(
      `OPTIONAL MATCH (i:Institution:${ENTITY_LABEL} {id: $institution}) WHERE ${visible('i')}
       OPTIONAL MATCH (f:Facility:${ENTITY_LABEL} {id: $facility}) WHERE ${visible('f')}
       OPTIONAL MATCH (nd:Need:${ENTITY_LABEL} {id: $need}) WHERE ${visible('nd')}
       ${lockFirst('i', 'f', 'nd')}
       WITH [x IN [i, f, nd] | CASE WHEN properties(x).classificationLevel <= $clearance THEN properties(x).classificationLevel END] AS levels
       RETURN levels[0] IS NOT NULL AS i, levels[1] IS NOT NULL AS f, levels[2] IS NOT NULL AS nd,
              reduce(m = 0, l IN levels | CASE WHEN l IS NOT NULL AND l > m THEN l ELSE m END) AS level`,
      { institution, facility: input.facility, need: input.need ?? null, clearance },
      ['i', 'f', 'nd', 'level'],
    );
    if (!ends.i) throw notFound('institution', institution);
    if (!ends.f) throw notFound('input.facility', input.facility);
    if (input.need && !ends.nd) throw notFound('input.need', input.need);
    const level = ends.level as number;
    const id = `request:${randomUUID()}`;
    // the request as its requester sees it, from the statement that makes it
    const row = await one(
      tx,
      `MATCH (i:Institution:${ENTITY_LABEL} {id: $institution}), (f:Facility:${ENTITY_LABEL} {id: $facility})
       CREATE (i)-[r:REQUESTED {requestId: $id, status: 'PENDING', purpose: $purpose, periodStart: $periodStart, periodEnd: $periodEnd,
         need: $need, requestedBy: $subject, requestedAt: toString(datetime()), decidedBy: null, decidedAt: null,
         classification: $classification, requestLevel: $level, sources: ['ACCESS REQUEST']}]->(f)
       RETURN ${PROJECT} AS request`,
      { ...input, need: input.need ?? null, institution, id, subject: viewer.subject, classification: classificationOf(level), level, clearance },
    );
    return { result: row!.request as AccessRequestRow, ids: [id, institution, input.facility], level, touched: REQUEST_LINKS };
  }, { claiming: true });
}

/** What requests write: an institution's REQUESTED link to a facility, and USES when one is approved. */
const REQUEST_LINKS: Touched = { labels: [], links: [['REQUESTED', 'Institution'], ['USES', 'Institution']] };

/**
 * Moves a request to `to`: APPROVED or DECLINED by an editor of an operating institution,
 * WITHDRAWN by its requester. Approval records USES (period, weight) in the same transaction.
 */
export async function decideRequest(db: Database, actor: Actor, id: string, to: RequestStatus, weight = 1): Promise<AccessRequestRow> {
  const viewer = actor.viewer;
  if (!(weight > 0 && weight <= 1000)) throw badInput('weight', 'a weight above 0, at most 1000');
  const seen = trace([id]);
  return auditedWrite(db, actor, seen, async (tx, claimWith) => {
    const params = { id, institution: viewer.institution ?? null, subject: viewer.subject, clearance: clearanceLevel(viewer) };
    // the request and the caller's standing, read in the statement that claims the audit record (it
    // writes nothing: the request's lock is taken where its status is read again, below)
    const { found } = (await claimWith(
      `${MATCH_REQUEST} RETURN collect({status: r.status, operator: operator, requester: requester, level: r.requestLevel, i: i.id, f: f.id})[0] AS found`,
      params,
      ['found'],
    )) as { found: Record<string, unknown> | null };
    if (!found) throw notFound('id', id);
    // a refusal names the request and its ends at the request's level: the request id alone names no
    // node, so without them its record would show every admin that the request exists
    seen.level = found.level as number;
    seen.ids.add(found.i as string);
    seen.ids.add(found.f as string);
    const from = found.status as RequestStatus;
    if (to === 'WITHDRAWN' ? !found.requester : !found.operator || !viewer.roles.some((r) => r === 'editor' || r === 'admin')) throw forbiddenDecision(to);
    if (!TRANSITIONS[from].includes(to)) throw badInput('id', `the request is ${from}; it cannot become ${to} (only a PENDING request moves)`);
    // the move, and the request as the caller now sees it, in one statement. The locks of the request
    // and its ends are taken before anything is read again: of two decisions made at once, the second
    // waits for the first and then finds the request no longer PENDING; an operator whose OPERATES link
    // is removed meanwhile, or an end raised above the caller, decides nothing
    const row = await one(
      tx,
      `MATCH (i:Institution:${ENTITY_LABEL})-[r:REQUESTED {requestId: $id}]->(f:Facility:${ENTITY_LABEL})
       ${lockEach('CASE WHEN i.id <= f.id THEN [i, f, r] ELSE [f, i, r] END')}
       WITH i, r, f, properties(r).status AS status,
            properties(i).classificationLevel <= $clearance AND properties(f).classificationLevel <= $clearance AS seen,
            CASE WHEN $to = 'WITHDRAWN' THEN r.requestedBy = $subject
                 ELSE EXISTS { MATCH (op:Institution:${ENTITY_LABEL} {id: $institution})-[o:OPERATES]->(f) WHERE ${visible('op')} AND ${visible('o')} } END AS standing
       WITH i, r, f, status, seen, standing, status = 'PENDING' AND seen AND standing AS moves
       CALL (i, r, f, moves) {
         WITH i, r, f WHERE moves
         SET r.status = $to, r.decidedBy = $subject, r.decidedAt = toString(datetime())
         FOREACH (approved IN CASE WHEN $to = 'APPROVED' THEN [true] ELSE [] END |
           CREATE (i)-[:USES {weight: $weight, periodStart: r.periodStart, periodEnd: r.periodEnd, classification: r.classification,
             classificationLevel: r.requestLevel, sources: ['APPROVED ACCESS REQUEST ' + r.requestId]}]->(f))
       }
       CALL () { ${MATCH_REQUEST} RETURN collect(${PROJECT})[0] AS request }
       RETURN moves, status, seen, standing, request`,
      { ...params, to, weight },
    );
    if (!row || !row.seen) throw notFound('id', id);
    if (!row.standing) throw forbiddenDecision(to);
    const request = row.request as AccessRequestRow;
    if (!row.moves) throw badInput('id', `the request is ${row.status as string}; it cannot become ${to} (only a PENDING request moves)`);
    return { result: request, ids: [id, found.i as string, found.f as string], level: found.level as number, touched: REQUEST_LINKS };
  }, { claiming: true });
}

function forbiddenDecision(to: RequestStatus): ApiError {
  return new ApiError('FORBIDDEN', to === 'WITHDRAWN' ? 'only the requester withdraws a request' : "only an editor of the facility's operator decides a request", 'id');
}

/** The requests the caller may see (their own, and those for facilities their institution operates), newest first. */
export async function accessRequests(
  db: Database,
  viewer: Viewer,
  args: { status?: readonly RequestStatus[] | null; facility?: string | null; first?: number | null; after?: string | null },
): Promise<{ nodes: AccessRequestRow[]; hasNextPage: boolean; endCursor: string | null }> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_REQUEST_PAGE) throw badInput('first', `first must be between 1 and ${MAX_REQUEST_PAGE}`);
  if (!viewer.subject) throw new ApiError('UNAUTHENTICATED', 'access requests are for signed-in callers');
  const scope = `requests/${viewer.subject}/${viewer.clearance}`;
  let after: [string, string] | null = null;
  if (args.after) {
    const opened = openCursor(args.after, scope);
    if (!Array.isArray(opened) || opened.length !== 2) throw badInput('after', 'not a cursor of this list');
    after = opened as [string, string];
  }
  const rows = await db.read(
    `MATCH (i:Institution:${ENTITY_LABEL})-[r:REQUESTED]->(f:Facility:${ENTITY_LABEL})
     WHERE ${visible('i')} AND ${visible('f')} AND r.requestLevel <= $clearance
       AND ($status IS NULL OR r.status IN $status) AND ($facility IS NULL OR f.id = $facility)
       AND (r.requestedBy = $subject OR EXISTS {
         MATCH (op:Institution {id: $institution})-[o:OPERATES]->(f) WHERE ${visible('op')} AND ${visible('o')} })
       AND ($afterAt IS NULL OR r.requestedAt < $afterAt OR (r.requestedAt = $afterAt AND r.requestId < $afterId))
     WITH i, r, f ORDER BY r.requestedAt DESC, r.requestId DESC LIMIT $limit
     RETURN ${PROJECT} AS request`,
    {
      status: args.status?.length ? args.status : null,
      facility: args.facility ?? null,
      subject: viewer.subject,
      institution: viewer.institution ?? null,
      afterAt: after?.[0] ?? null,
      afterId: after?.[1] ?? null,
      limit: first + 1,
      clearance: clearanceLevel(viewer),
    },
  );
  const nodes = rows.slice(0, first).map((r) => r.request as AccessRequestRow);
  const last = nodes.at(-1);
  return { nodes, hasNextPage: rows.length > first, endCursor: last ? sealCursor([last.requestedAt, last.id], scope) : null };
}

/** A request as a seed file writes it (seed/requests/examples.json). */
export interface SeedRequest {
  id: string;
  institution: string;
  facility: string;
  need?: string;
  purpose: string;
  periodStart: string;
  periodEnd: string;
  status: RequestStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  sources: string[];
}

/**
 * Loads requests from a seed file (the illustrative ones): each is written once by its id and
 * classified like the most classified of its ends, as a live request would be. An APPROVED one
 * records no use of its own: the use it stands for is in the dataset. Returns how many were written.
 */
export async function loadRequests(db: Database, file: string): Promise<number> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as { requests: SeedRequest[] };
  for (const r of doc.requests) {
    const bad = !/^request:[a-z0-9-]+$/.test(r.id) || !(r.status in TRANSITIONS) || !DATE.test(r.periodStart) || !DATE.test(r.periodEnd) || r.periodEnd < r.periodStart || !r.sources?.length || !r.purpose?.trim();
    if (bad) throw new Error(`${file}: request ${r.id} is malformed`);
  }
  const rows = await db.write(
    `UNWIND $requests AS q
     MATCH (i:Institution:${ENTITY_LABEL} {id: q.institution}), (f:Facility:${ENTITY_LABEL} {id: q.facility})
     OPTIONAL MATCH (nd:Need:${ENTITY_LABEL} {id: q.need})
     WITH q, i, f, reduce(m = 0, x IN [i, f, nd] | CASE WHEN x IS NOT NULL AND x.classificationLevel > m THEN x.classificationLevel ELSE m END) AS level
     MERGE (i)-[r:REQUESTED {requestId: q.id}]->(f)
     SET r.status = q.status, r.purpose = q.purpose, r.periodStart = q.periodStart, r.periodEnd = q.periodEnd, r.need = q.need,
         r.requestedBy = q.requestedBy, r.requestedAt = q.requestedAt, r.decidedBy = q.decidedBy, r.decidedAt = q.decidedAt,
         r.requestLevel = level, r.classification = $levels[level], r.sources = q.sources
     RETURN count(r) AS n`,
    { requests: doc.requests.map((r) => ({ need: null, decidedBy: null, decidedAt: null, ...r })), levels: [0, 1, 2, 3, 4].map(classificationOf) },
  );
  const n = rows[0]?.n as number;
  if (n !== doc.requests.length) throw new Error(`${file}: ${doc.requests.length - n} request(s) name an institution or facility that is not loaded`);
  return n;
}
