/**
 * The OpenTelemetry side of tracing, imported only when an OTLP endpoint is configured (see
 * tracing.ts). Spans go in batches to the OTLP/HTTP endpoint; the active span follows each request
 * through its asynchronous work (AsyncLocalStorage), so Cypher transactions are children of the
 * request that ran them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { useTracing } from '../graphql/plugins/use-tracing.js';
import type { Tracing, TransactionInfo } from './tracing.js';

export interface OtelOptions {
  /** OTLP/HTTP traces URL (…/v1/traces). */
  url: string;
  serviceName: string;
}

let contextManager: AsyncLocalStorageContextManager | undefined;

export function createTracing({ url, serviceName }: OtelOptions): Tracing {
  // one context manager for the process (the API keeps the first one registered)
  if (!contextManager) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
  const tracer = provider.getTracer('dual-use-kg');
  const propagator = new W3CTraceContextPropagator();

  return {
    async request(req: IncomingMessage, res: ServerResponse, requestId: string, handle: () => Promise<void>): Promise<void> {
      const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const local = req.socket.localPort;
      const span = tracer.startSpan(
        `${method} ${path}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': method,
            'http.route': path,
            'url.path': path,
            'url.scheme': 'http',
            ...(local ? { 'server.port': local } : {}),
            'network.protocol.version': req.httpVersion,
            ...(typeof req.headers['user-agent'] === 'string' ? { 'user_agent.original': req.headers['user-agent'] } : {}),
            // the request id the response carries (and the logs of this request)
            'http.response.header.x-request-id': [requestId],
          },
        },
        parent,
      );
      try {
        await context.with(trace.setSpan(parent, span), handle);
      } catch (err) {
        span.setAttribute('error.type', err instanceof Error ? err.name : 'Error');
        throw err;
      } finally {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.setAttribute('error.type', String(res.statusCode));
        }
        span.end();
      }
    },

    transaction<T>(info: TransactionInfo, run: () => Promise<T>): Promise<T> {
      const name = `${info.operation} ${info.database ?? 'neo4j'}`;
      return tracer.startActiveSpan(
        name,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'db.system.name': 'neo4j',
            'db.operation.name': info.operation,
            ...(info.database ? { 'db.namespace': info.database } : {}),
            ...(info.statement ? { 'db.query.text': info.statement } : {}),
            'server.address': info.server.address,
            ...(info.server.port ? { 'server.port': info.server.port } : {}),
          },
        },
        async (span: Span) => {
          try {
            return await run();
          } catch (err) {
            // the Neo4j status code only: messages can quote stored values
            const code = (err as { code?: unknown }).code;
            span.setAttribute('error.type', typeof code === 'string' && code ? code : err instanceof Error ? err.name : 'Error');
            if (typeof code === 'string' && code) span.setAttribute('db.response.status_code', code);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            span.end();
          }
        },
      );
    },

    plugin: useTracing,

    logFields(): Record<string, string> {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },

    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
