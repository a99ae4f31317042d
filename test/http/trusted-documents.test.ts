import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { loadManifest } from '../../src/http/trusted-documents.js';
import { HealthDocument } from '../../src/generated/operations.js';
import { print } from 'graphql';
import { testDatabase } from '../helpers.js';

const db = testDatabase();
const manifest = loadManifest();
let only: RunningServer;
let open: RunningServer;
beforeAll(async () => {
  only = await startServer({ db, port: 0, trustedDocuments: { mode: 'only', manifest } });
  open = await startServer({ db, port: 0, trustedDocuments: { mode: 'off', manifest } });
});
afterAll(async () => {
  await only?.close();
  await open?.close();
  await db.close();
});

const HEALTH_ID = createHash('sha256').update(print(HealthDocument)).digest('hex');
const post = async (url: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('trusted documents', () => {
  it('the manifest generated from src/client/operations/ holds each operation under the SHA-256 of its text', () => {
    expect(manifest[HEALTH_ID]).toBe(print(HealthDocument));
    for (const [id, text] of Object.entries(manifest)) expect(createHash('sha256').update(text).digest('hex')).toBe(id);
    expect(Object.values(manifest).map((t) => /^(?:query|mutation) (\w+)/.exec(t)?.[1]).sort()).toEqual(['Health', 'Node', 'OpenFacilitiesServing']);
  });

  it('in "only" mode a listed operation runs by documentId or by APQ hash', async () => {
    expect((await post(only.url, { documentId: `sha256:${HEALTH_ID}` })).body.data.health.ok).toBe(true);
    expect((await post(only.url, { documentId: HEALTH_ID })).body.data.health.ok).toBe(true);
    expect((await post(only.url, { extensions: { persistedQuery: { version: 1, sha256Hash: HEALTH_ID } } })).body.data.health.ok).toBe(true);
  });

  it('in "only" mode any text, an unknown id, or a GET is refused before it is parsed', async () => {
    expect(await post(only.url, { query: '{ health { ok } }' })).toEqual({ status: 400, body: { errors: [{ message: expect.any(String), extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }] } });
    expect((await post(only.url, { documentId: '0'.repeat(64) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    // text sent beside a listed id is replaced by the listed text
    expect((await post(only.url, { documentId: HEALTH_ID, query: '{ countsByLabel { count } }' })).body.data).toEqual({ health: expect.objectContaining({ ok: true }) });
    const get = await fetch(`${only.url}?query=${encodeURIComponent('{ health { ok } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await get.json()) as any).errors[0].extensions.code).toBe('QUERY_NOT_IN_SAFELIST');
  });

  it('by default any operation runs, and listed ids are accepted as well', async () => {
    expect((await post(open.url, { query: '{ health { ok } }' })).body).toEqual({ data: { health: { ok: true } } });
    expect((await post(open.url, { documentId: HEALTH_ID })).body.data.health.ok).toBe(true);
  });
});
