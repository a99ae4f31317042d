import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createLocalJWKSet, importSPKI, jwtVerify, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { ApiError } from '../errors.js';
import { CLASSIFICATIONS, type Classification } from '../ontology.js';
import { ANONYMOUS, type Role, type Viewer } from '../data/viewer.js';

/** Where keys come from; at most one JWT key source. */
export interface AuthConfig {
  /** HS256 shared secret (at least 32 characters). */
  jwtSecret?: string;
  /** PEM public key file (SPKI), verified with `jwtAlgorithm` (RS256 or ES256). */
  jwtPublicKeyFile?: string;
  jwtAlgorithm?: 'RS256' | 'ES256';
  /** A local JWKS file (keys chosen by `kid`). */
  jwksFile?: string;
  /** Expected `iss` and `aud`, when set. */
  issuer?: string;
  audience?: string;
  /** JSON file of API keys: `[{ "sha256": hex, "subject", "clearance", "roles" }]`. */
  apiKeysFile?: string;
  /** Longest token lifetime accepted (`exp` − `iat`, or `exp` − now without `iat`), in seconds (default 86,400). */
  maxLifetimeSeconds?: number;
  /** Clock difference tolerated with the issuer for `exp`, `nbf` and a future `iat`, in seconds (default 30). */
  clockSkewSeconds?: number;
}

export type Authenticate = (req: IncomingMessage) => Promise<Viewer>;

const ROLES: readonly Role[] = ['reader', 'editor', 'admin', 'declassifier'];

const unauthenticated = (message: string) => new ApiError('UNAUTHENTICATED', message);

/**
 * Builds the request authenticator. No credentials: an anonymous PUBLIC reader. A bearer token or
 * API key that is expired, malformed, wrongly signed or carries bad claims: UNAUTHENTICATED, never
 * a fallback to anonymous. Throws at construction when the configuration is inconsistent.
 */
export async function createAuthenticator(config: AuthConfig): Promise<Authenticate> {
  const sources = [config.jwtSecret, config.jwtPublicKeyFile, config.jwksFile].filter(Boolean).length;
  if (sources > 1) throw new Error('configure one of JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWT_JWKS_FILE, not several');
  if (config.jwtSecret !== undefined && config.jwtSecret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');

  let key: Uint8Array | CryptoKey | JWTVerifyGetKey | undefined;
  let algorithms: string[] = [];
  if (config.jwtSecret) {
    key = new TextEncoder().encode(config.jwtSecret);
    algorithms = ['HS256'];
  } else if (config.jwtPublicKeyFile) {
    const alg = config.jwtAlgorithm ?? 'RS256';
    key = await importSPKI(await readFile(config.jwtPublicKeyFile, 'utf8'), alg);
    algorithms = [alg];
  } else if (config.jwksFile) {
    key = createLocalJWKSet(JSON.parse(await readFile(config.jwksFile, 'utf8')));
    algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
  }
  const apiKeys = config.apiKeysFile ? await loadApiKeys(config.apiKeysFile) : [];
  const maxLifetime = config.maxLifetimeSeconds ?? 86_400;
  const skew = config.clockSkewSeconds ?? 30;
  for (const [name, v] of [['maxLifetimeSeconds', maxLifetime], ['clockSkewSeconds', skew]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer, got ${v}`);
  }

  const verified = new VerifiedTokens(skew);
  return async (req) => {
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (header !== undefined && apiKey !== undefined) throw unauthenticated('send either a bearer token or an API key, not both');
    if (typeof apiKey === 'string') return viewerForApiKey(apiKeys, apiKey);
    if (header === undefined) return ANONYMOUS;
    const m = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!m) throw unauthenticated('the authorization header must read `Bearer <token>`');
    if (!key) throw unauthenticated('this server accepts no tokens (no verification key is configured)');
    const known = verified.get(m[1]!);
    if (known) return known;
    let payload: Record<string, unknown>;
    try {
      const options = { algorithms, issuer: config.issuer, audience: config.audience, requiredClaims: ['sub', 'exp'], clockTolerance: skew };
      ({ payload } = typeof key === 'function' ? await jwtVerify(m[1]!, key, options) : await jwtVerify(m[1]!, key, options));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw unauthenticated(code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid');
    }
    checkLifetime(payload, maxLifetime, skew);
    const viewer = viewerFromClaims(payload);
    verified.set(m[1]!, viewer, payload);
    return viewer;
  };
}

/**
 * Tokens verified lately, by their exact text, with the viewer they gave: the same bytes under the
 * same key verify the same way, so only the clock is checked again (`exp` and `nbf`, with the skew
 * jose allows). A client sends its token with every request; verifying the signature each time
 * cost about a fifth of a millisecond of CPU and two promise hops. Bounded; the oldest goes first.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { viewer: Viewer; exp: number; nbf: number }>();

  constructor(private readonly skew: number, private readonly max = 1_000) {}

  get(token: string): Viewer | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    const now = Math.floor(Date.now() / 1000);
    if (now - this.skew >= entry.exp || now + this.skew < entry.nbf) {
      // verified again from scratch: jose gives the error (expired, not yet valid) its wording
      this.entries.delete(token);
      return undefined;
    }
    return entry.viewer;
  }

  set(token: string, viewer: Viewer, claims: Record<string, unknown>): void {
    if (typeof claims.exp !== 'number') return;
    this.entries.delete(token);
    this.entries.set(token, { viewer, exp: claims.exp, nbf: typeof claims.nbf === 'number' ? claims.nbf : -Infinity });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Refuses a token issued in the future (beyond the clock skew) or living longer than allowed: a
 * stolen long-lived token stays useful, and a future `iat` would stretch a lifetime cap.
 */
function checkLifetime(payload: Record<string, unknown>, maxLifetime: number, skew: number): void {
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = payload;
  if (iat !== undefined && typeof iat !== 'number') throw unauthenticated('the token is not valid');
  if (typeof iat === 'number' && iat > now + skew) throw unauthenticated('the token was issued in the future');
  if (typeof exp === 'number' && exp - (typeof iat === 'number' ? iat : now) > maxLifetime) {
    throw unauthenticated(`the token lives longer than the ${maxLifetime} s this server accepts`);
  }
}

/** Checks the claims a token carries; anything unexpected makes the token invalid. */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  const subject = claims.sub;
  const clearance = claims.clearance ?? 'PUBLIC';
  const roles = claims.roles ?? ['reader'];
  if (typeof subject !== 'string' || subject === '') throw unauthenticated('the token has no subject');
  if (typeof clearance !== 'string' || !(CLASSIFICATIONS as readonly string[]).includes(clearance)) throw unauthenticated('the token carries an unknown clearance');
  if (!Array.isArray(roles) || roles.some((r) => !(ROLES as readonly unknown[]).includes(r))) throw unauthenticated('the token carries an unknown role');
  const institution = claims.institution ?? null;
  if (institution !== null && (typeof institution !== 'string' || !/^inst:[a-z0-9][a-z0-9._-]*$/.test(institution))) throw unauthenticated('the token carries a malformed institution');
  return { subject, clearance: clearance as Classification, roles: roles as Role[], ...(institution ? { institution } : {}) };
}

interface ApiKeyEntry {
  digest: Buffer;
  viewer: Viewer;
}

async function loadApiKeys(file: string): Promise<ApiKeyEntry[]> {
  const entries = JSON.parse(await readFile(file, 'utf8')) as Array<Record<string, unknown>>;
  return entries.map((e, i) => {
    if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) throw new Error(`${file}[${i}]: sha256 must be 64 hex digits`);
    return { digest: Buffer.from(e.sha256, 'hex'), viewer: viewerFromClaims({ sub: e.subject, clearance: e.clearance, roles: e.roles, institution: e.institution }) };
  });
}

function viewerForApiKey(keys: ApiKeyEntry[], key: string): Viewer {
  const digest = createHash('sha256').update(key).digest();
  // compare against every key, in constant time each, so timing says nothing about which matched
  let found: Viewer | undefined;
  for (const k of keys) if (timingSafeEqual(k.digest, digest)) found = k.viewer;
  if (!found) throw unauthenticated('the API key is not valid');
  return found;
}
