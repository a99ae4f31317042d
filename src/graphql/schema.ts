import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The SDL of schema/ (the contract), concatenated in file-name order. */
export function loadTypeDefs(dir = fileURLToPath(new URL('../../schema/', import.meta.url))): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}
