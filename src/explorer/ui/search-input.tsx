/**
 * Text inputs that wait for input-method composition: while an IME composes (pinyin "d", "da", …)
 * nothing is searched; the committed characters are searched once composition ends.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { JSX } from 'preact';

export interface ComposingProps extends Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value'> {
  value: string;
  /** Every committed change (never mid-composition). */
  onText(text: string): void;
  /** Debounced committed text (ms), for searching as one types; off when omitted. */
  onSettled?(text: string): void;
  delay?: number;
}

export function ComposingInput({ value, onText, onSettled, delay = 250, ...rest }: ComposingProps) {
  const composing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (text: string) => {
    onText(text);
    if (!onSettled) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onSettled(text), delay);
  };
  // listened to directly: Preact would register onCompositionEnd under a case-sensitive name
  // ("CompositionEnd") that no browser fires
  const input = useRef<HTMLInputElement>(null);
  const commitRef = useRef(commit);
  commitRef.current = commit;
  useEffect(() => {
    const el = input.current!;
    const start = () => {
      composing.current = true;
      clearTimeout(timer.current);
    };
    const end = () => {
      composing.current = false;
      commitRef.current(el.value);
    };
    el.addEventListener('compositionstart', start);
    el.addEventListener('compositionend', end);
    return () => {
      el.removeEventListener('compositionstart', start);
      el.removeEventListener('compositionend', end);
    };
  }, []);
  return (
    <input
      {...rest}
      ref={input}
      value={value}
      onKeyDown={(e) => {
        // Enter submits the form now: a pending type-ahead search must not overtake it
        if (e.key === 'Enter' && !composing.current) clearTimeout(timer.current);
        rest.onKeyDown?.(e);
      }}
      onInput={(e) => {
        if (composing.current || (e as unknown as InputEvent).isComposing) return;
        commit(e.currentTarget.value);
      }}
    />
  );
}
