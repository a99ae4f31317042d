import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationRule } from 'graphql';

/** Limits on the shape of a query, checked before anything runs. */
export interface LimitOptions {
  maxDepth?: number;
  maxCost?: number;
  maxAliases?: number;
  /** Checked in the HTTP layer, before parsing. */
  maxTokens?: number;
  maxDirectives?: number;
  /** Hide "did you mean …?" suggestions (they reveal the schema). */
  blockFieldSuggestions?: boolean;
}

/**
 * GraphQL Armor's depth, cost, alias and directive limits, each rejection tagged with its own code
 * (DEPTH_LIMIT, COST_LIMIT, ...), which formatError puts in `extensions.code`. The token limit is
 * checked by the HTTP layer (src/http/token-limit.ts): Armor's version re-parses the query in a way
 * that turns a plain syntax error into an HTTP 500.
 */
export function useLimits({
  maxDepth = 12,
  maxCost = 20_000,
  maxAliases = 15,
  maxDirectives = 20,
  blockFieldSuggestions = false,
}: LimitOptions = {}): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const tag = (code: string) => [(_ctx: unknown, error: GraphQLError) => void Object.assign(error.extensions, { limitCode: code })];
  const armor = new ApolloArmor({
    maxDepth: { n: maxDepth, onReject: tag('DEPTH_LIMIT'), flattenFragments: true },
    costLimit: { maxCost, onReject: tag('COST_LIMIT') },
    maxAliases: { n: maxAliases, onReject: tag('ALIAS_LIMIT') },
    maxTokens: { enabled: false },
    maxDirectives: { n: maxDirectives, onReject: tag('DIRECTIVE_LIMIT') },
    blockFieldSuggestion: { enabled: blockFieldSuggestions },
  });
  const { plugins, validationRules } = armor.protect();
  // the package's typings name Apollo's CommonJS build; at run time these are plain plugin objects
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules };
}
