import { describe, expect, it } from 'vitest';
import { post, SECRET_READER, useApi } from './harness.js';

const api = useApi();

describe('viewer', () => {
  it('tells the caller who the server takes them for: anonymous PUBLIC reader without a token', async () => {
    const res = await post(api.url, '{ viewer { subject clearance roles institution } }');
    expect(res.body.data.viewer).toEqual({ subject: null, clearance: 'PUBLIC', roles: ['reader'], institution: null });
  });

  it("reads the token's subject, clearance, roles and institution", async () => {
    const res = await post(api.url, '{ viewer { subject clearance roles institution } }', undefined, { ...SECRET_READER, institution: 'inst:ex-beidou-navtech' });
    expect(res.body.data.viewer).toEqual({ subject: 'test-secret', clearance: 'SECRET', roles: ['reader'], institution: 'inst:ex-beidou-navtech' });
  });
});
