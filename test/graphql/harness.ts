import { GraphQLClient } from 'graphql-request';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { readDatasetDir } from '../../src/data/files.js';
import { load } from '../../src/data/loader.js';
import { ANONYMOUS, type Viewer } from '../../src/data/viewer.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { EXAMPLES_DIR, SEED_DIR } from '../../src/seed.js';
import { testDatabase } from '../helpers.js';

/**
 * A real server over HTTP on the run's database, with the plan and the illustrative examples loaded.
 * Until token authentication exists, tests choose the caller with the `x-test-viewer` header
 * (JSON of a Viewer), read by this harness's own `authenticate` hook.
 */
export function useApi() {
  const db = testDatabase();
  const api = { db, server: undefined as unknown as RunningServer, url: '' };
  beforeAll(async () => {
    await load(db, await readDatasetDir(SEED_DIR));
    await load(db, await readDatasetDir(EXAMPLES_DIR));
    const authenticate = async (req: IncomingMessage): Promise<Viewer> => {
      const h = req.headers['x-test-viewer'];
      return typeof h === 'string' ? (JSON.parse(h) as Viewer) : ANONYMOUS;
    };
    api.server = await startServer({ db, port: 0, authenticate });
    api.url = api.server.url;
  });
  afterAll(async () => {
    await api.server?.close();
    await db.close();
  });
  return api;
}

/** A client acting as `viewer` (anonymous PUBLIC reader by default). */
export function client(url: string, viewer?: Viewer): GraphQLClient {
  return new GraphQLClient(url, { headers: viewer ? { 'x-test-viewer': JSON.stringify(viewer) } : {} });
}

export const EDITOR: Viewer = { subject: 'test-editor', clearance: 'CONFIDENTIAL', roles: ['reader', 'editor'] };
export const SECRET_READER: Viewer = { subject: 'test-secret', clearance: 'SECRET', roles: ['reader'] };

/** Posts a query and returns the raw JSON body and HTTP status (for error assertions). */
export async function post(url: string, query: string, variables?: Record<string, unknown>, viewer?: Viewer) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(viewer ? { 'x-test-viewer': JSON.stringify(viewer) } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}
