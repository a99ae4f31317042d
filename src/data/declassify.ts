import { badInput, notFound } from '../errors.js';
import { CLASSIFICATION_LEVEL, ENTITY_LABEL, isRelType, type Classification, type Label } from '../ontology.js';
import type { Touched } from './answer-cache.js';
import { labelOf, lockFirst } from './cypher.js';
import type { Database } from '../db/database.js';
import { classificationOf } from './audit.js';
import { auditedWrite, trace, type Actor } from './audited-write.js';
import { ENDPOINT_COLUMN_NAMES, ENDPOINT_COLUMNS, ENDPOINTS, endpointsOf } from './mutations.js';
import { searchLabels } from './search.js';
import { clearanceLevel } from './viewer.js';

/**
 * Declassification: lowering the classification of one node or relationship. It is the only write
 * that lowers one (updates and links may only raise), it needs the declassifier role (checked by the
 * resolver), its record carries the classification before and after and the reason, and it reaches
 * only what the caller may see: anything above their clearance answers NOT_FOUND, like a missing id.
 */

export interface Declassified {
  id: string;
  before: Classification;
  after: Classification;
}

/** Lowers the classification of node `id`, or of relationship `from|TYPE|to`, to `classification`. */
export async function declassify(db: Database, actor: Actor, id: string, classification: Classification, reason: string): Promise<Declassified> {
  const seen = trace([id]);
  return auditedWrite(db, actor, seen, async (tx, claimWith) => {
    if (reason.trim() === '') throw badInput('reason', 'say why the classification is lowered');
    if (reason.length > 2000) throw badInput('reason', 'at most 2000 characters');
    const clearance = clearanceLevel(actor.viewer);
    const after = CLASSIFICATION_LEVEL[classification];
    const parts = id.split('|');
    let before: number;
    let ids: string[];
    let touched: Touched | undefined;
    if (parts.length === 3) {
      const [from, type, to] = parts as [string, string, string];
      if (!isRelType(type)) throw notFound('id', id);
      // the ends and the link, read under their write locks in the statement that claims the audit
      // record; `type` is checked against the ontology's allow-list above
      const read = await claimWith(
        `${ENDPOINTS}
         OPTIONAL MATCH (a)-[r:${type}]->(b) WHERE r.classificationLevel <= $clearance
         ${lockFirst('r')}
         WITH a, b, max(CASE WHEN properties(r).classificationLevel <= $clearance THEN properties(r).classificationLevel END) AS before
         RETURN ${ENDPOINT_COLUMNS}, before`,
        { from, to, clearance },
        [...ENDPOINT_COLUMN_NAMES, 'before'],
      );
      // a missing or hidden end, or link, is one missing id
      if (!read.fromLabel || !read.toLabel || read.before == null) throw notFound('id', id);
      const ends = endpointsOf(read, from, to, '');
      before = read.before as number;
      seen.level = Math.max(before, ends.level);
      if (after >= before) throw badInput('classification', `${classification} does not lower ${classificationOf(before)}`);
      await tx.run(
        // a duplicate link above the caller's clearance is not theirs to lower
        `MATCH (:${ENTITY_LABEL} {id: $from})-[r:${type}]->(:${ENTITY_LABEL} {id: $to}) WHERE r.classificationLevel <= $clearance
         SET r.classification = $classification, r.classificationLevel = $after`,
        { from, to, classification, after, clearance },
      );
      ids = [from, to, id];
      touched = { labels: [], links: [[type, ends.fromLabel]] };
    } else if (parts.length === 1) {
      const read = await claimWith(
        `OPTIONAL MATCH (n:${ENTITY_LABEL} {id: $id}) WHERE n.classificationLevel <= $clearance
         ${lockFirst('n')}
         WITH n, properties(n).classificationLevel AS level WHERE level <= $clearance
         RETURN max(level) AS before, head(collect(${labelOf('n')})) AS label`,
        { id, clearance },
        ['before', 'label'],
      );
      if (read.before == null) throw notFound('id', id);
      before = read.before as number;
      seen.level = before;
      if (after >= before) throw badInput('classification', `${classification} does not lower ${classificationOf(before)}`);
      // the search labels follow the level, so the callers now cleared for the node can also find it
      await tx.run(`MATCH (n:${ENTITY_LABEL} {id: $id}) SET n.classification = $classification, n.classificationLevel = $after ${searchLabels('n')}`, { id, classification, after });
      ids = [id];
      const label = read.label as Label | null;
      touched = label ? { labels: [label], links: [] } : undefined;
    } else {
      throw notFound('id', id);
    }
    const change = { id, before: classificationOf(before), after: classification };
    return { result: change, ids, level: before, changes: [change], reason, touched };
  }, { claiming: true, facilities: [id.split('|')[0]!] });
}
