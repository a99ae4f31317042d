/**
 * Exports of the current view. Every file carries its marking: the highest classification of
 * what it contains (at its top and bottom), a title, the date, who exported it at what clearance
 * and the query that produced it.
 */
import { BANNER, type Level } from './classification.js';

export interface Marking {
  level: Level;
  /** The level in words, as the banner shows it. */
  levelText: string;
  title: string;
  date: string;
  query: string;
  viewer: string;
}

export function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export const fileName = (m: Marking, ext: string) => `explorer-${m.level}-${m.date.slice(0, 10)}.${ext}`;

export function jsonExport(m: Marking, payload: Record<string, unknown>): Blob {
  const body = { classification: m.level, banner: m.levelText, title: m.title, generated: m.date, exportedBy: m.viewer, query: m.query, ...payload, classificationEnd: m.level };
  return new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

/** CSV with the marking as its first and last lines (spreadsheet formulas neutralised). */
export function csvExport(m: Marking, header: string[], rows: unknown[][]): Blob {
  const lines = [
    [m.levelText],
    [m.title],
    [m.date, m.viewer],
    [m.query],
    [],
    header,
    ...rows,
    [],
    [m.levelText],
  ];
  return new Blob(['\ufeff' + lines.map((r) => r.map(cell).join(',')).join('\r\n')], { type: 'text/csv;charset=utf-8' });
}

/** A table to draw into a PNG when there is no graph image (the coverage view). */
export interface DrawnTable {
  header: string[];
  rows: Array<Array<{ text: string; fill?: string }>>;
}

const FONT = '"Noto Sans CJK SC", "Noto Sans CJK TC", system-ui, sans-serif';

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = src;
  });
}

/** A PNG: banner, title, date and query, then the graph image (or a table, or a note), legend, banner. */
export async function pngExport(m: Marking, content: { image?: string; table?: DrawnTable; empty: string }, legend: string[]): Promise<Blob> {
  const image = content.image ? await loadImage(content.image) : null;
  const width = Math.max(900, Math.min(3000, image?.width ?? 0, 3000), content.table ? 160 + 110 * content.table.header.length : 0);
  const bodyHeight = image ? image.height : content.table ? 34 * (content.table.rows.length + 1) + 20 : 80;
  const legendHeight = 22 * Math.ceil(legend.length / 3) + 20;
  const height = 40 + 90 + bodyHeight + legendHeight + 40;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  const banner = (y: number) => {
    g.fillStyle = BANNER[m.level].bg;
    g.fillRect(0, y, width, 40);
    g.fillStyle = BANNER[m.level].fg;
    g.font = `bold 20px ${FONT}`;
    g.textAlign = 'center';
    g.fillText(m.levelText, width / 2, y + 27);
    g.textAlign = 'left';
  };
  banner(0);
  g.fillStyle = '#111';
  g.font = `bold 20px ${FONT}`;
  g.fillText(m.title, 16, 68);
  g.font = `13px ${FONT}`;
  g.fillText(`${m.date} · ${m.viewer}`, 16, 92);
  g.fillText(m.query.length > 160 ? `${m.query.slice(0, 159)}…` : m.query, 16, 114);
  let y = 130;
  if (image) g.drawImage(image, 0, y);
  else if (content.table) {
    const t = content.table;
    g.font = `12px ${FONT}`;
    const colW = (width - 160) / Math.max(1, t.header.length);
    t.header.forEach((h, i) => g.fillText(h.slice(0, 10), 160 + i * colW + 4, y + 20));
    t.rows.forEach((row, r) => {
      row.forEach((c, i) => {
        const x = i === 0 ? 0 : 160 + (i - 1) * colW;
        const w = i === 0 ? 160 : colW;
        if (c.fill) {
          g.fillStyle = c.fill;
          g.fillRect(x, y + 34 * (r + 1), w - 2, 32);
        }
        g.fillStyle = '#111';
        g.fillText(c.text.slice(0, 14), x + 4, y + 34 * (r + 1) + 21);
      });
    });
  } else {
    g.font = `16px ${FONT}`;
    g.fillText(content.empty, 16, y + 40);
  }
  y += bodyHeight;
  g.font = `13px ${FONT}`;
  g.fillStyle = '#111';
  legend.forEach((line, i) => g.fillText(line, 16 + (i % 3) * (width / 3), y + 18 + 22 * Math.floor(i / 3)));
  banner(height - 40);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no image'))), 'image/png'));
}
