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

export const CoverageQuery = graphql(`
  query ExplorerCoverage($districts: [ID!], $technology: ID) {
    facilityCoverage(districts: $districts, technology: $technology) {
      district {
        ...ExplorerNode
      }
      technology {
        ...ExplorerNode
      }
      facilities
      openFacilities
    }
  }
`);
