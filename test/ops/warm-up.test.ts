import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../src/data/audit.js';
import { startServer } from '../../src/http/server.js';
import { warmUp, WARM_UP_REQUESTS, type WarmUpReport } from '../../src/ops/warm-up.js';
import { post, useApi } from '../graphql/harness.js';

const api = useApi();
const ADMIN = { subject: 'warm-up-test-admin', clearance: 'TOP_SECRET', roles: ['reader', 'admin'] } as const;
const readyz = async (url: string) => {
  const res = await fetch(url.replace('/graphql', '/readyz'));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('warm before ready', () => {
  it('starts no warm-up request after its time budget, so a large graph cannot keep an instance unready', async () => {
    const started: number[] = [];
    const report = await warmUp(
      async () => {
        started.push(Date.now());
        await new Promise((r) => setTimeout(r, 40));
        return {};
      },
      WARM_UP_REQUESTS,
      2,
      100,
    );
    // requests of 40 ms each: those started within the 100 ms run (3 or 4 on an idle machine), none after
    expect(report.requests).toBe(started.length);
    expect(report.requests).toBeGreaterThanOrEqual(1);
    expect(report.requests).toBeLessThan(2 * WARM_UP_REQUESTS.length);
    expect(Math.max(...started) - Math.min(...started)).toBeLessThanOrEqual(150);
  });

  it('runs every warm-up request on the plan without a GraphQL error', async () => {
    const failed: string[] = [];
    const report = await warmUp(async (r) => {
      const { body } = await post(api.url, r.query, r.variables);
      if (body.errors) failed.push(`${r.query.slice(0, 40)}: ${JSON.stringify(body.errors)}`);
      return body;
    }, WARM_UP_REQUESTS, 1);
    expect(failed).toEqual([]);
    expect(report).toMatchObject({ requests: WARM_UP_REQUESTS.length, errors: 0 });
  });

  it('keeps /readyz red ("warming") until the warm-up has run, then turns it green', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let ran: WarmUpReport | undefined;
    const server = await startServer({
      db: api.db,
      port: 0,
      warmUp: async (execute) => {
        await gate;
        ran = await warmUp(execute, WARM_UP_REQUESTS, 1);
        return ran;
      },
    });
    try {
      expect(await readyz(server.url)).toEqual({ status: 503, body: { ready: false, warming: true } });
      // the API itself answers meanwhile: only the load balancer's signal waits
      expect((await post(server.url, '{ health { ok } }')).body.data).toEqual({ health: { ok: true } });
      release();
      expect(await server.warmed).toBe(ran);
      expect(ran).toMatchObject({ requests: WARM_UP_REQUESTS.length, errors: 0 });
      expect(await readyz(server.url)).toMatchObject({ status: 200, body: { ready: true } });
    } finally {
      await server.close();
    }
  });

  it('turns green also when the warm-up fails; reads nothing classified (audit trail unchanged) and counts no request', async () => {
    const before = await auditEvents(api.db, ADMIN, {}, 500, null);
    const server = await startServer({ db: api.db, port: 0, warmUp: (execute) => warmUp(execute) });
    const broken = await startServer({ db: api.db, port: 0, warmUp: async () => Promise.reject(new Error('boom')) });
    try {
      expect(await server.warmed).toMatchObject({ requests: 2 * WARM_UP_REQUESTS.length, errors: 0 });
      // not client traffic: no request counted (and none logged, by the same flag)
      const metrics = await (await fetch(server.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).not.toMatch(/^graphql_requests_total\{/m);
      expect(await broken.warmed).toBeNull();
      expect((await readyz(broken.url)).status).toBe(200);
      const after = await auditEvents(api.db, ADMIN, {}, 500, null);
      expect(after.totalCount).toBe(before.totalCount);
    } finally {
      await server.close();
      await broken.close();
    }
  });
});
