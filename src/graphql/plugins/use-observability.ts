import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../ops/logger.js';
import type { Metrics } from '../../ops/metrics.js';
import { knownOperationNames } from '../../ops/operation-names.js';
import type { Context } from '../context.js';

export interface ObservabilityOptions {
  metrics: Metrics;
  logger: Logger;
  /** Requests slower than this are logged at warn level. */
  slowMs?: number;
  /** Operation names used as metric labels as they are; others are counted as `other`. */
  knownOperations?: ReadonlySet<string>;
}

/** Codes of faults of the server or its database: logged at error level. */
export const FAULT_CODES: ReadonlySet<string> = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'QUERY_TIMEOUT']);
/** Codes of refusals (credentials, permissions, limits): logged at warn level. Other user errors are info. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'DEPTH_LIMIT', 'COST_LIMIT', 'ALIAS_LIMIT', 'DIRECTIVE_LIMIT', 'TOKEN_LIMIT', 'RATE_LIMITED']);

/** The metrics label of an operation name. */
export function operationLabel(name: string | null | undefined, known: ReadonlySet<string>): string {
  if (!name) return 'anonymous';
  return known.has(name) ? name : 'other';
}

/**
 * One log line and the metrics of each GraphQL request: request id, operation name, subject,
 * duration, error codes. Errors are counted under the codes the client received (user errors under
 * their own codes; only real faults as INTERNAL_SERVER_ERROR). No query text, variables or data are
 * logged.
 */
export function useObservability({ metrics, logger, slowMs = 1_000, knownOperations = knownOperationNames() }: ObservabilityOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ contextValue: ctx, operationName, response }) {
          // the server's own warm-up is neither client traffic nor worth a log line per request
          if (ctx.internal) return;
          const operation = operationLabel(operationName, knownOperations);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const sent = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...new Set(sent.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          metrics.requests.inc({ operation });
          metrics.duration.observe({ operation }, seconds);
          for (const code of codes) metrics.errors.inc({ code });
          const line = {
            requestId: ctx.requestId,
            operation: operationName ? operationName.slice(0, 100) : 'anonymous',
            subject: ctx.viewer.subject ?? 'anonymous',
            ms: Math.round(seconds * 1000),
            ...(codes.length > 0 ? { errors: codes } : {}),
          };
          if (codes.some((c) => FAULT_CODES.has(c))) logger.error(line, 'graphql request failed');
          else if (codes.some((c) => REFUSAL_CODES.has(c))) logger.warn(line, 'graphql request refused');
          else if (seconds * 1000 > slowMs) logger.warn(line, 'slow graphql request');
          else if (codes.length > 0) logger.info(line, 'graphql request with user errors');
          else logger.info(line, 'graphql request');
        },
      };
    },
  };
}
