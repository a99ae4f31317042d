import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { API_NODE_FLAGS } from '../../src/ops/heap.js';

const SECRET = 'x'.repeat(40);

describe('production defaults', () => {
  it('NODE_ENV=production refuses bearer tokens unless issuer and audience are checked', () => {
    for (const source of [{ JWT_SECRET: SECRET }, { JWT_PUBLIC_KEY_FILE: '/etc/kg/issuer.pem' }, { JWT_JWKS_FILE: '/etc/kg/jwks.json' }]) {
      expect(() => loadConfig({ NODE_ENV: 'production', ...source }, [])).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
      expect(() => loadConfig({ NODE_ENV: 'production', JWT_ISSUER: 'https://idp', ...source }, [])).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
      expect(loadConfig({ NODE_ENV: 'production', JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'kg', ...source }, []).auth).toMatchObject({ issuer: 'https://idp', audience: 'kg' });
    }
    // no tokens accepted at all (anonymous PUBLIC readers, API keys): nothing to check
    expect(loadConfig({ NODE_ENV: 'production' }, []).production).toBe(true);
    expect(loadConfig({ JWT_SECRET: SECRET }, []).production).toBe(false);
  });

  it('the defaults: 24 h token lifetime, 30 s skew, rate limits on, filters of 10 conditions, bounded variables', () => {
    const c = loadConfig({}, []);
    expect(c.auth).toMatchObject({ maxLifetimeSeconds: 86_400, clockSkewSeconds: 30 });
    expect(c.rateLimit).toEqual({ perAddress: 1_200, perSubject: 1_200, windowSeconds: 60, authFailures: 10, authBlockSeconds: 300, trustedProxies: 0 });
    expect(c.limits.maxFilterLeaves).toBe(10);
    expect(c.variablesLimits).toEqual({ maxDepth: 20, maxValues: 5_000 });
    expect(c.metricsEndpoint).toEqual({ token: undefined, closed: false });
    // production: /metrics only with a token or on a port of its own
    const production = { NODE_ENV: 'production' };
    expect(loadConfig(production, []).metricsEndpoint).toEqual({ token: undefined, closed: true });
    expect(loadConfig({ ...production, METRICS_TOKEN: 't' }, []).metricsEndpoint).toEqual({ token: 't', closed: false });
    expect(loadConfig({ ...production, METRICS_PORT: '9464' }, []).metricsEndpoint).toEqual({ token: undefined, port: 9464, closed: false });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: 't', KNOWN_OPERATIONS: 'A, B' }, [])).toMatchObject({ metricsEndpoint: { port: 9464, token: 't' }, knownOperations: ['A', 'B'] });
    expect(() => loadConfig({ RATE_LIMIT_PER_ADDRESS: 'lots' }, [])).toThrow(/RATE_LIMIT_PER_ADDRESS/);
    expect(c.trustedDocuments).toBe('off');
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'only' }, []).trustedDocuments).toBe('only');
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'some' }, [])).toThrow(/TRUSTED_DOCUMENTS must be one of off, only/);
  });

  it('npm start exits with the reason, before touching the database', async () => {
    const env = { ...process.env, NODE_ENV: 'production', JWT_SECRET: SECRET, JWT_ISSUER: '', JWT_AUDIENCE: '', NEO4J_URI: 'bolt://127.0.0.1:1', LOG_FORMAT: 'json' };
    const run = promisify(execFile)(process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'], { env, timeout: 60_000 });
    const err = (await run.then(() => null, (e: unknown) => e)) as { code: number; stdout: string } | null;
    expect(err?.code).toBe(1);
    const line = JSON.parse(err!.stdout.trim().split('\n').at(-1)!);
    expect(line).toMatchObject({ level: 60, msg: 'could not start', err: expect.stringMatching(/JWT_ISSUER and JWT_AUDIENCE/) });
  });
});
