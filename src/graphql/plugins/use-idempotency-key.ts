import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';

/**
 * Hands the request's `Idempotency-Key` header to the mutation resolvers (through the context),
 * which check it and derive each write's audit record id from it. The header covers every mutation
 * field of the request; a field's `idempotencyKey` argument takes precedence over it.
 */
export function useIdempotencyKey(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const key = request.http?.headers.get('idempotency-key');
      contextValue.idempotencyKey = key === undefined ? null : key;
    },
  };
}
