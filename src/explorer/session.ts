/**
 * The caller's session: the bearer token, who it belongs to, and the only way to the data (POSTs
 * to the server's public /graphql endpoint). Changing the token starts a new epoch: the response
 * cache is dropped and any answer to a request of an earlier epoch is discarded, never shown.
 */
import type { TypedDocumentString } from '../generated/explorer/graphql.js';
import { LEVELS, type Level } from './classification.js';

/** Who the page is acting for, as the server accepted it. */
export interface Viewer {
  subject: string | null;
  clearance: Level;
  roles: string[];
  /** The institution the token acts for (access requests), when the server says so. */
  institution?: string | null;
  /** 'api': the server's `viewer` query said so; 'token': the claims of a token the server accepted. */
  source: 'anonymous' | 'api' | 'token';
}

/** An error answered by the API (or the network), with the code and argument at fault. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly argumentName?: string,
  ) {
    super(message);
  }
}

/** The answer arrived after the token changed; it belongs to the earlier session and is dropped. */
export class StaleAnswer extends Error {
  constructor() {
    super('stale answer');
  }
}

export const ANONYMOUS: Viewer = { subject: null, clearance: 'PUBLIC', roles: ['reader'], source: 'anonymous' };

let token = '';
let epoch = 0;
const cache = new Map<string, Promise<unknown>>();

/** The current epoch; it changes with every token change. */
export const currentEpoch = (): number => epoch;

/** Sets the bearer token ('' = anonymous), drops every cached answer and starts a new epoch. */
export function setToken(value: string): number {
  token = value.trim();
  cache.clear();
  return ++epoch;
}

async function post<T>(query: string, variables: Record<string, unknown> | undefined): Promise<T> {
  const mine = epoch;
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    if (mine !== epoch) throw new StaleAnswer();
    throw new ApiError('network unreachable', 'NETWORK');
  }
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string; argumentName?: string } }> };
  if (mine !== epoch) throw new StaleAnswer();
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? `HTTP_${res.status}`, first.extensions?.argumentName);
  if (!res.ok || !body.data) throw new ApiError(`HTTP ${res.status}`, `HTTP_${res.status}`);
  return body.data;
}

/** Runs a typed document; `cached` answers repeat requests of this epoch from memory. */
export function request<R, V extends Record<string, unknown>>(doc: TypedDocumentString<R, V>, variables?: V, cached = false): Promise<R> {
  const query = doc.toString();
  if (!cached) return post<R>(query, variables);
  const key = `${query}\n${JSON.stringify(variables ?? {})}`;
  let hit = cache.get(key) as Promise<R> | undefined;
  if (!hit) {
    hit = post<R>(query, variables);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/**
 * Who the token belongs to. Asks the API's `viewer` query; on a server without it, checks that the
 * server accepts the token (a rejected token is an error, never a fallback to anonymous) and reads
 * the accepted token's claims, with the server's defaults (clearance PUBLIC, role reader).
 */
export async function whoAmI(): Promise<Viewer> {
  if (!token) return ANONYMOUS;
  try {
    const data = await post<{ viewer: { subject?: string | null; clearance: string; roles?: string[]; institution?: string | null } | null }>(
      'query ExplorerViewer { viewer { subject clearance roles institution } }',
      undefined,
    );
    if (data.viewer) return { subject: data.viewer.subject ?? null, clearance: toLevel(data.viewer.clearance), roles: data.viewer.roles ?? [], institution: data.viewer.institution ?? null, source: 'api' };
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'GRAPHQL_VALIDATION_FAILED') throw e;
  }
  await post('query ExplorerTokenCheck { __typename }', undefined);
  let claims: Record<string, unknown>;
  try {
    claims = claimsOf(token);
  } catch {
    throw new ApiError('unreadable token', 'UNAUTHENTICATED');
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : ['reader'];
  return { subject: typeof claims.sub === 'string' ? claims.sub : null, clearance: toLevel(claims.clearance ?? 'PUBLIC'), roles, source: 'token' };
}

function toLevel(value: unknown): Level {
  // an unknown level is shown as the highest: a banner may over-mark, never under-mark
  return (LEVELS as readonly unknown[]).includes(value) ? (value as Level) : 'TOP_SECRET';
}
