/**
 * Access requests: the form that asks to use a facility, and the inbox. A requester sees their own
 * requests (and may withdraw a pending one); an operator's editors see the requests for the
 * facilities their institution operates (and approve or decline pending ones). The server decides
 * who may do what; the page offers only the moves that can succeed.
 */
import { useState } from 'preact/hooks';
import { code, nameOf, t, type Lang } from '../i18n.js';
import type { GNode } from '../model.js';
import { ApproveMutation, DeclineMutation, RequestAccessMutation, WithdrawMutation } from '../queries.js';
import { request, StaleAnswer, type Viewer } from '../session.js';
import { PickInput } from './path-panel.js';
import { errorText } from './workspace.js';

export interface AccessRequest {
  id: string;
  status: string;
  purpose: string;
  periodStart: string;
  periodEnd: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string | null;
  decidedAt?: string | null;
  institution: GNode;
  facility: GNode;
  need?: GNode | null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Asks, for the caller's institution, to use `facility` (or one picked here), for `need` if given. */
export function RequestForm(props: { lang: Lang; facility: string | null; need: string | null; idPrefix: string; onDone?(r: AccessRequest): void }) {
  const { lang, idPrefix } = props;
  const [facility, setFacility] = useState(props.facility ?? '');
  const [purpose, setPurpose] = useState('');
  const [start, setStart] = useState(today());
  const [end, setEnd] = useState(today());
  const [state, setState] = useState<{ status: 'idle' | 'sending' | 'done' | 'error'; message?: string }>({ status: 'idle' });
  const send = async () => {
    setState({ status: 'sending' });
    try {
      const out = await request(RequestAccessMutation, { input: { facility, purpose: purpose.trim(), periodStart: start, periodEnd: end, need: props.need } });
      setState({ status: 'done', message: `${t('requestSent', lang)} (${code(out.requestFacilityAccess.status, lang)})` });
      props.onDone?.(out.requestFacilityAccess as AccessRequest);
    } catch (e) {
      if (!(e instanceof StaleAnswer)) setState({ status: 'error', message: errorText(e, lang) });
    }
  };
  if (state.status === 'done') return <p role="status" class="request-state ok">{state.message}</p>;
  return (
    <form
      class="request-form"
      aria-label={t('requestUse', lang)}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {props.facility === null && <PickInput id={`${idPrefix}-facility`} label={t('facility', lang)} lang={lang} picked="" labels={['Facility']} onPick={setFacility} />}
      <label class="field">
        <span>{t('purpose', lang)}</span>
        <input id={`${idPrefix}-purpose`} required maxLength={2000} value={purpose} onInput={(e) => setPurpose(e.currentTarget.value)} />
      </label>
      <div class="dates">
        <label class="field">
          <span>{t('periodStart', lang)}</span>
          <input id={`${idPrefix}-start`} type="date" required value={start} onInput={(e) => setStart(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('periodEnd', lang)}</span>
          <input id={`${idPrefix}-end`} type="date" required value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
        </label>
      </div>
      <button type="submit" id={`${idPrefix}-send`} class="primary" disabled={state.status === 'sending' || !facility || !purpose.trim()}>
        {t('send', lang)}
      </button>
      {state.status === 'error' && <p role="alert" class="error">{state.message}</p>}
    </form>
  );
}

export interface RequestsState {
  status: 'idle' | 'loading' | 'done' | 'error';
  rows: AccessRequest[];
  error?: string;
}

/** The inbox: the caller's own requests, then those for the facilities their institution operates. */
export function RequestsView(props: { lang: Lang; viewer: Viewer; state: RequestsState; onChanged(r: AccessRequest): void; onSelect(n: GNode): void }) {
  const { lang, viewer, state } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; text: string } | null>(null);
  const editor = viewer.roles.includes('editor') || viewer.roles.includes('admin');
  const mine = state.rows.filter((r) => r.requestedBy === viewer.subject);
  const theirs = state.rows.filter((r) => r.requestedBy !== viewer.subject);

  const act = async (r: AccessRequest, what: 'approve' | 'decline' | 'withdraw') => {
    setBusy(r.id);
    setError(null);
    try {
      const out =
        what === 'approve'
          ? (await request(ApproveMutation, { id: r.id })).approveAccessRequest
          : what === 'decline'
            ? (await request(DeclineMutation, { id: r.id })).declineAccessRequest
            : (await request(WithdrawMutation, { id: r.id })).withdrawAccessRequest;
      props.onChanged(out as AccessRequest);
    } catch (e) {
      if (!(e instanceof StaleAnswer)) setError({ id: r.id, text: errorText(e, lang) });
    } finally {
      setBusy(null);
    }
  };

  const table = (rows: AccessRequest[], id: string, title: string, own: boolean) => (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p class="hint">{t('noRequests', lang)}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
          <table id={id} class="requests">
            <thead>
              <tr>
                <th scope="col">{t('facility', lang)}</th>
                <th scope="col">{t('institution', lang)}</th>
                <th scope="col">{t('purpose', lang)}</th>
                <th scope="col">{t('period', lang)}</th>
                <th scope="col">{t('need', lang)}</th>
                <th scope="col">{t('requester', lang)}</th>
                <th scope="col">{t('status', lang)}</th>
                <th scope="col">{t('actions', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-id={r.id} data-status={r.status}>
                  <td>
                    <button type="button" class="link" onClick={() => props.onSelect(r.facility)}>
                      {nameOf(r.facility, lang)}
                    </button>
                  </td>
                  <td>
                    <button type="button" class="link" onClick={() => props.onSelect(r.institution)}>
                      {nameOf(r.institution, lang)}
                    </button>
                  </td>
                  <td>{r.purpose}</td>
                  <td>
                    {r.periodStart} – {r.periodEnd}
                  </td>
                  <td>{r.need ? nameOf(r.need, lang) : '—'}</td>
                  <td>
                    {r.requestedBy}
                    <br />
                    <small>{r.requestedAt.slice(0, 10)}</small>
                  </td>
                  <td>
                    <span class={`chip status-${r.status}`}>{code(r.status, lang)}</span>
                    {r.decidedBy && (
                      <>
                        <br />
                        <small>
                          {r.decidedBy} {r.decidedAt?.slice(0, 10)}
                        </small>
                      </>
                    )}
                  </td>
                  <td class="request-actions">
                    {r.status === 'PENDING' && own && (
                      <button type="button" class="withdraw" disabled={busy === r.id} onClick={() => void act(r, 'withdraw')}>
                        {t('withdraw', lang)}
                      </button>
                    )}
                    {r.status === 'PENDING' && !own && editor && (
                      <>
                        <button type="button" class="approve primary" disabled={busy === r.id} onClick={() => void act(r, 'approve')}>
                          {t('approve', lang)}
                        </button>{' '}
                        <button type="button" class="decline" disabled={busy === r.id} onClick={() => void act(r, 'decline')}>
                          {t('decline', lang)}
                        </button>
                      </>
                    )}
                    {error?.id === r.id && (
                      <p role="alert" class="error">
                        {error.text}
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );

  return (
    <div id="requests-view" aria-busy={state.status === 'loading'}>
      <div role="status">
        {state.status === 'loading' && <p>{t('loading', lang)}</p>}
        {!viewer.subject && <p class="hint">{t('signInForRequests', lang)}</p>}
      </div>
      {state.status === 'error' && (
        <p role="alert" class="error">
          {state.error}
        </p>
      )}
      {viewer.subject && state.status === 'done' && (
        <>
          {table(mine, 'my-requests', t('myRequests', lang), true)}
          {table(theirs, 'inbox', t('inbox', lang), false)}
        </>
      )}
    </div>
  );
}
