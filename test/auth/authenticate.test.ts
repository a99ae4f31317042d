import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, SignJWT, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthenticator, type Authenticate } from '../../src/auth/authenticate.js';
import { mintToken } from '../../src/auth/tokens.js';
import { ApiError } from '../../src/errors.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters!';
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const bearer = (t: string) => req({ authorization: `Bearer ${t}` });

async function refusal(auth: Authenticate, r: IncomingMessage): Promise<string> {
  const err = await auth(r).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe('UNAUTHENTICATED');
  return (err as ApiError).message;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kg-auth-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('HS256 tokens', () => {
  it('no credentials: an anonymous PUBLIC reader', async () => {
    const auth = await createAuthenticator({ jwtSecret: SECRET });
    expect(await auth(req({}))).toEqual({ subject: null, clearance: 'PUBLIC', roles: ['reader'] });
  });

  it('a valid token gives its subject, clearance and roles', async () => {
    const auth = await createAuthenticator({ jwtSecret: SECRET });
    const t = await mintToken({ secret: SECRET, subject: 'alice', clearance: 'SECRET', roles: ['reader', 'editor'] });
    expect(await auth(bearer(t))).toEqual({ subject: 'alice', clearance: 'SECRET', roles: ['reader', 'editor'] });
  });

  it('refuses an expired token, saying so', async () => {
    const auth = await createAuthenticator({ jwtSecret: SECRET });
    const t = await new SignJWT({ clearance: 'PUBLIC', roles: ['reader'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('a').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(SECRET));
    expect(await refusal(auth, bearer(t))).toBe('the token has expired');
  });

  describe('a token verified before is checked against the clock again on every request', () => {
    afterEach(() => vi.useRealTimers());
    const sign = (claims: { exp: number; nbf?: number }) => {
      let jwt = new SignJWT({ clearance: 'SECRET', roles: ['reader'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('kept').setExpirationTime(claims.exp);
      if (claims.nbf !== undefined) jwt = jwt.setNotBefore(claims.nbf);
      return jwt.sign(new TextEncoder().encode(SECRET));
    };

    it('refuses it once it has expired (past the clock skew), as the first verification would', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const now = Math.floor(Date.now() / 1000);
      const auth = await createAuthenticator({ jwtSecret: SECRET, clockSkewSeconds: 30 });
      const t = await sign({ exp: now + 60 });
      expect((await auth(bearer(t))).subject).toBe('kept');
      vi.setSystemTime((now + 80) * 1000);
      expect((await auth(bearer(t))).subject).toBe('kept');
      vi.setSystemTime((now + 90) * 1000);
      expect(await refusal(auth, bearer(t))).toBe('the token has expired');
      vi.setSystemTime(now * 1000);
      // a refused token is not kept either: back in its lifetime it verifies again
      expect((await auth(bearer(t))).subject).toBe('kept');
    });

    it('refuses it when the clock is before its nbf (past the skew)', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const now = Math.floor(Date.now() / 1000);
      const auth = await createAuthenticator({ jwtSecret: SECRET, clockSkewSeconds: 30 });
      const t = await sign({ exp: now + 600, nbf: now + 20 });
      expect((await auth(bearer(t))).subject).toBe('kept');
      vi.setSystemTime((now - 20) * 1000);
      expect(await refusal(auth, bearer(t))).toBe('the token is not valid');
    });
  });

  it('refuses a token signed with another secret, a malformed one, an unsigned one, and a bad header', async () => {
    const auth = await createAuthenticator({ jwtSecret: SECRET });
    const other = await mintToken({ secret: 'another-secret-of-at-least-thirty-two-chars', subject: 'mallory', clearance: 'TOP_SECRET', roles: ['admin'] });
    expect(await refusal(auth, bearer(other))).toBe('the token is not valid');
    expect(await refusal(auth, bearer('not.a.jwt'))).toBe('the token is not valid');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'mallory', clearance: 'TOP_SECRET', roles: ['admin'], exp: 9999999999 })).toString('base64url');
    expect(await refusal(auth, bearer(`${header}.${body}.`))).toBe('the token is not valid');
    expect(await refusal(auth, req({ authorization: 'Basic dXNlcjpwYXNz' }))).toMatch(/Bearer <token>/);
  });

  it('refuses unknown clearances and roles, and tokens without subject or expiry', async () => {
    const auth = await createAuthenticator({ jwtSecret: SECRET });
    const sign = (claims: Record<string, unknown>, sub?: string, exp = true) => {
      let j = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
      if (sub) j = j.setSubject(sub);
      if (exp) j = j.setExpirationTime('5m');
      return j.sign(new TextEncoder().encode(SECRET));
    };
    expect(await refusal(auth, bearer(await sign({ clearance: 'COSMIC' }, 'a')))).toBe('the token carries an unknown clearance');
    expect(await refusal(auth, bearer(await sign({ roles: ['root'] }, 'a')))).toBe('the token carries an unknown role');
    expect(await refusal(auth, bearer(await sign({}, undefined)))).toBe('the token is not valid');
    expect(await refusal(auth, bearer(await sign({}, 'a', false)))).toBe('the token is not valid');
  });

  it('checks issuer and audience when configured', async () => {
    const auth = await createAuthenticator({ jwtSecret: SECRET, issuer: 'kg', audience: 'api' });
    const good = await mintToken({ secret: SECRET, subject: 'a', clearance: 'PUBLIC', roles: ['reader'], issuer: 'kg', audience: 'api' });
    expect((await auth(bearer(good))).subject).toBe('a');
    const wrong = await mintToken({ secret: SECRET, subject: 'a', clearance: 'PUBLIC', roles: ['reader'], issuer: 'other', audience: 'api' });
    await refusal(auth, bearer(wrong));
  });

  it('refuses any token when no key is configured, rather than trusting it', async () => {
    const auth = await createAuthenticator({});
    const t = await mintToken({ secret: SECRET, subject: 'a', clearance: 'SECRET', roles: ['reader'] });
    expect(await refusal(auth, bearer(t))).toMatch(/no verification key/);
  });

  it('rejects a short secret and several key sources at construction', async () => {
    await expect(createAuthenticator({ jwtSecret: 'short' })).rejects.toThrow(/at least 32/);
    await expect(createAuthenticator({ jwtSecret: SECRET, jwksFile: 'x' })).rejects.toThrow(/one of/);
  });
});

describe('public keys and JWKS', () => {
  it.each(['RS256', 'ES256'] as const)('verifies %s tokens with a PEM public key file', async (alg) => {
    const { publicKey, privateKey } =
      alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const file = path.join(dir, `${alg}.pem`);
    await writeFile(file, publicKey.export({ type: 'spki', format: 'pem' }));
    const auth = await createAuthenticator({ jwtPublicKeyFile: file, jwtAlgorithm: alg });
    const t = await new SignJWT({ clearance: 'CONFIDENTIAL', roles: ['reader'] }).setProtectedHeader({ alg }).setSubject('bob').setExpirationTime('5m').sign(privateKey);
    expect(await auth(bearer(t))).toEqual({ subject: 'bob', clearance: 'CONFIDENTIAL', roles: ['reader'] });
    // an HS256 token "signed" with the public key must not pass (algorithm confusion)
    const confused = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode(String(publicKey.export({ type: 'spki', format: 'pem' }))));
    await refusal(auth, bearer(confused));
  });

  it('verifies tokens against a local JWKS file by kid', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const file = path.join(dir, 'jwks.json');
    await writeFile(file, JSON.stringify({ keys: [jwk] }));
    const auth = await createAuthenticator({ jwksFile: file });
    const t = await new SignJWT({ roles: ['reader', 'admin'] }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('carol').setExpirationTime('5m').sign(privateKey);
    expect(await auth(bearer(t))).toEqual({ subject: 'carol', clearance: 'PUBLIC', roles: ['reader', 'admin'] });
    const unknownKid = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k2' }).setSubject('x').setExpirationTime('5m').sign(privateKey);
    await refusal(auth, bearer(unknownKid));
  });
});

describe('API keys', () => {
  it('map a key to its claims; an unknown key or both credentials are refused', async () => {
    const file = path.join(dir, 'keys.json');
    const sha = (k: string) => createHash('sha256').update(k).digest('hex');
    await writeFile(file, JSON.stringify([{ sha256: sha('key-one'), subject: 'svc-1', clearance: 'INTERNAL', roles: ['reader'] }]));
    const auth = await createAuthenticator({ jwtSecret: SECRET, apiKeysFile: file });
    expect(await auth(req({ 'x-api-key': 'key-one' }))).toEqual({ subject: 'svc-1', clearance: 'INTERNAL', roles: ['reader'] });
    expect(await refusal(auth, req({ 'x-api-key': 'key-two' }))).toBe('the API key is not valid');
    expect(await refusal(auth, req({ 'x-api-key': 'key-one', authorization: 'Bearer x.y.z' }))).toMatch(/not both/);
  });
});
