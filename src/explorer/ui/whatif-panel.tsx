/**
 * What-if editing of the coverage view: facilities that would be added, removed or opened. The
 * server evaluates the scenario in a transaction it always rolls back; nothing here is saved.
 */
import { useState } from 'preact/hooks';
import { code, nameOf, t, type Lang } from '../i18n.js';
import type { Viewer } from '../session.js';
import type { Options } from './explore-panel.js';
import { PickInput } from './path-panel.js';

export type Change =
  | { kind: 'add'; name: string; district: string; technology: string; access: string }
  | { kind: 'remove'; facility: string; label: string }
  | { kind: 'open'; facility: string; label: string };

/** The scenario the API takes. */
export function scenarioOf(changes: Change[]) {
  const add = changes.filter((c): c is Extract<Change, { kind: 'add' }> => c.kind === 'add');
  return {
    addFacilities: add.map((c) => ({ name: c.name, district: c.district, technologies: [c.technology], access: c.access as never })),
    removeFacilities: changes.flatMap((c) => (c.kind === 'remove' ? [c.facility] : [])),
    openFacilities: changes.flatMap((c) => (c.kind === 'open' ? [c.facility] : [])),
  };
}

const ACCESS = ['OPEN', 'CONDITIONAL', 'RESTRICTED', 'CLOSED'];

export function WhatIfPanel(props: { lang: Lang; viewer: Viewer; options: Options; changes: Change[]; busy: boolean; onChanges(c: Change[]): void; onEvaluate(): void; onReset(): void }) {
  const { lang, options, changes } = props;
  const [add, setAdd] = useState({ name: '', district: '', technology: '', access: 'OPEN' });
  const [picked, setPicked] = useState<{ remove: string; open: string }>({ remove: '', open: '' });
  // remounts the pickers once their choice is taken
  const [round, setRound] = useState(0);
  const districtName = (id: string) => nameOf(options.districts.find((d) => d.id === id) ?? { name: id }, lang);
  const techName = (id: string) => nameOf(options.technologies.find((d) => d.id === id) ?? { name: id }, lang);

  if (!props.viewer.subject) return <p class="hint whatif">{t('signInForWhatIf', lang)}</p>;

  const describe = (c: Change) =>
    c.kind === 'add'
      ? `+ ${c.name} (${districtName(c.district)} · ${techName(c.technology)} · ${code(c.access, lang)})`
      : c.kind === 'remove'
        ? `− ${c.label}`
        : `${code('OPEN', lang)}: ${c.label}`;

  return (
    <details class="whatif" id="whatif" open>
      <summary>{t('whatIf', lang)}</summary>
      <p class="hint">{t('whatIfHint', lang)}</p>
      <fieldset>
        <legend>{t('addFacility', lang)}</legend>
        <label class="field">
          <span>{t('facilityName', lang)}</span>
          <input id="wi-name" value={add.name} onInput={(e) => setAdd({ ...add, name: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>{t('district', lang)}</span>
          <select id="wi-district" value={add.district} onChange={(e) => setAdd({ ...add, district: e.currentTarget.value })}>
            <option value="">—</option>
            {options.districts.map((d) => <option value={d.id}>{nameOf(d, lang)}</option>)}
          </select>
        </label>
        <label class="field">
          <span>{t('technology', lang)}</span>
          <select id="wi-technology" value={add.technology} onChange={(e) => setAdd({ ...add, technology: e.currentTarget.value })}>
            <option value="">—</option>
            {options.technologies.map((x) => <option value={x.id}>{nameOf(x, lang)}</option>)}
          </select>
        </label>
        <label class="field">
          <span>{t('access', lang)}</span>
          <select id="wi-access" value={add.access} onChange={(e) => setAdd({ ...add, access: e.currentTarget.value })}>
            {ACCESS.map((a) => <option value={a}>{code(a, lang)}</option>)}
          </select>
        </label>
        <button
          type="button"
          id="wi-add"
          disabled={!add.name.trim() || !add.district || !add.technology}
          onClick={() => {
            props.onChanges([...changes, { kind: 'add', name: add.name.trim(), district: add.district, technology: add.technology, access: add.access }]);
            setAdd({ ...add, name: '' });
          }}
        >
          {t('add', lang)}
        </button>
      </fieldset>
      {(['remove', 'open'] as const).map((kind) => (
        <fieldset key={`${kind}-${round}`}>
          <legend>{t(kind === 'remove' ? 'removeFacility' : 'openFacility', lang)}</legend>
          <PickInput id={`wi-${kind}`} label={t('facility', lang)} lang={lang} picked="" labels={['Facility']} onPick={(id) => setPicked((p) => ({ ...p, [kind]: id }))} />
          <button
            type="button"
            id={`wi-${kind}-add`}
            disabled={!picked[kind]}
            onClick={() => {
              const label = (document.getElementById(`wi-${kind}`) as HTMLInputElement | null)?.value || picked[kind];
              props.onChanges([...changes, { kind, facility: picked[kind], label }]);
              setPicked((p) => ({ ...p, [kind]: '' }));
              setRound((r) => r + 1);
            }}
          >
            {t('add', lang)}
          </button>
        </fieldset>
      ))}
      <h3>{t('changes', lang)}</h3>
      {changes.length === 0 ? (
        <p class="hint">{t('noChanges', lang)}</p>
      ) : (
        <ul id="wi-changes" class="changes">
          {changes.map((c, i) => (
            <li>
              {describe(c)}{' '}
              <button type="button" class="link" aria-label={`${t('removeChange', lang)}: ${describe(c)}`} onClick={() => props.onChanges(changes.filter((_, k) => k !== i))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="button" id="wi-run" class="primary" disabled={!changes.length || props.busy} onClick={props.onEvaluate}>
          {t('evaluate', lang)}
        </button>
        <button type="button" id="wi-reset" onClick={props.onReset}>
          {t('resetScenario', lang)}
        </button>
      </div>
    </details>
  );
}
