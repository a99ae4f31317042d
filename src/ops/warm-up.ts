/**
 * Warm before ready: a fresh process answers its first requests slowly (Apollo parses and validates
 * each document once, Neo4j plans each Cypher text once, V8 compiles the hot paths), and a cold
 * instance put behind a load balancer timed out requests before it warmed. So the server runs these
 * representative requests, as an anonymous PUBLIC caller (nothing classified is read, nothing is
 * audited, nothing is written), before `/readyz` turns green.
 */

/** One request of the warm-up. */
export interface WarmUpRequest {
  query: string;
  variables?: Record<string, unknown>;
}

/** What a warm-up did: requests run, how many answered errors, and how long it took. */
export interface WarmUpReport {
  requests: number;
  errors: number;
  ms: number;
}

/** Runs one request; resolves with its GraphQL errors (if any). Never rejects for a GraphQL error. */
export type WarmUpExecutor = (request: WarmUpRequest) => Promise<{ errors?: readonly unknown[] }>;

const NODE = 'id name nameEn classification';

/**
 * The benchmark's and the explorer's shapes: the signature question (nested three levels), search,
 * node, neighbourhood, path, coverage, the shared-facility network, lists with filters and counts.
 * Ids are the plan's; on another dataset a request may answer NOT_FOUND, which still warms its path.
 */
export const WARM_UP_REQUESTS: readonly WarmUpRequest[] = [
  {
    query: `query WarmSignature($d: ID!, $t: ID!) { facilities(filter: { access: [OPEN], district: $d, technology: $t }, first: 20) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${NODE} kind access park { ${NODE} } district { ${NODE} } technologies(first: 5) { nodes { ${NODE} } } } } } }`,
    variables: { d: 'district:daxing', t: 'tech:satellite-applications' },
  },
  {
    query: `query WarmNested { parks(first: 10) { totalCount nodes { ${NODE} facilities(first: 5) { totalCount nodes { ${NODE} technologies(first: 3) { nodes { ${NODE} } } } } } } }`,
  },
  { query: `query WarmInstitutions { institutions(first: 20) { totalCount nodes { ${NODE} district { ${NODE} } operates(first: 5) { nodes { ${NODE} } } } } }` },
  { query: `query WarmSearch($text: String!) { search(text: $text, first: 20) { score node { ${NODE} } } }`, variables: { text: '衛星導航' } },
  { query: `query WarmSearchLatin($text: String!) { search(text: $text, first: 20) { score node { ${NODE} } } }`, variables: { text: 'satelite navigation' } },
  { query: `query WarmResolve($text: String!) { resolve(text: $text, label: District) { score node { ${NODE} } } }`, variables: { text: '大兴' } },
  { query: `query WarmNode($id: ID!) { node(id: $id) { __typename ${NODE} sources } }`, variables: { id: 'district:daxing' } },
  {
    query: `query WarmNeighborhood($id: ID!) { neighborhood(id: $id, depth: 2, limit: 100) { truncated nodes { ${NODE} } relationships { id type from to } } }`,
    variables: { id: 'district:daxing' },
  },
  {
    query: `query WarmPath($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4) { length nodes { ${NODE} } relationships { id type } } }`,
    variables: { from: 'district:daxing', to: 'tech:satellite-applications' },
  },
  {
    // one district: the same statement (the districts are a parameter) without counting a large graph whole
    query: `query WarmCoverage($ds: [ID!]) { facilityCoverage(districts: $ds) { district { id } technology { id } facilities openFacilities } }`,
    variables: { ds: ['district:daxing'] },
  },
  {
    query: `query WarmNetwork($d: ID) { sharedFacilityNetwork(district: $d) { institutions { ${NODE} } links { weight } facilities { id } } }`,
    variables: { d: 'district:daxing' },
  },
  { query: `query WarmCounts { countsByLabel { label count } health { ok nodeCount schemaVersion } }` },
];

/**
 * Runs `requests` `rounds` times (the second round meets warm caches and plans, and gives the JIT
 * its repeat). A request that fails is counted, not fatal: warming is best effort, readiness does
 * not wait for a perfect run, nor for longer than `budgetMs`: no request starts after it (a large
 * graph must not keep an instance out of service; the 1M-node benchmark graph did, for over 60 s).
 */
export async function warmUp(execute: WarmUpExecutor, requests: readonly WarmUpRequest[] = WARM_UP_REQUESTS, rounds = 2, budgetMs = 30_000): Promise<WarmUpReport> {
  if (!Number.isInteger(rounds) || rounds < 0) throw new TypeError(`warmUp: rounds must be a non-negative integer, got ${rounds}`);
  if (!Number.isInteger(budgetMs) || budgetMs < 0) throw new TypeError(`warmUp: budgetMs must be a non-negative integer, got ${budgetMs}`);
  const started = Date.now();
  let errors = 0;
  let ran = 0;
  for (let round = 0; round < rounds; round++) {
    for (const request of requests) {
      if (Date.now() - started > budgetMs) return { requests: ran, errors, ms: Date.now() - started };
      const answer = await execute(request).catch((err: unknown) => ({ errors: [err] }));
      ran++;
      if (answer.errors?.length) errors++;
    }
  }
  return { requests: ran, errors, ms: Date.now() - started };
}
