/**
 * The graph pane: loads the cytoscape engine as its own chunk, keeps it in step with the
 * workspace's nodes and relationships, and makes it usable from the keyboard (arrows select,
 * Enter expands, Shift+F10 or the context-menu key opens the menu) and by right-click.
 */
import type { MutableRef } from 'preact/hooks';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GraphEngine } from '../graph.js';
import { code, nameOf, t, type Lang } from '../i18n.js';
import type { GNode, GRel } from '../model.js';
import { NeighborhoodQuery, DetailsQuery } from '../queries.js';
import { request, StaleAnswer } from '../session.js';
import { typeCounts } from './details.js';
import { Legend } from './legend.js';

export interface GraphHandle {
  png(): string;
  engine(): GraphEngine | null;
}

interface Props {
  handle: MutableRef<GraphHandle | null>;
  lang: Lang;
  nodes: GNode[];
  rels: GRel[];
  selected: string | null;
  mark: { ids: string[]; start?: string; end?: string };
  onSelect(id: string | null): void;
  onEdge(id: string): void;
  onExpand(nodes: GNode[], rels: GRel[]): void;
}

export function GraphPane(props: Props) {
  const { lang, nodes, rels, selected, mark } = props;
  const box = useRef<HTMLDivElement>(null);
  const engine = useRef<GraphEngine | null>(null);
  const [ready, setReady] = useState(false);
  const [menu, setMenu] = useState<{ id: string; x: number; y: number; types?: Array<[string, number]> } | null>(null);
  const live = useRef({ props, lang });
  live.current = { props, lang };

  const labels = () => ({
    node: (n: GNode) => {
      const name = nameOf(n, live.current.lang);
      return n.classification === 'PUBLIC' ? name : `${name} [${code(n.classification, live.current.lang)}]`;
    },
    rel: (r: GRel) => `${code(r.type, live.current.lang)}${r.weight && r.type === 'SHARES' ? ` ×${r.weight}` : ''}${r.classification === 'PUBLIC' ? '' : ` [${code(r.classification, live.current.lang)}]`}`,
  });

  const expand = async (id: string, type?: string) => {
    setMenu(null);
    try {
      const hood = (await request(NeighborhoodQuery, { id, types: type ? [type as never] : null, limit: 200 })).neighborhood;
      live.current.props.onExpand(hood.nodes, hood.relationships);
    } catch (e) {
      if (!(e instanceof StaleAnswer)) throw e;
    }
  };

  const openMenu = (id: string, x: number, y: number) => {
    setMenu({ id, x, y });
    request(DetailsQuery, { id }, true).then(
      (d) => setMenu((m) => (m && m.id === id ? { ...m, types: typeCounts(d.neighborhood.relationships.filter((r) => r.from === id || r.to === id)) } : m)),
      () => undefined,
    );
  };

  // the engine is a chunk of its own, fetched once there is something to draw
  const wanted = nodes.length > 0;
  const [load, setLoad] = useState(false);
  useEffect(() => void (wanted && setLoad(true)), [wanted]);
  useEffect(() => {
    if (!load) return;
    let gone = false;
    void import('../graph.js').then(({ createGraph }) => {
      if (gone || !box.current) return;
      engine.current = createGraph(box.current, {
        select: (id) => live.current.props.onSelect(id),
        expand: (id) => void expand(id),
        menu: openMenu,
        edge: (id) => live.current.props.onEdge(id),
      });
      setReady(true);
    });
    props.handle.current = { png: () => engine.current?.png() ?? '', engine: () => engine.current };
    // for the end-to-end tests and measurements: the engine drawing the current session
    (window as unknown as { explorerGraph?: () => GraphEngine | null }).explorerGraph = () => engine.current;
    return () => {
      gone = true;
      engine.current?.destroy();
      engine.current = null;
      props.handle.current = null;
    };
  }, [load]);

  useEffect(() => void (ready && engine.current!.sync(nodes, rels, labels())), [ready, nodes, rels]);
  useEffect(() => void (ready && engine.current!.relabel(labels())), [ready, lang]);
  useEffect(() => void (ready && engine.current!.select(selected)), [ready, selected, nodes]);
  useEffect(() => void (ready && engine.current!.mark(mark.ids, mark.start, mark.end)), [ready, mark, nodes]);

  // an opened menu takes the focus (autofocus only works when a page loads)
  const menuBox = useRef<HTMLDivElement>(null);
  const menuFor = menu?.id;
  useEffect(() => menuBox.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus(), [menuFor]);

  const onKey = (e: KeyboardEvent) => {
    const cy = engine.current?.cy;
    if (!cy || !cy.nodes().length) return;
    const ids = cy.nodes().map((n) => n.id()).sort();
    const i = selected ? ids.indexOf(selected) : -1;
    if (['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'].includes(e.key)) {
      e.preventDefault();
      const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
      props.onSelect(ids[(i + step + ids.length) % ids.length]!);
    } else if (e.key === 'Enter' && selected) {
      e.preventDefault();
      void expand(selected);
    } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      if (!selected) return;
      e.preventDefault();
      const p = cy.getElementById(selected).renderedPosition();
      const r = box.current!.getBoundingClientRect();
      openMenu(selected, r.left + p.x, r.top + p.y);
    } else if (e.key === 'Escape') setMenu(null);
  };

  const selectedNode = nodes.find((n) => n.id === selected);
  return (
    <div class="graph-pane">
      <div
        id="graph"
        ref={box}
        tabIndex={0}
        role="application"
        aria-roledescription={t('graph', lang)}
        aria-label={`${t('graph', lang)}: ${nodes.length} · ${t('graphHint', lang)}`}
        aria-describedby="graph-focus"
        onKeyDown={onKey}
      />
      <p id="graph-focus" class="sr-only" aria-live="polite">
        {selectedNode ? `${nameOf(selectedNode, lang)} · ${code(selectedNode.__typename, lang)} · ${code(selectedNode.classification, lang)}` : ''}
      </p>
      {!nodes.length && <p class="graph-empty">{t('graphEmpty', lang)}</p>}
      {nodes.length > 0 && !ready && (
        <p class="graph-empty" role="status">
          {t('loading', lang)}
        </p>
      )}
      <Legend lang={lang} nodes={nodes} rels={rels} />
      {menu && (
        <div ref={menuBox} class="menu" role="menu" aria-label={t('expandBy', lang)} style={{ left: `${menu.x}px`, top: `${menu.y}px` }} onKeyDown={(e) => e.key === 'Escape' && (setMenu(null), box.current?.focus())}>
          <button type="button" role="menuitem" onClick={() => void expand(menu.id)}>
            {t('expand', lang)}
          </button>
          {menu.types?.map(([type, n]) => (
            <button type="button" role="menuitem" class="menu-type" data-type={type} onClick={() => void expand(menu.id, type)}>
              {t('expandBy', lang)}: {code(type, lang)} ({n})
            </button>
          ))}
          <button type="button" role="menuitem" onClick={() => (setMenu(null), box.current?.focus())}>
            {t('closeMenu', lang)}
          </button>
        </div>
      )}
    </div>
  );
}
