/**
 * The path finder: two ends picked from search hits (typing again un-picks, so a stale end is
 * never used), then every shortest path between them, each with its direction spelled out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { code, nameOf, t, type Lang } from '../i18n.js';
import type { GNode, GRel } from '../model.js';
import { DetailsQuery, PathQuery, SearchQuery } from '../queries.js';
import { request, StaleAnswer } from '../session.js';
import { ComposingInput } from './search-input.js';
import { errorText } from './workspace.js';

export interface FoundPath {
  nodes: GNode[];
  relationships: GRel[];
  query: string;
}

/** The path in words, each step's arrow in the relationship's own direction. */
export function pathText(p: { nodes: GNode[]; relationships: GRel[] }, lang: Lang): string {
  return p.nodes
    .map((n, i) => {
      const r = p.relationships[i];
      if (!r) return nameOf(n, lang);
      return r.from === n.id ? `${nameOf(n, lang)} —${code(r.type, lang)}→ ` : `${nameOf(n, lang)} ←${code(r.type, lang)}— `;
    })
    .join('');
}

/** A node picked from search hits (of `labels`, when given); typing again un-picks. */
export function PickInput(props: { id: string; label: string; lang: Lang; picked: string; labels?: string[]; onPick(id: string): void }) {
  const { id, lang } = props;
  const [text, setText] = useState('');
  const [hits, setHits] = useState<GNode[]>([]);
  const [active, setActive] = useState(-1);
  const [picked, setPicked] = useState<GNode | null>(null);
  const seq = useRef(0);

  // an end given by a shared link: show its name
  useEffect(() => {
    if (props.picked && !picked)
      request(DetailsQuery, { id: props.picked }, true).then(
        (d) => d.node && (setPicked(d.node), setText(nameOf(d.node, lang))),
        () => undefined,
      );
  }, []);

  const search = async (value: string) => {
    const mine = ++seq.current;
    if (!value.trim()) return setHits([]);
    try {
      const found = (await request(SearchQuery, { text: value.trim(), labels: (props.labels as never) ?? null, first: 8 })).search.map((h) => h.node);
      if (mine === seq.current) (setHits(found), setActive(-1));
    } catch (e) {
      if (!(e instanceof StaleAnswer)) setHits([]);
    }
  };
  const choose = (n: GNode) => {
    setPicked(n);
    setText(nameOf(n, lang));
    setHits([]);
    props.onPick(n.id);
  };
  const listId = `${id}-hits`;
  return (
    <div class="pick">
      <label for={id}>{props.label}</label>
      <ComposingInput
        id={id}
        type="search"
        autocomplete="off"
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={`${id}-state`}
        value={text}
        onText={(v) => {
          setText(v);
          // typing un-picks: the path can only run between ends picked from the list
          if (picked) (setPicked(null), props.onPick(''));
        }}
        onSettled={(v) => void search(v)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, Math.min(hits.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
          } else if (e.key === 'Enter' && active >= 0 && hits[active]) {
            e.preventDefault();
            choose(hits[active]!);
          } else if (e.key === 'Escape') setHits([]);
        }}
      />
      <span id={`${id}-state`} class={`pick-state ${picked ? 'ok' : ''}`}>{picked ? `✓ ${code(picked.__typename, lang)}` : t('pick', lang)}</span>
      <ul id={listId} role="listbox" class="hits" aria-label={props.label}>
        {hits.map((n, i) => (
          <li id={`${listId}-${i}`} role="option" aria-selected={i === active} class={i === active ? 'active' : ''} onClick={() => choose(n)}>
            {nameOf(n, lang)} <small>{code(n.__typename, lang)}</small>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PathPanel(props: { lang: Lang; ends: { from: string; to: string }; onEnds(e: { from: string; to: string }): void; onPath(p: FoundPath | null): void }) {
  const { lang, ends } = props;
  const [state, setState] = useState<{ status: 'idle' | 'loading' | 'done' | 'error'; paths: FoundPath[]; chosen: number; error?: string }>({ status: 'idle', paths: [], chosen: 0 });
  const same = !!ends.from && ends.from === ends.to;
  const ready = !!ends.from && !!ends.to && !same;

  const setEnd = (key: 'from' | 'to', id: string) => {
    props.onEnds({ ...ends, [key]: id });
    // a changed end makes the drawn path stale
    setState({ status: 'idle', paths: [], chosen: 0 });
    props.onPath(null);
  };

  const find = async () => {
    if (!ready) return;
    setState({ status: 'loading', paths: [], chosen: 0 });
    const vars = { from: ends.from, to: ends.to, maxHops: 6 };
    try {
      const paths = (await request(PathQuery, vars)).path.slice(0, 20).map((p) => ({ nodes: p.nodes, relationships: p.relationships, query: `path(from: "${vars.from}", to: "${vars.to}", maxHops: 6, all: true)` }));
      setState({ status: 'done', paths, chosen: 0 });
      props.onPath(paths[0] ?? null);
    } catch (e) {
      if (!(e instanceof StaleAnswer)) setState({ status: 'error', paths: [], chosen: 0, error: errorText(e, lang) });
    }
  };

  return (
    <div class="path-panel">
      <PickInput id="path-from" label={t('from', lang)} lang={lang} picked={ends.from} onPick={(id) => setEnd('from', id)} />
      <PickInput id="path-to" label={t('to', lang)} lang={lang} picked={ends.to} onPick={(id) => setEnd('to', id)} />
      {same && <p role="alert" class="error">{t('sameEnds', lang)}</p>}
      <button type="button" id="find-path" class="primary" disabled={!ready} onClick={() => void find()}>
        {t('findPath', lang)}
      </button>
      <div role="status" class="path-state">
        {state.status === 'loading' && t('loading', lang)}
        {state.status === 'done' && !state.paths.length && t('noPath', lang)}
      </div>
      {state.status === 'error' && <p role="alert" class="error">{state.error}</p>}
      {state.paths.length > 0 && (
        <fieldset class="paths">
          <legend>
            {t('paths', lang)} ({state.paths.length}, {state.paths[0]!.relationships.length})
          </legend>
          {state.paths.map((p, i) => (
            <label class="path-choice">
              <input
                type="radio"
                name="path"
                checked={i === state.chosen}
                onChange={() => {
                  setState((s) => ({ ...s, chosen: i }));
                  props.onPath(p);
                }}
              />
              <span class="path-text">{pathText(p, lang)}</span>
            </label>
          ))}
          <p class="hint">{t('kShortestNote', lang)}</p>
        </fieldset>
      )}
    </div>
  );
}
