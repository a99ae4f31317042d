import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll } from 'vitest';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { mintToken } from '../../src/auth/tokens.js';
import type { Viewer } from '../../src/data/viewer.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/http/server.js';
import { loadRequests } from '../../src/data/access-requests.js';
import { EXAMPLE_REQUESTS_FILE, EXAMPLES_DIR, SEED_DIR } from '../../src/seed.js';
import { testDatabase } from '../helpers.js';

/** The HS256 secret of the test server; clients sign their tokens with it. */
export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-characters';

/**
 * A real server over HTTP on the run's database, with the plan and the illustrative examples (and their
 * access requests) loaded,
 * verifying real HS256 tokens.
 */
export function useApi(options: Partial<ServerOptions> = {}) {
  const db = testDatabase();
  const api = { db, server: undefined as unknown as RunningServer, url: '' };
  beforeAll(async () => {
    await load(db, await readDatasetDir(SEED_DIR));
    await load(db, await readDatasetDir(EXAMPLES_DIR));
    await loadRequests(db, EXAMPLE_REQUESTS_FILE);
    api.server = await startServer({ db, port: 0, authenticate: await createAuthenticator({ jwtSecret: TEST_SECRET }), ...options });
    api.url = api.server.url;
  });
  afterAll(async () => {
    await api.server?.close();
    await db.close();
  });
  return api;
}

/** A signed token for `viewer`. */
export function tokenFor(viewer: Viewer, expiresIn = '5m'): Promise<string> {
  return mintToken({ secret: TEST_SECRET, subject: viewer.subject ?? 'anonymous', clearance: viewer.clearance, roles: [...viewer.roles], institution: viewer.institution, expiresIn });
}

async function headersFor(viewer?: Viewer): Promise<Record<string, string>> {
  return viewer ? { authorization: `Bearer ${await tokenFor(viewer)}` } : {};
}

/** A client acting as `viewer` (anonymous PUBLIC reader by default). */
export async function client(url: string, viewer?: Viewer): Promise<GraphQLClient> {
  return new GraphQLClient(url, { headers: await headersFor(viewer) });
}

export const EDITOR: Viewer = { subject: 'test-editor', clearance: 'CONFIDENTIAL', roles: ['reader', 'editor'] };
export const SECRET_READER: Viewer = { subject: 'test-secret', clearance: 'SECRET', roles: ['reader'] };

/** Posts a query and returns the raw JSON body and HTTP status (for error assertions). */
export async function post(url: string, query: string, variables?: Record<string, unknown>, viewer?: Viewer) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await headersFor(viewer)) },
    body: JSON.stringify({ query, variables }),
  });
  // `any`: tests walk responses of many shapes and assert on them directly
  return { status: res.status, body: (await res.json()) as any };
}
