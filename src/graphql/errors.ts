import type { GraphQLFormattedError } from 'graphql';
import { outageMessage, outageOf } from '../db/failure.js';
import { ApiError } from '../errors.js';
import { limitCodeOf } from './plugins/use-limits.js';

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
        extensions: { code: original.code, ...(original.argument ? { argumentName: original.argument } : {}) },
      };
    }
    const limitCode = limitCodeOf(formatted.message);
    if (limitCode) return { ...formatted, message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: limitCode } };
    const code = (original as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.includes('TransactionTimedOut')) {
      return { message: 'the query took longer than the server allows', path: formatted.path, extensions: { code: 'QUERY_TIMEOUT' } };
    }
    // unreachable, restarting, disk full or failed: the reason says which (never the driver's text)
    const reason = outageOf(original);
    if (reason) return { message: outageMessage(reason), path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', reason } };
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
