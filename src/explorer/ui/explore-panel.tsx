/**
 * The explore form: a search box (either Chinese script or English) combinable with the facility
 * filters, and question templates with parameters.
 */
import { useRef, useState } from 'preact/hooks';
import { code, nameOf, t, zh, type Lang, type StringKey } from '../i18n.js';
import type { GNode } from '../model.js';
import { BUILT_IN, deleteTemplate, saveTemplate, savedTemplates, type Slot, type Template } from '../templates.js';
import { ComposingInput } from './search-input.js';

export interface Form {
  text: string;
  label: string;
  district: string;
  technology: string;
  kind: string;
  access: string;
}
export const EMPTY_FORM: Form = { text: '', label: '', district: '', technology: '', kind: '', access: '' };

export interface Options {
  status: 'loading' | 'done' | 'error';
  districts: GNode[];
  technologies: Array<GNode & { parent?: { id: string } | null }>;
  error?: string;
}

const LABELS = ['Facility', 'Institution', 'Park', 'District', 'Technology', 'Agency', 'Task', 'Standard', 'Document', 'Certification', 'FinancingInstrument', 'IPAsset', 'Phase', 'Goal'];
const KINDS = ['KEY_LAB', 'TEST_PLATFORM', 'ENGINEERING_CENTER', 'POSTDOC_STATION', 'ENTERPRISE_TECH_CENTER', 'LARGE_FACILITY', 'SERVICE_PLATFORM', 'RESEARCH_PLATFORM'];
const ACCESS = ['OPEN', 'CONDITIONAL', 'RESTRICTED', 'CLOSED'];

/** The technology tree, depth-first, with each entry's depth. */
function tree(techs: Options['technologies']): Array<{ node: GNode; depth: number }> {
  const ids = new Set(techs.map((x) => x.id));
  const children = new Map<string | null, GNode[]>();
  for (const x of techs) {
    const parent = x.parent && ids.has(x.parent.id) ? x.parent.id : null;
    children.set(parent, [...(children.get(parent) ?? []), x]);
  }
  const out: Array<{ node: GNode; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const x of children.get(parent) ?? []) {
      out.push({ node: x, depth });
      walk(x.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function templateTitle(tpl: Template, lang: Lang, fill: Partial<Record<Slot, string>> = {}): string {
  const title = lang === 'en' ? tpl.title[1] : zh(tpl.title[0], lang);
  return title.replace(/\{(district|technology)\}/g, (_, slot: Slot) => fill[slot] ?? `[${t(slot, lang)}]`);
}

export function ExplorePanel(props: {
  lang: Lang;
  form: Form;
  options: Options;
  onForm(f: Form): void;
  onRun(f: Form): void;
  only?: Array<keyof Form>;
  submitLabel?: StringKey;
}) {
  const { lang, form, options, onForm, onRun, only } = props;
  const [templates, setTemplates] = useState(savedTemplates);
  const [asking, setAsking] = useState<Template | null>(null);
  const shows = (k: keyof Form) => !only || only.includes(k);
  // type-ahead runs with the form as it is when the typing settles, not as it was when it began
  const current = useRef(form);
  current.current = form;
  const set = (patch: Partial<Form>) => onForm({ ...form, ...patch });
  const techs = tree(options.technologies);
  const busy = options.status === 'loading';

  const select = (id: string, key: 'district' | 'technology') => (
    <label class="field">
      <span>{t(key, lang)}</span>
      <select id={id} value={form[key]} aria-busy={busy} disabled={busy} onChange={(e) => set({ [key]: e.currentTarget.value })}>
        <option value="">{busy ? t('loadingOptions', lang) : t('any', lang)}</option>
        {key === 'district'
          ? options.districts.map((d) => <option value={d.id}>{nameOf(d, lang)}</option>)
          : techs.map(({ node, depth }) => <option value={node.id}>{`${'\u2003'.repeat(depth)}${nameOf(node, lang)}`}</option>)}
      </select>
    </label>
  );

  const useTemplate = (tpl: Template) => {
    const f = { ...EMPTY_FORM, ...tpl.fixed };
    onForm(f);
    if (tpl.slots.length) {
      setAsking(tpl);
      setTimeout(() => document.getElementById(tpl.slots[0] === 'district' ? 'f-district' : 'f-technology')?.focus(), 0);
    } else onRun(f);
  };

  const saveCurrent = () => {
    const slots = (['district', 'technology'] as Slot[]).filter((s) => form[s]);
    const fixed = { text: form.text || undefined, label: form.label || undefined, kind: form.kind || undefined, access: form.access || undefined };
    const words = [form.text && `“${form.text}”`, form.kind && code(form.kind, 'zh-Hant'), form.access && code(form.access, 'zh-Hant')].filter(Boolean).join(' ');
    const wordsEn = [form.text && `“${form.text}”`, form.kind && code(form.kind, 'en'), form.access && code(form.access, 'en')].filter(Boolean).join(' ');
    const place = slots.map((s) => `{${s}}`).join(' · ');
    setTemplates(saveTemplate({ id: `user-${Date.now()}`, title: [`${words || '設施'} ${place}`.trim(), `${wordsEn || 'facilities'} ${place}`.trim()], fixed, slots }));
  };

  return (
    <form
      class="explore-form"
      role="search"
      aria-label={t('search', lang)}
      onSubmit={(e) => {
        e.preventDefault();
        setAsking(null);
        onRun(form);
      }}
    >
      {shows('text') && (
        <label class="field">
          <span>{t('search', lang)}</span>
          <ComposingInput id="search" type="search" autocomplete="off" placeholder={t('searchHint', lang)} value={form.text} onText={(text) => set({ text })} onSettled={(text) => onRun({ ...current.current, text })} />
        </label>
      )}
      {shows('label') && (
        <label class="field">
          <span>{t('type', lang)}</span>
          <select id="f-label" value={form.label} onChange={(e) => set({ label: e.currentTarget.value })}>
            <option value="">{t('any', lang)}</option>
            {LABELS.map((l) => <option value={l}>{code(l, lang)}</option>)}
          </select>
        </label>
      )}
      {options.status === 'error' && <p role="alert" class="error">{options.error}</p>}
      {asking && (
        <p class="asking" role="status">
          {templateTitle(asking, lang)} — {t('chooseParams', lang)} {asking.slots.map((s) => t(s, lang)).join(', ')}
        </p>
      )}
      {shows('district') && select('f-district', 'district')}
      {shows('technology') && select('f-technology', 'technology')}
      {shows('kind') && (
        <label class="field">
          <span>{t('kind', lang)}</span>
          <select id="f-kind" value={form.kind} onChange={(e) => set({ kind: e.currentTarget.value })}>
            <option value="">{t('any', lang)}</option>
            {KINDS.map((k) => <option value={k}>{code(k, lang)}</option>)}
          </select>
        </label>
      )}
      {shows('access') && (
        <label class="field">
          <span>{t('access', lang)}</span>
          <select id="f-access" value={form.access} onChange={(e) => set({ access: e.currentTarget.value })}>
            <option value="">{t('any', lang)}</option>
            {ACCESS.map((k) => <option value={k}>{code(k, lang)}</option>)}
          </select>
        </label>
      )}
      {!only && <p class="hint">{t('filtersFacility', lang)}</p>}
      <button type="submit" id="run" class="primary">{t(props.submitLabel ?? 'run', lang)}</button>
      {!only && (
        <details class="templates">
          <summary>{t('templates', lang)}</summary>
          <ul>
            {[...BUILT_IN, ...templates].map((tpl) => (
              <li>
                <button type="button" class="link template" data-template={tpl.id} onClick={() => useTemplate(tpl)}>
                  {templateTitle(tpl, lang)}
                </button>
                {!tpl.builtIn && (
                  <button type="button" class="link" aria-label={`× ${templateTitle(tpl, lang)}`} onClick={() => setTemplates(deleteTemplate(tpl.id))}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" id="save-template" onClick={saveCurrent}>{t('saveTemplate', lang)}</button>
        </details>
      )}
    </form>
  );
}
