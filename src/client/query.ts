import { GraphQLClient, ClientError } from 'graphql-request';
import { readFile } from 'node:fs/promises';

/** Options of a one-off GraphQL request from the command line. */
export interface QueryOptions {
  url: string;
  /** Bearer token, sent as `authorization: Bearer …`. */
  token?: string;
  variables?: Record<string, unknown>;
}

/**
 * Runs the operation in `file` against the API and returns `{ data, errors }` as the server sent
 * them (GraphQL errors are data here, not exceptions; transport failures still throw).
 */
export async function runQueryFile(file: string, { url, token, variables }: QueryOptions): Promise<{ data?: unknown; errors?: unknown[] }> {
  const document = await readFile(file, 'utf8');
  const client = new GraphQLClient(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  try {
    return { data: await client.request(document, variables) };
  } catch (err) {
    if (err instanceof ClientError) return { data: err.response.data ?? undefined, errors: err.response.errors };
    throw err;
  }
}
