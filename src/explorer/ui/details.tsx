/**
 * The details of the selected node: its name in the chosen script and as the document writes it,
 * every field and code in words, its provenance clauses, its relationships (each a way to the
 * other node), and expansion of its neighbours, all or by relationship type.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { code, field, nameOf, t, type Lang } from '../i18n.js';
import type { GNode, GRel } from '../model.js';
import { DetailsQuery } from '../queries.js';
import { request, StaleAnswer } from '../session.js';
import { errorText } from './workspace.js';

type Data = Awaited<ReturnType<typeof fetchDetails>>;
const fetchDetails = (id: string) => request(DetailsQuery, { id }, true);

/** Relationship types of a neighbourhood with how many there are. */
export function typeCounts(rels: GRel[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of rels) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

export function Details(props: { id: string | null; lang: Lang; onLevels(levels: string[]): void; onSelect(n: GNode, via?: GRel): void; onExpand(nodes: GNode[], rels: GRel[]): void }) {
  const { id, lang } = props;
  const [state, setState] = useState<{ status: 'idle' | 'loading' | 'done' | 'error'; data?: Data; error?: string }>({ status: id ? 'loading' : 'idle' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!id) return props.onLevels([]);
    let live = true;
    fetchDetails(id).then(
      (data) => {
        if (!live) return;
        setState({ status: 'done', data });
        props.onLevels([...(data.node ? [data.node.classification] : []), ...data.neighborhood.nodes.map((n) => n.classification), ...data.neighborhood.relationships.map((r) => r.classification)]);
      },
      (e) => live && !(e instanceof StaleAnswer) && setState({ status: 'error', error: errorText(e, lang) }),
    );
    return () => {
      live = false;
      props.onLevels([]);
    };
  }, [id]);

  if (!id) return <aside class="details" aria-labelledby="details-title"><h2 id="details-title">{t('details', lang)}</h2><p class="hint">{t('noSelection', lang)}</p></aside>;
  const node = state.data?.node;
  const hood = state.data?.neighborhood;
  const others = new Map(hood?.nodes.map((n) => [n.id, n]) ?? []);
  const rels = hood?.relationships.filter((r) => r.from === id || r.to === id) ?? [];
  const row = (label: string, value: unknown) =>
    value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length) ? null : (
      <>
        <dt>{label}</dt>
        <dd>{Array.isArray(value) ? value.join('、') : String(value)}</dd>
      </>
    );
  const expand = (type?: string) => {
    if (!hood || !node) return;
    const chosen = type ? rels.filter((r) => r.type === type) : rels;
    const ids = new Set([id, ...chosen.flatMap((r) => [r.from, r.to])]);
    props.onExpand(hood.nodes.filter((n) => ids.has(n.id)), chosen);
  };

  return (
    <aside class="details" aria-labelledby="details-title" aria-busy={state.status === 'loading'} id="details">
      <h2 id="details-title">{t('details', lang)}</h2>
      {state.status === 'loading' && <p role="status">{t('loading', lang)}</p>}
      {state.status === 'error' && <p role="alert" class="error">{state.error}</p>}
      {state.status === 'done' && !node && <p role="status">{t('notFound', lang)}</p>}
      {node && (
        <div id="details-body">
          <h3 ref={heading} tabIndex={-1}>
            {nameOf(node, lang)} <span class={`chip level-${node.classification}`}>{code(node.classification, lang)}</span>
          </h3>
          <dl>
            {row(t('originalName', lang), node.name)}
            {row(t('nameEn', lang), node.nameEn)}
            {row(t('type', lang), code(node.__typename, lang))}
            {row(t('id', lang), node.id)}
            {row(t('classification', lang), `${code(node.classification, lang)} (${node.classification})`)}
            {Object.entries(node)
              .filter(([k]) => !['__typename', 'id', 'name', 'nameEn', 'classification', 'aliases', 'sources'].includes(k))
              .map(([k, v]) => row(field(k, lang), Array.isArray(v) ? v.map((x) => code(String(x), lang)) : typeof v === 'string' && /^[A-Z_]+$/.test(v) ? code(v, lang) : v))}
            {row(t('aliases', lang), node.aliases)}
          </dl>
          <h4>{t('sources', lang)}</h4>
          <ul class="sources">
            {node.sources.map((s) => (
              <li>
                <cite>{s}</cite>
              </li>
            ))}
          </ul>
          <div class="expand">
            <button type="button" id="expand" class="primary" onClick={() => expand()}>
              {t('expand', lang)} ({rels.length})
            </button>
            {typeCounts(rels).map(([type, n]) => (
              <button type="button" class="expand-type" data-type={type} onClick={() => expand(type)}>
                {code(type, lang)} ({n})
              </button>
            ))}
          </div>
          <h4>{t('relationships', lang)}</h4>
          <ul class="rels">
            {rels.map((r) => {
              const other = others.get(r.from === id ? r.to : r.from);
              return (
                <li>
                  <span class="dir" aria-hidden="true">{r.from === id ? '→' : '←'}</span> {code(r.type, lang)}
                  {r.classification !== 'PUBLIC' && <span class={`chip level-${r.classification}`}>{code(r.classification, lang)}</span>}{' '}
                  {other && (
                    <button type="button" class="link" onClick={() => props.onSelect(other, r)}>
                      {nameOf(other, lang)}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          {hood?.truncated && <p class="hint">…</p>}
        </div>
      )}
    </aside>
  );
}
