/**
 * The needs view's controls: list and filter published needs, publish one (editors), match the
 * selected need (candidates with the evidence behind every point, drawn on the graph by the
 * workspace) and ask to use a matched facility for it.
 */
import { useEffect, useState } from 'preact/hooks';
import { LEVELS, rank } from '../classification.js';
import { code, nameOf, t, zh, type Lang } from '../i18n.js';
import type { GNode } from '../model.js';
import { CertificationsQuery, MatchQuery, PublishNeedMutation } from '../queries.js';
import { request, StaleAnswer, type Viewer } from '../session.js';
import type { Options } from './explore-panel.js';
import { RequestForm } from './requests-view.js';
import { errorText } from './workspace.js';

export interface NeedFilterForm {
  text: string;
  status: string;
  kind: string;
  technology: string;
}
export const EMPTY_NEED_FILTER: NeedFilterForm = { text: '', status: 'OPEN', kind: '', technology: '' };

export interface Evidence {
  kind: string;
  points: number;
  detail: string;
  path: GNode[];
}
export interface Match {
  candidate: GNode;
  score: number;
  eligible: boolean;
  missingCertifications: GNode[];
  evidence: Evidence[];
}

const NEED_KINDS = ['RESEARCH', 'TESTING', 'PROCUREMENT'];
const NEED_STATUSES = ['OPEN', 'MATCHED', 'CLOSED'];
/** Need statuses in words (OPEN and CLOSED mean something else for facilities). */
const STATUS_NAMES: Record<string, [string, string]> = { OPEN: ['徵集中', 'open'], MATCHED: ['已匹配', 'matched'], CLOSED: ['已關閉', 'closed'] };
export const needStatus = (s: string, lang: Lang) => (STATUS_NAMES[s] ? (lang === 'en' ? STATUS_NAMES[s]![1] : zh(STATUS_NAMES[s]![0], lang)) : s);

/** An evidence path in words: the names along it. */
export const evidencePath = (e: Evidence, lang: Lang) => e.path.map((n) => nameOf(n, lang)).join(' → ');

export function NeedsPanel(props: {
  lang: Lang;
  viewer: Viewer;
  options: Options;
  filter: NeedFilterForm;
  onFilter(f: NeedFilterForm): void;
  onList(f: NeedFilterForm): void;
  /** The selected node when it is a need. */
  need: GNode | null;
  onMatches(need: GNode, matches: Match[] | null): void;
  onPublished(need: GNode): void;
  onSelect(n: GNode): void;
}) {
  const { lang, viewer, filter, need } = props;
  const editor = viewer.roles.includes('editor') || viewer.roles.includes('admin');
  const [all, setAll] = useState(false);
  const [state, setState] = useState<{ status: 'idle' | 'loading' | 'done' | 'error'; matches: Match[]; for?: string; error?: string }>({ status: 'idle', matches: [] });
  const [asking, setAsking] = useState<string | null>(null);
  const set = (patch: Partial<NeedFilterForm>) => props.onFilter({ ...filter, ...patch });

  // another need selected: its matches are not these
  useEffect(() => {
    if (state.for && state.for !== need?.id) {
      setState({ status: 'idle', matches: [] });
      setAsking(null);
    }
  }, [need?.id]);

  const match = async () => {
    if (!need) return;
    setState({ status: 'loading', matches: [], for: need.id });
    try {
      const matches = (await request(MatchQuery, { id: need.id, includeIneligible: all })).matchNeed as Match[];
      setState({ status: 'done', matches, for: need.id });
      props.onMatches(need, matches);
    } catch (e) {
      if (!(e instanceof StaleAnswer)) setState({ status: 'error', matches: [], for: need.id, error: errorText(e, lang) });
    }
  };

  return (
    <div class="needs-panel">
      <form
        class="explore-form"
        aria-label={t('needs', lang)}
        onSubmit={(e) => {
          e.preventDefault();
          props.onList(filter);
        }}
      >
        <label class="field">
          <span>{t('search', lang)}</span>
          <input id="need-text" type="search" autocomplete="off" value={filter.text} onInput={(e) => set({ text: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('needStatus', lang)}</span>
          <select id="need-status" value={filter.status} onChange={(e) => set({ status: e.currentTarget.value })}>
            <option value="">{t('any', lang)}</option>
            {NEED_STATUSES.map((s) => <option value={s}>{needStatus(s, lang)}</option>)}
          </select>
        </label>
        <label class="field">
          <span>{t('needKind', lang)}</span>
          <select id="need-kind" value={filter.kind} onChange={(e) => set({ kind: e.currentTarget.value })}>
            <option value="">{t('any', lang)}</option>
            {NEED_KINDS.map((k) => <option value={k}>{code(k, lang)}</option>)}
          </select>
        </label>
        <TechnologySelect id="need-technology" lang={lang} options={props.options} value={filter.technology} onChange={(technology) => set({ technology })} />
        <button type="submit" id="needs-list" class="primary">{t('listNeeds', lang)}</button>
      </form>

      <section class="match-section" aria-labelledby="match-title">
        <h2 id="match-title">{t('match', lang)}</h2>
        <p class="hint" id="match-need">{need ? nameOf(need, lang) : t('selectNeed', lang)}</p>
        <label class="check">
          <input type="checkbox" id="include-ineligible" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> {t('includeIneligible', lang)}
        </label>
        <button type="button" id="match-run" class="primary" disabled={!need} onClick={() => void match()}>
          {t('match', lang)}
        </button>
        <div role="status" class="match-state">
          {state.status === 'loading' && t('loading', lang)}
          {state.status === 'done' && !state.matches.length && t('noMatches', lang)}
        </div>
        {state.status === 'error' && <p role="alert" class="error">{state.error}</p>}
        {state.matches.length > 0 && (
          <>
            <p class="marking-note">
              {t('matchMarking', lang)} ({code(viewer.clearance, lang)})
            </p>
            <ol id="match-list" class="matches">
              {state.matches.map((m) => (
                <li data-id={m.candidate.id} class="match">
                  <div class="match-head">
                    <button type="button" class="link match-name" onClick={() => props.onSelect(m.candidate)}>
                      {nameOf(m.candidate, lang)}
                    </button>{' '}
                    <small>{code(m.candidate.__typename, lang)}</small>{' '}
                    <strong class="match-score">
                      {m.score} {t('points', lang)}
                    </strong>{' '}
                    <span class={`chip ${m.eligible ? 'ok' : 'bad'}`}>{t(m.eligible ? 'eligible' : 'ineligible', lang)}</span>
                  </div>
                  {m.missingCertifications.length > 0 && (
                    <p class="missing">
                      {t('missingCerts', lang)}: {m.missingCertifications.map((c) => nameOf(c, lang)).join('、')}
                    </p>
                  )}
                  <ul class="evidence" aria-label={`${t('evidence', lang)}: ${nameOf(m.candidate, lang)}`}>
                    {m.evidence.map((e) => (
                      <li data-kind={e.kind}>
                        <span class="points">+{e.points}</span> {code(e.kind, lang)}: {evidencePath(e, lang)}
                      </li>
                    ))}
                  </ul>
                  {m.candidate.__typename === 'Facility' &&
                    (viewer.institution ? (
                      asking === m.candidate.id ? (
                        <RequestForm lang={lang} facility={m.candidate.id} need={need?.id ?? null} idPrefix={`req-${rankOf(m, state.matches)}`} />
                      ) : (
                        <button type="button" class="request-use" onClick={() => setAsking(m.candidate.id)}>
                          {t('requestUse', lang)}
                        </button>
                      )
                    ) : null)}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      {editor ? <PublishForm lang={lang} viewer={viewer} options={props.options} onPublished={props.onPublished} /> : <p class="hint">{t('publishOnlyEditors', lang)}</p>}
    </div>
  );
}

const rankOf = (m: Match, all: Match[]) => all.indexOf(m);

function TechnologySelect(props: { id: string; lang: Lang; options: Options; value: string; required?: boolean; onChange(id: string): void }) {
  const { lang, options } = props;
  const busy = options.status === 'loading';
  return (
    <label class="field">
      <span>{t('technology', lang)}</span>
      <select id={props.id} value={props.value} required={props.required} aria-busy={busy} disabled={busy} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{busy ? t('loadingOptions', lang) : props.required ? '—' : t('any', lang)}</option>
        {options.technologies.map((n) => (
          <option value={n.id}>{nameOf(n, lang)}</option>
        ))}
      </select>
    </label>
  );
}

interface Draft {
  name: string;
  nameEn: string;
  kind: string;
  technology: string;
  certifications: string[];
  district: string;
  deadline: string;
  description: string;
  mandatory: boolean;
  classification: string;
}
const EMPTY_DRAFT: Draft = { name: '', nameEn: '', kind: 'TESTING', technology: '', certifications: [], district: '', deadline: '', description: '', mandatory: false, classification: 'PUBLIC' };

function PublishForm(props: { lang: Lang; viewer: Viewer; options: Options; onPublished(n: GNode): void }) {
  const { lang, viewer } = props;
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [certs, setCerts] = useState<GNode[]>([]);
  const [state, setState] = useState<{ status: 'idle' | 'sending' | 'done' | 'error'; message?: string }>({ status: 'idle' });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  useEffect(() => {
    request(CertificationsQuery, {}, true).then(
      (d) => setCerts(d.certifications.nodes),
      () => setCerts([]),
    );
  }, []);
  const levels = LEVELS.filter((l) => rank(l) <= rank(viewer.clearance));

  const publish = async () => {
    setState({ status: 'sending' });
    try {
      const input = {
        name: draft.name.trim(),
        nameEn: draft.nameEn.trim() || null,
        kind: draft.kind as never,
        classification: draft.classification as never,
        sources: [`PUBLISHED IN THE EXPLORER BY ${viewer.subject ?? 'anonymous'} ${new Date().toISOString().slice(0, 10)}`],
        description: draft.description.trim() || null,
        deadline: draft.deadline || null,
        certificationsMandatory: draft.mandatory,
        technologies: [draft.technology],
        certifications: draft.certifications,
        preferredLocations: draft.district ? [draft.district] : [],
        // a derived id needs an English name: the title in pinyin is not asked for, so an id is made here
        id: draft.nameEn.trim() ? null : `need:published-${Date.now().toString(36)}`,
      };
      const out = await request(PublishNeedMutation, { input });
      setState({ status: 'done', message: t('published', lang) });
      setDraft(EMPTY_DRAFT);
      props.onPublished(out.publishNeed.need);
    } catch (e) {
      if (!(e instanceof StaleAnswer)) setState({ status: 'error', message: errorText(e, lang) });
    }
  };

  return (
    <details class="publish" id="publish">
      <summary>{t('publishNeed', lang)}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void publish();
        }}
      >
        <label class="field">
          <span>{t('needTitle', lang)}</span>
          <input id="pub-name" required value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('needTitleEn', lang)}</span>
          <input id="pub-name-en" value={draft.nameEn} onInput={(e) => set({ nameEn: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('needKind', lang)}</span>
          <select id="pub-kind" value={draft.kind} onChange={(e) => set({ kind: e.currentTarget.value })}>
            {NEED_KINDS.map((k) => <option value={k}>{code(k, lang)}</option>)}
          </select>
        </label>
        <TechnologySelect id="pub-technology" lang={lang} options={props.options} value={draft.technology} required onChange={(technology) => set({ technology })} />
        <fieldset class="certs">
          <legend>{t('requiredCerts', lang)}</legend>
          {certs.map((c) => (
            <label class="check">
              <input
                type="checkbox"
                value={c.id}
                checked={draft.certifications.includes(c.id)}
                onChange={(e) => set({ certifications: e.currentTarget.checked ? [...draft.certifications, c.id] : draft.certifications.filter((x) => x !== c.id) })}
              />{' '}
              {nameOf(c, lang)}
            </label>
          ))}
          <label class="check">
            <input type="checkbox" id="pub-mandatory" checked={draft.mandatory} onChange={(e) => set({ mandatory: e.currentTarget.checked })} /> {t('mandatory', lang)}
          </label>
        </fieldset>
        <label class="field">
          <span>{t('preferredDistrict', lang)}</span>
          <select id="pub-district" value={draft.district} onChange={(e) => set({ district: e.currentTarget.value })}>
            <option value="">{t('any', lang)}</option>
            {props.options.districts.map((d) => <option value={d.id}>{nameOf(d, lang)}</option>)}
          </select>
        </label>
        <label class="field">
          <span>{t('deadline', lang)}</span>
          <input id="pub-deadline" type="date" value={draft.deadline} onInput={(e) => set({ deadline: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('description', lang)}</span>
          <textarea id="pub-description" rows={3} value={draft.description} onInput={(e) => set({ description: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('needClassification', lang)}</span>
          <select id="pub-classification" value={draft.classification} onChange={(e) => set({ classification: e.currentTarget.value })}>
            {levels.map((l) => <option value={l}>{code(l, lang)}</option>)}
          </select>
        </label>
        <button type="submit" id="pub-submit" class="primary" disabled={state.status === 'sending' || !draft.name.trim() || !draft.technology}>
          {t('publish', lang)}
        </button>
        <p role="status" class="publish-state">{state.status === 'done' && state.message}</p>
        {state.status === 'error' && <p role="alert" class="error">{state.message}</p>}
      </form>
    </details>
  );
}
