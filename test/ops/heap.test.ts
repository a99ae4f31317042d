import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { API_NODE_FLAGS } from '../../src/ops/heap.js';

describe('the API process heap settings', () => {
  it('npm start and the Dockerfile start the server with the flags the benchmark and tests use', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`exec node ${API_NODE_FLAGS.join(' ')} --import tsx src/main.ts`);
    const cmd = /^CMD (.*)$/m.exec(await readFile('Dockerfile', 'utf8'))?.[1];
    expect(JSON.parse(cmd!)).toEqual(['node', ...API_NODE_FLAGS, '--import', 'tsx', 'src/main.ts']);
  });

  it('the flags give V8 a heap limit of about 1 GiB instead of one sized from the machine', async () => {
    const script = 'console.log(require("node:v8").getHeapStatistics().heap_size_limit)';
    const { stdout } = await promisify(execFile)(process.execPath, [...API_NODE_FLAGS, '-e', script]);
    const mib = Number(stdout) / 2 ** 20;
    // old generation 1024 MiB plus the young generation's share (16 MiB semi-spaces)
    expect(mib).toBeGreaterThanOrEqual(1024);
    expect(mib).toBeLessThan(1100);
  });
});
