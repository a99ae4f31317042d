/**
 * Tabulates the fault suite's rounds (test-artifacts/faults/*.json, written by test/ops/faults.test.ts
 * and test/ops/crash-safe.test.ts) into bench/faults-report.md and prints the table. `npm run faults`
 * runs the suite and then this; `npx tsx bench/faults-report.ts` re-renders the last run's figures.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaultRow } from '../test/ops/fault-report.js';

const DIR = path.join('test-artifacts', 'faults');
/** `--note TEXT`: how these figures were produced, when not by one plain `npm run faults`. */
const noteAt = process.argv.indexOf('--note');
const NOTE = noteAt > 0 ? process.argv[noteAt + 1] : undefined;
const OUT = path.join('bench', 'faults-report.md');

interface RunFile {
  at: string;
  cores: number;
  loadAverage: number[];
  rounds: FaultRow[];
}

const files = (await readdir(DIR).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) throw new Error(`no fault figures in ${DIR}: run \`npm run faults\` first`);
const runs: RunFile[] = [];
for (const f of files) runs.push(JSON.parse(await readFile(path.join(DIR, f), 'utf8')) as RunFile);
const rows = runs.flatMap((r) => r.rounds);

const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const n = (x: number | undefined) => (x === undefined ? '–' : x.toLocaleString('en'));
const sum = (xs: FaultRow[], k: keyof FaultRow) => (xs.some((r) => r[k] !== undefined) ? xs.reduce((t, r) => t + ((r[k] as number | undefined) ?? 0), 0) : undefined);
const list = (xs: FaultRow[], f: (r: FaultRow) => number | undefined) => xs.map((r) => s(f(r))).join(', ');

function recovery(xs: FaultRow[]): string {
  const r0 = xs[0]!.recovery;
  if (r0.rerunMs !== undefined) return `n/a (the importer is re-run by design); re-run to the identical graph: ${list(xs, (r) => r.recovery.rerunMs)}`;
  if (r0.drainMs !== undefined) {
    return `n/a (SIGTERM exits by design); drained and exited 0 after ${list(xs, (r) => r.recovery.drainMs)}; replacement ready after ${list(xs, (r) => r.recovery.readyMs)}; first retried write acknowledged after ${list(xs, (r) => r.recovery.firstAckMs)}`;
  }
  const detect = r0.detectMs !== undefined ? `DISK_FULL reported ${list(xs, (r) => r.recovery.detectMs)} after the disk filled; ` : '';
  return `${detect}ready again without a restart of the API after ${list(xs, (r) => r.recovery.readyMs)}; first retried write acknowledged after ${list(xs, (r) => r.recovery.firstAckMs)}`;
}

const experiments = [...new Set(rows.map((r) => r.experiment))];
const summary = [
  '| experiment | rounds | requests (retries) | acknowledged | acknowledged-lost | failed-but-present | of which resolved by a retry with the same key (original success replayed) | still failed yet present | time to recover |',
  '|---|---|---|---|---|---|---|---|---|',
  ...experiments.map((e) => {
    const xs = rows.filter((r) => r.experiment === e);
    const api = xs[0]!.requests !== undefined;
    return `| ${e} | ${xs.length} | ${api ? `${n(sum(xs, 'requests'))} (${n(sum(xs, 'retries'))})` : `${xs.length} runs killed`} | ${api ? n(sum(xs, 'acknowledged')) : '–'} | ${n(sum(xs, 'acknowledgedLost'))} | ${api ? n(sum(xs, 'failedButPresent')) : '–'} | ${api ? n(sum(xs, 'resolvedByRetry')) : '–'} | ${api ? n(sum(xs, 'finalFailedButPresent')) : '–'} | ${recovery(xs)} |`;
  }),
];
const detail = [
  '| experiment | round | writes | requests | acknowledged | lost | failed-but-present | resolved by retry | answers seen | note |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.experiment} | ${r.round} | ${n(r.writes)} | ${n(r.requests)} | ${n(r.acknowledged)} | ${r.acknowledgedLost} | ${n(r.failedButPresent)} | ${n(r.resolvedByRetry)} | ${r.answers ? r.answers.map((a) => `\`${a}\``).join(' ') : '–'} | ${r.note ?? ''} |`),
];
const when = runs.map((r) => `${r.at} (load average ${r.loadAverage.join(' / ')} on ${r.cores} cores)`).join('; ');

const md = `# Fault-injection report

Regenerate: \`npm run faults\` (FAULT_ROUNDS=3 by default: \`FAULT_ROUNDS=5 npm run faults\` for more), which
runs test/ops/faults.test.ts, test/ops/shutdown.test.ts and test/ops/crash-safe.test.ts one file after
another and then \`tsx bench/faults-report.ts\` (this file). Figures below: ${when}.
${NOTE ? `\n${NOTE}\n` : ''}
${summary.join('\n')}

How to read it:
- **requests**: HTTP requests sent by 8 concurrent writers (each write has its own \`Idempotency-Key\`
  and is retried with that key on a broken connection, a refused connection, a 503 or
  \`SERVICE_UNAVAILABLE\`, every 250 ms, until acknowledged); retries are included and also shown apart.
- **acknowledged-lost**: writes answered with data that the database does not hold afterwards (importer:
  nodes seen committed before the kill and missing after it). Must be 0.
- **failed-but-present**: writes the client was told had failed (or whose connection broke) at some
  attempt although that attempt had committed. The writer learns it when its retry is answered from the
  stored outcome (\`Idempotent-Replayed: true\`, the same data as the original success); any write still
  reported failed at the end yet present would show in "still failed yet present" (must be 0).
- **answers seen** (every round): \`ok:replayed\` is a retry answered from the stored outcome;
  \`ambiguous:CLIENT_TIMEOUT\` (\`ambiguous:23\` in runs before it was named) a request the writer gave up
  on after 60 s without an answer, then retried with the same key.
- **time to recover**: from the fault (JVM killed; for the disk, from the moment space was freed)
  until \`/readyz\` answered 200 again in the same API process, and until the first write that had been
  refused or cut off was acknowledged on a retry. SIGTERM and importer kills end their process by design:
  their row says what brings the service back (a replacement on the same port; a re-run).
- The SIGTERM row here is the rolling-restart variant (writers keep retrying into the replacement);
  test/ops/shutdown.test.ts pins the drain itself (writers stop when refused: 0 resets, 0
  failed-but-committed, exit 0) and records no row.
- The disk experiment mounts a 200 MiB tmpfs (this machine's tests run as root, so \`mount -t tmpfs\`
  works); where it does not, the experiment is skipped and has no row.

## Every round

${detail.join('\n')}
`;
await writeFile(OUT, md);
process.stdout.write(`${summary.join('\n')}\n\nwritten to ${OUT}\n`);
