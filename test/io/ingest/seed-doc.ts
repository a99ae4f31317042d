import { existsSync } from 'node:fs';
import path from 'node:path';

const NAME = 'zgc-civil-military-fusion-action-plan-2013.txt';

/**
 * The seed document, from the shared folder beside the repository (`../shared/seed-docs/`, or one
 * level further up from a worktree), or from SEED_DOCS_DIR. Throws when it cannot be found: the
 * tests that need it must not pass without it.
 */
export function seedDocument(): string {
  const dirs = [process.env.SEED_DOCS_DIR, '../shared/seed-docs', '../../shared/seed-docs'].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    const file = path.resolve(dir, NAME);
    if (existsSync(file)) return file;
  }
  throw new Error(`${NAME} not found in ${dirs.join(', ')} (set SEED_DOCS_DIR)`);
}
