import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context } from '../context.js';
import { FAULT_CODES } from './use-observability.js';

/**
 * GraphQL semantic conventions on the request's span (the active one, started by the HTTP server):
 * named `{graphql.operation.type} {graphql.operation.name}`, with those attributes. Faults set the
 * span's status to ERROR with `error.type`; user errors (bad input, not found, refusals) are no
 * failure of the server and are listed in `graphql.error.codes`. The document itself is not recorded
 * (`graphql.document` is optional): like the logs, spans carry no query text, variables or data.
 * Loaded only when tracing is on.
 */
export function useTracing(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span) return;
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!operation) return;
          const type = operation.operation;
          const name = operationName ? operationName.slice(0, 100) : undefined;
          span.updateName(name ? `${type} ${name}` : type);
          span.setAttribute('graphql.operation.type', type);
          if (name) span.setAttribute('graphql.operation.name', name);
        },
        async willSendResponse({ response }) {
          const sent = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...new Set(sent.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          if (codes.length === 0) return;
          span.setAttribute('graphql.error.codes', codes);
          const fault = codes.find((c) => FAULT_CODES.has(c));
          if (fault) {
            span.setAttribute('error.type', fault);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
        },
      };
    },
  };
}
