import type { Picks } from './queries.js';

/** The one method of `Database` that picking needs (so the test and the bench share this). */
export interface Reader {
  read(cypher: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
}

/** Parameters drawn from the loaded graph itself, all visible at clearance `c`. */
export async function pick(db: Reader, c: number): Promise<Picks> {
  const ids = async (cypher: string) => (await db.read(cypher, { c })).map((r) => r.id as string);
  const districts = await ids(
    `MATCH (d:District) WHERE d.classificationLevel <= $c
     CALL (d) { MATCH (f:Facility)-[:LOCATED_IN|PART_OF*1..3]->(d) RETURN count(f) AS n }
     RETURN d.id AS id ORDER BY n DESC, id LIMIT 10`,
  );
  const techRoots = await ids(`MATCH (t:Technology) WHERE t.classificationLevel <= $c AND NOT (t)-[:PART_OF]->() RETURN t.id AS id ORDER BY id LIMIT 10`);
  const parks = await ids(
    `MATCH (p:Park) WHERE p.classificationLevel <= $c
     CALL (p) { MATCH (f:Facility)-[:LOCATED_IN]->(p) RETURN count(f) AS n }
     RETURN p.id AS id ORDER BY n DESC, id LIMIT 10`,
  );
  // labels come from this fixed list only
  const spreadIds = async (label: 'Institution' | 'Technology' | 'Facility') =>
    (await db.read(`MATCH (n:${label}) WHERE n.classificationLevel <= $c WITH n ORDER BY n.id WITH collect(n.id) AS xs RETURN [k IN range(0, 9) | xs[toInteger(k * size(xs) / 10.0 + 3)]] AS ids`, { c }))[0]!
      .ids as string[];
  const institutions = await spreadIds('Institution');
  const technologies = await spreadIds('Technology');
  const facilities = await spreadIds('Facility');
  const searchTerms = facilities.map((id) => `合成實驗室${id.split('-').pop()}`);
  // Deep pages: offsets around the middle of all facilities (D pages by offset), and the id just
  // before each offset among the visible ones (B and A page by keyset after that id).
  const visibleTotal = (await db.read('MATCH (f:Facility) WHERE f.classificationLevel <= $c RETURN count(f) AS n', { c }))[0]!.n as number;
  const deepOffsets = Array.from({ length: 5 }, (_, k) => Math.floor(visibleTotal / 2) + k * Math.floor(visibleTotal / 20));
  const deepIds: string[] = [];
  for (const offset of deepOffsets) {
    deepIds.push((await db.read('MATCH (f:Facility) WHERE f.classificationLevel <= $c WITH f ORDER BY f.id SKIP $skip LIMIT 1 RETURN f.id AS id', { c, skip: offset - 1 }))[0]!.id as string);
  }
  return { districts, techRoots, parks, institutions, technologies, searchTerms, deepOffsets, deepIds };
}
