/** The example query of the start banner: the health of the service and the plan itself. */
export const EXAMPLE_QUERY = `{ health { ok neo4jVersion nodeCount } node(id: "doc:jingzhengfa-2013-19") { name nameEn } }`;

/** What the server prints once it serves. */
export interface Banner {
  /** Human lines: where GraphQL and the explorer are, and a command to paste into a shell. */
  message: string;
  /** The same as fields, for JSON logs. */
  fields: { url: string; explorer: string; example: string };
}

/** Quotes `s` for a POSIX shell (single quotes; an embedded ' becomes '\''). */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The start banner for a server at `graphqlUrl` (…/graphql). */
export function startBanner(graphqlUrl: string): Banner {
  const explorer = graphqlUrl.replace(/\/graphql$/, '/explorer/');
  const example = `curl -s ${graphqlUrl} -H 'content-type: application/json' -d ${shellQuote(JSON.stringify({ query: EXAMPLE_QUERY }))}`;
  return {
    message: [`GraphQL ready at ${graphqlUrl}`, `  explorer  ${explorer}`, `  try       ${example}`].join('\n'),
    fields: { url: graphqlUrl, explorer, example },
  };
}
