import { fileURLToPath } from 'node:url';

/** The plan's graph (京政發〔2013〕19號), loaded into an empty database at start. */
export const SEED_DIR = fileURLToPath(new URL('../seed/plan/', import.meta.url));
/** The illustrative dataset, loaded only on request (`npm start -- --with-examples`). */
export const EXAMPLES_DIR = fileURLToPath(new URL('../seed/examples/', import.meta.url));
/** Illustrative access requests (workflow state, not graph facts), loaded with the examples. */
export const EXAMPLE_REQUESTS_FILE = fileURLToPath(new URL('../seed/requests/examples.json', import.meta.url));
