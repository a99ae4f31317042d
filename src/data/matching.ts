import { badInput, notFound } from '../errors.js';
import { ENTITY_LABEL } from '../ontology.js';
import type { Database } from '../db/database.js';
import { AREA_STEPS, entity, PLACE_STEPS, visible, visiblePath } from './cypher.js';
import type { EntityRow } from './entities.js';

/**
 * Matching a published need to the facilities and institutions that could meet it (§二(二)5 needs
 * catalogue, §二(三)3 supply and demand). Every point of a score comes from one piece of evidence,
 * and every piece of evidence is a path the caller may see: a candidate, a technology link, a
 * certification or a location the caller cannot see does not exist for the ranking.
 */

/** What a piece of evidence says. The points of each kind are the ranking rules (see POINTS). */
export type EvidenceKind =
  | 'TECHNOLOGY_EXACT'
  | 'TECHNOLOGY_NARROWER'
  | 'TECHNOLOGY_BROADER'
  | 'TECHNOLOGY_SIBLING'
  | 'CERTIFICATION_HELD'
  | 'CERTIFICATION_MISSING'
  | 'LOCATION_PARK'
  | 'LOCATION_DISTRICT'
  | 'ACCESS'
  | 'PRIOR_USE';

export interface EvidenceRow {
  kind: EvidenceKind;
  points: number;
  /** A sentence for the reader, in English, naming the ids involved. */
  detail: string;
  /** The nodes along the path that supports it, from the candidate (or the need) outwards. */
  path: EntityRow[];
}

export interface NeedMatchRow {
  candidate: EntityRow;
  score: number;
  /** False when the need makes certifications mandatory and one is missing. */
  eligible: boolean;
  missingCertifications: EntityRow[];
  evidence: EvidenceRow[];
}

export interface MatchOptions {
  first?: number | null;
  /** Also list candidates a mandatory certification rule makes ineligible. */
  includeIneligible?: boolean | null;
}

/**
 * The ranking rules. Technology fit counts once per required technology (its best kind); holding a
 * required certification counts per certification; location counts once (its best kind); access
 * counts for facilities; prior use counts per use, up to PRIOR_USE_CAP.
 */
export const POINTS = {
  TECHNOLOGY_EXACT: 40,
  TECHNOLOGY_NARROWER: 30,
  TECHNOLOGY_BROADER: 15,
  TECHNOLOGY_SIBLING: 10,
  CERTIFICATION_HELD: 10,
  CERTIFICATION_MISSING: 0,
  LOCATION_PARK: 20,
  LOCATION_DISTRICT: 15,
  ACCESS: { OPEN: 10, CONDITIONAL: 6, RESTRICTED: 2, CLOSED: 0 } as Record<string, number>,
  PRIOR_USE: 5,
} as const;
export const PRIOR_USE_CAP = 10;
export const MAX_MATCHES = 100;

const FIT_ORDER = ['TECHNOLOGY_EXACT', 'TECHNOLOGY_NARROWER', 'TECHNOLOGY_BROADER', 'TECHNOLOGY_SIBLING'] as const;
type Fit = (typeof FIT_ORDER)[number];

interface TechLink {
  required: string;
  fit: Fit;
  /** From the candidate's technology to the required one (ids, through the hierarchy). */
  path: EntityRow[];
}

interface CandidateRow {
  candidate: EntityRow;
  /** Technologies the candidate serves (facility) or focuses on (institution). */
  techs: string[];
  /** Certifications held: by the institution, or by a facility's operators. */
  held: Array<{ cert: string; holder: EntityRow }>;
  /** The shortest visible location chain to each preferred place it lies in. */
  places: Array<{ place: string; park: boolean; path: EntityRow[] }>;
  /** Facilities (for an institution) or institutions (for a facility) of recorded USES. */
  uses: EntityRow[];
}

/**
 * Ranks the candidates for need `id` as the caller may see them: score descending, then id.
 * A hidden or missing need is NOT_FOUND alike.
 */
export async function matchNeed(db: Database, id: string, options: MatchOptions, clearance: number): Promise<NeedMatchRow[]> {
  const first = options.first ?? 10;
  if (!Number.isInteger(first) || first < 1 || first > MAX_MATCHES) throw badInput('first', `first must be between 1 and ${MAX_MATCHES}, got ${first}`);
  const [need] = await db.read(
    `MATCH (need:Need:${ENTITY_LABEL} {id: $id}) WHERE ${visible('need')}
     CALL (need) {
       OPTIONAL MATCH (need)-[r:REQUIRES]->(t:Technology) WHERE ${visible('r')} AND ${visible('t')}
       RETURN collect(${entity('t')}) AS techs
     }
     CALL (need) {
       OPTIONAL MATCH (need)-[r:REQUIRES]->(c:Certification) WHERE ${visible('r')} AND ${visible('c')}
       RETURN collect(${entity('c')}) AS certs
     }
     CALL (need) {
       OPTIONAL MATCH (need)-[r:PREFERS]->(pl) WHERE ${visible('r')} AND ${visible('pl')}
       RETURN collect(pl.id) AS places
     }
     RETURN ${entity('need')} AS need, techs, certs, places`,
    { id, clearance },
  );
  if (!need) throw notFound('id', id);
  const required = need.techs as EntityRow[];
  const certs = need.certs as EntityRow[];
  const places = need.places as string[];
  const mandatory = (need.need as EntityRow).certificationsMandatory === true;
  if (required.length === 0) return [];

  // Each technology related to a required one, with its kind of fit and the hierarchy path.
  const linkRows = await db.read(
    `UNWIND $required AS rid
     MATCH (req:Technology {id: rid})
     CALL (req) {
       MATCH p = (t:Technology)-[:${AREA_STEPS}]->(req) WHERE ${visiblePath('p')}
       RETURN t, CASE WHEN length(p) = 0 THEN 'TECHNOLOGY_EXACT' ELSE 'TECHNOLOGY_NARROWER' END AS fit, nodes(p) AS path
       UNION
       MATCH p = (req)-[:PART_OF*1..10]->(t:Technology) WHERE ${visiblePath('p')}
       RETURN t, 'TECHNOLOGY_BROADER' AS fit, reverse(nodes(p)) AS path
       UNION
       MATCH p = (req)-[:PART_OF]->(:Technology)<-[:PART_OF]-(t:Technology) WHERE t <> req AND ${visiblePath('p')}
       RETURN t, 'TECHNOLOGY_SIBLING' AS fit, reverse(nodes(p)) AS path
     }
     RETURN rid AS required, t.id AS tech, fit, [n IN path | ${entity('n')}] AS path`,
    { required: required.map((t) => t.id), clearance },
  );
  const links = new Map<string, TechLink[]>();
  for (const r of linkRows) {
    const link: TechLink = { required: r.required as string, fit: r.fit as Fit, path: r.path as EntityRow[] };
    const list = links.get(r.tech as string) ?? [];
    list.push(link);
    links.set(r.tech as string, list);
  }

  const rows = (await db.read(
    `UNWIND $techs AS tid
     MATCH (t:Technology {id: tid})
     CALL (t) {
       MATCH (c:Facility)-[r:SERVES]->(t) WHERE ${visible('r')} AND ${visible('c')} RETURN c
       UNION
       MATCH (c:Institution)-[r:FOCUSES_ON]->(t) WHERE ${visible('r')} AND ${visible('c')} RETURN c
     }
     WITH DISTINCT c
     CALL (c) {
       OPTIONAL MATCH (c)-[r:SERVES|FOCUSES_ON]->(t:Technology) WHERE ${visible('r')} AND ${visible('t')} AND t.id IN $techs
       RETURN collect(DISTINCT t.id) AS techs
     }
     CALL (c) {
       OPTIONAL MATCH p = (h:Institution)-[:OPERATES*0..1]->(c) WHERE ${visiblePath('p')}
       OPTIONAL MATCH (h)-[r:HOLDS]->(cert:Certification) WHERE ${visible('r')} AND ${visible('cert')} AND cert.id IN $certs
       WITH h, cert WHERE cert IS NOT NULL
       RETURN collect({cert: cert.id, holder: ${entity('h')}}) AS held
     }
     CALL (c) {
       UNWIND $places AS plid
       MATCH (pl:${ENTITY_LABEL} {id: plid})
       MATCH p = shortestPath((c)-[:${PLACE_STEPS}]->(pl)) WHERE ${visiblePath('p')}
       RETURN collect({place: pl.id, park: pl:Park, path: [n IN nodes(p) | ${entity('n')}]}) AS places
     }
     CALL (c) {
       OPTIONAL MATCH (c)-[r:USES]-(u) WHERE ${visible('r')} AND ${visible('u')}
         AND (c:Facility OR EXISTS { MATCH q = (u)-[:SERVES]->(:Technology)-[:${AREA_STEPS}]->(rt:Technology) WHERE rt.id IN $required AND ${visiblePath('q')} })
       WITH u ORDER BY u.id
       RETURN collect(${entity('u')}) AS uses
     }
     RETURN ${entity('c')} AS candidate, techs, held, places, uses`,
    { techs: [...links.keys()], certs: certs.map((c) => c.id), places, required: required.map((t) => t.id), clearance },
  )) as unknown as CandidateRow[];

  const matches = rows.map((row) => score(row, { required, certs, links, mandatory }));
  return matches
    .filter((m) => m.eligible || options.includeIneligible)
    .sort((a, b) => b.score - a.score || (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0))
    .slice(0, first);
}

function score(
  row: CandidateRow,
  need: { required: EntityRow[]; certs: EntityRow[]; links: Map<string, TechLink[]>; mandatory: boolean },
): NeedMatchRow {
  const evidence: EvidenceRow[] = [];
  const c = row.candidate;
  // technology: the best fit per required technology, ties broken by the candidate technology's id
  for (const req of need.required) {
    let best: TechLink | undefined;
    for (const tech of [...row.techs].sort()) {
      for (const link of need.links.get(tech) ?? []) {
        if (link.required !== req.id) continue;
        if (!best || FIT_ORDER.indexOf(link.fit) < FIT_ORDER.indexOf(best.fit)) best = link;
      }
    }
    if (best) {
      const via = best.path.map((n) => n.id).join(' → ');
      evidence.push({ kind: best.fit, points: POINTS[best.fit], detail: `${c.id} ${c.label === 'Facility' ? 'serves' : 'focuses on'} ${via} (required: ${req.id})`, path: [c, ...best.path] });
    }
  }
  // certifications: held by the institution itself, or by an operator of the facility
  const missing: EntityRow[] = [];
  for (const cert of need.certs) {
    const held = row.held.filter((h) => h.cert === cert.id).sort((a, b) => (a.holder.id < b.holder.id ? -1 : 1))[0];
    if (held) {
      const by = held.holder.id === c.id ? c.id : `${held.holder.id}, which operates ${c.id}`;
      evidence.push({ kind: 'CERTIFICATION_HELD', points: POINTS.CERTIFICATION_HELD, detail: `${cert.id} held by ${by}`, path: held.holder.id === c.id ? [c, cert] : [c, held.holder, cert] });
    } else {
      missing.push(cert);
      evidence.push({ kind: 'CERTIFICATION_MISSING', points: 0, detail: `no holder of ${cert.id} among ${c.id}${c.label === 'Facility' ? ' and its operators' : ''}`, path: [c, cert] });
    }
  }
  // location: the best preferred place the candidate lies in (a park beats a district)
  const place = [...row.places].sort((a, b) => Number(b.park) - Number(a.park) || a.path.length - b.path.length || (a.place < b.place ? -1 : 1))[0];
  if (place) {
    const kind = place.park ? 'LOCATION_PARK' : 'LOCATION_DISTRICT';
    evidence.push({ kind, points: POINTS[kind], detail: `${place.path.map((n) => n.id).join(' → ')} (preferred: ${place.place})`, path: place.path });
  }
  if (c.label === 'Facility' && typeof c.access === 'string') {
    evidence.push({ kind: 'ACCESS', points: POINTS.ACCESS[c.access] ?? 0, detail: `${c.id} is ${c.access}`, path: [c] });
  }
  for (const [k, u] of row.uses.entries()) {
    if (k * POINTS.PRIOR_USE >= PRIOR_USE_CAP) break;
    const detail = c.label === 'Facility' ? `${u.id} uses ${c.id}` : `${c.id} uses ${u.id}, which serves a required technology`;
    evidence.push({ kind: 'PRIOR_USE', points: POINTS.PRIOR_USE, detail, path: c.label === 'Facility' ? [u, c] : [c, u] });
  }
  return {
    candidate: c,
    score: evidence.reduce((n, e) => n + e.points, 0),
    eligible: !(need.mandatory && missing.length > 0),
    missingCertifications: missing,
    evidence,
  };
}
