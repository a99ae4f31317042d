import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** Runs `kg` with extra environment variables; never throws. */
const kg = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args], { env: { ...process.env, KG_URL: '', PORT: '', ...env }, timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('kg', () => {
  it('--help on every subcommand prints that command\'s usage and exits 0', async () => {
    for (const command of ['import', 'export', 'query', 'token', 'generate']) {
      const res = await kg([command, '--help']);
      expect(res.code, command).toBe(0);
      expect(res.stdout).toContain(`Usage: npm run kg -- ${command} [options]`);
      expect(res.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect((await kg(['token', '-h'])).stdout).toContain('--clearance LEVEL');
  });

  it('an unknown option names itself and shows the command usage (exit 2)', async () => {
    const res = await kg(['token', '--colour', 'red']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Unknown option '--colour'/);
    expect(res.stderr).toContain('Usage: npm run kg -- token [options]');
  });

  it('query goes to localhost on PORT, and says which URL it could not reach', async () => {
    const port = await closedPort();
    const res = await kg(['query', 'src/client/operations/health.graphql'], { PORT: String(port) });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`could not reach the API at http://localhost:${port}/graphql (ECONNREFUSED); is the server running?`);
  });

  it('KG_URL wins over PORT, and --url over both', async () => {
    expect((await kg(['query', 'src/client/operations/health.graphql'], { PORT: '1', KG_URL: 'http://127.0.0.1:2/graphql' })).stderr).toContain('http://127.0.0.1:2/graphql');
    expect((await kg(['query', 'src/client/operations/health.graphql', '--url', 'http://127.0.0.1:3/graphql'], { KG_URL: 'http://127.0.0.1:2/graphql' })).stderr).toContain('http://127.0.0.1:3/graphql');
  });

  it('a missing query file is a usage error', async () => {
    const res = await kg(['query', 'no/such.graphql']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no such file: no\/such\.graphql/);
  });
});
