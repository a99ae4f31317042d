/** Options of a progress bar. */
export interface ProgressOptions {
  label: string;
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between redraws. */
  intervalMs?: number;
}

/**
 * A one-line progress bar on stderr (`label [#####.....] 52% 52,000/100,000 12,345/s`), redrawn in
 * place on a terminal and printed at most every few seconds otherwise (CI logs).
 */
export function progressBar({ label, stream = process.stderr, intervalMs = stream.isTTY ? 100 : 5000 }: ProgressOptions) {
  const started = Date.now();
  let last = 0;
  const draw = (done: number, total: number, final = false) => {
    const now = Date.now();
    if (!final && now - last < intervalMs) return;
    last = now;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${rate.toLocaleString('en')}/s`;
    stream.write(stream.isTTY ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  };
  return {
    update: (done: number, total: number) => draw(done, total),
    done: (done: number, total: number) => draw(done, total, true),
  };
}
