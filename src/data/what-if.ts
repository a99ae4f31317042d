import { randomUUID } from 'node:crypto';
import { badInput, notFound } from '../errors.js';
import { CLASSIFICATION_LEVEL, ENTITY_LABEL, type Classification } from '../ontology.js';
import type { Database, Queryable } from '../db/database.js';
import { coverageGaps, facilityCoverage, type CoverageCellRow } from './analysis.js';
import { visible } from './cypher.js';
import type { EntityRow } from './entities.js';

/**
 * What-if coverage: a planner's scenario (facilities added, removed or opened; services added) is
 * applied inside one write transaction that is always rolled back, between two readings of the
 * same coverage. The graph is never changed, also when the scenario fails half-way. Every id the
 * scenario names must be visible to the caller (a hidden one is NOT_FOUND like a missing one), and
 * what it adds is classified at most at the caller's clearance, so the scenario sees only what the
 * caller may see.
 */

export interface ScenarioFacility {
  name: string;
  district?: string | null;
  park?: string | null;
  technologies: readonly string[];
  access?: string | null;
  classification?: Classification | null;
}

export interface Scenario {
  addFacilities?: readonly ScenarioFacility[] | null;
  removeFacilities?: readonly string[] | null;
  openFacilities?: readonly string[] | null;
  addServices?: ReadonlyArray<{ facility: string; technology: string }> | null;
}

export interface WhatIf<T> {
  before: T[];
  after: T[];
  /** Gaps the scenario closes (in `after`). */
  closed: T[];
  /** Gaps the scenario opens (in `after`, or in `before` for gap lists). */
  opened: T[];
}

/** At most this many changes in one scenario (each is a statement in the transaction). */
export const MAX_SCENARIO_CHANGES = 50;

/** District × technology coverage before and after the scenario; a gap is a cell with no open facility. */
export async function facilityCoverageWhatIf(
  db: Database,
  args: { districts?: readonly string[] | null; technology?: string | null },
  scenario: Scenario,
  clearance: number,
): Promise<WhatIf<CoverageCellRow>> {
  checkSize(scenario);
  return db.rolledBack(async (tx) => {
    const before = await facilityCoverage(tx, args, clearance);
    await applyScenario(tx, scenario, clearance);
    const after = await facilityCoverage(tx, args, clearance);
    const key = (c: CoverageCellRow) => `${c.district.id} ${c.technology.id}`;
    const wasGap = new Map(before.map((c) => [key(c), c.openFacilities === 0]));
    return {
      before,
      after,
      closed: after.filter((c) => wasGap.get(key(c)) === true && c.openFacilities > 0),
      opened: after.filter((c) => wasGap.get(key(c)) === false && c.openFacilities === 0),
    };
  });
}

/** The technologies under a root with no open facility in the district, before and after the scenario. */
export async function coverageGapsWhatIf(
  db: Database,
  args: { district: string; technology: string },
  scenario: Scenario,
  clearance: number,
): Promise<WhatIf<{ technology: EntityRow; depth: number }> | null> {
  checkSize(scenario);
  return db.rolledBack(async (tx) => {
    const before = await coverageGaps(tx, args, clearance);
    if (!before) return null;
    await applyScenario(tx, scenario, clearance);
    const after = (await coverageGaps(tx, args, clearance)) ?? [];
    const inBefore = new Set(before.map((g) => g.technology.id));
    const inAfter = new Set(after.map((g) => g.technology.id));
    return {
      before,
      after,
      closed: before.filter((g) => !inAfter.has(g.technology.id)),
      opened: after.filter((g) => !inBefore.has(g.technology.id)),
    };
  });
}

function checkSize(s: Scenario): void {
  const n = (s.addFacilities?.length ?? 0) + (s.removeFacilities?.length ?? 0) + (s.openFacilities?.length ?? 0) + (s.addServices?.length ?? 0);
  if (n === 0) throw badInput('scenario', 'a scenario needs at least one change');
  if (n > MAX_SCENARIO_CHANGES) throw badInput('scenario', `at most ${MAX_SCENARIO_CHANGES} changes per scenario, got ${n}`);
}

/** Checks that `id` is a visible node with `label` (label from the fixed list below, never input). */
async function mustSee(tx: Queryable, label: 'Facility' | 'Technology' | 'District' | 'Park', id: string, argument: string, clearance: number): Promise<void> {
  const [row] = await tx.read(`MATCH (n:${label}:${ENTITY_LABEL} {id: $id}) WHERE ${visible('n')} RETURN count(n) AS n`, { id, clearance });
  if (!row || (row.n as number) === 0) throw notFound(argument, id);
}

async function applyScenario(tx: Queryable, s: Scenario, clearance: number): Promise<void> {
  for (const [i, id] of (s.removeFacilities ?? []).entries()) {
    await mustSee(tx, 'Facility', id, `scenario.removeFacilities.${i}`, clearance);
    await tx.write(`MATCH (f:Facility:${ENTITY_LABEL} {id: $id}) DETACH DELETE f`, { id });
  }
  for (const [i, id] of (s.openFacilities ?? []).entries()) {
    await mustSee(tx, 'Facility', id, `scenario.openFacilities.${i}`, clearance);
    await tx.write(`MATCH (f:Facility:${ENTITY_LABEL} {id: $id}) SET f.access = 'OPEN'`, { id });
  }
  for (const [i, svc] of (s.addServices ?? []).entries()) {
    await mustSee(tx, 'Facility', svc.facility, `scenario.addServices.${i}.facility`, clearance);
    await mustSee(tx, 'Technology', svc.technology, `scenario.addServices.${i}.technology`, clearance);
    // CREATE, not MERGE: a hidden SERVES link between the two must not stand in for the new one,
    // which is PUBLIC (both ends are visible to the caller, so the link is too)
    await tx.write(
      `MATCH (f:Facility:${ENTITY_LABEL} {id: $facility}), (t:Technology:${ENTITY_LABEL} {id: $technology})
       CREATE (f)-[:SERVES {classification: $classification, classificationLevel: $level, sources: ['WHAT-IF SCENARIO']}]->(t)`,
      { facility: svc.facility, technology: svc.technology, classification: 'PUBLIC', level: 0 },
    );
  }
  for (const [i, f] of (s.addFacilities ?? []).entries()) {
    const at = `scenario.addFacilities.${i}`;
    const classification = f.classification ?? 'PUBLIC';
    if (CLASSIFICATION_LEVEL[classification] > clearance) throw badInput(`${at}.classification`, 'above your clearance');
    if ((f.district ? 1 : 0) + (f.park ? 1 : 0) !== 1) throw badInput(at, 'give exactly one of district and park');
    if (f.district) await mustSee(tx, 'District', f.district, `${at}.district`, clearance);
    if (f.park) await mustSee(tx, 'Park', f.park, `${at}.park`, clearance);
    for (const [k, t] of f.technologies.entries()) await mustSee(tx, 'Technology', t, `${at}.technologies.${k}`, clearance);
    await tx.write(
      `MATCH (place:${ENTITY_LABEL} {id: $place})
       CREATE (f:Facility:${ENTITY_LABEL} {id: $id, name: $name, access: $access, classification: $classification,
         classificationLevel: $level, sources: ['WHAT-IF SCENARIO'], aliases: [], accessModes: []})
       CREATE (f)-[:LOCATED_IN {classification: $classification, classificationLevel: $level, sources: ['WHAT-IF SCENARIO']}]->(place)
       WITH f
       UNWIND $technologies AS tid
       MATCH (t:Technology:${ENTITY_LABEL} {id: tid})
       CREATE (f)-[:SERVES {classification: $classification, classificationLevel: $level, sources: ['WHAT-IF SCENARIO']}]->(t)`,
      {
        id: `facility:what-if-${randomUUID()}`,
        name: f.name,
        access: f.access ?? 'OPEN',
        place: f.district ?? f.park,
        technologies: [...f.technologies],
        classification,
        level: CLASSIFICATION_LEVEL[classification],
      },
    );
  }
}
