/**
 * The view in the URL (after #), so that a link reproduces it: mode, query, filters, selection,
 * path ends and language. Never the token, never any data: the link is replayed with the
 * opener's own clearance.
 */

export interface ViewState {
  mode: 'explore' | 'path' | 'network' | 'coverage' | 'needs' | 'requests';
  text: string;
  label: string;
  district: string;
  technology: string;
  kind: string;
  access: string;
  /** Selected node id. */
  sel: string;
  from: string;
  to: string;
  lang: string;
}

const KEYS: Array<keyof ViewState> = ['mode', 'text', 'label', 'district', 'technology', 'kind', 'access', 'sel', 'from', 'to', 'lang'];
const MODES = ['explore', 'path', 'network', 'coverage', 'needs', 'requests'];

/** The state written in the current URL (missing keys are empty). */
export function readUrl(): Partial<ViewState> {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const out: Partial<ViewState> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) (out as Record<string, string>)[key] = value.slice(0, 200);
  }
  if (out.mode && !MODES.includes(out.mode)) delete out.mode;
  return out;
}

/** Replaces the URL's state (without a new history entry); empty values are left out. */
export function writeUrl(state: Partial<ViewState>): void {
  const params = new URLSearchParams();
  for (const key of KEYS) if (state[key]) params.set(key, state[key]!);
  const hash = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`);
}
