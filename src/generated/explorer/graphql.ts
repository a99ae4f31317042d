/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AccessMode =
  | 'PHYSICAL'
  | 'REMOTE'
  | 'VIRTUAL';

export type AccessRequestInput = {
  facility: string | number;
  need?: string | number | null | undefined;
  periodEnd: string;
  periodStart: string;
  purpose: string;
};

/** PENDING moves once: to APPROVED or DECLINED (operator) or WITHDRAWN (requester); the others are final. */
export type AccessRequestStatus =
  | 'APPROVED'
  | 'DECLINED'
  | 'PENDING'
  | 'WITHDRAWN';

export type AgencyKind =
  /** 管委會 */
  | 'ADMINISTRATIVE_COMMITTEE'
  /** 區政府 */
  | 'DISTRICT_GOVERNMENT'
  /** 市…局 (bureau) */
  | 'MUNICIPAL_BUREAU'
  /** 市…委 (commission) */
  | 'MUNICIPAL_COMMISSION'
  /** 北京市人民政府 */
  | 'MUNICIPAL_GOVERNMENT'
  /** 市政府…辦 (office of the municipal government) */
  | 'MUNICIPAL_OFFICE'
  | 'OTHER';

/** How a fact is known. */
export type Basis =
  /** Derived by reasoning or by matching; `note` says how. */
  | 'INFERRED'
  /** The source text says it. */
  | 'STATED';

/**
 * Security classification of a node or relationship, in ascending order of sensitivity.
 * A caller sees an item only when its classification is at or below the caller's clearance.
 */
export type Classification =
  /** 秘密 */
  | 'CONFIDENTIAL'
  | 'INTERNAL'
  | 'PUBLIC'
  /** 機密 */
  | 'SECRET'
  /** 絕密 */
  | 'TOP_SECRET';

/**
 * A planner's what-if: changes evaluated inside a transaction that is always rolled back (the graph
 * is never changed). Every id named must be visible to the caller; what is added is classified at
 * most at the caller's clearance. At most 50 changes.
 */
export type CoverageScenario = {
  /** Facilities that would exist (in one district or park, serving these technologies). */
  addFacilities?: Array<ScenarioFacilityInput> | null | undefined;
  /** Technologies facilities would start serving (a new PUBLIC SERVES link). */
  addServices?: Array<ScenarioServiceInput> | null | undefined;
  /** Facilities whose access would become OPEN. */
  openFacilities?: Array<string | number> | null | undefined;
  /** Facilities that would no longer exist. */
  removeFacilities?: Array<string | number> | null | undefined;
};

export type EvidenceKind =
  | 'ACCESS'
  | 'CERTIFICATION_HELD'
  | 'CERTIFICATION_MISSING'
  | 'LOCATION_DISTRICT'
  | 'LOCATION_PARK'
  | 'PRIOR_USE'
  | 'TECHNOLOGY_BROADER'
  | 'TECHNOLOGY_EXACT'
  | 'TECHNOLOGY_NARROWER'
  | 'TECHNOLOGY_SIBLING';

export type FacilityAccess =
  | 'CLOSED'
  | 'CONDITIONAL'
  | 'OPEN'
  | 'RESTRICTED';

export type FacilityFilter = {
  AND?: Array<FacilityFilter> | null | undefined;
  NOT?: FacilityFilter | null | undefined;
  OR?: Array<FacilityFilter> | null | undefined;
  access?: Array<FacilityAccess> | null | undefined;
  accessMode?: AccessMode | null | undefined;
  /** STATED or INFERRED. */
  basis?: Array<Basis> | null | undefined;
  classification?: Array<Classification> | null | undefined;
  /** In this district, including in parks inside it. */
  district?: string | number | null | undefined;
  ids?: Array<string | number> | null | undefined;
  /** Operated or used by this institution. */
  institution?: string | number | null | undefined;
  kind?: Array<FacilityKind> | null | undefined;
  /** In this park or a park inside it. */
  park?: string | number | null | undefined;
  status?: Array<FacilityStatus> | null | undefined;
  /** Serves this technology or one of its sub-technologies. */
  technology?: string | number | null | undefined;
  /** Case-insensitive substring of name, nameEn or any alias. */
  text?: string | null | undefined;
};

export type FacilityKind =
  | 'ENGINEERING_CENTER'
  | 'ENTERPRISE_TECH_CENTER'
  | 'KEY_LAB'
  /** A laboratory that is not a state key laboratory (extension: e.g. the labs of §二(二)2 opening to society) */
  | 'LAB'
  | 'LARGE_FACILITY'
  | 'POSTDOC_STATION'
  /** A research platform (extension: e.g. 蛋白質科學研究平臺) */
  | 'RESEARCH_PLATFORM'
  | 'SERVICE_PLATFORM'
  | 'TEST_PLATFORM';

export type FacilityStatus =
  /** Exists and is to be improved (完善) */
  | 'EXISTING'
  /** To be built (建設, 搭建, 構建) */
  | 'PLANNED';

export type InstitutionSector =
  | 'DEFENCE_GROUP'
  | 'ENTERPRISE'
  | 'FINANCIAL'
  | 'INTERMEDIARY'
  | 'MILITARY_UNIT'
  | 'RESEARCH_INSTITUTE'
  | 'UNIVERSITY';

export type NeedFilter = {
  AND?: Array<NeedFilter> | null | undefined;
  NOT?: NeedFilter | null | undefined;
  OR?: Array<NeedFilter> | null | undefined;
  /** STATED or INFERRED. */
  basis?: Array<Basis> | null | undefined;
  classification?: Array<Classification> | null | undefined;
  ids?: Array<string | number> | null | undefined;
  kind?: Array<NeedKind> | null | undefined;
  status?: Array<NeedStatus> | null | undefined;
  /** Requires this technology (REQUIRES). */
  technology?: string | number | null | undefined;
  /** Case-insensitive substring of name, nameEn or any alias. */
  text?: string | null | undefined;
};

/**
 * A need to publish: the node with the technologies and certifications it requires, the places it
 * prefers and who issued it, written in one transaction. Every id named must be visible to the caller;
 * the links are classified like the need.
 */
export type NeedInput = {
  aliases?: Array<string> | null | undefined;
  /** Certifications it requires (at most 20). */
  certifications?: Array<string | number> | null | undefined;
  certificationsMandatory?: boolean | null | undefined;
  classification?: Classification | null | undefined;
  /** Last day to answer (YYYY-MM-DD). */
  deadline?: string | null | undefined;
  description?: string | null | undefined;
  descriptionEn?: string | null | undefined;
  /** New id (`need:<slug>`); when omitted, derived from nameEn with a random suffix. */
  id?: string | number | null | undefined;
  /** The agency or institution that issues it. */
  issuer?: string | number | null | undefined;
  kind?: NeedKind | null | undefined;
  /** The title. */
  name: string;
  nameEn?: string | null | undefined;
  /** Districts or parks where it would preferably be met (at most 20). */
  preferredLocations?: Array<string | number> | null | undefined;
  sources: Array<string>;
  /** Technology areas it requires (1 to 20). */
  technologies: Array<string | number>;
};

export type NeedKind =
  /** Procurement (採購) */
  | 'PROCUREMENT'
  /** Research and development (研發) */
  | 'RESEARCH'
  /** Testing and verification (測試驗證) */
  | 'TESTING';

export type NeedStatus =
  | 'CLOSED'
  | 'MATCHED'
  | 'OPEN';

export type NodeLabel =
  | 'Agency'
  | 'Certification'
  | 'District'
  | 'Document'
  | 'Facility'
  | 'FinancingInstrument'
  | 'Goal'
  | 'IPAsset'
  | 'Institution'
  | 'Need'
  | 'Park'
  | 'Phase'
  | 'Program'
  | 'Standard'
  | 'Task'
  | 'Technology';

export type ParkKind =
  | 'BASE'
  | 'INDUSTRIAL_BASE'
  | 'PARK'
  | 'ZONE';

export type RelationshipType =
  | 'ADMINISTERS'
  | 'CITES'
  | 'CONCERNS'
  | 'CONTRIBUTES_TO'
  | 'COVERS'
  | 'CO_BUILDS'
  | 'FOCUSES_ON'
  | 'HOLDS'
  | 'ISSUED'
  | 'LOCATED_IN'
  | 'MEMBER_OF'
  | 'OFFERS'
  | 'OPERATES'
  | 'PART_OF'
  /** Need → District or Park: where a need would preferably be met (extension) */
  | 'PREFERS'
  /** Need → Technology or Certification: what a need asks for */
  | 'REQUIRES'
  | 'RESPONSIBLE_FOR'
  | 'SCHEDULED_IN'
  | 'SERVES'
  | 'USES';

export type ScenarioFacilityInput = {
  access?: FacilityAccess | null | undefined;
  classification?: Classification | null | undefined;
  /** Give exactly one of district and park. */
  district?: string | number | null | undefined;
  name: string;
  park?: string | number | null | undefined;
  technologies: Array<string | number>;
};

export type ScenarioServiceInput = {
  facility: string | number;
  technology: string | number;
};

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { ok: boolean, neo4jVersion: string, neo4jEdition: string, nodeCount: number, schemaVersion: number } };

export type NodeQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeQuery = { node:
    | { __typename: 'Agency', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Certification', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'District', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Document', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Facility', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Goal', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Institution', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Need', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Park', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Phase', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Program', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Standard', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Task', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
    | { __typename: 'Technology', id: string, name: string, nameEn: string | null, aliases: Array<string>, classification: Classification, sources: Array<string> }
   | null };

export type OpenFacilitiesServingQueryVariables = Exact<{
  district: string | number;
  technology: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OpenFacilitiesServingQuery = { facilities: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, nameEn: string | null, kind: FacilityKind | null, access: FacilityAccess | null, park: { name: string } | null, district: { name: string } | null, technologies: { nodes: Array<{ id: string, name: string }> } } }> } };

type ExplorerNode_Agency_Fragment = { __typename: 'Agency', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Certification_Fragment = { __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_District_Fragment = { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Document_Fragment = { __typename: 'Document', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Facility_Fragment = { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null };

type ExplorerNode_FinancingInstrument_Fragment = { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Goal_Fragment = { __typename: 'Goal', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_IpAsset_Fragment = { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Institution_Fragment = { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Need_Fragment = { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Park_Fragment = { __typename: 'Park', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Phase_Fragment = { __typename: 'Phase', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Program_Fragment = { __typename: 'Program', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Standard_Fragment = { __typename: 'Standard', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Task_Fragment = { __typename: 'Task', id: string, name: string, nameEn: string | null, classification: Classification };

type ExplorerNode_Technology_Fragment = { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification };

export type ExplorerNodeFragment =
  | ExplorerNode_Agency_Fragment
  | ExplorerNode_Certification_Fragment
  | ExplorerNode_District_Fragment
  | ExplorerNode_Document_Fragment
  | ExplorerNode_Facility_Fragment
  | ExplorerNode_FinancingInstrument_Fragment
  | ExplorerNode_Goal_Fragment
  | ExplorerNode_IpAsset_Fragment
  | ExplorerNode_Institution_Fragment
  | ExplorerNode_Need_Fragment
  | ExplorerNode_Park_Fragment
  | ExplorerNode_Phase_Fragment
  | ExplorerNode_Program_Fragment
  | ExplorerNode_Standard_Fragment
  | ExplorerNode_Task_Fragment
  | ExplorerNode_Technology_Fragment
;

export type ExplorerRelFragment = { id: string, type: RelationshipType, from: string, to: string, classification: Classification, weight: number | null };

export type ExplorerSearchQueryVariables = Exact<{
  text: string;
  labels?: Array<NodeLabel> | NodeLabel | null | undefined;
  first?: number | null | undefined;
}>;


export type ExplorerSearchQuery = { search: Array<{ score: number, node:
      | { __typename: 'Agency', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Document', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }
      | { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Goal', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Park', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Phase', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Program', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Standard', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Task', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification }
     }> };

export type ExplorerFacilitiesQueryVariables = Exact<{
  filter?: FacilityFilter | null | undefined;
}>;


export type ExplorerFacilitiesQuery = { facilities: { totalCount: number, nodes: Array<{ __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }> } };

export type ExplorerDetailsQueryVariables = Exact<{
  id: string | number;
}>;


export type ExplorerDetailsQuery = { node:
    | { __typename: 'Agency', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification, agencyKind: AgencyKind | null }
    | { __typename: 'Certification', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'District', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Document', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Facility', accessModes: Array<AccessMode>, aliases: Array<string>, sources: Array<string>, access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }
    | { __typename: 'FinancingInstrument', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Goal', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'IPAsset', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Institution', sector: InstitutionSector | null, aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Need', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Park', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification, parkKind: ParkKind | null }
    | { __typename: 'Phase', start: string | null, end: string | null, aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Program', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Standard', body: string | null, aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Task', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
    | { __typename: 'Technology', aliases: Array<string>, sources: Array<string>, id: string, name: string, nameEn: string | null, classification: Classification }
   | null, neighborhood: { truncated: boolean, nodes: Array<
      | { __typename: 'Agency', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Document', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }
      | { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Goal', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Park', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Phase', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Program', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Standard', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Task', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification }
    >, relationships: Array<{ id: string, type: RelationshipType, from: string, to: string, classification: Classification, weight: number | null }> } };

export type ExplorerNeighborhoodQueryVariables = Exact<{
  id: string | number;
  types?: Array<RelationshipType> | RelationshipType | null | undefined;
  limit?: number | null | undefined;
}>;


export type ExplorerNeighborhoodQuery = { neighborhood: { truncated: boolean, nodes: Array<
      | { __typename: 'Agency', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Document', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }
      | { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Goal', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Park', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Phase', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Program', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Standard', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Task', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification }
    >, relationships: Array<{ id: string, type: RelationshipType, from: string, to: string, classification: Classification, weight: number | null }> } };

export type ExplorerPathQueryVariables = Exact<{
  from: string | number;
  to: string | number;
  maxHops?: number | null | undefined;
}>;


export type ExplorerPathQuery = { path: Array<{ length: number, nodes: Array<
      | { __typename: 'Agency', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Document', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }
      | { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Goal', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Park', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Phase', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Program', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Standard', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Task', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification }
    >, relationships: Array<{ id: string, type: RelationshipType, from: string, to: string, classification: Classification, weight: number | null }> }> };

export type ExplorerOptionsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ExplorerOptionsQuery = { districts: { nodes: Array<{ __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }> }, technologies: { nodes: Array<{ __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification, parent: { id: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ExplorerNetworkQueryVariables = Exact<{
  district?: string | number | null | undefined;
  technology?: string | number | null | undefined;
}>;


export type ExplorerNetworkQuery = { sharedFacilityNetwork: { institutions: Array<{ __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }>, facilities: Array<{ __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }>, links: Array<{ weight: number, source: { id: string, classification: Classification }, target: { id: string, classification: Classification }, facilities: Array<{ __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }> }> } };

export type ExplorerCoverageCellFragment = { facilities: number, openFacilities: number, district: { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }, technology: { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification } };

export type ExplorerCoverageQueryVariables = Exact<{
  districts?: Array<string | number> | string | number | null | undefined;
  technology?: string | number | null | undefined;
}>;


export type ExplorerCoverageQuery = { facilityCoverage: Array<{ facilities: number, openFacilities: number, district: { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }, technology: { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification } }> };

export type ExplorerNeedsQueryVariables = Exact<{
  filter?: NeedFilter | null | undefined;
}>;


export type ExplorerNeedsQuery = { needs: { totalCount: number, nodes: Array<{ __typename: 'Need', status: NeedStatus, kind: NeedKind | null, deadline: string | null, id: string, name: string, nameEn: string | null, classification: Classification }> } };

export type ExplorerCertificationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ExplorerCertificationsQuery = { certifications: { nodes: Array<{ __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }> } };

export type ExplorerMatchQueryVariables = Exact<{
  id: string | number;
  includeIneligible?: boolean | null | undefined;
}>;


export type ExplorerMatchQuery = { matchNeed: Array<{ score: number, eligible: boolean, candidate:
      | { __typename: 'Agency', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Document', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }
      | { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Goal', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Park', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Phase', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Program', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Standard', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Task', id: string, name: string, nameEn: string | null, classification: Classification }
      | { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification }
    , missingCertifications: Array<{ __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }>, evidence: Array<{ kind: EvidenceKind, points: number, detail: string, path: Array<
        | { __typename: 'Agency', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Certification', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Document', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }
        | { __typename: 'FinancingInstrument', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Goal', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'IPAsset', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Park', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Phase', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Program', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Standard', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Task', id: string, name: string, nameEn: string | null, classification: Classification }
        | { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification }
      > }> }> };

export type ExplorerPublishNeedMutationVariables = Exact<{
  input: NeedInput;
}>;


export type ExplorerPublishNeedMutation = { publishNeed: { need: { __typename: 'Need', status: NeedStatus, kind: NeedKind | null, deadline: string | null, id: string, name: string, nameEn: string | null, classification: Classification } } };

export type ExplorerRequestFragment = { id: string, status: AccessRequestStatus, purpose: string, periodStart: string, periodEnd: string, requestedBy: string, requestedAt: string, decidedBy: string | null, decidedAt: string | null, institution: { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }, facility: { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }, need: { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification } | null };

export type ExplorerRequestsQueryVariables = Exact<{
  status?: Array<AccessRequestStatus> | AccessRequestStatus | null | undefined;
  after?: string | null | undefined;
}>;


export type ExplorerRequestsQuery = { accessRequests: { hasNextPage: boolean, endCursor: string | null, nodes: Array<{ id: string, status: AccessRequestStatus, purpose: string, periodStart: string, periodEnd: string, requestedBy: string, requestedAt: string, decidedBy: string | null, decidedAt: string | null, institution: { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }, facility: { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }, need: { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification } | null }> } };

export type ExplorerRequestAccessMutationVariables = Exact<{
  input: AccessRequestInput;
}>;


export type ExplorerRequestAccessMutation = { requestFacilityAccess: { id: string, status: AccessRequestStatus, purpose: string, periodStart: string, periodEnd: string, requestedBy: string, requestedAt: string, decidedBy: string | null, decidedAt: string | null, institution: { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }, facility: { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }, need: { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification } | null } };

export type ExplorerApproveMutationVariables = Exact<{
  id: string | number;
}>;


export type ExplorerApproveMutation = { approveAccessRequest: { id: string, status: AccessRequestStatus, purpose: string, periodStart: string, periodEnd: string, requestedBy: string, requestedAt: string, decidedBy: string | null, decidedAt: string | null, institution: { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }, facility: { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }, need: { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification } | null } };

export type ExplorerDeclineMutationVariables = Exact<{
  id: string | number;
}>;


export type ExplorerDeclineMutation = { declineAccessRequest: { id: string, status: AccessRequestStatus, purpose: string, periodStart: string, periodEnd: string, requestedBy: string, requestedAt: string, decidedBy: string | null, decidedAt: string | null, institution: { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }, facility: { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }, need: { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification } | null } };

export type ExplorerWithdrawMutationVariables = Exact<{
  id: string | number;
}>;


export type ExplorerWithdrawMutation = { withdrawAccessRequest: { id: string, status: AccessRequestStatus, purpose: string, periodStart: string, periodEnd: string, requestedBy: string, requestedAt: string, decidedBy: string | null, decidedAt: string | null, institution: { __typename: 'Institution', id: string, name: string, nameEn: string | null, classification: Classification }, facility: { __typename: 'Facility', access: FacilityAccess | null, id: string, name: string, nameEn: string | null, classification: Classification, facilityKind: FacilityKind | null }, need: { __typename: 'Need', id: string, name: string, nameEn: string | null, classification: Classification } | null } };

export type ExplorerCoverageWhatIfQueryVariables = Exact<{
  districts?: Array<string | number> | string | number | null | undefined;
  technology?: string | number | null | undefined;
  scenario: CoverageScenario;
}>;


export type ExplorerCoverageWhatIfQuery = { facilityCoverageWhatIf: { before: Array<{ facilities: number, openFacilities: number, district: { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }, technology: { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification } }>, after: Array<{ facilities: number, openFacilities: number, district: { __typename: 'District', id: string, name: string, nameEn: string | null, classification: Classification }, technology: { __typename: 'Technology', id: string, name: string, nameEn: string | null, classification: Classification } }>, closed: Array<{ district: { id: string }, technology: { id: string } }>, opened: Array<{ district: { id: string }, technology: { id: string } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ExplorerRelFragmentDoc = new TypedDocumentString(`
    fragment ExplorerRel on Relationship {
  id
  type
  from
  to
  classification
  weight
}
    `, {"fragmentName":"ExplorerRel"}) as unknown as TypedDocumentString<ExplorerRelFragment, unknown>;
export const ExplorerNodeFragmentDoc = new TypedDocumentString(`
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
    `, {"fragmentName":"ExplorerNode"}) as unknown as TypedDocumentString<ExplorerNodeFragment, unknown>;
export const ExplorerCoverageCellFragmentDoc = new TypedDocumentString(`
    fragment ExplorerCoverageCell on CoverageCell {
  district {
    ...ExplorerNode
  }
  technology {
    ...ExplorerNode
  }
  facilities
  openFacilities
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`, {"fragmentName":"ExplorerCoverageCell"}) as unknown as TypedDocumentString<ExplorerCoverageCellFragment, unknown>;
export const ExplorerRequestFragmentDoc = new TypedDocumentString(`
    fragment ExplorerRequest on AccessRequest {
  id
  status
  purpose
  periodStart
  periodEnd
  requestedBy
  requestedAt
  decidedBy
  decidedAt
  institution {
    ...ExplorerNode
  }
  facility {
    ...ExplorerNode
  }
  need {
    ...ExplorerNode
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`, {"fragmentName":"ExplorerRequest"}) as unknown as TypedDocumentString<ExplorerRequestFragment, unknown>;
export const HealthDocument = new TypedDocumentString(`
    query Health {
  health {
    ok
    neo4jVersion
    neo4jEdition
    nodeCount
    schemaVersion
  }
}
    `) as unknown as TypedDocumentString<HealthQuery, HealthQueryVariables>;
export const NodeDocument = new TypedDocumentString(`
    query Node($id: ID!) {
  node(id: $id) {
    __typename
    id
    name
    nameEn
    aliases
    classification
    sources
  }
}
    `) as unknown as TypedDocumentString<NodeQuery, NodeQueryVariables>;
export const OpenFacilitiesServingDocument = new TypedDocumentString(`
    query OpenFacilitiesServing($district: ID!, $technology: ID!, $first: Int = 20, $after: String) {
  facilities(
    filter: {access: [OPEN], district: $district, technology: $technology}
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        name
        nameEn
        kind
        access
        park {
          name
        }
        district {
          name
        }
        technologies {
          nodes {
            id
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OpenFacilitiesServingQuery, OpenFacilitiesServingQueryVariables>;
export const ExplorerSearchDocument = new TypedDocumentString(`
    query ExplorerSearch($text: String!, $labels: [NodeLabel!], $first: Int) {
  search(text: $text, labels: $labels, first: $first) {
    score
    node {
      ...ExplorerNode
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerSearchQuery, ExplorerSearchQueryVariables>;
export const ExplorerFacilitiesDocument = new TypedDocumentString(`
    query ExplorerFacilities($filter: FacilityFilter) {
  facilities(filter: $filter, first: 100) {
    totalCount
    nodes {
      ...ExplorerNode
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerFacilitiesQuery, ExplorerFacilitiesQueryVariables>;
export const ExplorerDetailsDocument = new TypedDocumentString(`
    query ExplorerDetails($id: ID!) {
  node(id: $id) {
    ...ExplorerNode
    aliases
    sources
    ... on Facility {
      accessModes
    }
    ... on Park {
      parkKind: kind
    }
    ... on Institution {
      sector
    }
    ... on Agency {
      agencyKind: kind
    }
    ... on Standard {
      body
    }
    ... on Phase {
      start
      end
    }
  }
  neighborhood(id: $id, depth: 1, limit: 100) {
    truncated
    nodes {
      ...ExplorerNode
    }
    relationships {
      ...ExplorerRel
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRel on Relationship {
  id
  type
  from
  to
  classification
  weight
}`) as unknown as TypedDocumentString<ExplorerDetailsQuery, ExplorerDetailsQueryVariables>;
export const ExplorerNeighborhoodDocument = new TypedDocumentString(`
    query ExplorerNeighborhood($id: ID!, $types: [RelationshipType!], $limit: Int) {
  neighborhood(id: $id, depth: 1, types: $types, limit: $limit) {
    truncated
    nodes {
      ...ExplorerNode
    }
    relationships {
      ...ExplorerRel
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRel on Relationship {
  id
  type
  from
  to
  classification
  weight
}`) as unknown as TypedDocumentString<ExplorerNeighborhoodQuery, ExplorerNeighborhoodQueryVariables>;
export const ExplorerPathDocument = new TypedDocumentString(`
    query ExplorerPath($from: ID!, $to: ID!, $maxHops: Int) {
  path(from: $from, to: $to, maxHops: $maxHops, all: true) {
    length
    nodes {
      ...ExplorerNode
    }
    relationships {
      ...ExplorerRel
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRel on Relationship {
  id
  type
  from
  to
  classification
  weight
}`) as unknown as TypedDocumentString<ExplorerPathQuery, ExplorerPathQueryVariables>;
export const ExplorerOptionsDocument = new TypedDocumentString(`
    query ExplorerOptions($after: String) {
  districts(first: 100) {
    nodes {
      ...ExplorerNode
    }
  }
  technologies(first: 100, after: $after) {
    nodes {
      ...ExplorerNode
      parent {
        id
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerOptionsQuery, ExplorerOptionsQueryVariables>;
export const ExplorerNetworkDocument = new TypedDocumentString(`
    query ExplorerNetwork($district: ID, $technology: ID) {
  sharedFacilityNetwork(district: $district, technology: $technology) {
    institutions {
      ...ExplorerNode
    }
    facilities {
      ...ExplorerNode
    }
    links {
      source {
        id
        classification
      }
      target {
        id
        classification
      }
      weight
      facilities {
        ...ExplorerNode
      }
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerNetworkQuery, ExplorerNetworkQueryVariables>;
export const ExplorerCoverageDocument = new TypedDocumentString(`
    query ExplorerCoverage($districts: [ID!], $technology: ID) {
  facilityCoverage(districts: $districts, technology: $technology) {
    ...ExplorerCoverageCell
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerCoverageCell on CoverageCell {
  district {
    ...ExplorerNode
  }
  technology {
    ...ExplorerNode
  }
  facilities
  openFacilities
}`) as unknown as TypedDocumentString<ExplorerCoverageQuery, ExplorerCoverageQueryVariables>;
export const ExplorerNeedsDocument = new TypedDocumentString(`
    query ExplorerNeeds($filter: NeedFilter) {
  needs(filter: $filter, first: 100) {
    totalCount
    nodes {
      ...ExplorerNode
      status
      kind
      deadline
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerNeedsQuery, ExplorerNeedsQueryVariables>;
export const ExplorerCertificationsDocument = new TypedDocumentString(`
    query ExplorerCertifications {
  certifications(first: 100) {
    nodes {
      ...ExplorerNode
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerCertificationsQuery, ExplorerCertificationsQueryVariables>;
export const ExplorerMatchDocument = new TypedDocumentString(`
    query ExplorerMatch($id: ID!, $includeIneligible: Boolean) {
  matchNeed(id: $id, first: 20, includeIneligible: $includeIneligible) {
    candidate {
      ...ExplorerNode
    }
    score
    eligible
    missingCertifications {
      ...ExplorerNode
    }
    evidence {
      kind
      points
      detail
      path {
        ...ExplorerNode
      }
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerMatchQuery, ExplorerMatchQueryVariables>;
export const ExplorerPublishNeedDocument = new TypedDocumentString(`
    mutation ExplorerPublishNeed($input: NeedInput!) {
  publishNeed(input: $input) {
    need {
      ...ExplorerNode
      status
      kind
      deadline
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}`) as unknown as TypedDocumentString<ExplorerPublishNeedMutation, ExplorerPublishNeedMutationVariables>;
export const ExplorerRequestsDocument = new TypedDocumentString(`
    query ExplorerRequests($status: [AccessRequestStatus!], $after: String) {
  accessRequests(status: $status, first: 100, after: $after) {
    nodes {
      ...ExplorerRequest
    }
    hasNextPage
    endCursor
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRequest on AccessRequest {
  id
  status
  purpose
  periodStart
  periodEnd
  requestedBy
  requestedAt
  decidedBy
  decidedAt
  institution {
    ...ExplorerNode
  }
  facility {
    ...ExplorerNode
  }
  need {
    ...ExplorerNode
  }
}`) as unknown as TypedDocumentString<ExplorerRequestsQuery, ExplorerRequestsQueryVariables>;
export const ExplorerRequestAccessDocument = new TypedDocumentString(`
    mutation ExplorerRequestAccess($input: AccessRequestInput!) {
  requestFacilityAccess(input: $input) {
    ...ExplorerRequest
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRequest on AccessRequest {
  id
  status
  purpose
  periodStart
  periodEnd
  requestedBy
  requestedAt
  decidedBy
  decidedAt
  institution {
    ...ExplorerNode
  }
  facility {
    ...ExplorerNode
  }
  need {
    ...ExplorerNode
  }
}`) as unknown as TypedDocumentString<ExplorerRequestAccessMutation, ExplorerRequestAccessMutationVariables>;
export const ExplorerApproveDocument = new TypedDocumentString(`
    mutation ExplorerApprove($id: ID!) {
  approveAccessRequest(id: $id) {
    ...ExplorerRequest
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRequest on AccessRequest {
  id
  status
  purpose
  periodStart
  periodEnd
  requestedBy
  requestedAt
  decidedBy
  decidedAt
  institution {
    ...ExplorerNode
  }
  facility {
    ...ExplorerNode
  }
  need {
    ...ExplorerNode
  }
}`) as unknown as TypedDocumentString<ExplorerApproveMutation, ExplorerApproveMutationVariables>;
export const ExplorerDeclineDocument = new TypedDocumentString(`
    mutation ExplorerDecline($id: ID!) {
  declineAccessRequest(id: $id) {
    ...ExplorerRequest
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRequest on AccessRequest {
  id
  status
  purpose
  periodStart
  periodEnd
  requestedBy
  requestedAt
  decidedBy
  decidedAt
  institution {
    ...ExplorerNode
  }
  facility {
    ...ExplorerNode
  }
  need {
    ...ExplorerNode
  }
}`) as unknown as TypedDocumentString<ExplorerDeclineMutation, ExplorerDeclineMutationVariables>;
export const ExplorerWithdrawDocument = new TypedDocumentString(`
    mutation ExplorerWithdraw($id: ID!) {
  withdrawAccessRequest(id: $id) {
    ...ExplorerRequest
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerRequest on AccessRequest {
  id
  status
  purpose
  periodStart
  periodEnd
  requestedBy
  requestedAt
  decidedBy
  decidedAt
  institution {
    ...ExplorerNode
  }
  facility {
    ...ExplorerNode
  }
  need {
    ...ExplorerNode
  }
}`) as unknown as TypedDocumentString<ExplorerWithdrawMutation, ExplorerWithdrawMutationVariables>;
export const ExplorerCoverageWhatIfDocument = new TypedDocumentString(`
    query ExplorerCoverageWhatIf($districts: [ID!], $technology: ID, $scenario: CoverageScenario!) {
  facilityCoverageWhatIf(
    districts: $districts
    technology: $technology
    scenario: $scenario
  ) {
    before {
      ...ExplorerCoverageCell
    }
    after {
      ...ExplorerCoverageCell
    }
    closed {
      district {
        id
      }
      technology {
        id
      }
    }
    opened {
      district {
        id
      }
      technology {
        id
      }
    }
  }
}
    fragment ExplorerNode on Node {
  __typename
  id
  name
  nameEn
  classification
  ... on Facility {
    access
    facilityKind: kind
  }
}
fragment ExplorerCoverageCell on CoverageCell {
  district {
    ...ExplorerNode
  }
  technology {
    ...ExplorerNode
  }
  facilities
  openFacilities
}`) as unknown as TypedDocumentString<ExplorerCoverageWhatIfQuery, ExplorerCoverageWhatIfQueryVariables>;