import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Limits on how often one client may call; 0 turns a limit off. */
export interface RateLimitOptions {
  /** Requests per window from one client address (default 1,200). */
  perAddress?: number;
  /** Requests per window from one authenticated subject, whatever its address (default 1,200). */
  perSubject?: number;
  /** Length of the window, in seconds (default 60). */
  windowSeconds?: number;
  /** Failed authentications one address may make per window before it is blocked (default 10). */
  authFailures?: number;
  /** How long an address that failed too often is refused any credential, in seconds (default 300). */
  authBlockSeconds?: number;
  /**
   * Proxies in front of the server whose `x-forwarded-for` entries are trusted (default 0: the
   * socket's address is the client's). With n, the n-th address from the right end is the client's.
   */
  trustedProxies?: number;
  /**
   * Limiters over a shared store (e.g. rate-limiter-flexible's RateLimiterRedis), so that several
   * processes count together; each defaults to an in-memory limiter of this process.
   */
  stores?: Partial<Record<'address' | 'subject' | 'authFailures', RateLimiterAbstract>>;
}

/** A refusal: how long the client should wait. */
export interface RateLimited {
  retryAfterSeconds: number;
  message: string;
}

/** The rate limits of one server. */
export interface RateLimiter {
  /** The client's address, as the limits see it. */
  addressOf(req: IncomingMessage): string;
  /** Refuses an address that failed authentication too often (checked before credentials are read). */
  checkBlocked(address: string): Promise<RateLimited | null>;
  /** Records a failed authentication; refuses once the address exceeds its allowance. */
  failedAuthentication(address: string): Promise<RateLimited | null>;
  /** Counts one request of the address (and of the subject, when authenticated). */
  request(address: string, subject: string | null): Promise<RateLimited | null>;
}

const AUTH_MESSAGE = 'too many failed authentications from this address; try again later';

const refusal = (res: RateLimiterRes, message: string): RateLimited => ({ retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)), message });

/** Consumes one point; a RateLimiterRes rejection becomes a refusal, a store failure is rethrown. */
async function take(limiter: RateLimiterAbstract | null, key: string, message: string): Promise<RateLimited | null> {
  if (!limiter) return null;
  try {
    await limiter.consume(key);
    return null;
  } catch (err) {
    if (err instanceof RateLimiterRes) return refusal(err, message);
    throw err;
  }
}

/**
 * Per-address and per-subject request limits, and a stricter allowance of failed authentications
 * per address, with rate-limiter-flexible (in memory unless `stores` are given).
 */
export function createRateLimiter({
  perAddress = 1_200,
  perSubject = 1_200,
  windowSeconds = 60,
  authFailures = 10,
  authBlockSeconds = 300,
  trustedProxies = 0,
  stores = {},
}: RateLimitOptions = {}): RateLimiter {
  for (const [name, v] of Object.entries({ perAddress, perSubject, windowSeconds, authFailures, authBlockSeconds, trustedProxies })) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`rate limit option ${name} must be a non-negative integer, got ${v}`);
  }
  if (windowSeconds === 0) throw new Error('rate limit option windowSeconds must be at least 1');
  const memory = (points: number, blockDuration = 0) => (points > 0 ? new RateLimiterMemory({ points, duration: windowSeconds, blockDuration }) : null);
  const address = stores.address ?? memory(perAddress);
  const subject = stores.subject ?? memory(perSubject);
  const failures = stores.authFailures ?? memory(authFailures, authBlockSeconds);
  const blocked = async (addr: string): Promise<RateLimited | null> => {
    const res = failures ? await failures.get(addr) : null;
    // blocked once a failure beyond the allowance was recorded (that starts the longer block)
    return res && failures && res.consumedPoints > failures.points && res.msBeforeNext > 0 ? refusal(res, AUTH_MESSAGE) : null;
  };
  return {
    addressOf(req) {
      const socket = req.socket.remoteAddress ?? 'unknown';
      if (trustedProxies === 0) return socket;
      const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      return forwarded[forwarded.length - trustedProxies] ?? socket;
    },
    checkBlocked: blocked,
    async failedAuthentication(addr) {
      const refused = await take(failures, addr, AUTH_MESSAGE);
      // the refusal carries the window's remaining time; the block that it starts may last longer
      return refused ? ((await blocked(addr)) ?? refused) : null;
    },
    async request(addr, sub) {
      return (await take(address, addr, 'too many requests from this address; try again later')) ?? (sub ? await take(subject, sub, 'too many requests for this subject; try again later') : null);
    },
  };
}
