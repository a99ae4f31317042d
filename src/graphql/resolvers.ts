import type { Resolvers } from '../generated/resolvers.js';
import { readHealth } from '../data/health.js';
import type { EntityRow } from '../data/entities.js';

/** Fields every entity type shares; lists default to empty rather than null. */
const entityFields = {
  aliases: (e: EntityRow) => e.aliases ?? [],
  sources: (e: EntityRow) => e.sources ?? [],
};

export const resolvers: Resolvers = {
  Query: {
    health: (_root, _args, { db }) => readHealth(db),
    node: (_root, { id }, { loaders }) => loaders.entity.load(id),
    nodes: (_root, { ids }, { loaders }) => loaders.entity.loadMany(ids).then((rows) => rows.map((r) => (r instanceof Error ? null : r))),
  },
  Node: {
    __resolveType: (e) => e.label,
  },
  Document: entityFields,
  Agency: entityFields,
  District: entityFields,
  Park: entityFields,
  Institution: entityFields,
  Facility: { ...entityFields, accessModes: (e) => (e.accessModes as never) ?? [] },
  Technology: entityFields,
  Standard: entityFields,
  IPAsset: entityFields,
  Certification: entityFields,
  FinancingInstrument: entityFields,
  Task: entityFields,
  Phase: entityFields,
  Goal: entityFields,
};
