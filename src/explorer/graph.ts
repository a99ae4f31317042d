/**
 * The graph view: cytoscape with the fcose force layout. Nodes are coloured by label and carry a
 * classification badge; relationships are drawn as arrows named by type, their width by weight.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { GNode, GRel } from './api.js';
import { nameOf, type Lang } from './i18n.js';

cytoscape.use(fcose);

export const LABEL_COLOURS: Record<string, string> = {
  Document: '#7f7f7f',
  Agency: '#d62728',
  District: '#8c564b',
  Park: '#ff7f0e',
  Institution: '#1f77b4',
  Facility: '#2ca02c',
  Technology: '#9467bd',
  Standard: '#17becf',
  IPAsset: '#bcbd22',
  Certification: '#e377c2',
  FinancingInstrument: '#aec7e8',
  Task: '#98df8a',
  Phase: '#c5b0d5',
  Goal: '#ffbb78',
};

/** Short badge text per classification; PUBLIC has none. */
export const BADGES: Record<string, string> = { PUBLIC: '', INTERNAL: 'INT', CONFIDENTIAL: 'CONF', SECRET: 'SECRET', TOP_SECRET: 'TS' };

/** Above this many elements, edges are drawn light (see the style). */
const LIGHT_ABOVE = 1000;
/** Largest zoom a fit may pick. */
const MAX_FIT_ZOOM = 1.6;
/** Zoom from which a big graph shows its node labels. */
const LABEL_ZOOM = 0.8;

export interface GraphView {
  cy: Core;
  /** Adds nodes and relationships not shown yet, then lays the graph out; resolves when laid out. */
  add(nodes: GNode[], rels: GRel[], options?: { edgeWidth?: (r: GRel) => number }): Promise<number>;
  clear(): void;
  /** Marks the given ids (nodes and relationship ids) as the highlighted path. */
  highlight(ids: string[]): void;
  setLang(lang: Lang): void;
  /** What is shown, as data (for the JSON export). */
  snapshot(): { nodes: GNode[]; relationships: GRel[] };
}

export function createGraph(container: HTMLElement, lang: Lang, handlers: { open(id: string): void; expand(id: string): void }): GraphView {
  let current = lang;
  const cy = cytoscape({
    container,
    // big graphs: draw a texture while panning/zooming, and skip labels too small to read
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': (n: cytoscape.NodeSingular) => LABEL_COLOURS[n.data('label') as string] ?? '#999',
          label: 'data(display)',
          'font-size': 10,
          'min-zoomed-font-size': 7,
          'text-valign': 'bottom',
          'text-margin-y': 3,
          width: 18,
          height: 18,
        },
      },
      { selector: 'node[badge != ""]', style: { 'border-width': 3, 'border-color': '#b00020', shape: 'diamond' } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': '#bbb', 'target-arrow-color': '#bbb', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.7, label: 'data(type)', 'font-size': 7, 'min-zoomed-font-size': 9, color: '#888', 'text-rotation': 'autorotate' } },
      // many elements: straight unlabelled edges, which draw an order of magnitude faster
      // …and node labels only once zoomed in (measuring thousands of labels costs ~0.5 s a frame)
      { selector: 'node.light', style: { label: '' } },
      { selector: 'node.light:selected, node.light.path', style: { label: 'data(display)' } },
      { selector: 'edge.light', style: { 'curve-style': 'haystack', 'target-arrow-shape': 'none', label: '' } },
      // shared-facility links are symmetric
      { selector: 'edge[type ^= "SHARES"]', style: { 'target-arrow-shape': 'none', 'line-color': '#7fa7d6' } },
      { selector: 'node.path', style: { 'border-color': '#e6550d', 'border-width': 4, 'z-index': 10 } },
      { selector: 'edge.path', style: { 'line-color': '#e6550d', 'target-arrow-color': '#e6550d', width: 4, 'z-index': 10 } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#000' } },
    ],
  });
  const shown = new Map<string, GNode>();
  const rels = new Map<string, GRel>();
  // labels are cut in JS: cytoscape's own ellipsis measures every label's text on each render
  const short = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);
  const display = (n: GNode) => `${short(nameOf(n, current))}${BADGES[n.classification] ? ` [${BADGES[n.classification]}]` : ''}`;
  const lighten = () => {
    const big = cy.elements().length > LIGHT_ABOVE;
    cy.edges().toggleClass('light', big);
    cy.nodes().toggleClass('light', big && cy.zoom() < LABEL_ZOOM);
  };
  let zoomTimer: ReturnType<typeof setTimeout> | undefined;
  cy.on('zoom', () => {
    clearTimeout(zoomTimer);
    zoomTimer = setTimeout(() => cy.batch(lighten), 150);
  });
  cy.on('tap', 'node', (e) => handlers.open(e.target.id() as string));
  cy.on('dbltap', 'node', (e) => handlers.expand(e.target.id() as string));

  return {
    cy,
    async add(nodes, relationships, options = {}) {
      const elements: ElementDefinition[] = [];
      for (const n of nodes) {
        if (shown.has(n.id)) continue;
        shown.set(n.id, n);
        elements.push({ group: 'nodes', data: { id: n.id, label: n.__typename, display: display(n), badge: BADGES[n.classification] ?? '' } });
      }
      for (const r of relationships) {
        if (rels.has(r.id) || !shown.has(r.from) || !shown.has(r.to)) continue;
        rels.set(r.id, r);
        elements.push({ group: 'edges', data: { id: r.id, source: r.from, target: r.to, type: r.type, width: options.edgeWidth?.(r) ?? 1.5 } });
      }
      cy.batch(() => {
        cy.add(elements);
        lighten();
      });
      const started = performance.now();
      const small = cy.nodes().length < 100; // room for labels
      await new Promise<void>((resolve) => {
        const layout = cy.layout({ name: cy.nodes().length > 1 ? 'fcose' : 'grid', animate: false, quality: 'default', randomize: true, nodeRepulsion: small ? 30000 : 6000, idealEdgeLength: small ? 150 : 60, numIter: 1500 } as cytoscape.LayoutOptions);
        layout.one('layoutstop', () => resolve());
        layout.run();
      });
      cy.fit(undefined, 30);
      // a few nodes would otherwise fill the screen
      if (cy.zoom() > MAX_FIT_ZOOM) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center();
      }
      return performance.now() - started;
    },
    clear() {
      cy.elements().remove();
      shown.clear();
      rels.clear();
    },
    highlight(ids) {
      cy.elements().removeClass('path');
      for (const id of ids) cy.getElementById(id).addClass('path');
    },
    setLang(lang) {
      current = lang;
      cy.batch(() => cy.nodes().forEach((n) => void n.data('display', display(shown.get(n.id())!))));
    },
    snapshot() {
      return { nodes: [...shown.values()], relationships: [...rels.values()] };
    },
  };
}
