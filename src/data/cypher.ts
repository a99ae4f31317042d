import { ENTITY_LABEL } from '../ontology.js';

/**
 * Cypher fragments shared by the data modules. They interpolate only variable names chosen by the
 * code, never input; every value travels as a parameter. `$clearance` is the caller's level.
 */

/** A node the caller may see. */
export const visible = (v: string) => `${v}.classificationLevel <= $clearance`;

/** Every node and relationship along path `p` is visible: a path through a hidden item does not exist. */
export const visiblePath = (p: string) =>
  `all(x IN nodes(${p}) WHERE x.classificationLevel <= $clearance) AND all(y IN relationships(${p}) WHERE y.classificationLevel <= $clearance)`;

/** An entity as a map, with its ontology label. */
export const entity = (v: string) => `${v} { .*, label: [l IN labels(${v}) WHERE l <> '${ENTITY_LABEL}'][0] }`;

/** `entity` of any expression (map projection needs a variable, so one is bound first). */
export const entityOf = (expr: string) => `[e_ IN [${expr}] | ${entity('e_')}][0]`;

/** A relationship as a map: its properties, type and endpoint ids (null stays null). */
export const relationship = (r: string) =>
  `[x_ IN [${r}] | CASE WHEN x_ IS NULL THEN null ELSE x_ { .*, type: type(x_), from: startNode(x_).id, to: endNode(x_).id } END][0]`;
