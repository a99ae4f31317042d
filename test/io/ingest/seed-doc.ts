import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'zgc-civil-military-fusion-action-plan-2013.txt';
/** The repository's byte-identical copy of the plan (the text the seed graph cites). */
const COPY = fileURLToPath(new URL('../../../seed/plan/jingzhengfa-2013-19.txt', import.meta.url));

/**
 * The seed document: from SEED_DOCS_DIR, else the shared folder beside the repository
 * (`../shared/seed-docs/`, or one level further up from a worktree), else the repository's own copy
 * in seed/plan/ — so a clone anywhere has it. Throws when none exists: the tests that need it must
 * not pass without it.
 */
export function seedDocument(): string {
  const dirs = [process.env.SEED_DOCS_DIR, '../shared/seed-docs', '../../shared/seed-docs'].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    const file = path.resolve(dir, NAME);
    if (existsSync(file)) return file;
  }
  if (existsSync(COPY)) return COPY;
  throw new Error(`${NAME} not found in ${dirs.join(', ')} nor as ${COPY} (set SEED_DOCS_DIR)`);
}
