/** Writes bench/report.md from the raw results of `npm run bench` (bench/results.json). */
import { readFile, writeFile } from 'node:fs/promises';

export type VariantName = 'A' | 'B' | 'C' | 'D';

/** Latency of sequential runs, in milliseconds. */
export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Set when the variant failed (the first error's message). */
  error?: string;
}

export interface Concurrent {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Whether B, C and D gave A's answer (reduced as the query says) on the first picks. */
export type Answers = { skipped: string } | ({ picks: number } & Partial<Record<'B' | 'C' | 'D', string>>);

export interface ScaleResult {
  nodes: number;
  relationships: number;
  loadSeconds: number;
  /** Same question, same answer: checked before timing (absent in runs before the check existed). */
  answers?: Record<string, Answers>;
  /** Peak resident memory of each server while it answered each query, in MiB. */
  queryRssMiB?: Record<string, Partial<Record<'B' | 'C' | 'D', number>>>;
  sequential: Record<string, Partial<Record<VariantName, Stats>>>;
  concurrent: Record<string, Partial<Record<VariantName, Concurrent>>>;
  /** Length of the concurrency run of each query, in seconds. */
  concurrencySeconds: Record<string, number>;
  roundTrips: Record<string, Partial<Record<VariantName, number>>>;
  peakRssMiB: Partial<Record<VariantName, number>>;
  /** Set while a scale is being measured (or when its run stopped part-way): the queries measured so far. */
  measured?: string;
  /** Set when the scale was measured by a run of its own (`npm run bench -- --append`), not the report's main run. */
  run?: Pick<BenchResults, 'date' | 'command' | 'settings' | 'environment'>;
}

export interface BenchResults {
  date: string;
  command: string;
  environment: Record<string, string | number>;
  settings: Record<string, string | number>;
  queries: Array<{ name: string; title: string; d: string | null; semantics?: 'hierarchy' | 'direct' }>;
  scales: ScaleResult[];
}

const READING = 'bench/report-reading.md';

/** Footnote listing the variants that failed at a scale, with the first error's message. */
function failures(s: ScaleResult): string {
  const rows = Object.entries(s.sequential).flatMap(([q, v]) => Object.entries(v).filter(([, x]) => x?.error).map(([k, x]) => `${q} ${k}: ${x!.error}`));
  return rows.length ? `¹ Failed: ${rows.map((r) => `\`${r}\``).join('; ')}\n\n` : '';
}
const f1 = (x: number | undefined) => (x === undefined ? '–' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toString());
/** p50 of a variant that did not fail. */
const p50 = (x?: Stats) => (x && !x.error ? x.p50 : undefined);
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
/** `yes`, `no`, or `–` (not compared) for one variant's answers at one scale. */
const same = (s: ScaleResult, q: string, v: 'B' | 'C' | 'D') => {
  const a = s.answers?.[q];
  if (!a || 'skipped' in a || !a[v]) return '–';
  if (a[v] === 'same') return 'yes';
  if (a[v]!.startsWith('not compared')) return '–';
  return a[v]!.includes('"error: ') ? 'failed' : '**no**';
};
const scaleName = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${Math.round(n / 1e3)}k`);

export async function writeReport(r: BenchResults): Promise<void> {
  const out: string[] = [];
  // the headline is the main run's largest scale; a scale measured by a run of its own is listed after it
  const largest = r.scales.filter((s) => !s.run).pop() ?? r.scales[r.scales.length - 1];
  out.push(`# Benchmark: this API against hand-written Cypher and @neo4j/graphql

Run: \`${r.command}\` on ${r.date.slice(0, 10)}. Raw results: [\`results.json\`](results.json). Chart: [\`latency.svg\`](latency.svg).

Environment: ${r.environment.cpu}, ${r.environment.cores} cores, ${r.environment.memoryGiB} GiB; Node ${r.environment.node}; ${r.environment.java};
Neo4j ${r.environment.neo4j} embedded (heap 4 GiB, page cache 4 GiB), one instance per invocation, the synthetic graph
(\`kg generate --seed 1\`) loaded at each scale. The machine is shared and noisy: compare ratios from the same run.

Variants, all asking the same question with the same access rule (clearance ${r.settings.clearance}, so hidden nodes are filtered everywhere):
- **A** — hand-written Cypher through \`neo4j-driver\` in the benchmark process (the practical limit): one statement per question.
- **B** — this API over HTTP (\`NODE_ENV=production\`), its own process.
- **C** — this API with DataLoader batching, the query compiler and kept answers off (\`BATCHING=false\`, \`ANSWER_CACHE_CELLS=0\`): one query per parent and field, every coverage matrix counted afresh.
- **D** — \`@neo4j/graphql\` v7 over HTTP (Apollo Server), its own process, with [equivalent type definitions](peers/neo4j-graphql.graphql)
  and the same access rule as an \`@authorization\` filter on the caller's clearance claim.

Sequential latency: ${r.settings.warmup} warm-up runs, then up to ${r.settings.runs} runs (fewer when a series passes ${r.settings.maxSecondsPerSeries} s),
parameters rotating over 10 ids drawn from the graph. Concurrency: ${r.settings.connections} connections per query and variant for at least
${r.settings.concurrencySeconds} s, longer for slow queries (3 × B's p50 × connections ÷ 2 cores, at most 60 s), counting requests completed
within the window (autocannon for B–D; ${r.settings.connections} async workers on the driver for A).

## Queries
| query | what it asks | semantics | D |
|---|---|---|---|
${r.queries.map((q) => `| ${q.name} | ${q.title} | ${q.semantics ?? '–'} | ${q.d ? `not expressible: ${q.d}` : 'yes'} |`).join('\n')}

*hierarchy*: parks within parks count (\`LOCATED_IN|PART_OF*1..8\`, every node and relationship on the way visible), as
this API's \`parks\` and \`facilities\` do; D asks it through \`@cypher\` fields written to the same rule. *direct*: one
\`LOCATED_IN\` hop, D's generated relationship fields and this API's \`directParks\` / \`directFacilities\`. D filters every
relationship it follows on the caller's clearance (\`where: {edge: …}\`), as this API and A do.
`);
  if (largest) {
    const groups: Array<[string, (q: (typeof r.queries)[number]) => boolean]> = [
      ['Park hierarchy, the same semantics in A, B, C and D', (q) => q.semantics === 'hierarchy'],
      ['Direct links only, the same semantics in A, B, C and D', (q) => q.semantics === 'direct'],
      ['Other questions', (q) => !q.semantics],
    ];
    for (const [heading, which] of groups) {
      out.push(`## Headline (${scaleName(largest.nodes)} nodes, p50 of sequential runs): ${heading}
| query | A ms | B ms | C ms | D ms | B/A | B/D | C/B | round trips B / D | same answer as A: B / D |
|---|---|---|---|---|---|---|---|---|---|
${r.queries
  .filter(which)
  .map((q) => {
    const s = largest.sequential[q.name] ?? {};
    const rt = largest.roundTrips[q.name] ?? {};
    return `| ${q.name} | ${f1(p50(s.A))} | ${f1(p50(s.B))} | ${f1(p50(s.C))} | ${s.D?.error ? 'failed' : f1(p50(s.D))} | ${ratio(p50(s.B), p50(s.A))} | ${ratio(p50(s.B), p50(s.D))} | ${ratio(p50(s.C), p50(s.B))} | ${rt.B ?? '–'} / ${rt.D ?? '–'} | ${same(largest, q.name, 'B')} / ${same(largest, q.name, 'D')} |`;
  })
  .join('\n')}
`);
    }
  }
  for (const s of r.scales) {
    out.push(`## ${scaleName(s.nodes)} nodes (${s.nodes.toLocaleString('en')} nodes, ${s.relationships.toLocaleString('en')} relationships; loaded in ${Math.round(s.loadSeconds)} s)
${s.run ? `\n**Measured by a run of its own**: \`${s.run.command}\` on ${s.run.date.slice(0, 10)} (${s.run.settings.warmup} warm-up runs, Neo4j heap ${s.run.settings.neo4jHeap ?? '4g'} and page cache ${s.run.settings.pageCacheMb ?? 4096} MiB, up to ${s.run.settings.runs} runs or ${s.run.settings.maxSecondsPerSeries} s per series; Node ${s.run.environment.node}), with this API as it was then.\n` : ''}${s.measured ? `\n**Stopped part-way**: measured up to ${s.measured}; the queries after it are missing.\n` : ''}
Sequential latency, ms (p50 / p95 / p99), and database round trips per request:

| query | A | B | C | D | B/A p50 | B/D p50 | C/B p50 | round trips A / B / C / D |
|---|---|---|---|---|---|---|---|---|
${r.queries
  .map((q) => {
    const v = s.sequential[q.name] ?? {};
    const cell = (x?: Stats) => (x?.error ? `**failed**¹` : x ? `${f1(x.p50)} / ${f1(x.p95)} / ${f1(x.p99)}` : '–');
    const rt = s.roundTrips[q.name] ?? {};
    return `| ${q.name} | ${cell(v.A)} | ${cell(v.B)} | ${cell(v.C)} | ${cell(v.D)} | ${ratio(p50(v.B), p50(v.A))} | ${ratio(p50(v.B), p50(v.D))} | ${ratio(p50(v.C), p50(v.B))} | ${['A', 'B', 'C', 'D'].map((k) => rt[k as VariantName] ?? '–').join(' / ')} |`;
  })
  .join('\n')}

${failures(s)}Under concurrency (${r.settings.connections} connections): requests per second, p99 ms, errors:

| query | seconds | A | B | C | D | B/D throughput |
|---|---|---|---|---|---|---|
${r.queries
  .filter((q) => s.concurrent[q.name])
  .map((q) => {
    const v = s.concurrent[q.name] ?? {};
    const cell = (x?: Concurrent) =>
      !x ? '–' : x.rps === 0 ? 'none completed in the window' : `${f1(x.rps)}/s, ${x.p99} ms${x.errors ? `, **${x.errors} errors**` : ''}`;
    const throughput = v.B && v.D ? (v.D.rps === 0 ? 'D: none' : `${(v.B.rps / v.D.rps).toFixed(2)}×`) : '–';
    return `| ${q.name} | ${s.concurrencySeconds?.[q.name] ?? r.settings.concurrencySeconds} | ${cell(v.A)} | ${cell(v.B)} | ${cell(v.C)} | ${cell(v.D)} | ${throughput} |`;
  })
  .join('\n')}

Peak RSS of the server processes over the scale: ${(['B', 'C', 'D'] as const).map((k) => `${k} ${s.peakRssMiB[k] ?? '–'} MiB`).join(', ')}.
${
  s.queryRssMiB
    ? `
Peak RSS of each server while it answered each query (sampled every 100 ms, sequential and concurrent runs), MiB:

| query | B | C | D |
|---|---|---|---|
${r.queries
  .filter((q) => s.queryRssMiB![q.name])
  .map((q) => `| ${q.name} | ${(['B', 'C', 'D'] as const).map((k) => s.queryRssMiB![q.name]![k] ?? '–').join(' | ')} |`)
  .join('\n')}
`
    : ''
}${
  s.answers
    ? `
Same question, same answer (checked before timing; each query's answer reduced to what it asks, on the first picks):

| query | picks | B | C | D |
|---|---|---|---|---|
${r.queries
  .filter((q) => s.answers![q.name])
  .map((q) => {
    const a = s.answers![q.name]!;
    if ('skipped' in a) return `| ${q.name} | – | not compared: ${a.skipped} | | |`;
    return `| ${q.name} | ${a.picks} | ${(['B', 'C', 'D'] as const).map((k) => (a[k] ?? '–').replace(/\|/g, '\\|')).join(' | ')} |`;
  })
  .join('\n')}
`
    : ''
}`);
  }
  if (r.scales.length > 1) {
    const first = r.scales[0]!;
    const last = r.scales[r.scales.length - 1]!;
    const growth = last.nodes / first.nodes;
    out.push(`## Growth from ${scaleName(first.nodes)} to ${scaleName(last.nodes)} nodes (${growth}× the data), p50
| query | A | B | C | D |
|---|---|---|---|---|
${r.queries
  .map((q) => `| ${q.name} | ${(['A', 'B', 'C', 'D'] as const).map((k) => ratio(p50(last.sequential[q.name]?.[k]), p50(first.sequential[q.name]?.[k]))).join(' | ')} |`)
  .join('\n')}
`);
  }
  const reading = await readFile(READING, 'utf8').catch(() => '');
  if (reading) out.push(reading.trim() + '\n');
  await writeFile('bench/report.md', out.join('\n'));
}
