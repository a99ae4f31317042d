/** The legend of what is on screen: labels, facility access (shape), classifications (border), relationship types. */
import { BANNER, LEVELS, type Level } from '../classification.js';
import { code, t, type Lang } from '../i18n.js';
import { ACCESS_SHAPES, LABEL_COLOURS, type GNode, type GRel } from '../model.js';

interface Entries {
  labels: Array<[string, number]>;
  access: string[];
  levels: Level[];
  types: Array<[string, boolean]>;
}

function entries(nodes: GNode[], rels: GRel[]): Entries {
  const labels = new Map<string, number>();
  for (const n of nodes) labels.set(n.__typename, (labels.get(n.__typename) ?? 0) + 1);
  const access = [...new Set(nodes.map((n) => n.access).filter((a): a is string => !!a))];
  const levels = LEVELS.filter((l) => l !== 'PUBLIC').filter((l) => nodes.some((n) => n.classification === l) || rels.some((r) => r.classification === l));
  const types = new Map<string, boolean>();
  for (const r of rels) types.set(r.type, (types.get(r.type) ?? false) || r.classification !== 'PUBLIC');
  return { labels: [...labels], access, levels, types: [...types] };
}

/** The legend as lines of text (for the PNG export). */
export function legendLines(g: { nodes: GNode[]; rels: GRel[] }, lang: Lang): string[] {
  const e = entries(g.nodes, g.rels);
  return [
    ...e.labels.map(([l, n]) => `● ${code(l, lang)} (${n})`),
    ...e.access.map((a) => `${shapeGlyph(a)} ${code(a, lang)}`),
    ...e.levels.map((l) => `▣ ${code(l, lang)}`),
    ...e.types.map(([type, classified]) => `→ ${code(type, lang)}${classified ? ` (- - ${t('classifiedRel', lang)})` : ''}`),
  ];
}

const shapeGlyph = (access: string) => ({ ellipse: '●', 'round-rectangle': '▢', triangle: '▲', rectangle: '■' })[ACCESS_SHAPES[access] ?? 'ellipse'] ?? '●';

export function Legend({ lang, nodes, rels }: { lang: Lang; nodes: GNode[]; rels: GRel[] }) {
  if (!nodes.length) return null;
  const e = entries(nodes, rels);
  return (
    <details class="legend" open>
      <summary>{t('legend', lang)}</summary>
      <ul>
        {e.labels.map(([l, n]) => (
          <li>
            <span class="swatch" style={{ background: LABEL_COLOURS[l] ?? '#777' }} aria-hidden="true" />
            {code(l, lang)} ({n})
          </li>
        ))}
        {e.access.map((a) => (
          <li>
            <span class="glyph" aria-hidden="true">{shapeGlyph(a)}</span>
            {t('access', lang)}: {code(a, lang)}
          </li>
        ))}
        {e.levels.map((l) => (
          <li>
            <span class="swatch ring" style={{ borderColor: BANNER[l].bg }} aria-hidden="true" />
            {code(l, lang)}
          </li>
        ))}
        {e.types.map(([type, classified]) => (
          <li>
            <span class="glyph" aria-hidden="true">→</span>
            {code(type, lang)}
            {classified && <span class="dashed"> ({t('classifiedRel', lang)})</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
