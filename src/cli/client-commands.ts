/** The `kg` commands that need no database: `query` (through the API) and `token`. */
import { stat } from 'node:fs/promises';
import { viewerFromClaims } from '../auth/authenticate.js';
import { mintToken } from '../auth/tokens.js';
import { runQueryFile } from '../client/query.js';
import { out, UsageError } from './common.js';

/** The API endpoint of `kg query`: KG_URL, else the local server on PORT (default 4000). */
export function defaultQueryUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.KG_URL || `http://localhost:${env.PORT || '4000'}/graphql`;
}

export async function queryFile(paths: string[], url: string, token: string | undefined, variables: string | undefined): Promise<number> {
  if (paths.length !== 1) throw new UsageError('query needs exactly one .graphql file');
  let vars: Record<string, unknown> | undefined;
  try {
    vars = variables ? (JSON.parse(variables) as Record<string, unknown>) : undefined;
  } catch {
    throw new UsageError('--variables must be a JSON object');
  }
  await stat(paths[0]!).catch(() => {
    throw new UsageError(`no such file: ${paths[0]}`);
  });
  let result;
  try {
    result = await runQueryFile(paths[0]!, { url, token, variables: vars });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw new Error(`could not reach the API at ${url} (${why}); is the server running? Set KG_URL or PORT, or pass --url`);
  }
  out(JSON.stringify(result, null, 2));
  return result.errors ? 1 : 0;
}

export async function token(sub: string | undefined, clearance: string, roles: string, expires: string, institution?: string): Promise<number> {
  const secret = process.env.JWT_SECRET;
  if (!secret) throw new UsageError('set JWT_SECRET (the same secret the server uses) to mint tokens');
  if (!sub) throw new UsageError('--sub is required');
  const viewer = viewerFromClaims({ sub, clearance, roles: roles.split(',').map((r) => r.trim()), institution });
  out(await mintToken({ secret, subject: viewer.subject!, clearance: viewer.clearance, roles: [...viewer.roles], institution: viewer.institution, expiresIn: expires, issuer: process.env.JWT_ISSUER, audience: process.env.JWT_AUDIENCE }));
  return 0;
}
