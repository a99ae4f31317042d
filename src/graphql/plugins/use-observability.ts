import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../ops/logger.js';
import type { Metrics } from '../../ops/metrics.js';
import type { Context } from '../context.js';

export interface ObservabilityOptions {
  metrics: Metrics;
  logger: Logger;
  /** Requests slower than this are logged at warn level. */
  slowMs?: number;
}

/**
 * One log line and the metrics of each GraphQL request: request id, operation name, subject,
 * duration, error codes. No query text, variables or data are logged.
 */
export function useObservability({ metrics, logger, slowMs = 1_000 }: ObservabilityOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ contextValue: ctx, errors, operationName, response }) {
          const operation = operationName ?? 'anonymous';
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const resultErrors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...(errors ?? []), ...resultErrors].map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          metrics.requests.inc({ operation });
          metrics.duration.observe({ operation }, seconds);
          for (const code of new Set(codes)) metrics.errors.inc({ code });
          const line = {
            requestId: ctx.requestId,
            operation,
            subject: ctx.viewer.subject ?? 'anonymous',
            ms: Math.round(seconds * 1000),
            ...(codes.length > 0 ? { errors: [...new Set(codes)] } : {}),
          };
          if (codes.includes('INTERNAL_SERVER_ERROR')) logger.error(line, 'graphql request failed');
          else if (seconds * 1000 > slowMs) logger.warn(line, 'slow graphql request');
          else logger.info(line, 'graphql request');
        },
      };
    },
  };
}
