import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { mintToken } from '../../src/auth/tokens.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import type { RateLimitOptions } from '../../src/http/rate-limit.js';
import { testDatabase } from '../helpers.js';

const SECRET = 'rate-limit-test-secret-of-32-characters!';
const db = testDatabase();
const servers: RunningServer[] = [];

async function serve(rateLimit: RateLimitOptions): Promise<string> {
  const s = await startServer({ db, port: 0, rateLimit, authenticate: await createAuthenticator({ jwtSecret: SECRET }) });
  servers.push(s);
  return s.url;
}
afterAll(async () => {
  for (const s of servers) await s.close();
  await db.close();
});

const token = (subject: string) => mintToken({ secret: SECRET, subject, clearance: 'PUBLIC', roles: ['reader'], expiresIn: '5m' });

async function ask(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ health { ok } }' }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

describe('rate limits', () => {
  it('per client address: over the allowance a 429 RATE_LIMITED with Retry-After, and no data', async () => {
    const url = await serve({ perAddress: 5, perSubject: 100, windowSeconds: 60 });
    for (let i = 0; i < 5; i++) expect((await ask(url)).status).toBe(200);
    const refused = await ask(url);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({ errors: [{ message: 'too many requests from this address; try again later', extensions: { code: 'RATE_LIMITED' } }] });
  });

  it('per subject: one subject over its allowance is refused while another, from the same address, is served', async () => {
    const url = await serve({ perAddress: 100, perSubject: 3, windowSeconds: 60 });
    const alice = { authorization: `Bearer ${await token('alice')}` };
    for (let i = 0; i < 3; i++) expect((await ask(url, alice)).status).toBe(200);
    expect((await ask(url, alice)).body.errors[0].message).toBe('too many requests for this subject; try again later');
    expect((await ask(url, { authorization: `Bearer ${await token('bob')}` })).status).toBe(200);
  });

  it('failed authentication is limited more strictly, and then blocks any credential from that address', async () => {
    const url = await serve({ perAddress: 100, perSubject: 100, authFailures: 3, authBlockSeconds: 120 });
    for (let i = 0; i < 3; i++) expect((await ask(url, { authorization: 'Bearer wrong' })).status).toBe(401);
    const fourth = await ask(url, { authorization: 'Bearer wrong' });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.retryAfter)).toBeGreaterThan(60);
    expect(fourth.body.errors[0]).toEqual({ message: 'too many failed authentications from this address; try again later', extensions: { code: 'RATE_LIMITED' } });
    // a guessed key that happens to be right is refused as well while the address is blocked
    expect((await ask(url, { authorization: `Bearer ${await token('carol')}` })).status).toBe(429);
    expect((await ask(url, { 'x-api-key': 'guess' })).status).toBe(429);
    // without credentials the address is still an anonymous reader
    expect((await ask(url)).status).toBe(200);
  });

  it('behind trusted proxies, clients are told apart by x-forwarded-for', async () => {
    const url = await serve({ perAddress: 2, trustedProxies: 1 });
    const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.9, ${ip}` });
    for (let i = 0; i < 2; i++) expect((await ask(url, from('198.51.100.1'))).status).toBe(200);
    expect((await ask(url, from('198.51.100.1'))).status).toBe(429);
    expect((await ask(url, from('198.51.100.2'))).status).toBe(200);
  });

  it('without trusted proxies, x-forwarded-for is ignored (a client cannot pick its own bucket)', async () => {
    const url = await serve({ perAddress: 2 });
    for (let i = 0; i < 2; i++) expect((await ask(url, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200);
    expect((await ask(url, { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
  });

  it('is off unless configured (the library default; npm start configures it)', async () => {
    const s = await startServer({ db, port: 0 });
    servers.push(s);
    for (let i = 0; i < 30; i++) expect((await ask(s.url)).status).toBe(200);
  });
});
