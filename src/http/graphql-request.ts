import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate } from '../auth/authenticate.js';
import type { Viewer } from '../data/viewer.js';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import type { AnswerCache } from '../data/answer-cache.js';
import { createContext, type Context } from '../graphql/context.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Admission } from './admission.js';
import type { RateLimited, RateLimiter } from './rate-limit.js';
import { graphqlStatus, readBody, send, sendGraphQLErrors } from './respond.js';
import { exceedsTokenLimit } from './token-limit.js';
import { resolveTrusted, type TrustedDocumentsOptions } from './trusted-documents.js';
import { checkVariables, type VariablesLimits } from './variables-limit.js';

/** What a GraphQL request goes through before and around Apollo (see `graphqlHandler`). */
export interface GraphQLHandlerOptions {
  apollo: ApolloServer<Context>;
  db: Database;
  authenticate: Authenticate;
  limiter: RateLimiter | null;
  /** Bounds the requests executing at once (none when null). */
  admission: Admission | null;
  metrics: Metrics;
  logger: Logger;
  maxBodyBytes: number;
  trustedDocuments: TrustedDocumentsOptions;
  maxTokens: number;
  variablesLimits: VariablesLimits;
  batching: boolean;
  compile: boolean;
  /** Coverage answers kept between writes (null: none). */
  answers: AnswerCache | null;
}

/**
 * The handler of /graphql, in the order a request meets its checks: a client blocked after failed
 * authentications, authentication, the request rate, the body's size and JSON, trusted documents,
 * the query's tokens and the variables' shape (all before graphql-js sees anything), a turn to execute
 * (the admission gate), then Apollo's own HTTP handling (content negotiation, CSRF prevention) with
 * this request's context.
 */
export function graphqlHandler({ apollo, db, authenticate, limiter, admission, metrics, logger, maxBodyBytes, trustedDocuments, maxTokens, variablesLimits, batching, compile, answers }: GraphQLHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string, url: URL): Promise<void> => {
    const address = limiter?.addressOf(req) ?? '';
    const tooMany = ({ retryAfterSeconds, message }: RateLimited) => {
      metrics.errors.inc({ code: 'RATE_LIMITED' });
      logger.warn({ requestId, errors: ['RATE_LIMITED'] }, 'request refused by the rate limit');
      res.setHeader('retry-after', String(retryAfterSeconds));
      return sendGraphQLErrors(req, res, 429, [{ message, extensions: { code: 'RATE_LIMITED' } }]);
    };
    const credentials = req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
    const blocked = limiter && credentials ? await limiter.checkBlocked(address) : null;
    if (blocked) return tooMany(blocked);
    let viewer: Viewer;
    try {
      viewer = await authenticate(req);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const limited = limiter ? await limiter.failedAuthentication(address) : null;
      if (limited) return tooMany(limited);
      metrics.errors.inc({ code: err.code });
      logger.warn({ requestId, errors: [err.code] }, 'authentication refused');
      res.setHeader('www-authenticate', 'Bearer');
      return sendGraphQLErrors(req, res, 401, [{ message: err.message, extensions: { code: err.code } }]);
    }
    const limited = limiter ? await limiter.request(address, viewer.subject) : null;
    if (limited) return tooMany(limited);
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      // the rest of the body is left unread, so this connection cannot carry another request
      res.setHeader('connection', 'close');
      return send(res, 413, { errors: [{ message: `request body exceeds ${maxBodyBytes} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    let parsed: unknown = body;
    if (headers.get('content-type')?.startsWith('application/json') && body.length > 0) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    // trusted operations travel by POST; GETs carry no document id here
    const trusted = resolveTrusted(req.method === 'POST' ? parsed : { query: url.searchParams.get('query') }, trustedDocuments);
    if ('errors' in trusted) return sendGraphQLErrors(req, res, 400, trusted.errors);
    if (req.method === 'POST') parsed = trusted.body;
    const query = (parsed as { query?: unknown } | null)?.query ?? url.searchParams.get('query');
    if (typeof query === 'string' && exceedsTokenLimit(query, maxTokens)) {
      return sendGraphQLErrors(req, res, 400, [{ message: `the query has more than ${maxTokens} tokens`, extensions: { code: 'TOKEN_LIMIT' } }]);
    }
    const violation = checkVariables(variablesOf(parsed, url), variablesLimits);
    if (violation) {
      return sendGraphQLErrors(req, res, 400, [{ message: violation.message, extensions: { code: 'BAD_USER_INPUT', argumentName: violation.variable } }]);
    }
    const end = admission ? await admission.enter() : () => {};
    if (!end) {
      metrics.errors.inc({ code: 'SERVICE_UNAVAILABLE' });
      logger.warn({ requestId, errors: ['SERVICE_UNAVAILABLE'], reason: 'BUSY' }, 'request refused: no turn to execute within QUEUE_WAIT_MS');
      res.setHeader('retry-after', '1');
      return sendGraphQLErrors(req, res, 503, [{ message: 'the server is busy; nothing was done, try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'BUSY' } }]);
    }
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: (req.method ?? 'GET').toUpperCase(),
          headers,
          search: url.search,
          body: parsed === '' ? undefined : parsed,
        },
        context: async () => createContext(db, viewer, { requestId, batching, compile, answers, onBatch: (field, size) => metrics.batchSize.observe({ field }, size) }),
      });
      for (const [k, v] of response.headers) res.setHeader(k, v);
      // answers depend on the caller's clearance: no browser or proxy may keep one (as Apollo's
      // cache-control plugin said, before it was turned off for its per-field cost)
      res.setHeader('cache-control', 'no-store');
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.statusCode = graphqlStatus(res.statusCode, response.headers.get('content-type'), response.body.string);
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      // the turn ends once the answer is handed to the socket, so its memory counts while it is held
      end();
    }
  };
}

/** The request's variables: the body's, or a GET's `variables` parameter (unparsable JSON is left to Apollo). */
function variablesOf(parsed: unknown, url: URL): unknown {
  const fromBody = (parsed as { variables?: unknown } | null)?.variables;
  if (fromBody !== undefined) return fromBody;
  const param = url.searchParams.get('variables');
  if (param === null) return undefined;
  try {
    return JSON.parse(param);
  } catch {
    return undefined;
  }
}

