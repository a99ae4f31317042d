/**
 * The ontology of ../shared/design/ontology.md as data: the allow-list of labels, relationship types,
 * their permitted endpoints, and the enumerations. Anything that reaches Cypher as a label or a
 * relationship type is checked against these lists first.
 */

export const LABELS = [
  'Document',
  'Agency',
  'District',
  'Park',
  'Institution',
  'Facility',
  'Technology',
  'Standard',
  'IPAsset',
  'Certification',
  'FinancingInstrument',
  'Task',
  'Phase',
  'Goal',
] as const;
export type Label = (typeof LABELS)[number];

/** Every entity also carries this label, so ids are unique across the whole graph. */
export const ENTITY_LABEL = 'Entity';

/**
 * Search labels: a node of classification level k carries SEARCH_LABELS[k..4], which put it in the
 * full-text indexes of every clearance that may see it (`search_l0` … `search_l4`, one per clearance),
 * so a caller's search reads an index holding only what the caller may see.
 */
export const SEARCH_LABELS = ['SearchL0', 'SearchL1', 'SearchL2', 'SearchL3', 'SearchL4'] as const;

export const CLASSIFICATIONS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Numeric rank stored beside `classification` (as `classificationLevel`) so access checks compare integers. */
export const CLASSIFICATION_LEVEL: Record<Classification, number> = {
  PUBLIC: 0,
  INTERNAL: 1,
  CONFIDENTIAL: 2,
  SECRET: 3,
  TOP_SECRET: 4,
};

export const PARK_KINDS = ['ZONE', 'BASE', 'PARK', 'INDUSTRIAL_BASE'] as const;
export const INSTITUTION_SECTORS = [
  'UNIVERSITY',
  'RESEARCH_INSTITUTE',
  'ENTERPRISE',
  'DEFENCE_GROUP',
  'MILITARY_UNIT',
  'INTERMEDIARY',
  'FINANCIAL',
] as const;
export const FACILITY_KINDS = [
  'KEY_LAB',
  'TEST_PLATFORM',
  'ENGINEERING_CENTER',
  'POSTDOC_STATION',
  'ENTERPRISE_TECH_CENTER',
  'LARGE_FACILITY',
  'SERVICE_PLATFORM',
  'RESEARCH_PLATFORM',
] as const;
export const FACILITY_ACCESS = ['OPEN', 'CONDITIONAL', 'RESTRICTED', 'CLOSED'] as const;
export const ACCESS_MODES = ['PHYSICAL', 'REMOTE', 'VIRTUAL'] as const;
export const AGENCY_KINDS = [
  'MUNICIPAL_GOVERNMENT',
  'MUNICIPAL_COMMISSION',
  'MUNICIPAL_BUREAU',
  'MUNICIPAL_OFFICE',
  'DISTRICT_GOVERNMENT',
  'ADMINISTRATIVE_COMMITTEE',
  'OTHER',
] as const;

export const REL_TYPES = [
  'LOCATED_IN',
  'PART_OF',
  'FOCUSES_ON',
  'SERVES',
  'OPERATES',
  'USES',
  'RESPONSIBLE_FOR',
  'CONCERNS',
  'MEMBER_OF',
  'HOLDS',
  'COVERS',
  'OFFERS',
  'SCHEDULED_IN',
] as const;
export type RelType = (typeof REL_TYPES)[number];

/** Permitted (from label, to label) pairs of each relationship type. `'*'` means any label. */
export const REL_ENDPOINTS: Record<RelType, ReadonlyArray<readonly [Label, Label | '*']>> = {
  LOCATED_IN: [
    ['Park', 'District'],
    ['Park', 'Park'],
    ['Facility', 'District'],
    ['Facility', 'Park'],
    ['Institution', 'District'],
    ['Institution', 'Park'],
  ],
  PART_OF: [
    ['Park', 'Park'],
    ['Technology', 'Technology'],
    ['Task', 'Document'],
    ['Task', 'Task'],
    ['Phase', 'Document'],
    ['Goal', 'Document'],
  ],
  FOCUSES_ON: [
    ['Park', 'Technology'],
    ['Institution', 'Technology'],
  ],
  SERVES: [['Facility', 'Technology']],
  OPERATES: [['Institution', 'Facility']],
  USES: [['Institution', 'Facility']],
  RESPONSIBLE_FOR: [['Agency', 'Task']],
  CONCERNS: [['Task', '*']],
  MEMBER_OF: [
    ['Agency', 'Institution'],
    ['Agency', 'Park'],
    ['Institution', 'Institution'],
    ['Institution', 'Park'],
  ],
  HOLDS: [
    ['Institution', 'IPAsset'],
    ['Institution', 'Certification'],
  ],
  COVERS: [
    ['IPAsset', 'Technology'],
    ['Standard', 'Technology'],
  ],
  OFFERS: [
    ['Institution', 'FinancingInstrument'],
    ['Agency', 'FinancingInstrument'],
  ],
  SCHEDULED_IN: [['Task', 'Phase']],
};

export function isLabel(s: string): s is Label {
  return (LABELS as readonly string[]).includes(s);
}

export function isRelType(s: string): s is RelType {
  return (REL_TYPES as readonly string[]).includes(s);
}

/** True when `type` may link a `from` node to a `to` node. */
export function relationshipAllowed(type: RelType, from: Label, to: Label): boolean {
  return REL_ENDPOINTS[type].some(([f, t]) => f === from && (t === '*' || t === to));
}
