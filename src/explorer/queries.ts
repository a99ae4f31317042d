/**
 * Every GraphQL document the explorer sends. `npm run codegen` types each one from schema/ into
 * src/generated/explorer/ (codegen's client preset), so a schema change that breaks the page fails
 * the type check instead of the user.
 */
import { graphql } from '../generated/explorer/gql.js';

export const NodeFields = graphql(`
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
`);

export const RelFields = graphql(`
  fragment ExplorerRel on Relationship {
    id
    type
    from
    to
    classification
    weight
  }
`);

export const SearchQuery = graphql(`
  query ExplorerSearch($text: String!, $labels: [NodeLabel!], $first: Int) {
    search(text: $text, labels: $labels, first: $first) {
      score
      node {
        ...ExplorerNode
      }
    }
  }
`);

export const FacilitiesQuery = graphql(`
  query ExplorerFacilities($filter: FacilityFilter) {
    facilities(filter: $filter, first: 100) {
      totalCount
      nodes {
        ...ExplorerNode
      }
    }
  }
`);

export const DetailsQuery = graphql(`
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
`);

export const NeighborhoodQuery = graphql(`
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
`);

export const PathQuery = graphql(`
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
`);

export const OptionsQuery = graphql(`
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
`);

export const NetworkQuery = graphql(`
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
`);

/** One cell of a coverage matrix, as the coverage view and its what-if comparison show it. */
export const CoverageCellFields = graphql(`
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
`);

export const CoverageQuery = graphql(`
  query ExplorerCoverage($districts: [ID!], $technology: ID) {
    facilityCoverage(districts: $districts, technology: $technology) {
      ...ExplorerCoverageCell
    }
  }
`);

export const NeedsQuery = graphql(`
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
`);

export const CertificationsQuery = graphql(`
  query ExplorerCertifications {
    certifications(first: 100) {
      nodes {
        ...ExplorerNode
      }
    }
  }
`);

export const MatchQuery = graphql(`
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
`);

export const PublishNeedMutation = graphql(`
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
`);

export const RequestFields = graphql(`
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
`);

export const RequestsQuery = graphql(`
  query ExplorerRequests($status: [AccessRequestStatus!], $after: String) {
    accessRequests(status: $status, first: 100, after: $after) {
      nodes {
        ...ExplorerRequest
      }
      hasNextPage
      endCursor
    }
  }
`);

export const RequestAccessMutation = graphql(`
  mutation ExplorerRequestAccess($input: AccessRequestInput!) {
    requestFacilityAccess(input: $input) {
      ...ExplorerRequest
    }
  }
`);

export const ApproveMutation = graphql(`
  mutation ExplorerApprove($id: ID!) {
    approveAccessRequest(id: $id) {
      ...ExplorerRequest
    }
  }
`);

export const DeclineMutation = graphql(`
  mutation ExplorerDecline($id: ID!) {
    declineAccessRequest(id: $id) {
      ...ExplorerRequest
    }
  }
`);

export const WithdrawMutation = graphql(`
  mutation ExplorerWithdraw($id: ID!) {
    withdrawAccessRequest(id: $id) {
      ...ExplorerRequest
    }
  }
`);

export const CoverageWhatIfQuery = graphql(`
  query ExplorerCoverageWhatIf($districts: [ID!], $technology: ID, $scenario: CoverageScenario!) {
    facilityCoverageWhatIf(districts: $districts, technology: $technology, scenario: $scenario) {
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
`);
