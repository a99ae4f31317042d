import type { GraphQLError as GraphQLErrorClass, GraphQLErrorOptions, GraphQLFormattedError } from 'graphql';
import { createRequire } from 'node:module';
import { outageMessage, outageOf } from '../db/failure.js';
import { ApiError } from '../errors.js';
import { limitCodeOf } from './plugins/use-limits.js';

/**
 * graphql-js as Apollo Server loads it (CommonJS). Errors thrown from plugin hooks must be
 * instances of Apollo's GraphQLError class to keep their extensions, and an ES-module import of
 * 'graphql' may load a second copy (vitest does), whose instances Apollo does not recognise.
 */
const { GraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * An error about the request, raised by a plugin before execution, that Apollo sends as is:
 * `code` in extensions (plus `extra`, e.g. `argumentName`) and HTTP `status`.
 */
export function requestError(message: string, code: string, { status = 400, extra = {}, ...options }: GraphQLErrorOptions & { status?: number; extra?: Record<string, unknown> } = {}): GraphQLErrorClass {
  return new GraphQLError(message, { ...options, extensions: { code, ...extra, http: { status } } });
}

/** Options of formatError. */
export interface FormatErrorOptions {
  /** Unmasked errors (development only). A bare boolean argument means this. */
  development?: boolean;
  /** Drop "Did you mean …?" from every message (they reveal field and enum names: production). */
  hideSuggestions?: boolean;
}

/**
 * Shapes every error the client sees: ApiErrors keep their code and name the argument at fault;
 * GraphQL's own validation errors pass through; errors Apollo raises about the HTTP request itself
 * (an APQ hash mismatch, for one) keep their message as BAD_REQUEST; anything else is masked (its
 * message could carry internals), except in development.
 */
export function formatError(options: FormatErrorOptions | boolean = {}) {
  const { development = false, hideSuggestions = false } = typeof options === 'boolean' ? { development: options } : options;
  const shape = shapeError(development);
  if (!hideSuggestions) return shape;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const out = shape(formatted, error);
    return { ...out, message: withoutSuggestions(out.message) };
  };
}

/** The message without graphql-js's "Did you mean …?" sentence. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^]*$/, '');
}

function shapeError(development: boolean) {
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
    // unreachable, restarting, disk full or failed: the reason says which (never the driver's text)
    const reason = outageOf(original);
    if (reason) return { message: outageMessage(reason), path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', reason } };
    const ownExtensions = (original as { extensions?: Record<string, unknown> } | null)?.extensions;
    if (!formatted.path && isClientStatus(ownExtensions?.http)) {
      const own = ownExtensions!.code;
      const { http: _http, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, locations: formatted.locations, extensions: { ...extensions, code: typeof own === 'string' ? own : 'BAD_REQUEST' } };
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

/** True for Apollo's `extensions.http` of a 4xx answer (set on errors about the request itself). */
function isClientStatus(http: unknown): boolean {
  const status = (http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
