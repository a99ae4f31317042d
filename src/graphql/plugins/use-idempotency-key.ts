import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';

/**
 * Hands the request's `Idempotency-Key` header to the mutation resolvers (through the context),
 * which check it and derive each write's audit record id from it. The header covers every mutation
 * field of the request; a field's `idempotencyKey` argument takes precedence over it.
 *
 * A response any of whose mutation fields was answered with the stored outcome of an earlier commit
 * (a retry after a lost answer, or a repeated request) carries `Idempotent-Replayed: true`, so a
 * client can tell that its earlier attempt, reported failed or cut off, had in fact been written.
 */
export function useIdempotencyKey(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const key = request.http?.headers.get('idempotency-key');
      contextValue.idempotencyKey = key === undefined ? null : key;
      return {
        async willSendResponse({ response, contextValue: ctx }) {
          if (ctx.replayed) response.http.headers.set('idempotent-replayed', 'true');
        },
      };
    },
  };
}
