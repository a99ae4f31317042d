/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Health {\n  health {\n    ok\n    neo4jVersion\n    neo4jEdition\n    nodeCount\n    schemaVersion\n  }\n}": typeof types.HealthDocument,
    "query Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    name\n    nameEn\n    aliases\n    classification\n    sources\n  }\n}": typeof types.NodeDocument,
    "query OpenFacilitiesServing($district: ID!, $technology: ID!, $first: Int = 20, $after: String) {\n  facilities(\n    filter: {access: [OPEN], district: $district, technology: $technology}\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        nameEn\n        kind\n        access\n        park {\n          name\n        }\n        district {\n          name\n        }\n        technologies {\n          nodes {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n}": typeof types.OpenFacilitiesServingDocument,
    "\n  fragment ExplorerNode on Node {\n    __typename\n    id\n    name\n    nameEn\n    classification\n    ... on Facility {\n      access\n      facilityKind: kind\n    }\n  }\n": typeof types.ExplorerNodeFragmentDoc,
    "\n  fragment ExplorerRel on Relationship {\n    id\n    type\n    from\n    to\n    classification\n    weight\n  }\n": typeof types.ExplorerRelFragmentDoc,
    "\n  query ExplorerSearch($text: String!, $labels: [NodeLabel!], $first: Int) {\n    search(text: $text, labels: $labels, first: $first) {\n      score\n      node {\n        ...ExplorerNode\n      }\n    }\n  }\n": typeof types.ExplorerSearchDocument,
    "\n  query ExplorerFacilities($filter: FacilityFilter) {\n    facilities(filter: $filter, first: 100) {\n      totalCount\n      nodes {\n        ...ExplorerNode\n      }\n    }\n  }\n": typeof types.ExplorerFacilitiesDocument,
    "\n  query ExplorerDetails($id: ID!) {\n    node(id: $id) {\n      ...ExplorerNode\n      aliases\n      sources\n      ... on Facility {\n        accessModes\n      }\n      ... on Park {\n        parkKind: kind\n      }\n      ... on Institution {\n        sector\n      }\n      ... on Agency {\n        agencyKind: kind\n      }\n      ... on Standard {\n        body\n      }\n      ... on Phase {\n        start\n        end\n      }\n    }\n    neighborhood(id: $id, depth: 1, limit: 100) {\n      truncated\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n": typeof types.ExplorerDetailsDocument,
    "\n  query ExplorerNeighborhood($id: ID!, $types: [RelationshipType!], $limit: Int) {\n    neighborhood(id: $id, depth: 1, types: $types, limit: $limit) {\n      truncated\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n": typeof types.ExplorerNeighborhoodDocument,
    "\n  query ExplorerPath($from: ID!, $to: ID!, $maxHops: Int) {\n    path(from: $from, to: $to, maxHops: $maxHops, all: true) {\n      length\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n": typeof types.ExplorerPathDocument,
    "\n  query ExplorerOptions($after: String) {\n    districts(first: 100) {\n      nodes {\n        ...ExplorerNode\n      }\n    }\n    technologies(first: 100, after: $after) {\n      nodes {\n        ...ExplorerNode\n        parent {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ExplorerOptionsDocument,
    "\n  query ExplorerNetwork($district: ID, $technology: ID) {\n    sharedFacilityNetwork(district: $district, technology: $technology) {\n      institutions {\n        ...ExplorerNode\n      }\n      facilities {\n        ...ExplorerNode\n      }\n      links {\n        source {\n          id\n          classification\n        }\n        target {\n          id\n          classification\n        }\n        weight\n        facilities {\n          ...ExplorerNode\n        }\n      }\n    }\n  }\n": typeof types.ExplorerNetworkDocument,
    "\n  fragment ExplorerCoverageCell on CoverageCell {\n    district {\n      ...ExplorerNode\n    }\n    technology {\n      ...ExplorerNode\n    }\n    facilities\n    openFacilities\n  }\n": typeof types.ExplorerCoverageCellFragmentDoc,
    "\n  query ExplorerCoverage($districts: [ID!], $technology: ID) {\n    facilityCoverage(districts: $districts, technology: $technology) {\n      ...ExplorerCoverageCell\n    }\n  }\n": typeof types.ExplorerCoverageDocument,
    "\n  query ExplorerNeeds($filter: NeedFilter) {\n    needs(filter: $filter, first: 100) {\n      totalCount\n      nodes {\n        ...ExplorerNode\n        status\n        kind\n        deadline\n      }\n    }\n  }\n": typeof types.ExplorerNeedsDocument,
    "\n  query ExplorerCertifications {\n    certifications(first: 100) {\n      nodes {\n        ...ExplorerNode\n      }\n    }\n  }\n": typeof types.ExplorerCertificationsDocument,
    "\n  query ExplorerMatch($id: ID!, $includeIneligible: Boolean) {\n    matchNeed(id: $id, first: 20, includeIneligible: $includeIneligible) {\n      candidate {\n        ...ExplorerNode\n      }\n      score\n      eligible\n      missingCertifications {\n        ...ExplorerNode\n      }\n      evidence {\n        kind\n        points\n        detail\n        path {\n          ...ExplorerNode\n        }\n      }\n    }\n  }\n": typeof types.ExplorerMatchDocument,
    "\n  mutation ExplorerPublishNeed($input: NeedInput!) {\n    publishNeed(input: $input) {\n      need {\n        ...ExplorerNode\n        status\n        kind\n        deadline\n      }\n    }\n  }\n": typeof types.ExplorerPublishNeedDocument,
    "\n  fragment ExplorerRequest on AccessRequest {\n    id\n    status\n    purpose\n    periodStart\n    periodEnd\n    requestedBy\n    requestedAt\n    decidedBy\n    decidedAt\n    institution {\n      ...ExplorerNode\n    }\n    facility {\n      ...ExplorerNode\n    }\n    need {\n      ...ExplorerNode\n    }\n  }\n": typeof types.ExplorerRequestFragmentDoc,
    "\n  query ExplorerRequests($status: [AccessRequestStatus!], $after: String) {\n    accessRequests(status: $status, first: 100, after: $after) {\n      nodes {\n        ...ExplorerRequest\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n": typeof types.ExplorerRequestsDocument,
    "\n  mutation ExplorerRequestAccess($input: AccessRequestInput!) {\n    requestFacilityAccess(input: $input) {\n      ...ExplorerRequest\n    }\n  }\n": typeof types.ExplorerRequestAccessDocument,
    "\n  mutation ExplorerApprove($id: ID!) {\n    approveAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n": typeof types.ExplorerApproveDocument,
    "\n  mutation ExplorerDecline($id: ID!) {\n    declineAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n": typeof types.ExplorerDeclineDocument,
    "\n  mutation ExplorerWithdraw($id: ID!) {\n    withdrawAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n": typeof types.ExplorerWithdrawDocument,
    "\n  query ExplorerCoverageWhatIf($districts: [ID!], $technology: ID, $scenario: CoverageScenario!) {\n    facilityCoverageWhatIf(districts: $districts, technology: $technology, scenario: $scenario) {\n      before {\n        ...ExplorerCoverageCell\n      }\n      after {\n        ...ExplorerCoverageCell\n      }\n      closed {\n        district {\n          id\n        }\n        technology {\n          id\n        }\n      }\n      opened {\n        district {\n          id\n        }\n        technology {\n          id\n        }\n      }\n    }\n  }\n": typeof types.ExplorerCoverageWhatIfDocument,
};
const documents: Documents = {
    "query Health {\n  health {\n    ok\n    neo4jVersion\n    neo4jEdition\n    nodeCount\n    schemaVersion\n  }\n}": types.HealthDocument,
    "query Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    name\n    nameEn\n    aliases\n    classification\n    sources\n  }\n}": types.NodeDocument,
    "query OpenFacilitiesServing($district: ID!, $technology: ID!, $first: Int = 20, $after: String) {\n  facilities(\n    filter: {access: [OPEN], district: $district, technology: $technology}\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        nameEn\n        kind\n        access\n        park {\n          name\n        }\n        district {\n          name\n        }\n        technologies {\n          nodes {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n}": types.OpenFacilitiesServingDocument,
    "\n  fragment ExplorerNode on Node {\n    __typename\n    id\n    name\n    nameEn\n    classification\n    ... on Facility {\n      access\n      facilityKind: kind\n    }\n  }\n": types.ExplorerNodeFragmentDoc,
    "\n  fragment ExplorerRel on Relationship {\n    id\n    type\n    from\n    to\n    classification\n    weight\n  }\n": types.ExplorerRelFragmentDoc,
    "\n  query ExplorerSearch($text: String!, $labels: [NodeLabel!], $first: Int) {\n    search(text: $text, labels: $labels, first: $first) {\n      score\n      node {\n        ...ExplorerNode\n      }\n    }\n  }\n": types.ExplorerSearchDocument,
    "\n  query ExplorerFacilities($filter: FacilityFilter) {\n    facilities(filter: $filter, first: 100) {\n      totalCount\n      nodes {\n        ...ExplorerNode\n      }\n    }\n  }\n": types.ExplorerFacilitiesDocument,
    "\n  query ExplorerDetails($id: ID!) {\n    node(id: $id) {\n      ...ExplorerNode\n      aliases\n      sources\n      ... on Facility {\n        accessModes\n      }\n      ... on Park {\n        parkKind: kind\n      }\n      ... on Institution {\n        sector\n      }\n      ... on Agency {\n        agencyKind: kind\n      }\n      ... on Standard {\n        body\n      }\n      ... on Phase {\n        start\n        end\n      }\n    }\n    neighborhood(id: $id, depth: 1, limit: 100) {\n      truncated\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n": types.ExplorerDetailsDocument,
    "\n  query ExplorerNeighborhood($id: ID!, $types: [RelationshipType!], $limit: Int) {\n    neighborhood(id: $id, depth: 1, types: $types, limit: $limit) {\n      truncated\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n": types.ExplorerNeighborhoodDocument,
    "\n  query ExplorerPath($from: ID!, $to: ID!, $maxHops: Int) {\n    path(from: $from, to: $to, maxHops: $maxHops, all: true) {\n      length\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n": types.ExplorerPathDocument,
    "\n  query ExplorerOptions($after: String) {\n    districts(first: 100) {\n      nodes {\n        ...ExplorerNode\n      }\n    }\n    technologies(first: 100, after: $after) {\n      nodes {\n        ...ExplorerNode\n        parent {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ExplorerOptionsDocument,
    "\n  query ExplorerNetwork($district: ID, $technology: ID) {\n    sharedFacilityNetwork(district: $district, technology: $technology) {\n      institutions {\n        ...ExplorerNode\n      }\n      facilities {\n        ...ExplorerNode\n      }\n      links {\n        source {\n          id\n          classification\n        }\n        target {\n          id\n          classification\n        }\n        weight\n        facilities {\n          ...ExplorerNode\n        }\n      }\n    }\n  }\n": types.ExplorerNetworkDocument,
    "\n  fragment ExplorerCoverageCell on CoverageCell {\n    district {\n      ...ExplorerNode\n    }\n    technology {\n      ...ExplorerNode\n    }\n    facilities\n    openFacilities\n  }\n": types.ExplorerCoverageCellFragmentDoc,
    "\n  query ExplorerCoverage($districts: [ID!], $technology: ID) {\n    facilityCoverage(districts: $districts, technology: $technology) {\n      ...ExplorerCoverageCell\n    }\n  }\n": types.ExplorerCoverageDocument,
    "\n  query ExplorerNeeds($filter: NeedFilter) {\n    needs(filter: $filter, first: 100) {\n      totalCount\n      nodes {\n        ...ExplorerNode\n        status\n        kind\n        deadline\n      }\n    }\n  }\n": types.ExplorerNeedsDocument,
    "\n  query ExplorerCertifications {\n    certifications(first: 100) {\n      nodes {\n        ...ExplorerNode\n      }\n    }\n  }\n": types.ExplorerCertificationsDocument,
    "\n  query ExplorerMatch($id: ID!, $includeIneligible: Boolean) {\n    matchNeed(id: $id, first: 20, includeIneligible: $includeIneligible) {\n      candidate {\n        ...ExplorerNode\n      }\n      score\n      eligible\n      missingCertifications {\n        ...ExplorerNode\n      }\n      evidence {\n        kind\n        points\n        detail\n        path {\n          ...ExplorerNode\n        }\n      }\n    }\n  }\n": types.ExplorerMatchDocument,
    "\n  mutation ExplorerPublishNeed($input: NeedInput!) {\n    publishNeed(input: $input) {\n      need {\n        ...ExplorerNode\n        status\n        kind\n        deadline\n      }\n    }\n  }\n": types.ExplorerPublishNeedDocument,
    "\n  fragment ExplorerRequest on AccessRequest {\n    id\n    status\n    purpose\n    periodStart\n    periodEnd\n    requestedBy\n    requestedAt\n    decidedBy\n    decidedAt\n    institution {\n      ...ExplorerNode\n    }\n    facility {\n      ...ExplorerNode\n    }\n    need {\n      ...ExplorerNode\n    }\n  }\n": types.ExplorerRequestFragmentDoc,
    "\n  query ExplorerRequests($status: [AccessRequestStatus!], $after: String) {\n    accessRequests(status: $status, first: 100, after: $after) {\n      nodes {\n        ...ExplorerRequest\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n": types.ExplorerRequestsDocument,
    "\n  mutation ExplorerRequestAccess($input: AccessRequestInput!) {\n    requestFacilityAccess(input: $input) {\n      ...ExplorerRequest\n    }\n  }\n": types.ExplorerRequestAccessDocument,
    "\n  mutation ExplorerApprove($id: ID!) {\n    approveAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n": types.ExplorerApproveDocument,
    "\n  mutation ExplorerDecline($id: ID!) {\n    declineAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n": types.ExplorerDeclineDocument,
    "\n  mutation ExplorerWithdraw($id: ID!) {\n    withdrawAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n": types.ExplorerWithdrawDocument,
    "\n  query ExplorerCoverageWhatIf($districts: [ID!], $technology: ID, $scenario: CoverageScenario!) {\n    facilityCoverageWhatIf(districts: $districts, technology: $technology, scenario: $scenario) {\n      before {\n        ...ExplorerCoverageCell\n      }\n      after {\n        ...ExplorerCoverageCell\n      }\n      closed {\n        district {\n          id\n        }\n        technology {\n          id\n        }\n      }\n      opened {\n        district {\n          id\n        }\n        technology {\n          id\n        }\n      }\n    }\n  }\n": types.ExplorerCoverageWhatIfDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Health {\n  health {\n    ok\n    neo4jVersion\n    neo4jEdition\n    nodeCount\n    schemaVersion\n  }\n}"): typeof import('./graphql.js').HealthDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    name\n    nameEn\n    aliases\n    classification\n    sources\n  }\n}"): typeof import('./graphql.js').NodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OpenFacilitiesServing($district: ID!, $technology: ID!, $first: Int = 20, $after: String) {\n  facilities(\n    filter: {access: [OPEN], district: $district, technology: $technology}\n    first: $first\n    after: $after\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        nameEn\n        kind\n        access\n        park {\n          name\n        }\n        district {\n          name\n        }\n        technologies {\n          nodes {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql.js').OpenFacilitiesServingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExplorerNode on Node {\n    __typename\n    id\n    name\n    nameEn\n    classification\n    ... on Facility {\n      access\n      facilityKind: kind\n    }\n  }\n"): typeof import('./graphql.js').ExplorerNodeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExplorerRel on Relationship {\n    id\n    type\n    from\n    to\n    classification\n    weight\n  }\n"): typeof import('./graphql.js').ExplorerRelFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerSearch($text: String!, $labels: [NodeLabel!], $first: Int) {\n    search(text: $text, labels: $labels, first: $first) {\n      score\n      node {\n        ...ExplorerNode\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerFacilities($filter: FacilityFilter) {\n    facilities(filter: $filter, first: 100) {\n      totalCount\n      nodes {\n        ...ExplorerNode\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerFacilitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerDetails($id: ID!) {\n    node(id: $id) {\n      ...ExplorerNode\n      aliases\n      sources\n      ... on Facility {\n        accessModes\n      }\n      ... on Park {\n        parkKind: kind\n      }\n      ... on Institution {\n        sector\n      }\n      ... on Agency {\n        agencyKind: kind\n      }\n      ... on Standard {\n        body\n      }\n      ... on Phase {\n        start\n        end\n      }\n    }\n    neighborhood(id: $id, depth: 1, limit: 100) {\n      truncated\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerDetailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerNeighborhood($id: ID!, $types: [RelationshipType!], $limit: Int) {\n    neighborhood(id: $id, depth: 1, types: $types, limit: $limit) {\n      truncated\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerNeighborhoodDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerPath($from: ID!, $to: ID!, $maxHops: Int) {\n    path(from: $from, to: $to, maxHops: $maxHops, all: true) {\n      length\n      nodes {\n        ...ExplorerNode\n      }\n      relationships {\n        ...ExplorerRel\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerPathDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerOptions($after: String) {\n    districts(first: 100) {\n      nodes {\n        ...ExplorerNode\n      }\n    }\n    technologies(first: 100, after: $after) {\n      nodes {\n        ...ExplorerNode\n        parent {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerNetwork($district: ID, $technology: ID) {\n    sharedFacilityNetwork(district: $district, technology: $technology) {\n      institutions {\n        ...ExplorerNode\n      }\n      facilities {\n        ...ExplorerNode\n      }\n      links {\n        source {\n          id\n          classification\n        }\n        target {\n          id\n          classification\n        }\n        weight\n        facilities {\n          ...ExplorerNode\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerNetworkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExplorerCoverageCell on CoverageCell {\n    district {\n      ...ExplorerNode\n    }\n    technology {\n      ...ExplorerNode\n    }\n    facilities\n    openFacilities\n  }\n"): typeof import('./graphql.js').ExplorerCoverageCellFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerCoverage($districts: [ID!], $technology: ID) {\n    facilityCoverage(districts: $districts, technology: $technology) {\n      ...ExplorerCoverageCell\n    }\n  }\n"): typeof import('./graphql.js').ExplorerCoverageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerNeeds($filter: NeedFilter) {\n    needs(filter: $filter, first: 100) {\n      totalCount\n      nodes {\n        ...ExplorerNode\n        status\n        kind\n        deadline\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerNeedsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerCertifications {\n    certifications(first: 100) {\n      nodes {\n        ...ExplorerNode\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerCertificationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerMatch($id: ID!, $includeIneligible: Boolean) {\n    matchNeed(id: $id, first: 20, includeIneligible: $includeIneligible) {\n      candidate {\n        ...ExplorerNode\n      }\n      score\n      eligible\n      missingCertifications {\n        ...ExplorerNode\n      }\n      evidence {\n        kind\n        points\n        detail\n        path {\n          ...ExplorerNode\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerMatchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerPublishNeed($input: NeedInput!) {\n    publishNeed(input: $input) {\n      need {\n        ...ExplorerNode\n        status\n        kind\n        deadline\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerPublishNeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExplorerRequest on AccessRequest {\n    id\n    status\n    purpose\n    periodStart\n    periodEnd\n    requestedBy\n    requestedAt\n    decidedBy\n    decidedAt\n    institution {\n      ...ExplorerNode\n    }\n    facility {\n      ...ExplorerNode\n    }\n    need {\n      ...ExplorerNode\n    }\n  }\n"): typeof import('./graphql.js').ExplorerRequestFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerRequests($status: [AccessRequestStatus!], $after: String) {\n    accessRequests(status: $status, first: 100, after: $after) {\n      nodes {\n        ...ExplorerRequest\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n"): typeof import('./graphql.js').ExplorerRequestsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerRequestAccess($input: AccessRequestInput!) {\n    requestFacilityAccess(input: $input) {\n      ...ExplorerRequest\n    }\n  }\n"): typeof import('./graphql.js').ExplorerRequestAccessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerApprove($id: ID!) {\n    approveAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n"): typeof import('./graphql.js').ExplorerApproveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerDecline($id: ID!) {\n    declineAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n"): typeof import('./graphql.js').ExplorerDeclineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerWithdraw($id: ID!) {\n    withdrawAccessRequest(id: $id) {\n      ...ExplorerRequest\n    }\n  }\n"): typeof import('./graphql.js').ExplorerWithdrawDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerCoverageWhatIf($districts: [ID!], $technology: ID, $scenario: CoverageScenario!) {\n    facilityCoverageWhatIf(districts: $districts, technology: $technology, scenario: $scenario) {\n      before {\n        ...ExplorerCoverageCell\n      }\n      after {\n        ...ExplorerCoverageCell\n      }\n      closed {\n        district {\n          id\n        }\n        technology {\n          id\n        }\n      }\n      opened {\n        district {\n          id\n        }\n        technology {\n          id\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExplorerCoverageWhatIfDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
