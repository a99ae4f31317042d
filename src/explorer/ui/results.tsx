/**
 * Results as a list beside the graph: sortable columns, selection linked with the graph (both
 * ways), loading, empty and error states, suggestions when nothing is found, CSV export.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { rank } from '../classification.js';
import { code, nameOf, t, type Lang } from '../i18n.js';
import type { GNode } from '../model.js';
import { EMPTY_FORM, type Form } from './explore-panel.js';
import type { Results } from './workspace.js';

type Column = 'name' | 'type' | 'detail' | 'classification';

/** The cold page's example: the signature question. */
export const EXAMPLE: Form = { ...EMPTY_FORM, district: 'district:daxing', technology: 'tech:satellite-applications', access: 'OPEN' };

export function ResultsList(props: {
  lang: Lang;
  results: Results;
  /** The results' title in words (filters named in the current language). */
  title: string;
  selected: string | null;
  onSelect(n: GNode): void;
  onExport(): void;
  onSuggestion(text: string): void;
  onExample(f: Form): void;
}) {
  const { lang, results, selected } = props;
  const [sort, setSort] = useState<{ by: Column | null; dir: 1 | -1 }>({ by: null, dir: 1 });
  const body = useRef<HTMLTableSectionElement>(null);
  const collator = useMemo(() => new Intl.Collator(lang === 'en' ? 'en' : 'zh-Hans-u-co-pinyin'), [lang]);
  const value = (n: GNode, c: Column): string =>
    c === 'name' ? nameOf(n, lang) : c === 'type' ? code(n.__typename, lang) : c === 'detail' ? [n.facilityKind && code(n.facilityKind, lang), n.access && code(n.access, lang)].filter(Boolean).join(' · ') : String(rank(n.classification));
  const rows = useMemo(() => {
    if (!sort.by) return results.rows;
    const by = sort.by;
    return [...results.rows].sort((a, b) => sort.dir * (by === 'classification' ? Number(value(a, by)) - Number(value(b, by)) : collator.compare(value(a, by), value(b, by))));
  }, [results.rows, sort, lang]);

  // the graph selected something: show it in the list
  useEffect(() => {
    body.current?.querySelector('tr[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const header = (c: Column, label: string) => (
    <th scope="col" aria-sort={sort.by === c ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" data-sort={c} onClick={() => setSort((s) => ({ by: c, dir: s.by === c ? (-s.dir as 1 | -1) : 1 }))}>
        {label}
        <span aria-hidden="true">{sort.by === c ? (sort.dir === 1 ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );

  const move = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(body.current?.querySelectorAll<HTMLButtonElement>('button.row-name') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  return (
    <div class="results" aria-busy={results.status === 'loading'}>
      <div class="results-head">
        <h2 id="results-title">
          {t('results', lang)}
          {results.status === 'done' && (
            <span class="count" id="results-count">
              {' '}
              {results.total !== undefined && results.total !== results.rows.length ? `${results.rows.length} / ${results.total} ${t('total', lang)}` : results.rows.length}
            </span>
          )}
        </h2>
        <button type="button" id="export-csv" disabled={!results.rows.length} onClick={props.onExport}>
          {t('exportCsv', lang)}
        </button>
      </div>
      {props.title && <p class="results-query">{props.title}</p>}
      <div role="status" class="results-state">
        {results.status === 'loading' && <p class="loading">{t('loading', lang)}</p>}
        {results.status === 'done' && !results.rows.length && (
          <div class="empty">
            <p>{t('noResults', lang)}</p>
            {!!results.suggestions?.length && (
              <p>
                {t('didYouMean', lang)}:{' '}
                {results.suggestions.map((s) => (
                  <button type="button" class="link suggestion" onClick={() => props.onSuggestion(s.text)}>
                    {s.text} ({s.count})
                  </button>
                ))}
              </p>
            )}
          </div>
        )}
      </div>
      {results.status === 'error' && (
        <p role="alert" class="error">
          {results.error}
        </p>
      )}
      {results.status === 'cold' && (
        <div class="cold">
          <p>{t('coldIntro', lang)}</p>
          <p>
            {t('example', lang)}:{' '}
            <button type="button" id="example" class="link" onClick={() => props.onExample(EXAMPLE)}>
              {t('exampleQuestion', lang)}
            </button>
          </p>
        </div>
      )}
      {rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="results-title">
          <table id="results-table">
            <thead>
              <tr>
                {header('name', t('name', lang))}
                {header('type', t('type', lang))}
                {header('detail', `${t('kind', lang)} · ${t('access', lang)}`)}
                {header('classification', t('classification', lang))}
              </tr>
            </thead>
            <tbody ref={body} onKeyDown={move}>
              {rows.map((n) => (
                <tr data-id={n.id} aria-selected={n.id === selected} class={n.id === selected ? 'selected' : ''}>
                  <td>
                    <button type="button" class="row-name link" onClick={() => props.onSelect(n)}>
                      {nameOf(n, lang)}
                    </button>
                  </td>
                  <td>{code(n.__typename, lang)}</td>
                  <td>{value(n, 'detail')}</td>
                  <td>
                    <span class={`chip level-${n.classification}`}>{code(n.classification, lang)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
