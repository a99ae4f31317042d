import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDocument } from './seed-doc.js';

const run = promisify(execFile);
const kg = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/kg.ts', ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kg-ingest-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run kg -- ingest', () => {
  it('writes the proposal (new records only) and its review, replacing what a previous run left', async () => {
    await writeFile(path.join(dir, 'Task.json'), '{"label":"Task","nodes":[]}\n'); // stale output of another run
    const res = await kg(['ingest', seedDocument(), '--out', dir, '--against', 'seed/plan']);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]).toMatch(/^京政發〔2013〕19號: 21 tasks \(18 with responsible agencies\), 0 new nodes, \d+ new relationships, \d+ already in the graph$/);
    expect((await readdir(dir)).sort()).toEqual(['CONCERNS.json', 'SCHEDULED_IN.json', 'review.md']);
    const review = await readFile(path.join(dir, 'review.md'), 'utf8');
    expect(review).toContain('| number (文號) | 京政發〔2013〕19號 |');
    expect(review).toContain('| §二(一)1(2) | 推進大興軍民結合産業基地建設 `task:daxing-base` (existing) | 1. 市經濟信息化委 → `agency:municipal-economy-it-commission` LEAD');
  });

  it('explains a missing --out or a bad --clearance and exits 2', async () => {
    const noOut = await kg(['ingest', seedDocument(), '--against', 'seed/plan']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('ingest needs --out DIR');
    const bad = await kg(['ingest', seedDocument(), '--out', dir, '--against', 'seed/plan', '--clearance', 'COSMIC']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--clearance must be one of PUBLIC, INTERNAL, CONFIDENTIAL, SECRET, TOP_SECRET, got 'COSMIC'");
  });
});
