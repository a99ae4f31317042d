import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useApi } from './harness.js';

const api = useApi();
const run = promisify(execFile);
const kg = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

describe('npm run kg -- query', () => {
  it('runs a .graphql file with variables and prints the answer', async () => {
    const res = await kg([
      'query',
      'src/client/operations/signature.graphql',
      '--url',
      api.url,
      '--variables',
      JSON.stringify({ district: 'district:daxing', technology: 'tech:satellite-applications' }),
    ]);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { data: { facilities: { totalCount: number } } };
    expect(out.data.facilities.totalCount).toBe(3);
  });

  it('prints GraphQL errors and exits 1', async () => {
    const res = await kg(['query', 'src/client/operations/node.graphql', '--url', api.url]);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).errors[0].message).toMatch(/\$id/);
  });
});
