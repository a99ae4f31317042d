/**
 * The coverage heat map: districts × technology areas, shaded by the share of facilities that are
 * open, with "no facility" and "facilities, none open" told apart; every cell opens its facilities.
 */
import { code, nameOf, t, type Lang, type StringKey } from '../i18n.js';
import type { GNode } from '../model.js';
import type { Viewer } from '../session.js';
import type { DrawnTable } from '../export.js';

export interface Cell {
  district: GNode;
  technology: GNode;
  facilities: number;
  openFacilities: number;
}

/** The bins of the legend, by open / all. */
const BINS: Array<{ key: StringKey; cls: string; fill: string; test(c: Cell): boolean }> = [
  { key: 'noFacility', cls: 'bin-empty', fill: '#f2f2f2', test: (c) => c.facilities === 0 },
  { key: 'noneOpen', cls: 'bin-closed', fill: '#f4b6b6', test: (c) => c.facilities > 0 && c.openFacilities === 0 },
  { key: 'someOpen', cls: 'bin-some', fill: '#d4ecc9', test: (c) => c.openFacilities > 0 && c.openFacilities / c.facilities < 0.5 },
  { key: 'mostOpen', cls: 'bin-most', fill: '#8fd18a', test: (c) => c.openFacilities / c.facilities >= 0.5 && c.openFacilities < c.facilities },
  { key: 'allOpen', cls: 'bin-all', fill: '#1e7b34', test: (c) => c.facilities > 0 && c.openFacilities === c.facilities },
];
const binOf = (c: Cell) => BINS.find((b) => b.test(c)) ?? BINS[0]!;

function axes(cells: Cell[]) {
  const districts = [...new Map(cells.map((c) => [c.district.id, c.district])).values()];
  const techs = [...new Map(cells.map((c) => [c.technology.id, c.technology])).values()];
  const at = new Map(cells.map((c) => [`${c.district.id}|${c.technology.id}`, c]));
  return { districts, techs, at };
}

/** The heat map as a table to draw into a PNG export. */
export function coverageTable(cells: Cell[], lang: Lang): DrawnTable {
  const { districts, techs, at } = axes(cells);
  return {
    header: techs.map((x) => nameOf(x, lang)),
    rows: districts.map((d) => [{ text: nameOf(d, lang) }, ...techs.map((x) => at.get(`${d.id}|${x.id}`)).map((c) => (c ? { text: `${c.openFacilities} / ${c.facilities}`, fill: binOf(c).fill } : { text: '' }))]),
  };
}

/** A what-if's answer: coverage before and after, and the cells whose gap closes or opens. */
export interface CoverageWhatIf {
  before: Cell[];
  after: Cell[];
  closed: Array<{ district: { id: string }; technology: { id: string } }>;
  opened: Array<{ district: { id: string }; technology: { id: string } }>;
  status: 'loading' | 'done' | 'error';
  error?: string;
}

const key = (c: { district: { id: string }; technology: { id: string } }) => `${c.district.id}|${c.technology.id}`;

export function CoverageView(props: { lang: Lang; viewer: Viewer; state: { status: string; cells: Cell[]; error?: string }; whatIf?: CoverageWhatIf | null; onCell(c: Cell): void }) {
  const { lang, state } = props;
  const whatIf = props.whatIf?.status === 'done' ? props.whatIf : null;
  const cells = whatIf ? whatIf.after : state.cells;
  const { districts, techs, at } = axes(cells);
  const before = new Map((whatIf?.before ?? []).map((c) => [key(c), c]));
  const closed = new Set((whatIf?.closed ?? []).map(key));
  const opened = new Set((whatIf?.opened ?? []).map(key));
  const gaps = cells.filter((c) => c.openFacilities === 0).length;
  const cellName = (c: { district: { id: string }; technology: { id: string } }) => {
    const d = at.get(key(c));
    return d ? `${nameOf(d.district, lang)} × ${nameOf(d.technology, lang)}` : key(c);
  };
  return (
    <div id="coverage-view" aria-busy={state.status === 'loading'}>
      <div role="status">
        {state.status === 'loading' && <p>{t('loading', lang)}</p>}
        {state.status === 'idle' && <p class="hint">{t('coverageHint', lang)}</p>}
        {state.status === 'done' && !state.cells.length && <p>{t('noResults', lang)}</p>}
      </div>
      {state.status === 'error' && <p role="alert" class="error">{state.error}</p>}
      {props.whatIf?.status === 'loading' && <p role="status">{t('loading', lang)}</p>}
      {props.whatIf?.status === 'error' && <p role="alert" class="error">{props.whatIf.error}</p>}
      {whatIf && (
        <div class="whatif-summary" id="whatif-summary">
          <p class="whatif-on">{t('whatIfOn', lang)}</p>
          <p>
            {t('gapsClosed', lang)} ({closed.size}): <span id="wi-closed">{whatIf.closed.map(cellName).join('、') || t('none', lang)}</span>
          </p>
          <p>
            {t('gapsOpened', lang)} ({opened.size}): <span id="wi-opened">{whatIf.opened.map(cellName).join('、') || t('none', lang)}</span>
          </p>
        </div>
      )}
      {cells.length > 0 && (
        <>
          <p class="hint">{t('coverageHint', lang)}</p>
          <ul class="coverage-legend" aria-label={t('legend', lang)}>
            {BINS.map((b) => (
              <li>
                <span class={`swatch ${b.cls}`} aria-hidden="true" />
                {t(b.key, lang)}
              </li>
            ))}
          </ul>
          <p class="marking-note">{t('coverageMarking', lang)} ({code(props.viewer.clearance, lang)})</p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('coverage', lang)}>
            <table id="coverage-table">
              <thead>
                <tr>
                  <td />
                  {techs.map((x) => (
                    <th scope="col">{nameOf(x, lang)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {districts.map((d) => (
                  <tr>
                    <th scope="row">{nameOf(d, lang)}</th>
                    {techs.map((x) => {
                      const c = at.get(`${d.id}|${x.id}`);
                      if (!c) return <td />;
                      const bin = binOf(c);
                      const was = before.get(key(c));
                      const changed = !!was && (was.openFacilities !== c.openFacilities || was.facilities !== c.facilities);
                      const text = changed ? `${was.openFacilities} / ${was.facilities} → ${c.openFacilities} / ${c.facilities}` : `${c.openFacilities} / ${c.facilities}`;
                      const mark = closed.has(key(c)) ? ' whatif-closed' : opened.has(key(c)) ? ' whatif-opened' : changed ? ' whatif-changed' : '';
                      const flag = closed.has(key(c)) ? `; ${t('gapsClosed', lang)}` : opened.has(key(c)) ? `; ${t('gapsOpened', lang)}` : '';
                      return (
                        <td class={`cell ${bin.cls}${mark}`}>
                          <button type="button" class="cell-button" data-district={d.id} data-technology={x.id} aria-label={`${nameOf(d, lang)} × ${nameOf(x, lang)}: ${text} (${t(bin.key, lang)}${flag})`} onClick={() => props.onCell(c)}>
                            {text}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="coverage-summary">
            {districts.length} × {techs.length} = {cells.length} {t('cells', lang)}; {gaps} {t('gaps', lang)}
          </p>
        </>
      )}
    </div>
  );
}
