import DataLoader from 'dataloader';
import type { Database } from '../db/database.js';
import { entitiesByIds, type EntityRow } from '../data/entities.js';

/** Per-request context: the database and this request's DataLoaders (never shared across requests). */
export interface Context {
  db: Database;
  loaders: Loaders;
}

export interface Loaders {
  entity: DataLoader<string, EntityRow | null>;
}

export function createContext(db: Database): Context {
  return {
    db,
    loaders: {
      entity: new DataLoader((ids) => entitiesByIds(db, ids)),
    },
  };
}
