import { CLASSIFICATION_LEVEL, isLabel, type Classification } from '../../ontology.js';
import type { Database } from '../../db/database.js';
import { existingRelationships, knownEntities } from '../../data/known-entities.js';
import { readDatasetDir } from '../../data/files.js';
import type { KnownEntity } from './gazetteer.js';
import type { KnownGraph } from './propose.js';

/** The graph in a running database, as a reader cleared for `clearance` sees it. */
export async function knownFromDatabase(db: Database, clearance: Classification): Promise<KnownGraph> {
  const level = CLASSIFICATION_LEVEL[clearance];
  return {
    entities: await knownEntities(db, level),
    existingRelationships: (keys) => existingRelationships(db, keys, level),
  };
}

type Raw = Record<string, unknown>;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const levelOf = (r: Raw) => CLASSIFICATION_LEVEL[(r.classification as Classification | undefined) ?? 'PUBLIC'] ?? 0;

/** The graph a dataset folder (e.g. `seed/plan`) describes, restricted to `clearance`. */
export async function knownFromDir(dir: string, clearance: Classification): Promise<KnownGraph> {
  const level = CLASSIFICATION_LEVEL[clearance];
  const files = await readDatasetDir(dir);
  const entities = new Map<string, KnownEntity>();
  for (const f of files) {
    if (!f.label || !isLabel(f.label)) continue;
    for (const r of f.records as Raw[]) {
      if (levelOf(r) > level || typeof r.id !== 'string' || typeof r.name !== 'string') continue;
      entities.set(r.id, {
        id: r.id, label: f.label, name: r.name, aliases: list(r.aliases), sources: list(r.sources),
        ...(typeof r.number === 'string' ? { number: r.number } : {}),
        ...(typeof r.clause === 'string' ? { clause: r.clause } : {}),
      });
    }
  }
  const rels = new Set<string>();
  for (const f of files) {
    if (!f.type) continue;
    for (const r of f.records as Raw[]) {
      const from = entities.get(String(r.from));
      const to = entities.get(String(r.to));
      if (!from || !to || levelOf(r) > level) continue;
      rels.add(`${from.id}|${f.type}|${to.id}`);
      if (f.type === 'PART_OF' && to.label === 'Document') from.document ??= to.id;
    }
  }
  return { entities: [...entities.values()], existingRelationships: async (keys) => new Set(keys.filter((k) => rels.has(k))) };
}
