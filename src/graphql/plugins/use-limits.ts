import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import { useCost } from './use-cost.js';

/** Limits on the shape of a query, checked before anything runs. */
export interface LimitOptions {
  maxDepth?: number;
  maxCost?: number;
  maxAliases?: number;
  /** Checked in the HTTP layer, before parsing. */
  maxTokens?: number;
  maxDirectives?: number;
  /** Most conditions in one `filter` argument (literal or in variables). */
  maxFilterLeaves?: number;
  /** Hide "did you mean …?" suggestions (they reveal the schema). */
  blockFieldSuggestions?: boolean;
}

/** Armor's rejection messages and the code each limit reports. */
const LIMIT_MESSAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Syntax Error: Query depth limit of \d+ exceeded/, 'DEPTH_LIMIT'],
  [/^Syntax Error: Aliases limit of \d+ exceeded/, 'ALIAS_LIMIT'],
  [/^Syntax Error: Directives limit of \d+ exceeded/, 'DIRECTIVE_LIMIT'],
];

/**
 * The limit code of a validation error message, or null. (Apollo rebuilds validation errors from
 * their message alone, so the message is what survives to formatError.)
 */
export function limitCodeOf(message: string): string | null {
  return LIMIT_MESSAGES.find(([re]) => re.test(message))?.[1] ?? null;
}

/**
 * GraphQL Armor's depth, alias and directive limits, and the cost and filter-width limits of
 * use-cost (which see variables and default page sizes, unlike Armor's cost rule); formatError
 * reports each rejection with its own code (see limitCodeOf). The token limit is checked by the HTTP layer
 * (src/http/token-limit.ts): Armor's version re-parses the query in a way that turns a plain syntax
 * error into an HTTP 500.
 */
export function useLimits({
  maxDepth = 12,
  maxCost = 20_000,
  maxAliases = 15,
  maxDirectives = 20,
  maxFilterLeaves = 10,
  blockFieldSuggestions = false,
}: LimitOptions = {}): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: maxDepth, flattenFragments: true },
    costLimit: { enabled: false },
    maxAliases: { n: maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: maxDirectives },
    blockFieldSuggestion: { enabled: blockFieldSuggestions },
  });
  const { plugins, validationRules } = armor.protect();
  // the package's typings name Apollo's CommonJS build; at run time these are plain plugin objects
  return { plugins: [...(plugins as unknown as ApolloServerPlugin[]), useCost({ maxCost, maxFilterLeaves })], validationRules };
}
