/**
 * The explorer's only way to the data: POSTs to the server's public /graphql endpoint with the
 * bearer token the user typed, so it shows exactly what that token may see.
 */

export interface GNode {
  id: string;
  name: string;
  nameEn?: string | null;
  classification: string;
  __typename: string;
}

export interface GRel {
  id: string;
  type: string;
  from: string;
  to: string;
  classification: string;
  weight?: number | null;
}

export interface Subgraph {
  nodes: GNode[];
  relationships: GRel[];
  truncated?: boolean;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export const NODE_FIELDS = 'id name nameEn classification __typename';
const REL_FIELDS = 'id type from to classification weight';

let token = '';
/** Sets the bearer token sent with every request ('' = anonymous). */
export function setToken(value: string): void {
  token = value.trim();
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new ApiError(body.errors[0]!.message, body.errors[0]!.extensions?.code ?? String(res.status));
  if (!res.ok || !body.data) throw new ApiError(`HTTP ${res.status}`, String(res.status));
  return body.data;
}

export const api = {
  search: (text: string) =>
    gql<{ search: Array<{ score: number; node: GNode }> }>(`query ExplorerSearch($text: String!) { search(text: $text, first: 12) { score node { ${NODE_FIELDS} } } }`, { text }).then((d) => d.search),

  details: (id: string) =>
    gql<{ node: (GNode & Record<string, unknown>) | null }>(
      `query ExplorerNode($id: ID!) { node(id: $id) { id name nameEn aliases classification sources __typename
        ... on Facility { facilityKind: kind access accessModes }
        ... on Park { parkKind: kind }
        ... on Institution { sector }
        ... on Agency { agencyKind: kind }
        ... on Standard { body }
        ... on Phase { start end }
      } }`,
      { id },
    ).then((d) => d.node),

  neighborhood: (id: string, depth = 1, limit = 200) =>
    gql<{ neighborhood: Subgraph }>(
      `query ExplorerNeighborhood($id: ID!, $depth: Int, $limit: Int) { neighborhood(id: $id, depth: $depth, limit: $limit) { truncated nodes { ${NODE_FIELDS} } relationships { ${REL_FIELDS} } } }`,
      { id, depth, limit },
    ).then((d) => d.neighborhood),

  path: (from: string, to: string) =>
    gql<{ path: Array<{ length: number; nodes: GNode[]; relationships: GRel[] }> }>(
      `query ExplorerPath($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 6) { length nodes { ${NODE_FIELDS} } relationships { ${REL_FIELDS} } } }`,
      { from, to },
    ).then((d) => d.path[0] ?? null),

  facilities: (filter: Record<string, unknown>) =>
    gql<{ facilities: { totalCount: number; nodes: GNode[] } }>(
      `query ExplorerFacilities($filter: FacilityFilter) { facilities(filter: $filter, first: 100) { totalCount nodes { ${NODE_FIELDS} } } }`,
      { filter },
    ).then((d) => d.facilities),

  districts: () =>
    gql<{ districts: { nodes: GNode[] } }>(`query ExplorerDistricts { districts(first: 100) { nodes { ${NODE_FIELDS} } } }`).then((d) => d.districts.nodes),

  technologies: async () => {
    const all: Array<GNode & { parent: { id: string } | null }> = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const d: { technologies: { nodes: Array<GNode & { parent: { id: string } | null }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gql(
        `query ExplorerTechnologies($after: String) { technologies(first: 100, after: $after) { nodes { ${NODE_FIELDS} parent { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      all.push(...d.technologies.nodes);
      if (!d.technologies.pageInfo.hasNextPage) break;
      after = d.technologies.pageInfo.endCursor;
    }
    return all;
  },

  network: (district: string | null, technology: string | null) =>
    gql<{ sharedFacilityNetwork: { institutions: GNode[]; facilities: GNode[]; links: Array<{ source: { id: string }; target: { id: string }; weight: number; facilities: GNode[] }> } }>(
      `query ExplorerNetwork($district: ID, $technology: ID) { sharedFacilityNetwork(district: $district, technology: $technology) {
        institutions { ${NODE_FIELDS} } facilities { ${NODE_FIELDS} }
        links { source { id } target { id } weight facilities { id name nameEn } } } }`,
      { district, technology },
    ).then((d) => d.sharedFacilityNetwork),

  coverage: (districts: string[] | null, technology: string | null) =>
    gql<{ facilityCoverage: Array<{ district: GNode; technology: GNode; facilities: number; openFacilities: number }> }>(
      `query ExplorerCoverage($districts: [ID!], $technology: ID) { facilityCoverage(districts: $districts, technology: $technology) {
        district { ${NODE_FIELDS} } technology { ${NODE_FIELDS} } facilities openFacilities } }`,
      { districts, technology },
    ).then((d) => d.facilityCoverage),
};
