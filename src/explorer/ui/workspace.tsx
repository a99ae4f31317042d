/**
 * One session's workspace: the mode panels, the graph (or the coverage table), the results list
 * and the details, linked both ways. Everything here lives and dies with one token.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { highest, type Level } from '../classification.js';
import { csvExport, download, fileName, jsonExport, pngExport, type Marking } from '../export.js';
import { code, nameOf, t, type Lang, type StringKey } from '../i18n.js';
import type { GNode, GRel } from '../model.js';
import { CoverageQuery, CoverageWhatIfQuery, FacilitiesQuery, NeedsQuery, NetworkQuery, OptionsQuery, RequestsQuery, SearchQuery } from '../queries.js';
import { toSimplified, toTraditional } from '../script.js';
import { ApiError, request, StaleAnswer, type Viewer } from '../session.js';
import { readUrl, writeUrl, type ViewState } from '../url-state.js';
import { CoverageView, coverageTable, type Cell, type CoverageWhatIf } from './coverage-view.js';
import { Details } from './details.js';
import { ExplorePanel, EMPTY_FORM, type Form, type Options } from './explore-panel.js';
import { GraphPane, type GraphHandle } from './graph-pane.js';
import { legendLines } from './legend.js';
import { PathPanel, type FoundPath } from './path-panel.js';
import { ResultsList } from './results.js';
import { EMPTY_NEED_FILTER, NeedsPanel, type Match, type NeedFilterForm } from './needs-panel.js';
import { RequestForm, RequestsView, type AccessRequest, type RequestsState } from './requests-view.js';
import { scenarioOf, WhatIfPanel, type Change } from './whatif-panel.js';

export type Mode = ViewState['mode'];

/**
 * A piece of a results title. Filters are kept as ids and codes, and named when shown: a shared link
 * replays its query before the district and technology names have loaded, and the language may change.
 */
export type TitlePart = string | { option: string } | { code: string } | { key: StringKey };

export interface Results {
  status: 'cold' | 'loading' | 'done' | 'error';
  rows: GNode[];
  total?: number;
  title: TitlePart[];
  query: string;
  error?: string;
  suggestions?: Array<{ text: string; count: number }>;
}

interface Link {
  source: string;
  target: string;
  facilities: GNode[];
}

const fetchOptions = (after: string | null) => request(OptionsQuery, { after }, true);
const fetchRequests = (status: string, after: string | null) => request(RequestsQuery, { status: status ? [status as never] : null, after });
const COLD: Results = { status: 'cold', rows: [], title: [], query: '' };

/** Why a request failed, in words fit to show (the code and argument, never internals). */
export function errorText(e: unknown, lang: Lang): string {
  if (e instanceof ApiError) return `${t('error', lang)}: ${e.code}${e.argumentName ? ` (${e.argumentName})` : ''}`;
  return t('error', lang);
}

const hasCjk = (s: string) => /[\u3400-\u9fff]/.test(s);

export function Workspace({ epoch, first, lang, viewer, onLevel }: { epoch: number; first: boolean; lang: Lang; viewer: Viewer; onLevel(level: Level): void }) {
  const url = useMemo(() => (first ? readUrl() : {}), []);
  const [mode, setMode] = useState<Mode>(url.mode ?? 'explore');
  const [form, setForm] = useState<Form>({ ...EMPTY_FORM, ...pick(url, ['text', 'label', 'district', 'technology', 'kind', 'access']) });
  const [options, setOptions] = useState<Options>({ status: 'loading', districts: [], technologies: [] });
  const [results, setResults] = useState<Results>(COLD);
  const [graph, setGraph] = useState<{ nodes: GNode[]; rels: GRel[] }>({ nodes: [], rels: [] });
  const [mark, setMark] = useState<{ ids: string[]; start?: string; end?: string }>({ ids: [] });
  const [sel, setSel] = useState<string | null>(url.sel ?? null);
  const [detailLevels, setDetailLevels] = useState<string[]>([]);
  const [cells, setCells] = useState<{ status: 'idle' | 'loading' | 'done' | 'error'; cells: Cell[]; error?: string }>({ status: 'idle', cells: [] });
  const [ends, setEnds] = useState<{ from: string; to: string }>({ from: url.from ?? '', to: url.to ?? '' });
  const [needFilter, setNeedFilter] = useState<NeedFilterForm>(EMPTY_NEED_FILTER);
  const [needSel, setNeedSel] = useState<GNode | null>(null);
  /** Match evidence is on screen (marked at the caller's clearance: relationship levels are not told). */
  const [matchesOn, setMatchesOn] = useState(false);
  const [requests, setRequests] = useState<RequestsState>({ status: 'idle', rows: [] });
  const [requestStatus, setRequestStatus] = useState('');
  const [changes, setChanges] = useState<Change[]>([]);
  const [whatIf, setWhatIf] = useState<CoverageWhatIf | null>(null);
  const links = useRef(new Map<string, Link>());
  const graphRef = useRef<GraphHandle>(null);
  const seq = useRef(0);

  // --- the classification on screen ---------------------------------------------------------------
  const level = useMemo(
    () =>
      highest([
        ...graph.nodes.map((n) => n.classification),
        ...graph.rels.map((r) => r.classification),
        ...results.rows.map((n) => n.classification),
        ...detailLevels,
        // coverage counts: the API does not say which classified facilities they count
        ...(mode === 'coverage' && (cells.cells.length || whatIf?.status === 'done') ? [viewer.clearance] : []),
        // match evidence: the API does not say how classified the relationships along its paths are
        ...(mode === 'needs' && matchesOn ? [viewer.clearance] : []),
        // a request is as classified as the most classified of what it names
        ...(mode === 'requests' ? requests.rows.flatMap((r) => [r.institution.classification, r.facility.classification, r.need?.classification]) : []),
      ]),
    [graph, results, detailLevels, mode, cells, viewer, whatIf, matchesOn, requests],
  );
  useEffect(() => onLevel(level), [level]);
  useEffect(() => () => onLevel('PUBLIC'), []);

  // --- the URL follows the view ---------------------------------------------------------------------
  useEffect(() => {
    writeUrl({ mode, ...form, sel: sel ?? '', lang, ...(mode === 'path' ? ends : {}) });
  }, [mode, form, sel, lang, ends]);

  // --- select options ---------------------------------------------------------------------------------
  useEffect(() => {
    (async () => {
      const districts: GNode[] = [];
      const technologies: Array<GNode & { parent?: { id: string } | null }> = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const d: Awaited<ReturnType<typeof fetchOptions>> = await fetchOptions(after);
        if (i === 0) districts.push(...d.districts.nodes);
        technologies.push(...d.technologies.nodes);
        if (!d.technologies.pageInfo.hasNextPage) break;
        after = d.technologies.pageInfo.endCursor ?? null;
      }
      setOptions({ status: 'done', districts, technologies });
    })().catch((e) => !(e instanceof StaleAnswer) && setOptions({ status: 'error', districts: [], technologies: [], error: errorText(e, lang) }));
  }, []);

  // --- a shared link replays its query with the opener's clearance ---------------------------------------
  useEffect(() => {
    if (mode === 'explore' && (form.text || form.district || form.technology || form.kind || form.access)) void runExplore(form, url.sel);
    if (mode === 'network') void runNetwork(form.district, form.technology);
    if (mode === 'coverage') void runCoverage(form.district, form.technology);
    if (mode === 'needs') {
      // a link to a need finds it whatever its status
      const f = url.sel ? { ...needFilter, status: '' } : needFilter;
      setNeedFilter(f);
      void listNeeds(f, url.sel);
    }
    if (mode === 'requests') void loadRequests('');
  }, []);

  /** Runs `work` unless a newer request started meanwhile; answers of another session are dropped. */
  async function latest<T>(work: () => Promise<T>): Promise<T | undefined> {
    const mine = ++seq.current;
    try {
      const out = await work();
      return mine === seq.current ? out : undefined;
    } catch (e) {
      if (e instanceof StaleAnswer || mine !== seq.current) return undefined;
      throw e;
    }
  }

  function showResults(rows: GNode[], title: TitlePart[], query: string, total = rows.length, draw = true) {
    setResults({ status: 'done', rows, total, title, query });
    if (draw) {
      setGraph({ nodes: rows, rels: [] });
      setMark({ ids: [] });
    }
  }

  // --- explore: search, filters, or both ----------------------------------------------------------------
  async function runExplore(f: Form, select?: string) {
    const text = f.text.trim();
    const facility = !!(f.district || f.technology || f.kind || f.access) || f.label === 'Facility';
    if (!text && !facility) return setResults(COLD);
    setResults((r) => ({ ...r, status: 'loading' }));
    const filter: Record<string, unknown> = {};
    if (f.district) filter.district = f.district;
    if (f.technology) filter.technology = f.technology;
    if (f.kind) filter.kind = [f.kind];
    if (f.access) filter.access = [f.access];
    const title: TitlePart[] = [
      ...(text ? [`“${text}”`] : []),
      ...(['label', 'district', 'technology', 'kind', 'access'] as const).flatMap((k): TitlePart[] => (!f[k] ? [] : k === 'district' || k === 'technology' ? [{ option: f[k] }] : [{ code: f[k] }])),
    ];
    try {
      const out = await latest(async () => {
        let rows: GNode[];
        let total: number;
        let query: string;
        if (text && !facility) {
          const labels = f.label ? [f.label as never] : null;
          rows = (await request(SearchQuery, { text, labels, first: 50 })).search.map((h) => h.node);
          total = rows.length;
          query = `search(text: ${JSON.stringify(text)}${labels ? `, labels: [${f.label}]` : ''}, first: 50)`;
        } else if (text) {
          // full-text search ranks, the facility filter narrows: the hits that pass, in rank order
          const hits = (await request(SearchQuery, { text, labels: ['Facility'], first: 100 })).search.map((h) => h.node.id);
          const page = hits.length ? (await request(FacilitiesQuery, { filter: { ...filter, ids: hits } })).facilities : { nodes: [], totalCount: 0 };
          rows = [...page.nodes].sort((a, b) => hits.indexOf(a.id) - hits.indexOf(b.id));
          total = page.totalCount;
          query = `search(text: ${JSON.stringify(text)}, labels: [Facility], first: 100) ∩ facilities(filter: ${JSON.stringify(filter)})`;
        } else {
          const page = (await request(FacilitiesQuery, { filter })).facilities;
          rows = page.nodes;
          total = page.totalCount;
          query = `facilities(filter: ${JSON.stringify(filter)}, first: 100)`;
        }
        const suggestions = rows.length ? undefined : await suggest(text, facility);
        return { rows, total, query, suggestions };
      });
      if (!out) return;
      setResults({ status: 'done', rows: out.rows, total: out.total, title, query: out.query, suggestions: out.suggestions });
      setGraph({ nodes: out.rows, rels: [] });
      setMark({ ids: [] });
      setSel(select && out.rows.some((r) => r.id === select) ? select : null);
    } catch (e) {
      setResults({ status: 'error', rows: [], title, query: '', error: errorText(e, lang) });
    }
  }

  /** Other spellings that find something: the other Chinese script, or the text without filters. */
  async function suggest(text: string, filtered: boolean): Promise<Results['suggestions']> {
    if (!text) return [];
    const variants = new Set<string>();
    if (hasCjk(text)) {
      variants.add(toSimplified(text));
      variants.add(await toTraditional(text));
    }
    if (filtered) variants.add(text);
    else variants.delete(text);
    const out: NonNullable<Results['suggestions']> = [];
    for (const v of variants) {
      const hits = (await request(SearchQuery, { text: v, labels: null, first: 20 })).search;
      if (hits.length) out.push({ text: v, count: hits.length });
    }
    return out;
  }

  const optionName = (id: string) => {
    const n = [...options.districts, ...options.technologies].find((o) => o.id === id);
    return n ? nameOf(n, lang) : id;
  };
  const titleText = (parts: TitlePart[]) =>
    parts.map((p) => (typeof p === 'string' ? p : 'option' in p ? optionName(p.option) : 'code' in p ? code(p.code, lang) : t(p.key, lang))).join(' · ');

  // --- path ---------------------------------------------------------------------------------------------
  function showPath(p: FoundPath | null) {
    if (!p) {
      setGraph({ nodes: [], rels: [] });
      setMark({ ids: [] });
      return setResults(COLD);
    }
    setGraph({ nodes: p.nodes, rels: p.relationships });
    setMark({ ids: [...p.nodes.map((n) => n.id), ...p.relationships.map((r) => r.id)], start: p.nodes[0]?.id, end: p.nodes.at(-1)?.id });
    setResults({ status: 'done', rows: p.nodes, total: p.nodes.length, title: [{ key: 'path' }, `${nameOf(p.nodes[0]!, lang)} … ${nameOf(p.nodes.at(-1)!, lang)}`], query: p.query });
  }

  // --- shared network ------------------------------------------------------------------------------------
  async function runNetwork(district: string, technology: string) {
    setResults({ ...COLD, status: 'loading' });
    try {
      const net = await latest(() => request(NetworkQuery, { district: district || null, technology: technology || null }));
      if (!net) return;
      const n = net.sharedFacilityNetwork;
      links.current.clear();
      const rels: GRel[] = n.links.map((l) => {
        const id = `${l.source.id}|SHARES|${l.target.id}`;
        links.current.set(id, { source: l.source.id, target: l.target.id, facilities: l.facilities });
        // a link is as classified as the most classified thing it stands for
        return { id, type: 'SHARES', from: l.source.id, to: l.target.id, classification: highest([l.source.classification, l.target.classification, ...l.facilities.map((f) => f.classification)]), weight: l.weight };
      });
      setGraph({ nodes: n.institutions, rels });
      setMark({ ids: [] });
      setResults({ status: 'done', rows: n.institutions, title: [{ key: 'network' }, ...[district, technology].filter(Boolean).map((option) => ({ option }))], query: `sharedFacilityNetwork(district: ${JSON.stringify(district || null)}, technology: ${JSON.stringify(technology || null)})` });
    } catch (e) {
      setResults({ status: 'error', rows: [], title: [{ key: 'network' }], query: '', error: errorText(e, lang) });
    }
  }

  function openLink(id: string) {
    const link = links.current.get(id);
    if (!link) return;
    const names = [link.source, link.target].map((x) => graph.nodes.find((n) => n.id === x)).map((n) => (n ? nameOf(n, lang) : '?'));
    setResults({ status: 'done', rows: link.facilities, title: [`${t('sharedBy', lang)} ${names.join(' & ')}`], query: `sharedFacilityNetwork.links[${id}].facilities` });
    setMark({ ids: [id, link.source, link.target] });
  }

  // --- coverage --------------------------------------------------------------------------------------------
  async function runCoverage(district: string, technology: string) {
    setCells({ status: 'loading', cells: [] });
    try {
      const out = await latest(() => request(CoverageQuery, { districts: district ? [district] : null, technology: technology || null }));
      if (out) setCells({ status: 'done', cells: out.facilityCoverage });
    } catch (e) {
      setCells({ status: 'error', cells: [], error: errorText(e, lang) });
    }
  }

  async function drill(cell: Cell) {
    setResults((r) => ({ ...r, status: 'loading' }));
    const filter = { district: cell.district.id, technology: cell.technology.id };
    try {
      const out = await latest(() => request(FacilitiesQuery, { filter }));
      if (out) showResults(out.facilities.nodes, [`${nameOf(cell.district, lang)} × ${nameOf(cell.technology, lang)}`], `facilities(filter: ${JSON.stringify(filter)})`, out.facilities.totalCount);
    } catch (e) {
      setResults({ status: 'error', rows: [], title: [], query: '', error: errorText(e, lang) });
    }
  }

  // --- needs: list, match (drawn with its evidence), publish ------------------------------------------
  async function listNeeds(f: NeedFilterForm, chosenId?: string) {
    setResults((r) => ({ ...r, status: 'loading' }));
    const filter: Record<string, unknown> = {};
    if (f.text.trim()) filter.text = f.text.trim();
    if (f.status) filter.status = [f.status];
    if (f.kind) filter.kind = [f.kind];
    if (f.technology) filter.technology = f.technology;
    const title: TitlePart[] = [{ key: 'needs' }, ...(f.text.trim() ? [`“${f.text.trim()}”`] : []), ...(f.status ? [{ code: f.status }] : []), ...(f.kind ? [{ code: f.kind }] : []), ...(f.technology ? [{ option: f.technology }] : [])];
    try {
      const out = await latest(() => request(NeedsQuery, { filter }));
      if (!out) return;
      setMatchesOn(false);
      showResults(out.needs.nodes, title, `needs(filter: ${JSON.stringify(filter)}, first: 100)`, out.needs.totalCount);
      // a shared link's selected need, when the opener may see it, is ready to match
      const chosen = chosenId ? out.needs.nodes.find((n) => n.id === chosenId) : undefined;
      if (chosen) setNeedSel(chosen);
    } catch (e) {
      setResults({ status: 'error', rows: [], title, query: '', error: errorText(e, lang) });
    }
  }

  function showMatches(need: GNode, matches: Match[] | null) {
    if (!matches) return;
    const nodes = new Map<string, GNode>([[need.id, need]]);
    const rels = new Map<string, GRel>();
    for (const m of matches) {
      nodes.set(m.candidate.id, m.candidate);
      const id = `${need.id}|MATCHES|${m.candidate.id}`;
      rels.set(id, { id, type: 'MATCHES', from: need.id, to: m.candidate.id, classification: highest([need.classification, m.candidate.classification]), weight: m.score });
      for (const e of m.evidence) {
        for (const n of e.path) if (!nodes.has(n.id)) nodes.set(n.id, n);
        for (let i = 1; i < e.path.length; i++) {
          const [a, b] = [e.path[i - 1]!, e.path[i]!];
          const rid = `${a.id}|EVIDENCE|${b.id}`;
          if (!rels.has(rid) && a.id !== b.id) rels.set(rid, { id: rid, type: 'EVIDENCE', from: a.id, to: b.id, classification: highest([a.classification, b.classification]) });
        }
      }
    }
    setGraph({ nodes: [...nodes.values()], rels: [...rels.values()] });
    setMark({ ids: [need.id], start: need.id });
    setMatchesOn(true);
    setResults({ status: 'done', rows: matches.map((m) => m.candidate), title: [{ key: 'matchFor' }, nameOf(need, lang)], query: `matchNeed(id: ${JSON.stringify(need.id)}, first: 20)` });
  }

  // --- access requests ------------------------------------------------------------------------------------
  async function loadRequests(status: string) {
    if (!viewer.subject) return setRequests({ status: 'done', rows: [] });
    setRequests((r) => ({ ...r, status: 'loading' }));
    try {
      const rows: AccessRequest[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: Awaited<ReturnType<typeof fetchRequests>> | undefined = await latest(() => fetchRequests(status, after));
        if (!page) return;
        rows.push(...(page.accessRequests.nodes as AccessRequest[]));
        if (!page.accessRequests.hasNextPage) break;
        after = page.accessRequests.endCursor ?? null;
      }
      setRequests({ status: 'done', rows });
    } catch (e) {
      setRequests({ status: 'error', rows: [], error: errorText(e, lang) });
    }
  }

  // --- what-if coverage -------------------------------------------------------------------------------------
  async function runWhatIf() {
    if (!changes.length) return;
    setWhatIf({ status: 'loading', before: [], after: [], closed: [], opened: [] });
    try {
      const out = await latest(() => request(CoverageWhatIfQuery, { districts: form.district ? [form.district] : null, technology: form.technology || null, scenario: scenarioOf(changes) }));
      if (out) setWhatIf({ status: 'done', ...out.facilityCoverageWhatIf });
    } catch (e) {
      setWhatIf({ status: 'error', before: [], after: [], closed: [], opened: [], error: errorText(e, lang) });
    }
  }

  // --- graph ↔ list ↔ details ---------------------------------------------------------------------------
  function addToGraph(nodes: GNode[], rels: GRel[]) {
    setGraph((g) => {
      const known = new Set(g.nodes.map((n) => n.id));
      const knownRels = new Set(g.rels.map((r) => r.id));
      return { nodes: [...g.nodes, ...nodes.filter((n) => !known.has(n.id) && known.add(n.id))], rels: [...g.rels, ...rels.filter((r) => !knownRels.has(r.id) && knownRels.add(r.id))] };
    });
  }

  function select(id: string | null, node?: GNode) {
    setSel(id);
    const picked = node ?? [...results.rows, ...graph.nodes].find((n) => n.id === id);
    // the need to match stays chosen while its candidates are looked at
    if (picked?.__typename === 'Need') setNeedSel(picked);
    if (id && node && !graph.nodes.some((n) => n.id === id)) addToGraph([node], []);
  }

  // --- exports ---------------------------------------------------------------------------------------------
  function marking(): Marking {
    const title = [t('title', lang), t(mode, lang), titleText(results.title)].filter(Boolean).join(' · ');
    const query = mode === 'coverage' ? `facilityCoverage(districts: ${JSON.stringify(form.district ? [form.district] : null)}, technology: ${JSON.stringify(form.technology || null)})` : results.query || '—';
    return { level, levelText: `${code(level, lang)} (${level})`, title, date: new Date().toISOString(), query, viewer: `${viewer.subject ?? t('anonymous', lang)} · ${viewer.clearance}` };
  }

  async function exportPng() {
    const m = marking();
    const legend = legendLines(graph, lang);
    const content = mode === 'coverage' ? { table: coverageTable(cells.cells, lang), empty: t('noResults', lang) } : { image: graphRef.current?.png() || undefined, empty: t('noResults', lang) };
    download(fileName(m, 'png'), await pngExport(m, content, legend));
  }

  function exportJson() {
    const m = marking();
    const payload = mode === 'coverage' ? { cells: cells.cells } : { nodes: graph.nodes, relationships: graph.rels, results: results.rows };
    download(fileName(m, 'json'), jsonExport(m, payload));
  }

  function exportCsv() {
    const m = marking();
    const header = [t('name', lang), t('originalName', lang), t('nameEn', lang), t('type', lang), t('kind', lang), t('access', lang), t('classification', lang), t('id', lang)];
    const rows = results.rows.map((n) => [nameOf(n, lang), n.name, n.nameEn ?? '', code(n.__typename, lang), n.facilityKind ? code(n.facilityKind, lang) : '', n.access ? code(n.access, lang) : '', n.classification, n.id]);
    download(fileName(m, 'csv'), csvExport(m, header, rows));
  }

  function clearAll() {
    seq.current++;
    setResults(COLD);
    setGraph({ nodes: [], rels: [] });
    setMark({ ids: [] });
    setSel(null);
    setCells({ status: 'idle', cells: [] });
    setForm(EMPTY_FORM);
    setEnds({ from: '', to: '' });
    setNeedSel(null);
    setMatchesOn(false);
    setRequests({ status: 'idle', rows: [] });
    setChanges([]);
    setWhatIf(null);
  }

  const changeMode = (m: Mode) => {
    setMode(m);
    seq.current++;
    setSel(null);
    setResults(COLD);
    setGraph({ nodes: [], rels: [] });
    setMark({ ids: [] });
    setMatchesOn(false);
    setNeedSel(null);
    setWhatIf(null);
    if (m === 'needs') void listNeeds(needFilter);
    if (m === 'requests') void loadRequests(requestStatus);
  };

  const MODES: Mode[] = ['explore', 'path', 'network', 'coverage', 'needs', 'requests'];
  return (
    <main class="workspace" id="main">
      <section class="controls" aria-label={t('modes', lang)}>
        <div class="tabs" role="tablist" aria-label={t('modes', lang)}>
          {MODES.map((m) => (
            <button type="button" role="tab" id={`tab-${m}`} class="tab" aria-selected={mode === m} aria-controls="mode-panel" onClick={() => changeMode(m)}>
              {t(m, lang)}
            </button>
          ))}
        </div>
        <div id="mode-panel" role="tabpanel" aria-labelledby={`tab-${mode}`}>
          {mode === 'explore' && <ExplorePanel lang={lang} form={form} options={options} onForm={setForm} onRun={(f) => void runExplore(f)} />}
          {mode === 'path' && <PathPanel lang={lang} ends={ends} onEnds={setEnds} onPath={showPath} />}
          {(mode === 'network' || mode === 'coverage') && (
            <ExplorePanel lang={lang} form={form} options={options} onForm={setForm} only={['district', 'technology']} submitLabel={mode === 'network' ? 'showNetwork' : 'showCoverage'} onRun={(f) => (setWhatIf(null), void (mode === 'network' ? runNetwork(f.district, f.technology) : runCoverage(f.district, f.technology)))} />
          )}
          {mode === 'coverage' && (
            <WhatIfPanel lang={lang} viewer={viewer} options={options} changes={changes} busy={whatIf?.status === 'loading'} onChanges={setChanges} onEvaluate={() => void runWhatIf()} onReset={() => (setChanges([]), setWhatIf(null))} />
          )}
          {mode === 'needs' && (
            <NeedsPanel
              lang={lang}
              viewer={viewer}
              options={options}
              filter={needFilter}
              onFilter={setNeedFilter}
              onList={(f) => void listNeeds(f)}
              need={needSel}
              onMatches={showMatches}
              onPublished={(n) => {
                setNeedSel(n);
                setSel(n.id);
                setResults({ status: 'done', rows: [n], title: [{ key: 'published' }], query: 'publishNeed' });
                setGraph({ nodes: [n], rels: [] });
                setMatchesOn(false);
              }}
              onSelect={(n) => select(n.id, n)}
            />
          )}
          {mode === 'requests' && (
            <div class="requests-panel">
              <label class="field">
                <span>{t('status', lang)}</span>
                <select id="request-status" value={requestStatus} onChange={(e) => (setRequestStatus(e.currentTarget.value), void loadRequests(e.currentTarget.value))}>
                  <option value="">{t('anyStatus', lang)}</option>
                  {['PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN'].map((st) => <option value={st}>{code(st, lang)}</option>)}
                </select>
              </label>
              <button type="button" id="requests-refresh" onClick={() => void loadRequests(requestStatus)}>{t('refresh', lang)}</button>
              {viewer.institution ? (
                <details class="new-request">
                  <summary>{t('newRequest', lang)}</summary>
                  <RequestForm key={requests.rows.length} lang={lang} facility={null} need={null} idPrefix="new-request" onDone={() => void loadRequests(requestStatus)} />
                </details>
              ) : (
                viewer.subject && <p class="hint">{t('noInstitution', lang)}</p>
              )}
            </div>
          )}
        </div>
        <div class="actions">
          <button type="button" id="export-png" onClick={() => void exportPng()}>{t('exportPng', lang)}</button>
          <button type="button" id="export-json" onClick={exportJson}>{t('exportJson', lang)}</button>
          <button type="button" id="clear" onClick={clearAll}>{t('clear', lang)}</button>
        </div>
      </section>
      <section class={`stage${mode === 'requests' ? ' is-table' : mode !== 'coverage' && !graph.nodes.length ? ' is-empty' : ''}`} aria-label={mode === 'coverage' ? t('coverage', lang) : mode === 'requests' ? t('requests', lang) : t('graph', lang)}>
        {mode === 'coverage' ? (
          <CoverageView lang={lang} state={cells} viewer={viewer} whatIf={whatIf} onCell={(c) => void drill(c)} />
        ) : mode === 'requests' ? (
          <RequestsView
            lang={lang}
            viewer={viewer}
            state={requests}
            onChanged={(r) => setRequests((s) => ({ ...s, rows: s.rows.map((x) => (x.id === r.id ? r : x)) }))}
            onSelect={(n) => select(n.id, n)}
          />
        ) : (
          <GraphPane handle={graphRef} lang={lang} nodes={graph.nodes} rels={graph.rels} selected={sel} mark={mark} onSelect={(id) => select(id)} onEdge={openLink} onExpand={addToGraph} />
        )}
      </section>
      <section class="side" aria-label={t('results', lang)}>
        <ResultsList lang={lang} results={results} title={titleText(results.title)} selected={sel} onSelect={(n) => select(n.id, n)} onExport={exportCsv} onSuggestion={(text) => {
          const f = { ...form, text, ...(results.suggestions && form.text === text ? { district: '', technology: '', kind: '', access: '', label: '' } : {}) };
          setForm(f);
          void runExplore(f);
        }} onExample={(f) => {
          setMode('explore');
          setForm(f);
          void runExplore(f);
        }} />
        <Details key={`${epoch}:${sel}`} id={sel} lang={lang} onLevels={setDetailLevels} onSelect={(n, via) => (addToGraph([n], via ? [via] : []), setSel(n.id))} onExpand={addToGraph} />
      </section>
    </main>
  );
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
