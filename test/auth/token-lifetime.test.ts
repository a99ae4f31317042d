import type { IncomingMessage } from 'node:http';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, type AuthConfig } from '../../src/auth/authenticate.js';
import { ApiError } from '../../src/errors.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters!';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);
const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } }) as unknown as IncomingMessage;

/** An HS256 token with exactly these claims. */
const sign = (claims: Record<string, unknown>) => new SignJWT({ sub: 'alice', clearance: 'SECRET', ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(key);

async function outcome(claims: Record<string, unknown>, config: Partial<AuthConfig> = {}): Promise<string> {
  const auth = await createAuthenticator({ jwtSecret: SECRET, ...config });
  return auth(bearer(await sign(claims))).then(
    (v) => `ok ${v.subject}`,
    (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : String(e)),
  );
}

describe('token lifetime and issue time', () => {
  it('a token living longer than the cap (24 h by default) is refused, with or without iat', async () => {
    expect(await outcome({ iat: now(), exp: now() + 86_400 })).toBe('ok alice');
    expect(await outcome({ iat: now(), exp: now() + 86_400 + 60 })).toBe('UNAUTHENTICATED: the token lives longer than the 86400 s this server accepts');
    expect(await outcome({ exp: now() + 2 * 86_400 })).toBe('UNAUTHENTICATED: the token lives longer than the 86400 s this server accepts');
  });

  it('the cap is configurable', async () => {
    expect(await outcome({ iat: now(), exp: now() + 3_600 }, { maxLifetimeSeconds: 600 })).toMatch(/lives longer than the 600 s/);
    expect(await outcome({ iat: now(), exp: now() + 7 * 86_400 }, { maxLifetimeSeconds: 8 * 86_400 })).toBe('ok alice');
  });

  it('an iat in the future beyond the clock skew (30 s) is refused; within it, accepted', async () => {
    expect(await outcome({ iat: now() + 300, exp: now() + 600 })).toBe('UNAUTHENTICATED: the token was issued in the future');
    expect(await outcome({ iat: now() + 10, exp: now() + 600 })).toBe('ok alice');
    expect(await outcome({ iat: now() + 100, exp: now() + 600 }, { clockSkewSeconds: 120 })).toBe('ok alice');
  });

  it('a non-numeric iat makes the token invalid', async () => {
    expect(await outcome({ iat: 'yesterday', exp: now() + 600 })).toBe('UNAUTHENTICATED: the token is not valid');
  });

  it('bad settings are refused at construction', async () => {
    await expect(createAuthenticator({ jwtSecret: SECRET, maxLifetimeSeconds: -1 })).rejects.toThrow(/maxLifetimeSeconds/);
  });
});
