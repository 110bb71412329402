/**
 * A rate limit on writes and sign-in (ASVS V2.2.1, V11.1.4), per bearer token and per client address,
 * kept in this process: a fixed window per key, counted in memory. Several API processes each count
 * their own share, so the effective limit is the process count times this one; a proxy in front may
 * add a shared limit. Reads are not limited here.
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendProblem } from './problem';

export interface RateLimits {
  /** Writes (and sign-ins) one bearer token may make per window. */
  perToken: number;
  /** Writes (and sign-ins) one client address may make per window, whatever its tokens. */
  perAddress: number;
  windowSeconds: number;
}

/** Windows are swept when the table grows past this, so that many addresses cannot grow it without end. */
const SWEEP_ABOVE_KEYS = 10_000;

/** One limiter per app: `limit` is the middleware of a limited route; `now` is a parameter for tests. */
export function rateLimiter(limits: RateLimits, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  const windowMs = limits.windowSeconds * 1000;

  /** Counts one more request of `key`; answers the seconds to wait when over `max`. */
  const take = (key: string, max: number, at: number): number | undefined => {
    let window = windows.get(key);
    if (!window || at - window.start >= windowMs) {
      if (windows.size > SWEEP_ABOVE_KEYS) {
        for (const [k, w] of windows) if (at - w.start >= windowMs) windows.delete(k);
      }
      window = { start: at, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    return window.count > max ? Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)) : undefined;
  };

  const limit: RequestHandler = (req, res, next) => {
    const at = now();
    const address = req.socket.remoteAddress ?? 'unknown';
    const authorization = req.headers.authorization;
    // The token itself is never kept: its hash names its window.
    const token = authorization ? createHash('sha256').update(authorization).digest('base64url') : undefined;
    const waitAddress = take(`address:${address}`, limits.perAddress, at);
    const waitToken = token ? take(`token:${token}`, limits.perToken, at) : undefined;
    const wait = Math.max(waitAddress ?? 0, waitToken ?? 0);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      sendProblem(res, {
        status: 429,
        code: 'request.rate_limited',
        detail: `too many requests; try again in ${wait} s`,
        params: { retryAfterSeconds: wait, by: waitToken ? 'token' : 'address' },
        instance: req.originalUrl,
      });
      return;
    }
    next();
  };
  return { limit };
}
