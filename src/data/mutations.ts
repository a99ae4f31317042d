import { randomBytes } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError, badInput, notFound } from '../errors.js';
import { CLASSIFICATION_LEVEL, ENTITY_LABEL, relationshipAllowed, type Classification, type Label, type RelType } from '../ontology.js';
import { toNative, toParams, type Database } from '../db/database.js';
import { entity, labelOf, lockEach, lockFirst, relationship } from './cypher.js';
import { ID_PREFIX, NODE_SCHEMAS } from './dataset.js';
import type { EntityRow } from './entities.js';
import type { RelRow } from './relationships.js';
import { classificationOf } from './audit.js';
import { changedProperties, linksOf } from './answer-cache.js';
import { auditedWrite, trace, type Actor, type Trace } from './audited-write.js';
import { updatesWalked } from './coverage-patch.js';
import { searchLabels } from './search.js';
import { withSearchProperties, withoutSearchProperties } from '../text/search-fields.js';
import { clearanceLevel, type Viewer } from './viewer.js';

export type { Actor } from './audited-write.js';

/**
 * Writes from the API. Each runs in one write transaction that re-reads what it checks, so a check
 * and its write cannot be separated by another writer. An id the caller may not see is reported
 * exactly like a missing one. Each appends its audit record in the same transaction (and a FAILED
 * record of its own when it fails); see audited-write.ts. No write here lowers a classification:
 * that is `declassify`'s (declassify.ts).
 */

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

/**
 * The id of a new node: the explicit one, or one derived from the English name with a random
 * suffix. The suffix is always there, taken or not: a derived id that came out plain only when free
 * would tell whether some node, perhaps a hidden one, holds the plain form.
 */
function newId(label: Label, input: Input, argument: string): { id: string; derived: boolean } {
  if (typeof input.id === 'string') return { id: input.id, derived: false };
  const base = typeof input.nameEn === 'string' ? input.nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) : '';
  if (!base) throw badInput(`${argument}.id`, 'give an id, or an English name to derive it from');
  return { id: `${ID_PREFIX[label]}:${base}-${suffix()}`, derived: true };
}

/** 8 random base-32 characters (40 bits). */
const suffix = () => [...randomBytes(8)].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('');

const withoutNulls = (o: Input) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** Largest batch of `createNodes`. */
export const MAX_CREATE_BATCH = 100;

/** Creates a node of `label`; fails if the (explicit) id is taken. */
export async function createNode(db: Database, actor: Actor, label: Label, input: Input): Promise<EntityRow> {
  return (await create(db, actor, label, [input], () => 'input'))[0]!;
}

/**
 * Creates nodes of `label` in one transaction, all or none; fails if any explicit id is taken or
 * repeated. Errors name the input at fault (`inputs.<index>.<field>`).
 */
export async function createNodes(db: Database, actor: Actor, label: Label, inputs: readonly Input[]): Promise<EntityRow[]> {
  return create(db, actor, label, inputs, (i) => `inputs.${i}`);
}

/** Links written with new nodes, in their transaction: the ids and highest level they involve. */
type WithLinks = (tx: ManagedTransaction, created: EntityRow[]) => Promise<{ ids: string[]; level: number }>;

async function create(db: Database, actor: Actor, label: Label, inputs: readonly Input[], argument: (i: number) => string, withLinks?: WithLinks): Promise<EntityRow[]> {
  const seen = trace(inputs.map((i) => (typeof i.id === 'string' ? i.id : null)));
  return auditedWrite(
    db,
    actor,
    seen,
    async (tx, claimWith) => {
      if (inputs.length < 1 || inputs.length > MAX_CREATE_BATCH) throw badInput('inputs', `give 1 to ${MAX_CREATE_BATCH} inputs (got ${inputs.length})`);
      const wanted = inputs.map((input, i) => newId(label, input, argument(i)));
      const rows = inputs.map((input, i) => {
        const props = validated(label, { ...withoutNulls(input), id: wanted[i]!.id }, argument(i));
        checkClassification(actor.viewer, props.classification, `${argument(i)}.classification`);
        if (!(props.id as string).startsWith(`${ID_PREFIX[label]}:`)) throw badInput(`${argument(i)}.id`, `ids of ${label} start with '${ID_PREFIX[label]}:'`);
        return props;
      });
      const ids = rows.map((r) => r.id as string);
      const repeated = ids.findIndex((id, i) => ids.indexOf(id) !== i);
      if (repeated >= 0) throw badInput(`${argument(repeated)}.id`, `id '${ids[repeated]}' is given twice`);
      for (let round = 0; ; round++) {
        // one statement: the claim, the ids already held, and the nodes, created only when none is
        // held (`label` comes from the mutation's name, an allow-list, never from input text)
        const row = (await claimWith(
          `OPTIONAL MATCH (t:${ENTITY_LABEL}) WHERE t.id IN $ids
           WITH fresh, collect(t { .id, level: t.classificationLevel }) AS taken
           CALL (fresh, taken) {
             WITH * WHERE fresh AND size(taken) = 0
             UNWIND $rows AS props CREATE (n:${ENTITY_LABEL}:${label}) SET n = props ${searchLabels('n')}
             RETURN collect(${entity('n')}) AS created
           }
           RETURN taken, created`,
          { ids, rows },
          ['taken', 'created'],
        )) as { taken: Array<{ id: string; level: number }>; created: EntityRow[] };
        if (row.taken.length === 0) {
          const linked = withLinks ? await withLinks(tx, row.created) : { ids: [], level: 0 };
          return {
            result: row.created,
            ids: [...ids, ...linked.ids],
            level: Math.max(linked.level, ...rows.map((r) => r.classificationLevel as number)),
            // made with no link, a node is on no walk of the kept answers
            touched: withLinks ? { labels: [label], links: linksOf(label) } : { labels: [], unlinked: [label], links: [] },
          };
        }
        for (const t of row.taken) {
          const i = ids.indexOf(t.id);
          if (wanted[i]!.derived && round < 3) {
            // a random suffix met a holder (about one chance in 10^12): draw another
            ids[i] = rows[i]!.id = newId(label, inputs[i]!, argument(i)).id;
            continue;
          }
          // the same answer whoever holds it, hidden or visible; the refusal is recorded at the holder's level
          seen.level = Math.max(seen.level, t.level);
          throw badInput(`${argument(i)}.id`, `id '${ids[i]}' is not available`);
        }
      }
    },
    { claiming: true },
  );
}

/** Most technologies, certifications or preferred places one need may name. */
export const MAX_NEED_LINKS = 20;

export interface NeedInput extends Input {
  technologies: readonly string[];
  certifications?: readonly string[] | null;
  preferredLocations?: readonly string[] | null;
  issuer?: string | null;
}

/**
 * Publishes a need (§二(二)5 needs catalogue): the node, REQUIRES to its technologies and
 * certifications, PREFERS to its places and ISSUED from its issuer, all in one transaction. Every
 * id named must be visible to the caller (a hidden one is NOT_FOUND like a missing one) and of a
 * label the ontology allows there; the links are classified like the need and carry its sources.
 */
export async function publishNeed(db: Database, actor: Actor, input: NeedInput): Promise<EntityRow> {
  const { technologies, certifications, preferredLocations, issuer, ...fields } = input;
  const groups: Array<{ field: string; type: RelType; ids: readonly string[]; out: boolean }> = [
    { field: 'technologies', type: 'REQUIRES', ids: technologies, out: true },
    { field: 'certifications', type: 'REQUIRES', ids: certifications ?? [], out: true },
    { field: 'preferredLocations', type: 'PREFERS', ids: preferredLocations ?? [], out: true },
    { field: 'issuer', type: 'ISSUED', ids: issuer ? [issuer] : [], out: false },
  ];
  if (technologies.length < 1) throw badInput('input.technologies', 'name at least one technology the need requires');
  for (const g of groups) {
    if (g.ids.length > MAX_NEED_LINKS) throw badInput(`input.${g.field}`, `at most ${MAX_NEED_LINKS}`);
    const twice = g.ids.findIndex((id, i) => g.ids.indexOf(id) !== i);
    if (twice >= 0) throw badInput(`input.${g.field}.${twice}`, `'${g.ids[twice]}' is given twice`);
  }
  const withLinks: WithLinks = async (tx, [need]) => {
    const all = groups.flatMap((g) => g.ids);
    // the ends, read again under their write locks (taken in the order of their ids, as every write
    // takes them): none is deleted or raised between this check and the links made to it
    const res = await tx.run(
      `MATCH (n:${ENTITY_LABEL}) WHERE n.id IN $ids AND n.classificationLevel <= $clearance
       WITH n ORDER BY n.id
       WITH collect(n) AS ends
       ${lockEach('ends')}
       WITH ends UNWIND ends AS n
       WITH n, properties(n) AS current WHERE current.classificationLevel <= $clearance
       RETURN n.id AS id, ${labelOf('n')} AS label, current.classificationLevel AS level`,
      toParams({ ids: all, clearance: clearanceLevel(actor.viewer) }),
    );
    const found = new Map(res.records.map((r) => [r.get('id') as string, { label: r.get('label') as Label, level: toNative(r.get('level')) as number }]));
    let level = 0;
    for (const g of groups) {
      for (const [i, id] of g.ids.entries()) {
        const argument = g.field === 'issuer' ? 'input.issuer' : `input.${g.field}.${i}`;
        const end = found.get(id);
        if (!end) throw notFound(argument, id);
        const allowed = g.out ? relationshipAllowed(g.type, 'Need', end.label) : relationshipAllowed(g.type, end.label, 'Need');
        const wanted = { technologies: 'Technology', certifications: 'Certification', preferredLocations: 'District or Park', issuer: 'Agency or Institution' }[g.field];
        if (!allowed || (g.field === 'technologies' && end.label !== 'Technology') || (g.field === 'certifications' && end.label !== 'Certification')) {
          throw badInput(argument, `'${id}' is a ${end.label}; expected a ${wanted}`);
        }
        level = Math.max(level, end.level);
      }
    }
    const props = { classification: need!.classification, classificationLevel: CLASSIFICATION_LEVEL[need!.classification as Classification], sources: need!.sources };
    // relationship types come from the fixed groups above, never from input
    for (const g of groups) {
      if (!g.ids.length) continue;
      const pattern = g.out ? `(need)-[r:${g.type}]->(o)` : `(o)-[r:${g.type}]->(need)`;
      await tx.run(`MATCH (need:Need:${ENTITY_LABEL} {id: $need}) UNWIND $ids AS oid MATCH (o:${ENTITY_LABEL} {id: oid}) CREATE ${pattern} SET r = $props`, toParams({ need: need!.id, ids: g.ids, props }));
    }
    const relIds = groups.flatMap((g) => g.ids.map((o) => (g.out ? `${need!.id}|${g.type}|${o}` : `${o}|${g.type}|${need!.id}`)));
    return { ids: [...all, ...relIds], level };
  };
  return (await create(db, actor, 'Need', [fields], () => 'input', withLinks))[0]!;
}

/**
 * Applies a patch to a visible node of `label`; null fields are left as they are. The patch may
 * raise the classification (up to the caller's clearance), never lower it.
 */
export async function updateNode(db: Database, actor: Actor, label: Label, id: string, patch: Input): Promise<EntityRow> {
  const { viewer } = actor;
  return auditedWrite(
    db,
    actor,
    trace([id]),
    async (tx, claimWith) => {
      checkClassification(viewer, patch.classification, 'patch.classification');
      // the node's properties, read under its write lock in the statement that claims the audit record
      const { current } = (await claimWith(
        `OPTIONAL MATCH (n:${label}:${ENTITY_LABEL} {id: $id}) WHERE n.classificationLevel <= $clearance
         ${lockFirst('n')}
         WITH properties(n) AS current
         RETURN head(collect(CASE WHEN current.classificationLevel <= $clearance THEN current END)) AS current`,
        { id, clearance: clearanceLevel(viewer) },
        ['current'],
      )) as { current: Input | null };
      if (!current) throw notFound('id', id);
      const stored = withoutSearchProperties(current);
      const { classificationLevel: before, ...props } = stored as Input & { classificationLevel: number };
      const next = validated(label, { ...props, ...withoutNulls(patch) }, 'patch');
      const after = next.classificationLevel as number;
      if (after < before) throw new ApiError('FORBIDDEN', 'an update cannot lower a classification; that is declassify, with the declassifier role', 'patch.classification');
      const row = await one<{ n: EntityRow }>(tx, `MATCH (n:${ENTITY_LABEL} {id: $id}) SET n = $props ${searchLabels('n')} RETURN ${entity('n')} AS n`, { id, props: next });
      const changes = after !== before ? [{ id, before: classificationOf(before), after: classificationOf(after) }] : [];
      return { result: row!.n, ids: [id], level: after, changes, touched: { labels: [], edited: [[label, changedProperties(stored, next)]], links: [] } };
    },
    { claiming: true, facilities: updatesWalked(label, Object.keys(withoutNulls(patch))) ? [id] : [] },
  );
}

/**
 * Deletes a visible node with its relationships. Refused when relationships the caller may not see
 * are attached: deleting them would destroy data above the caller's clearance.
 */
export async function deleteNode(db: Database, actor: Actor, id: string): Promise<{ id: string; relationshipsDeleted: number }> {
  const { viewer } = actor;
  const seen = trace([id]);
  return auditedWrite(
    db,
    actor,
    seen,
    async (tx, claimWith) => {
      // what is attached, read under the node's write lock in the statement that claims the audit record
      const row = (await claimWith(
        `MATCH (n:${ENTITY_LABEL} {id: $id}) WHERE n.classificationLevel <= $clearance
         ${lockFirst('n')}
         WITH n, properties(n).classificationLevel AS nodeLevel WHERE nodeLevel <= $clearance
         OPTIONAL MATCH (n)-[r]-(o)
         // its links and their other ends locked too: none is raised above the caller's clearance
         // between this check and the delete
         ${lockFirst('r')}
         ${lockFirst('o')}
         // an access request keeps its level as requestLevel (no generic read follows it); a link or
         // node with no level counts as TOP_SECRET: none is destroyed by someone not cleared for it
         WITH n, nodeLevel, r, o, coalesce(properties(r).classificationLevel, properties(r).requestLevel, ${CLASSIFICATION_LEVEL.TOP_SECRET}) AS rLevel,
              coalesce(properties(o).classificationLevel, ${CLASSIFICATION_LEVEL.TOP_SECRET}) AS oLevel
         WITH n, nodeLevel, r, rLevel, oLevel, r IS NOT NULL AND rLevel <= $clearance AND oLevel <= $clearance AS shown
         RETURN count(DISTINCT n) AS found, collect(DISTINCT ${labelOf('n')})[0] AS label, max(nodeLevel) AS level,
                count(CASE WHEN shown THEN 1 END) AS visibleRels,
                count(CASE WHEN r IS NOT NULL AND NOT shown THEN 1 END) AS hiddenRels,
                max(CASE WHEN shown THEN rLevel END) AS relLevel,
                max(CASE WHEN r IS NOT NULL AND NOT shown THEN CASE WHEN rLevel > oLevel THEN rLevel ELSE oLevel END END) AS hiddenLevel`,
        { id, clearance: clearanceLevel(viewer) },
        ['found', 'label', 'level', 'visibleRels', 'hiddenRels', 'relLevel', 'hiddenLevel'],
      )) as { found: number; label: Label | null; level: number | null; visibleRels: number; hiddenRels: number; relLevel: number | null; hiddenLevel: number | null };
      // an aggregate always returns a row: `found` says whether the node matched
      if (row.found === 0) throw notFound('id', id);
      // a refusal because of hidden items is recorded at their level: only admins cleared for them see it
      seen.level = Math.max(row.level ?? 0, row.hiddenLevel ?? 0);
      if (row.hiddenRels > 0) throw new ApiError('FORBIDDEN', 'this node is linked to items above your clearance; ask someone cleared for them', 'id');
      await tx.run(`MATCH (n:${ENTITY_LABEL} {id: $id}) DETACH DELETE n`, { id });
      return {
        result: { id, relationshipsDeleted: row.visibleRels },
        ids: [id],
        level: Math.max(row.level ?? 0, row.relLevel ?? 0),
        // a node of no known label (never written by the API) is taken to touch anything; one with no
        // link was on no walk of the kept answers
        touched: !row.label ? undefined : row.visibleRels === 0 ? { labels: [], unlinked: [row.label], links: [] } : { labels: [row.label], links: linksOf(row.label) },
      };
    },
    { claiming: true, facilities: [id] },
  );
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

/**
 * Creates (or updates) a relationship the ontology allows between two visible nodes. Updating may
 * raise its classification, never lower it.
 */
export async function link(db: Database, actor: Actor, input: LinkInput): Promise<{ relationship: RelRow; created: boolean }> {
  const { viewer } = actor;
  const relId = `${input.from}|${input.type}|${input.to}`;
  const seen = trace([input.from, input.to, relId]);
  return auditedWrite(db, actor, seen, async (tx, claimWith) => {
    const classification = input.classification ?? 'PUBLIC';
    checkClassification(viewer, classification, 'input.classification');
    if (input.sources.length === 0 || input.sources.some((s) => s.trim() === '')) throw badInput('input.sources', 'give at least one non-empty source');
    if (input.rank != null && (!Number.isInteger(input.rank) || input.rank < 1)) throw badInput('input.rank', 'rank must be a positive integer');
    if (input.weight != null && (!Number.isFinite(input.weight) || input.weight < 0)) throw badInput('input.weight', 'weight must be a non-negative number');
    const level = CLASSIFICATION_LEVEL[classification];
    const props = withoutNulls({ classification, classificationLevel: level, sources: input.sources, role: input.role, rank: input.rank, weight: input.weight });
    // the ends and the link between them, read in the statement that claims the audit record, the
    // link under its ends' write locks: of two links of the same ends made at once, the second sees the
    // first (and may not lower it)
    const read = await claimWith(
      `${ENDPOINTS}
       OPTIONAL MATCH (a)-[r:${input.type}]->(b)
       WITH a, b, max(r.classificationLevel) AS existingLevel
       RETURN ${ENDPOINT_COLUMNS}, existingLevel`,
      { from: input.from, to: input.to, clearance: clearanceLevel(viewer) },
      [...ENDPOINT_COLUMN_NAMES, 'existingLevel'],
    );
    const ends = endpointsOf(read, input.from, input.to);
    seen.level = ends.level;
    if (!relationshipAllowed(input.type, ends.fromLabel, ends.toLabel)) {
      throw badInput('input.type', `${input.type} is not allowed from ${ends.fromLabel} to ${ends.toLabel}`);
    }
    const existing = read.existingLevel == null ? null : { level: read.existingLevel as number };
    if (existing) seen.level = Math.max(seen.level, existing.level);
    // a hidden relationship is not replaced by a visible one: that would lower or leak it
    if (existing && existing.level > clearanceLevel(viewer)) throw new ApiError('FORBIDDEN', 'a relationship you cannot see links these nodes', 'input.type');
    if (existing && level < existing.level) {
      throw new ApiError('FORBIDDEN', 'link cannot lower the classification of an existing relationship; that is declassify, with the declassifier role', 'input.classification');
    }
    const row = await one<{ r: RelRow }>(
      tx,
      `MATCH (a:${ENTITY_LABEL} {id: $from}), (b:${ENTITY_LABEL} {id: $to})
       MERGE (a)-[r:${input.type}]->(b)
       SET r = $props
       RETURN ${relationship('r')} AS r`,
      { from: input.from, to: input.to, props },
    );
    const changes = existing && existing.level !== level ? [{ id: relId, before: classificationOf(existing.level), after: classification }] : [];
    return {
      result: { relationship: row!.r, created: !existing },
      ids: [input.from, input.to, relId],
      level: Math.max(ends.level, level),
      changes,
      touched: { labels: [], links: [[input.type, ends.fromLabel]] },
    };
  }, { claiming: true, facilities: [input.from] });
}

/** Deletes a visible relationship between two visible nodes. */
export async function unlink(db: Database, actor: Actor, from: string, type: RelType, to: string): Promise<boolean> {
  const { viewer } = actor;
  const relId = `${from}|${type}|${to}`;
  const seen = trace([from, to, relId]);
  return auditedWrite(db, actor, seen, async (tx, claimWith) => {
    // under the ends' write locks, as link takes them: a link raised meanwhile is seen, and left alone
    const read = await claimWith(`${ENDPOINTS} RETURN ${ENDPOINT_COLUMNS}`, { from, to, clearance: clearanceLevel(viewer) }, ENDPOINT_COLUMN_NAMES);
    const ends = endpointsOf(read, from, to, '');
    seen.level = ends.level;
    const row = await one<{ n: number; level: number | null }>(
      tx,
      `MATCH (:${ENTITY_LABEL} {id: $from})-[r:${type}]->(:${ENTITY_LABEL} {id: $to})
       WHERE r.classificationLevel <= $clearance
       WITH r, r.classificationLevel AS level
       DELETE r
       RETURN count(*) AS n, max(level) AS level`,
      { from, to, clearance: clearanceLevel(viewer) },
    );
    const deleted = (row?.n ?? 0) > 0;
    return {
      result: deleted,
      ids: deleted ? [from, to, relId] : [from, to],
      level: Math.max(ends.level, row?.level ?? 0),
      touched: { labels: [], links: [[type, ends.fromLabel]] },
    };
  }, { claiming: true, facilities: [from] });
}

/**
 * For a claiming statement: reads the ends of a relationship as `a` (id `$from`) and `b` (id `$to`)
 * under their write locks, each null when missing or above `$clearance`: always one row. Follow it
 * with `RETURN ${ENDPOINT_COLUMNS}` (or more after a WITH keeping `a, b`) and check the row with
 * `endpointsOf`.
 */
export const ENDPOINTS = `OPTIONAL MATCH (a:${ENTITY_LABEL} {id: $from}) WHERE a.classificationLevel <= $clearance
     OPTIONAL MATCH (b:${ENTITY_LABEL} {id: $to}) WHERE b.classificationLevel <= $clearance
     ${lockFirst('a', 'b')}
     WITH CASE WHEN properties(a).classificationLevel <= $clearance THEN a END AS a,
          CASE WHEN properties(b).classificationLevel <= $clearance THEN b END AS b`;

/** The columns `endpointsOf` reads, over `a` and `b` of ENDPOINTS. */
export const ENDPOINT_COLUMNS = `${labelOf('a')} AS fromLabel, ${labelOf('b')} AS toLabel,
            CASE WHEN properties(a).classificationLevel > properties(b).classificationLevel THEN properties(a).classificationLevel ELSE properties(b).classificationLevel END AS level`;
export const ENDPOINT_COLUMN_NAMES = ['fromLabel', 'toLabel', 'level'] as const;

/** Labels and highest level of two endpoints the caller may see; NOT_FOUND (hidden = missing) otherwise. */
export function endpointsOf(row: Record<string, unknown>, from: string, to: string, prefix = 'input.'): { fromLabel: Label; toLabel: Label; level: number } {
  const { fromLabel, toLabel, level } = row as { fromLabel: Label | null; toLabel: Label | null; level: number | null };
  if (!fromLabel) throw notFound(`${prefix}from`, from);
  if (!toLabel) throw notFound(`${prefix}to`, to);
  return { fromLabel, toLabel, level: level ?? 0 };
}
