import type { GraphQLFormattedError } from 'graphql';
import { ApiError } from '../errors.js';
import { limitCodeOf } from './plugins/use-limits.js';

/** Neo4j driver error codes that mean "the database is not reachable right now". */
const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

/**
 * Shapes every error the client sees: ApiErrors keep their code and name the argument at fault;
 * GraphQL's own validation errors pass through; anything else is masked (its message could carry
 * internals), except in development.
 */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    if (original instanceof ApiError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...(original.argument ? { argumentName: original.argument } : {}), ...original.details },
      };
    }
    const limitCode = limitCodeOf(formatted.message);
    if (limitCode) return { ...formatted, message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: limitCode } };
    const code = (original as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.includes('TransactionTimedOut')) {
      return { message: 'the query took longer than the server allows', path: formatted.path, extensions: { code: 'QUERY_TIMEOUT' } };
    }
    if (typeof code === 'string' && UNAVAILABLE.has(code)) {
      return { message: 'the database is unavailable; try again shortly', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    const known = formatted.extensions?.code;
    if (known && known !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (development) return formatted;
    return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** The innermost `originalError`: what a resolver (or the driver under it) actually threw. */
function rootCause(error: unknown): unknown {
  let e = error;
  while (e && typeof e === 'object' && (e as { originalError?: unknown }).originalError) e = (e as { originalError: unknown }).originalError;
  return e;
}
