/**
 * The page: classification banners at top and bottom, the header (who is signed in, at what
 * clearance; token; language) and the workspace. The workspace is keyed by the session's epoch:
 * a token change unmounts it, and with it every result, selection, graph, cache and export.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { BANNER, type Level } from '../classification.js';
import { ANONYMOUS, ApiError, setToken, whoAmI, type Viewer } from '../session.js';
import { code, initialLang, LANG_NAMES, LANGS, t, type Lang } from '../i18n.js';
import { readUrl, writeUrl } from '../url-state.js';
import { Workspace } from './workspace.js';

type SessionState = { epoch: number; status: 'checking' | 'ok' | 'error'; viewer: Viewer; error?: string };

/** The banner text: the highest classification on screen, and who is looking. */
export function bannerText(level: Level, viewer: Viewer, lang: Lang): string {
  const who = viewer.subject ?? t('anonymous', lang);
  return `${code(level, lang)} · ${t('onScreen', lang)} | ${t('signedInAs', lang)}: ${who} · ${t('clearance', lang)}: ${code(viewer.clearance, lang)}`;
}

function Banner({ level, viewer, lang, where }: { level: Level; viewer: Viewer; lang: Lang; where: 'top' | 'bottom' }) {
  const colours = BANNER[level];
  return (
    <div class={`banner banner-${where}`} data-level={level} style={{ background: colours.bg, color: colours.fg }} role="note" aria-label={t('onScreen', lang)}>
      <strong class="banner-level">{code(level, lang)}</strong>
      <span class="banner-who">
        {t('signedInAs', lang)}: <span class="viewer-subject">{viewer.subject ?? t('anonymous', lang)}</span> · {t('clearance', lang)}: <span class="viewer-clearance">{code(viewer.clearance, lang)}</span>
      </span>
    </div>
  );
}

export function App() {
  const url = readUrl();
  const [lang, setLang] = useState<Lang>(() => initialLang(url.lang ?? null));
  const [session, setSession] = useState<SessionState>({ epoch: 0, status: 'checking', viewer: ANONYMOUS });
  const [tokenText, setTokenText] = useState(() => sessionStorage.getItem('explorer.token') ?? '');
  const [level, setLevel] = useState<Level>('PUBLIC');
  /** Links opened in this tab since the session started: each remounts the workspace from the URL. */
  const [opened, setOpened] = useState(0);

  // a link pasted into an open tab changes only the hash (no page load): replay it like a fresh load.
  // `hashchange` fires for navigations only, never for the workspace's own replaceState.
  useEffect(() => {
    const open = () => setOpened((n) => n + 1);
    addEventListener('hashchange', open);
    return () => removeEventListener('hashchange', open);
  }, []);

  const applied = useRef<string | null>(null);
  const signIn = (value: string, first = false) => {
    if (applied.current === value.trim()) return;
    applied.current = value.trim();
    const epoch = setToken(value);
    if (value.trim()) sessionStorage.setItem('explorer.token', value.trim());
    else sessionStorage.removeItem('explorer.token');
    setLevel('PUBLIC');
    setSession({ epoch, status: 'checking', viewer: ANONYMOUS });
    setOpened(0);
    // a new session starts from a clean view: nothing of the previous one survives, not even in the URL
    if (!first) writeUrl({ lang });
    whoAmI().then(
      (viewer) => setSession((s) => (s.epoch === epoch ? { epoch, status: 'ok', viewer } : s)),
      (e: unknown) => setSession((s) => (s.epoch === epoch ? { epoch, status: 'error', viewer: ANONYMOUS, error: e instanceof ApiError ? e.code : 'ERROR' } : s)),
    );
  };
  useEffect(() => signIn(tokenText, true), []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('title', lang)} · Explorer`;
    localStorage.setItem('explorer.lang', lang);
  }, [lang]);

  return (
    <div class="page">
      <Banner level={level} viewer={session.viewer} lang={lang} where="top" />
      <header class="top">
        <h1>{t('title', lang)}</h1>
        <form
          class="token-form"
          onSubmit={(e) => {
            e.preventDefault();
            signIn(tokenText);
          }}
        >
          <label for="token">{t('token', lang)}</label>
          <input id="token" type="password" autocomplete="off" value={tokenText} onInput={(e) => setTokenText(e.currentTarget.value)} onChange={(e) => signIn(e.currentTarget.value)} />
          <button type="submit">{t('apply', lang)}</button>
          <button
            type="button"
            id="sign-out"
            onClick={() => {
              setTokenText('');
              signIn('');
            }}
          >
            {t('signOut', lang)}
          </button>
        </form>
        <label class="lang">
          <span>{t('language', lang)}</span>
          <select id="lang" value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
            {LANGS.map((l) => (
              <option value={l} lang={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </header>
      {session.status === 'ok' ? (
        <Workspace key={`${session.epoch}:${opened}`} epoch={session.epoch} first={session.epoch === 1 || opened > 0} lang={lang} viewer={session.viewer} onLevel={setLevel} />
      ) : (
        <main class="session-state" id="main">
          <p role={session.status === 'error' ? 'alert' : 'status'} class={session.status === 'error' ? 'error' : ''}>
            {session.status === 'error' ? `${t('badToken', lang)} (${session.error})` : t('checking', lang)}
          </p>
        </main>
      )}
      <Banner level={level} viewer={session.viewer} lang={lang} where="bottom" />
    </div>
  );
}
