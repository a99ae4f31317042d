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
  'Program',
  'Need',
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
  'LAB',
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

/** How a fact is known: the text says it (the default), or it was derived (then `note` says how). */
export const BASES = ['STATED', 'INFERRED'] as const;
export type Basis = (typeof BASES)[number];
/** 建設 (to be built) vs 完善 (exists, to be improved). */
export const FACILITY_STATUSES = ['PLANNED', 'EXISTING'] as const;
/** What a park is for: research and development, conversion of results, industrialisation. */
export const PARK_FUNCTIONS = ['RESEARCH', 'CONVERSION', 'INDUSTRIALISATION'] as const;
export const FINANCING_KINDS = ['LOAN', 'INSURANCE', 'DEBT_SECURITY', 'TRUST', 'FUND', 'GOVERNMENT_FUND'] as const;
export const PROGRAM_KINDS = ['PROGRAM', 'PILOT', 'MECHANISM', 'SPECIAL_PROJECT', 'AGREEMENT'] as const;
/** A published need: what it asks for (研發, 測試, 採購) and where it stands. */
export const NEED_KINDS = ['RESEARCH', 'TESTING', 'PROCUREMENT'] as const;
export const NEED_STATUSES = ['OPEN', 'MATCHED', 'CLOSED'] as const;

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
  'CONTRIBUTES_TO',
  'CO_BUILDS',
  'ADMINISTERS',
  'ISSUED',
  'CITES',
  'REQUIRES',
  'PREFERS',
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
    ['Program', 'Park'],
  ],
  PART_OF: [
    ['Park', 'Park'],
    ['Technology', 'Technology'],
    ['Task', 'Document'],
    ['Task', 'Task'],
    ['Phase', 'Document'],
    ['Phase', 'Phase'],
    ['Goal', 'Document'],
    ['Institution', 'Institution'],
    ['Facility', 'Facility'],
  ],
  FOCUSES_ON: [
    ['Park', 'Technology'],
    ['Institution', 'Technology'],
    ['Program', 'Technology'],
  ],
  SERVES: [
    ['Facility', 'Technology'],
    ['Facility', 'IPAsset'],
  ],
  OPERATES: [['Institution', 'Facility']],
  USES: [['Institution', 'Facility']],
  RESPONSIBLE_FOR: [['Agency', 'Task']],
  CONCERNS: [
    ['Task', '*'],
    ['Goal', '*'],
  ],
  MEMBER_OF: [
    ['Agency', 'Institution'],
    ['Agency', 'Park'],
    ['Institution', 'Institution'],
    ['Institution', 'Park'],
    ['Agency', 'Program'],
    ['Institution', 'Program'],
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
  CONTRIBUTES_TO: [
    ['Task', 'Goal'],
    ['Program', 'Goal'],
  ],
  CO_BUILDS: [
    ['Agency', 'Park'],
    ['Agency', 'Facility'],
    ['Agency', 'Program'],
    ['Institution', 'Park'],
    ['Institution', 'Facility'],
    ['Institution', 'Program'],
  ],
  ADMINISTERS: [['Agency', 'Park']],
  ISSUED: [
    ['Agency', 'Document'],
    ['Agency', 'Need'],
    ['Institution', 'Need'],
  ],
  CITES: [['Document', 'Document']],
  REQUIRES: [
    ['Need', 'Technology'],
    ['Need', 'Certification'],
  ],
  /** Where a need would preferably be met (extension: a district or park). */
  PREFERS: [
    ['Need', 'District'],
    ['Need', 'Park'],
  ],
};

/**
 * Values `role` may take on a relationship type; types not listed take no role from a dataset
 * (MEMBER_OF: member or liaison unit; RESPONSIBLE_FOR: lead or supporting unit; CO_BUILDS: which
 * side of 軍地共建 the builder is on).
 */
export const REL_ROLES: Partial<Record<RelType, readonly string[]>> = {
  MEMBER_OF: ['MEMBER', 'LIAISON'],
  RESPONSIBLE_FOR: ['LEAD', 'SUPPORT'],
  CO_BUILDS: ['MILITARY', 'LOCAL', 'ENTERPRISE'],
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
