import { readFileSync } from 'node:fs';
import type { WireError } from './respond.js';

/** Trusted documents: `{ sha256 of the operation text: the text }` (see codegen/persisted-operations.cjs). */
export type Manifest = Readonly<Record<string, string>>;

/** Options of trusted documents. */
export interface TrustedDocumentsOptions {
  /**
   * `off`: any operation; manifest ids are also accepted. `only`: nothing but the manifest's
   * operations, sent by id (`documentId`, or an APQ `extensions.persistedQuery.sha256Hash`).
   */
  mode: 'off' | 'only';
  manifest?: Manifest;
}

/** The manifest GraphQL Code Generator writes from src/client/operations/. */
export const MANIFEST_URL = new URL('../generated/persisted-operations.json', import.meta.url);

/** Reads a manifest file (JSON object of 64-hex-digit ids to operation texts). */
export function loadManifest(file: URL | string = MANIFEST_URL): Manifest {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [id, text] of Object.entries(raw)) {
    if (!/^[0-9a-f]{64}$/.test(id) || typeof text !== 'string') throw new Error(`${String(file)}: not a manifest of sha256 ids to operation texts`);
  }
  return raw as Manifest;
}

/** The id a request names: `documentId` (optionally `sha256:`-prefixed) or an APQ hash. */
function idOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.documentId === 'string') return body.documentId.replace(/^sha256:/, '');
  const hash = (body.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * Resolves a request body against the manifest: a known id gets its text as `query` (an APQ hash
 * then matches it, since ids are SHA-256 of the text). In `only` mode, an unknown id
 * (PERSISTED_QUERY_NOT_IN_LIST) or an operation sent as text (QUERY_NOT_IN_SAFELIST) is refused.
 * Returns the body to execute, or the errors to send.
 */
export function resolveTrusted(body: unknown, { mode, manifest = {} }: TrustedDocumentsOptions): { body: unknown } | { errors: WireError[] } {
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const id = isObject ? idOf(body as Record<string, unknown>) : undefined;
  const text = id !== undefined && Object.hasOwn(manifest, id) ? manifest[id] : undefined;
  if (text !== undefined) {
    const { documentId: _id, ...rest } = body as Record<string, unknown>;
    return { body: { ...rest, query: text } };
  }
  if (mode === 'off') return { body };
  if (id !== undefined) return { errors: [{ message: 'this operation id is not in the list of trusted operations', extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }] };
  return { errors: [{ message: 'this server runs only trusted operations, sent by id (documentId)', extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }] };
}
