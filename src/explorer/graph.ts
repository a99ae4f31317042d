/**
 * The graph engine: cytoscape with the fcose layout, loaded as its own chunk after the first view.
 * Placed nodes stay where they are: only the first drawing runs a full layout; later additions are
 * placed around the node they hang from (or beside the drawing) and laid out among themselves.
 */
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { BANNER, type Level } from './classification.js';
import { ACCESS_SHAPES, LABEL_COLOURS, type GNode, type GRel } from './model.js';

cytoscape.use(fcose);

export interface GraphHandlers {
  select(id: string | null): void;
  expand(id: string): void;
  /** Context menu asked for a node, at a point of the page. */
  menu(id: string, x: number, y: number): void;
  edge(id: string): void;
}

export interface Labels {
  node(n: GNode): string;
  rel(r: GRel): string;
}

export interface GraphEngine {
  cy: Core;
  /** Shows exactly these nodes and relationships; new ones are placed without moving the others. */
  sync(nodes: GNode[], rels: GRel[], labels: Labels): void;
  relabel(labels: Labels): void;
  select(id: string | null): void;
  /** Marks a path (node and relationship ids) with its start and end. */
  mark(ids: string[], start?: string, end?: string): void;
  /** Resolves once the layouts asked for so far have run. */
  settled(): Promise<void>;
  /** The drawing as a PNG data URL (empty string when nothing is drawn). */
  png(): string;
  destroy(): void;
}

const MAX_FIT_ZOOM = 1.6;
/** Above this many elements edges are drawn straight and unlabelled (an order of magnitude faster). */
const LIGHT_ABOVE = 1000;
/** Zoom from which a big graph shows its node labels. */
const LABEL_ZOOM = 0.8;

export function createGraph(container: HTMLElement, handlers: GraphHandlers): GraphEngine {
  const cy = cytoscape({
    container,
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    boxSelectionEnabled: false,
    selectionType: 'single',
    style: [
      {
        selector: 'node',
        style: {
          'background-color': (n: NodeSingular) => LABEL_COLOURS[n.data('label') as string] ?? '#777',
          shape: (n: NodeSingular) => (ACCESS_SHAPES[n.data('access') as string] ?? 'ellipse') as never,
          label: 'data(display)',
          'font-size': 11,
          color: '#1a1a1a',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': '1px',
          'min-zoomed-font-size': 7,
          'text-valign': 'bottom',
          'text-margin-y': 3,
          'text-wrap': 'ellipsis',
          'text-max-width': '180px',
          width: 20,
          height: 20,
        },
      },
      // classification: a border in the banner colour of the level (kept when selected)
      ...(['INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as Level[]).map((level) => ({
        selector: `node[classification = "${level}"]`,
        style: { 'border-width': 4, 'border-color': BANNER[level].bg },
      })),
      {
        selector: 'edge',
        style: {
          width: 'data(width)',
          'line-color': '#8a8a8a',
          'target-arrow-color': '#8a8a8a',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          'arrow-scale': 0.9,
          label: 'data(display)',
          'font-size': 10,
          'min-zoomed-font-size': 8,
          color: '#1a1a1a',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-rotation': 'autorotate',
        },
      },
      // classified relationships: dashed, in their level's colour
      ...(['INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as Level[]).map((level) => ({
        selector: `edge[classification = "${level}"]`,
        style: { 'line-style': 'dashed' as const, 'line-color': BANNER[level].bg, 'target-arrow-color': BANNER[level].bg },
      })),
      { selector: 'edge[type = "SHARES"]', style: { 'target-arrow-shape': 'none' } },
      { selector: 'edge.light', style: { 'curve-style': 'haystack', 'target-arrow-shape': 'none', label: '' } },
      // …and node labels only once zoomed in (measuring thousands of labels costs ~0.5 s a frame)
      { selector: 'node.light', style: { label: '' } },
      { selector: 'node.light:selected, node.light.path', style: { label: 'data(display)' } },
      { selector: 'node.path', style: { 'underlay-color': '#e6550d', 'underlay-opacity': 0.45, 'underlay-padding': 6, 'z-index': 10 } },
      { selector: 'edge.path', style: { 'line-color': '#d04a02', 'target-arrow-color': '#d04a02', width: 4, 'z-index': 10 } },
      { selector: 'node.start', style: { 'underlay-color': '#00703c', 'underlay-opacity': 0.6, 'underlay-padding': 9, 'underlay-shape': 'ellipse' as const } },
      { selector: 'node.end', style: { 'underlay-color': '#000000', 'underlay-opacity': 0.6, 'underlay-padding': 12 } },
      { selector: ':selected', style: { 'overlay-color': '#1565c0', 'overlay-opacity': 0.3, 'overlay-padding': 7 } },
    ],
  });

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
  cy.on('tap', 'node', (e) => handlers.select(e.target.id() as string));
  cy.on('tap', (e) => e.target === cy && handlers.select(null));
  cy.on('dbltap', 'node', (e) => handlers.expand(e.target.id() as string));
  cy.on('tap', 'edge', (e) => handlers.edge(e.target.id() as string));
  cy.on('cxttap', 'node', (e) => {
    const box = container.getBoundingClientRect();
    const p = e.target.renderedPosition() as { x: number; y: number };
    handlers.menu(e.target.id() as string, box.left + p.x, box.top + p.y);
  });

  const fit = () => {
    cy.fit(undefined, 30);
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center();
    }
  };

  /** Runs fcose on `eles`, keeping `fixed` nodes where they are. */
  const layout = (eles: cytoscape.Collection, fixed: cytoscape.NodeCollection, randomize: boolean) =>
    new Promise<void>((resolve) => {
      const small = cy.nodes().length < 100;
      // unlinked nodes (a list of results) go in a grid, where their labels stay readable
      const unlinked = eles.edges().empty();
      if (unlinked && !fixed.length) {
        const run = eles.layout({ name: 'grid', fit: false, avoidOverlap: true, avoidOverlapPadding: 70, cols: Math.max(1, Math.ceil(Math.sqrt(eles.nodes().length / 2))), animate: false } as cytoscape.LayoutOptions);
        run.one('layoutstop', () => resolve());
        return run.run();
      }
      const run = eles.layout({
        name: eles.nodes().length > 1 ? 'fcose' : 'grid',
        animate: false,
        randomize,
        quality: 'default',
        nodeRepulsion: small ? 30000 : 6000,
        idealEdgeLength: small ? 140 : 60,
        numIter: 1500,
        fit: false,
        fixedNodeConstraint: fixed.length ? fixed.map((n) => ({ nodeId: n.id(), position: { ...n.position() } })) : undefined,
      } as cytoscape.LayoutOptions);
      run.one('layoutstop', () => resolve());
      run.run();
    });

  let pending = Promise.resolve();

  return {
    cy,
    sync(nodes, rels, labels) {
      const wanted = new Set([...nodes.map((n) => n.id), ...rels.map((r) => r.id)]);
      const placedBefore = cy.nodes().length;
      cy.elements().filter((e) => !wanted.has(e.id())).remove();
      const fresh: ElementDefinition[] = [];
      for (const n of nodes)
        if (cy.getElementById(n.id).empty())
          fresh.push({ group: 'nodes', data: { id: n.id, label: n.__typename, access: n.access ?? '', classification: n.classification, display: labels.node(n), node: n } });
      const ids = new Set(nodes.map((n) => n.id));
      for (const r of rels)
        if (cy.getElementById(r.id).empty() && ids.has(r.from) && ids.has(r.to))
          fresh.push({ group: 'edges', data: { id: r.id, source: r.from, target: r.to, type: r.type, classification: r.classification, display: labels.rel(r), width: 1.5 + Math.min(6, (r.weight ?? 1) - 1), rel: r } });
      if (!fresh.length) return;
      const old = cy.nodes();
      const added = cy.add(fresh);
      cy.batch(lighten);
      const newNodes = added.nodes();
      if (!placedBefore || old.empty()) {
        pending = pending.then(() => layout(cy.elements(), cy.collection(), true)).then(fit);
        return;
      }
      // place each new node around a placed neighbour, or in a row beside the drawing
      const box = old.boundingBox();
      let spare = 0;
      const around = new Map<string, number>();
      newNodes.forEach((n) => {
        const anchor = n.neighborhood('node').filter((m) => old.contains(m)).first() as NodeSingular;
        if (anchor.nonempty()) {
          const k = around.get(anchor.id()) ?? 0;
          around.set(anchor.id(), k + 1);
          const angle = k * 2.4; // golden angle: no two neighbours on one spot
          const radius = 90 + 12 * Math.sqrt(k);
          n.position({ x: anchor.position('x') + radius * Math.cos(angle), y: anchor.position('y') + radius * Math.sin(angle) });
        } else {
          n.position({ x: box.x2 + 120 + 110 * (spare % 4), y: box.y1 + 90 * Math.floor(spare / 4) });
          spare++;
        }
      });
      const anchors = newNodes.neighborhood('node').filter((m) => old.contains(m));
      pending = pending.then(() => (newNodes.length > 1 ? layout(newNodes.union(anchors).union(newNodes.edgesWith(anchors)).union(newNodes.edgesWith(newNodes)), anchors, false) : undefined)).then(() => {
        fit();
      });
    },
    relabel(labels) {
      cy.batch(() => {
        cy.nodes().forEach((n) => void n.data('display', labels.node(n.data('node') as GNode)));
        cy.edges().forEach((e) => void e.data('display', labels.rel(e.data('rel') as GRel)));
      });
    },
    select(id) {
      cy.$(':selected').unselect();
      if (id) cy.getElementById(id).select();
    },
    mark(ids, start, end) {
      cy.elements().removeClass('path start end');
      for (const id of ids) cy.getElementById(id).addClass('path');
      if (start) cy.getElementById(start).addClass('start');
      if (end) cy.getElementById(end).addClass('end');
    },
    settled() {
      return pending;
    },
    png() {
      return cy.elements().length ? cy.png({ full: true, bg: '#ffffff', scale: 2, maxWidth: 3000, maxHeight: 3000 }) : '';
    },
    destroy() {
      cy.destroy();
    },
  };
}
