/** Writes bench/latency.svg: p50 latency by scale for A–D, one small panel per query (log–log). */
import { writeFile } from 'node:fs/promises';
import type { BenchResults, VariantName } from './report.js';

const COLOURS: Record<VariantName, string> = { A: '#222222', B: '#1f77b4', C: '#ff7f0e', D: '#2ca02c' };
const LABELS: Record<VariantName, string> = { A: 'A hand-written Cypher', B: 'B this API', C: 'C no DataLoader', D: 'D @neo4j/graphql' };
const W = 260;
const H = 190;
const PAD = { left: 46, right: 10, top: 26, bottom: 30 };

export async function writeChart(r: BenchResults): Promise<void> {
  const cols = 3;
  const rows = Math.ceil(r.queries.length / cols);
  const parts: string[] = [];
  const scales = r.scales.map((s) => s.nodes);
  r.queries.forEach((q, index) => {
    const ox = (index % cols) * W;
    const oy = 30 + Math.floor(index / cols) * H;
    // B, the subject, drawn last so that it stays visible where lines overlap
    const series = (['C', 'D', 'A', 'B'] as const).map((v) => ({ v, points: r.scales.map((s) => (s.sequential[q.name]?.[v]?.error ? undefined : s.sequential[q.name]?.[v]?.p50)) }));
    const all = series.flatMap((s) => s.points).filter((x): x is number => x !== undefined && x > 0);
    if (!all.length) return;
    const lo = Math.floor(Math.log10(Math.min(...all)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...all))));
    const x = (i: number) => ox + PAD.left + (scales.length === 1 ? 0.5 : i / (scales.length - 1)) * (W - PAD.left - PAD.right);
    const y = (ms: number) => oy + PAD.top + (1 - (Math.log10(ms) - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
    parts.push(`<text x="${ox + W / 2}" y="${oy + 14}" text-anchor="middle" font-weight="bold">${q.name}</text>`);
    for (let e = lo; e <= hi; e++) {
      parts.push(`<line x1="${ox + PAD.left}" x2="${ox + W - PAD.right}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/>`);
      parts.push(`<text x="${ox + PAD.left - 4}" y="${y(10 ** e) + 4}" text-anchor="end" font-size="10">${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)} ms</text>`);
    }
    scales.forEach((n, i) => parts.push(`<text x="${x(i)}" y="${oy + H - 12}" text-anchor="middle" font-size="10">${n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`}</text>`));
    for (const { v, points } of series) {
      const pts = points.map((p, i) => (p ? `${x(i).toFixed(1)},${y(p).toFixed(1)}` : null)).filter(Boolean);
      if (!pts.length) continue;
      parts.push(`<polyline fill="none" stroke="${COLOURS[v]}" stroke-width="2" points="${pts.join(' ')}"/>`);
      for (const p of pts) parts.push(`<circle cx="${p!.split(',')[0]}" cy="${p!.split(',')[1]}" r="2.5" fill="${COLOURS[v]}"/>`);
    }
  });
  const legend = (['A', 'B', 'C', 'D'] as const)
    .map((v, i) => `<rect x="${10 + i * 190}" y="8" width="14" height="4" fill="${COLOURS[v]}"/><text x="${28 + i * 190}" y="14" font-size="12">${LABELS[v]}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${cols * W}" height="${30 + rows * H}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${legend}
${parts.join('\n')}
<text x="${cols * W - 6}" y="${30 + rows * H - 2}" text-anchor="end" font-size="10" fill="#666">p50 latency (log) by graph size (nodes); bench/results.json</text>
</svg>
`;
  await writeFile('bench/latency.svg', svg);
}
