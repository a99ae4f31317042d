/**
 * The explorer page: search, filters, a graph view with details and expansion, a path finder,
 * the shared-facility network and a coverage heat map, all through the public GraphQL API.
 */
import { api, ApiError, setToken, type GNode, type GRel, type Subgraph } from './api.js';
import { BADGES, createGraph, LABEL_COLOURS } from './graph.js';
import { LABEL_NAMES, nameOf, t, type Lang, type StringKey } from './i18n.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let lang: Lang = (localStorage.getItem('explorer.lang') as Lang | null) ?? 'zh';

const status = (text: string, error = false) => {
  const el = $('status');
  el.textContent = text;
  el.className = error ? 'error' : '';
};
const fail = (e: unknown) => status(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e), true);

const graph = createGraph($('graph'), lang, { open: (id) => void openDetails(id), expand: (id) => void expand(id) });

// --- language -----------------------------------------------------------------------------------
function applyLang(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-Hant' : 'en';
  document.querySelectorAll<HTMLElement>('[data-t]').forEach((el) => (el.textContent = t(el.dataset.t as StringKey, lang)));
  document.querySelectorAll<HTMLInputElement>('[data-t-placeholder]').forEach((el) => (el.placeholder = t(el.dataset.tPlaceholder as StringKey, lang)));
  $('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  graph.setLang(lang);
  renderLegend();
  void fillSelects();
}
$('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('explorer.lang', lang);
  applyLang();
});

function renderLegend(): void {
  $('legend').innerHTML = Object.entries(LABEL_COLOURS)
    .map(([label, colour]) => `<div><span class="swatch" style="background:${colour}"></span>${LABEL_NAMES[label]![lang]}</div>`)
    .join('') + `<div><span class="badge">CONF</span> ${t('classification', lang)} ≥ INTERNAL</div>`;
}

// --- token --------------------------------------------------------------------------------------
const tokenInput = $<HTMLInputElement>('token');
tokenInput.value = sessionStorage.getItem('explorer.token') ?? '';
setToken(tokenInput.value);
tokenInput.addEventListener('change', () => {
  sessionStorage.setItem('explorer.token', tokenInput.value);
  setToken(tokenInput.value);
  graph.clear();
  void fillSelects(true);
  status('token set');
});

// --- modes --------------------------------------------------------------------------------------
document.querySelectorAll<HTMLButtonElement>('.tab').forEach((tab) =>
  tab.addEventListener('click', () => {
    document.querySelectorAll('.tab').forEach((x) => x.classList.toggle('active', x === tab));
    document.querySelectorAll<HTMLElement>('[data-panel]').forEach((p) => (p.hidden = p.dataset.panel !== tab.dataset.mode));
    $('coverage-view').hidden = tab.dataset.mode !== 'coverage';
  }),
);

// --- select options (districts, technology tree) --------------------------------------------------
let options: { districts: GNode[]; technologies: Array<GNode & { parent: { id: string } | null }> } | null = null;
async function fillSelects(reload = false): Promise<void> {
  try {
    if (!options || reload) options = { districts: await api.districts(), technologies: await api.technologies() };
  } catch (e) {
    return fail(e);
  }
  const any = `<option value="">${t('any', lang)}</option>`;
  const districts = any + options.districts.map((d) => `<option value="${d.id}">${escape(nameOf(d, lang))}</option>`).join('');
  // the technology tree, depth-first, indented by level
  const children = new Map<string | null, GNode[]>();
  for (const tech of options.technologies) {
    const parent = tech.parent && options.technologies.some((x) => x.id === tech.parent!.id) ? tech.parent.id : null;
    children.set(parent, [...(children.get(parent) ?? []), tech]);
  }
  const rows: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const tech of children.get(parent) ?? []) {
      rows.push(`<option value="${tech.id}">${'\u2003'.repeat(depth)}${escape(nameOf(tech, lang))}</option>`);
      walk(tech.id, depth + 1);
    }
  };
  walk(null, 0);
  for (const el of document.querySelectorAll<HTMLSelectElement>('select.districts')) keep(el, districts);
  for (const el of document.querySelectorAll<HTMLSelectElement>('select.technologies')) keep(el, any + rows.join(''));
}
function keep(select: HTMLSelectElement, html: string): void {
  const value = select.value;
  select.innerHTML = html;
  select.value = value;
}

// --- search with type-ahead -----------------------------------------------------------------------
function typeAhead(input: HTMLInputElement, list: HTMLElement, choose: (n: GNode) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) return void (list.innerHTML = '');
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const hits = await api.search(text);
        if (mine !== seq) return; // a newer keystroke won
        list.innerHTML = hits
          .map((h, i) => `<li data-i="${i}"><span class="label" style="background:${LABEL_COLOURS[h.node.__typename]}">${LABEL_NAMES[h.node.__typename]?.[lang] ?? h.node.__typename}</span>${escape(nameOf(h.node, lang))}${badge(h.node)}</li>`)
          .join('');
        list.querySelectorAll('li').forEach((li) => li.addEventListener('click', () => choose(hits[Number(li.dataset.i)]!.node)));
        status(`${hits.length} hits`);
      } catch (e) {
        fail(e);
      }
    }, 200);
  });
}
typeAhead($<HTMLInputElement>('search'), $('hits'), (n) => void show({ nodes: [n], relationships: [] }).then(() => openDetails(n.id)));
const pathEnds: { from?: GNode; to?: GNode } = {};
typeAhead($<HTMLInputElement>('path-from'), $('path-from-hits'), (n) => ((pathEnds.from = n), ($<HTMLInputElement>('path-from').value = nameOf(n, lang)), ($('path-from-hits').innerHTML = '')));
typeAhead($<HTMLInputElement>('path-to'), $('path-to-hits'), (n) => ((pathEnds.to = n), ($<HTMLInputElement>('path-to').value = nameOf(n, lang)), ($('path-to-hits').innerHTML = '')));

// --- graph actions --------------------------------------------------------------------------------
async function show(sub: Subgraph, edgeWidth?: (r: GRel) => number): Promise<number> {
  const ms = await graph.add(sub.nodes, sub.relationships, { edgeWidth });
  const n = graph.cy.nodes().length;
  status(`${n} nodes, ${graph.cy.edges().length} relationships; laid out in ${Math.round(ms)} ms${sub.truncated ? ' (truncated)' : ''}`);
  return ms;
}

async function expand(id: string): Promise<void> {
  try {
    await show(await api.neighborhood(id, 1, 200));
  } catch (e) {
    fail(e);
  }
}

async function openDetails(id: string): Promise<void> {
  try {
    const node = await api.details(id);
    graph.cy.$(':selected').unselect();
    graph.cy.getElementById(id).select();
    if (!node) return void ($('details-body').textContent = `${id}: not found`);
    const rows: string[] = [`<h3>${escape(nameOf(node, lang))} ${badge(node)}</h3>`, '<dl>'];
    const add = (k: string, v: unknown) => v !== null && v !== undefined && (!Array.isArray(v) || v.length) && rows.push(`<dt>${escape(k)}</dt><dd>${escape(Array.isArray(v) ? v.join('、') : String(v))}</dd>`);
    add('id', node.id);
    add('label', LABEL_NAMES[node.__typename]?.[lang] ?? node.__typename);
    add(lang === 'zh' ? '名稱' : 'name', node.name);
    add('nameEn', node.nameEn);
    add(t('classification', lang), node.classification);
    // kinds are aliased per type in the query (their enums differ); show each as `kind`
    for (const [k, v] of Object.entries(node)) if (!['id', 'name', 'nameEn', 'classification', 'sources', '__typename'].includes(k)) add(k.endsWith('Kind') ? 'kind' : k, v);
    add(t('sources', lang), node.sources);
    rows.push('</dl>');
    $('details-body').innerHTML = rows.join('');
  } catch (e) {
    fail(e);
  }
}

$('find-facilities').addEventListener('click', async () => {
  const filter: Record<string, unknown> = {};
  const v = (id: string) => $<HTMLSelectElement>(id).value;
  if (v('f-district')) filter.district = v('f-district');
  if (v('f-technology')) filter.technology = v('f-technology');
  if (v('f-kind')) filter.kind = [v('f-kind')];
  if (v('f-access')) filter.access = [v('f-access')];
  try {
    const page = await api.facilities(filter);
    graph.clear();
    await show({ nodes: page.nodes, relationships: [] });
    status(`${page.nodes.length} / ${page.totalCount} ${t('total', lang)}`);
  } catch (e) {
    fail(e);
  }
});

$('find-path').addEventListener('click', async () => {
  if (!pathEnds.from || !pathEnds.to) return status(`${t('from', lang)} / ${t('to', lang)}?`, true);
  try {
    const path = await api.path(pathEnds.from.id, pathEnds.to.id);
    if (!path) return status(t('noPath', lang), true);
    await show({ nodes: path.nodes, relationships: path.relationships });
    graph.highlight([...path.nodes.map((n) => n.id), ...path.relationships.map((r) => r.id)]);
    status(`${t('path', lang)}: ${path.nodes.map((n) => nameOf(n, lang)).join(' → ')}`);
  } catch (e) {
    fail(e);
  }
});

$('show-network').addEventListener('click', async () => {
  const district = $<HTMLSelectElement>('n-district').value || null;
  const technology = $<HTMLSelectElement>('n-technology').value || null;
  try {
    const net = await api.network(district, technology);
    const links: GRel[] = net.links.map((l) => ({ id: `${l.source.id}|SHARES|${l.target.id}`, type: `SHARES ×${l.weight}`, from: l.source.id, to: l.target.id, classification: 'PUBLIC', weight: l.weight }));
    graph.clear();
    await show({ nodes: net.institutions, relationships: links }, (r) => 1 + 2 * (r.weight ?? 1));
    status(`${net.institutions.length} institutions, ${net.links.length} links over ${net.facilities.length} facilities`);
  } catch (e) {
    fail(e);
  }
});

$('show-coverage').addEventListener('click', async () => {
  const district = $<HTMLSelectElement>('c-district').value;
  const technology = $<HTMLSelectElement>('c-technology').value || null;
  try {
    const cells = await api.coverage(district ? [district] : null, technology);
    const districts = [...new Map(cells.map((c) => [c.district.id, c.district])).values()];
    const techs = [...new Map(cells.map((c) => [c.technology.id, c.technology])).values()];
    const max = Math.max(1, ...cells.map((c) => c.openFacilities));
    const cell = (d: GNode, tech: GNode) => {
      const c = cells.find((x) => x.district.id === d.id && x.technology.id === tech.id)!;
      const shade = c.openFacilities === 0 ? '#fde0dd' : `rgba(44,160,44,${0.2 + (0.8 * c.openFacilities) / max})`;
      return `<td style="background:${shade}" title="${c.facilities} facilities, ${c.openFacilities} open">${c.openFacilities} / ${c.facilities}</td>`;
    };
    $('coverage-view').innerHTML = `<p>${t('open', lang)} / ${t('total', lang)}</p><table><tr><th></th>${techs.map((x) => `<th>${escape(nameOf(x, lang))}</th>`).join('')}</tr>${districts
      .map((d) => `<tr><th>${escape(nameOf(d, lang))}</th>${techs.map((x) => cell(d, x)).join('')}</tr>`)
      .join('')}</table>`;
    status(`${districts.length} × ${techs.length}; ${cells.filter((c) => c.openFacilities === 0).length} ${t('gaps', lang)}`);
  } catch (e) {
    fail(e);
  }
});

// --- export ---------------------------------------------------------------------------------------
function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}
$('export-png').addEventListener('click', () => download('explorer.png', graph.cy.png({ full: true, bg: '#ffffff', scale: 2 })));
$('export-json').addEventListener('click', () =>
  download('explorer.json', URL.createObjectURL(new Blob([JSON.stringify(graph.snapshot(), null, 2)], { type: 'application/json' }))),
);
$('clear').addEventListener('click', () => (graph.clear(), status('')));

// --- helpers --------------------------------------------------------------------------------------
function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
function badge(n: GNode): string {
  return BADGES[n.classification] ? ` <span class="badge">${BADGES[n.classification]}</span>` : '';
}

/** For tests and the render-time measurement: what is shown, and a way to show a subgraph. */
(window as unknown as { explorer: unknown }).explorer = { graph, show, expand, openDetails };
applyLang();
