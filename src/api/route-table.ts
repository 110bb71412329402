/**
 * The API, once: every route is one entry of a table (method, path, the zod schemas of its path
 * parameters, query and body, its answers, and the use case it calls). The same table mounts the
 * Express routes and writes the OpenAPI document, so the document states what the server enforces.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Caller } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import type { TokenVerifier } from '../auth/jwt';
import { authenticate } from '../auth/middleware';
import { idempotentCreate, IDEMPOTENCY_KEY_PATTERN } from './idempotency';
import { rateLimiter, type RateLimits } from './rate-limit';
import { refuseForbiddenKeys } from './safe-input';
import { checkInput, requireJsonBody, sendProblem } from './problem';

export type Method = 'get' | 'post' | 'patch' | 'put';

export interface RouteInput<P, Q, B, H = unknown> {
  caller: Caller;
  params: P;
  query: Q;
  body: B;
  headers: H;
  /** The request's Idempotency-Key, on routes that take one: the use case makes a repeat the same step. */
  requestKey?: string;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface Route<
  P extends z.ZodObject | undefined = z.ZodObject | undefined,
  Q extends z.ZodObject | undefined = z.ZodObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  H extends z.ZodObject | undefined = z.ZodObject | undefined,
> {
  method: Method;
  /** OpenAPI style: `/api/partners/{id}`. */
  path: string;
  summary: string;
  /** `false`: no bearer token needed; `'identity'`: a token of an identity with no role yet will do (accepting an invitation). */
  auth?: false | 'identity';
  /** The route hands out tokens (sign-in): rate-limited like a write. */
  signIn?: true;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads, by their lower-case names. */
  headers?: H;
  /** The body's media type when it is not JSON (the CSV import). */
  bodyType?: 'text/csv';
  /** A larger body than the API's default (the codec endpoint takes a whole history's payloads). */
  bodyLimit?: string;
  /** The one browser origin (besides the console's own) that may call the route; preflights answered. */
  crossOrigin?: () => string | undefined;
  /**
   * `create`: an Idempotency-Key makes a repeat answer with the first result; `step`: it is passed to
   * the use case, which sends the step under an id derived from it (a repeat is the same step).
   */
  idempotency?: 'create' | 'step';
  /**
   * `type`: the media type of an answer that is not JSON, or each of them when a query parameter chooses;
   * `binary`: media types the route answers with a file instead of JSON (a query chooses which).
   */
  ok: {
    status: number;
    schema?: z.ZodType;
    type?: string | readonly string[];
    binary?: readonly string[];
    description: string;
  };
  errors: Record<number, string>;
  /** The use case; what it answers is sent with `ok.status`. */
  handle?: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>, Infer<H>>, req: Request) => Promise<unknown>;
  /** Where a created record lives (a `Location` header), for creates. */
  location?: (created: never) => string;
  /** Or the answer written by the route itself (a file, a stream). */
  respond?: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>, Infer<H>>, res: Response, req: Request) => Promise<void>;
}

/** One entry of the table, typed by its schemas. */
export function route<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  H extends z.ZodObject | undefined = undefined,
>(spec: Route<P, Q, B, H>): Route {
  return spec as unknown as Route;
}

/** `/api/partners/{id}` → `/api/partners/:id`. */
const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export interface MountOptions {
  verifyToken: TokenVerifier;
  bodyLimit: string;
  csvLimit: string;
  /** Writes and sign-ins per token and per address; none: not limited. */
  rateLimits?: RateLimits;
}

/** Whether a route is rate-limited: every write, and sign-in. */
export const isRateLimited = (spec: Route) => spec.method !== 'get' || spec.signIn === true;

/**
 * Mounts the table: each route with its own checks in order (token, body, forbidden keys, schemas),
 * then its use case. A method a path does not have gets 405 with `Allow`.
 */
export function mountRoutes(routes: readonly Route[], options: MountOptions): Router {
  const router = Router();
  const auth = authenticate(options.verifyToken);
  const identityAuth = authenticate(options.verifyToken, { allowNoRole: true });
  const limiter = options.rateLimits ? rateLimiter(options.rateLimits) : undefined;
  const json = [requireJsonBody, express.json({ limit: options.bodyLimit, strict: true })];
  const csv = [
    requireMediaType(['text/csv', 'application/csv'], 'send the file as text/csv (UTF-8)'),
    express.text({ type: ['text/csv', 'application/csv'], limit: options.csvLimit, defaultCharset: 'utf-8' }),
  ];
  // Paths with a fixed segment go before those with a parameter there (`/assets/import` before
  // `/assets/{id}`), and each path answers 405 for the methods it lacks before any later path is tried.
  const byPath = new Map<string, Route[]>();
  for (const spec of routes) byPath.set(spec.path, [...(byPath.get(spec.path) ?? []), spec]);
  for (const [path, specs] of [...byPath].sort(([a], [b]) => bySpecificity(a, b))) {
    const origin = specs.find((s) => s.crossOrigin)?.crossOrigin;
    if (origin) router.options(expressPath(path), crossOrigin(origin, specs), (_req, res) => res.status(204).end());
    for (const spec of specs) {
      const chain: RequestHandler[] = [];
      if (spec.crossOrigin) chain.push(crossOrigin(spec.crossOrigin, specs));
      // Before the token is checked: a flood of bad tokens from one address is limited too.
      if (limiter && isRateLimited(spec)) chain.push(limiter.limit);
      if (spec.auth === 'identity') chain.push(identityAuth);
      else if (spec.auth !== false) chain.push(auth);
      if (spec.bodyType === 'text/csv') chain.push(...csv);
      else if (spec.bodyLimit) chain.push(requireJsonBody, express.json({ limit: spec.bodyLimit, strict: true }));
      else if (spec.method !== 'get') chain.push(...json);
      chain.push(refuseForbiddenKeys, handlerOf(spec));
      router[spec.method](expressPath(path), ...chain);
    }
    const allow = [
      ...new Set(specs.flatMap((s) => (s.method === 'get' ? ['GET', 'HEAD'] : [s.method.toUpperCase()]))),
    ].join(', ');
    router.all(expressPath(path), (req, res) => {
      res.setHeader('Allow', allow);
      sendProblem(res, {
        status: 405,
        code: 'request.method_not_allowed',
        detail: `${req.method} is not allowed here; allowed: ${allow}`,
        params: { method: req.method, allowed: allow },
        instance: req.originalUrl,
      });
    });
  }
  return router;
}

/** Orders paths segment by segment: a fixed segment before a parameter. */
function bySpecificity(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const pa = as[i]!.startsWith('{') ? 1 : 0;
    const pb = bs[i]!.startsWith('{') ? 1 : 0;
    if (pa !== pb) return pa - pb;
  }
  return 0;
}

function handlerOf(spec: Route): RequestHandler {
  return async (req, res) => {
    const input: RouteInput<unknown, unknown, unknown> = {
      caller: { claims: req.claims, ability: req.ability },
      params: spec.params ? checkInput(spec.params, req.params) : undefined,
      query: spec.query ? checkInput(spec.query, req.query) : undefined,
      body: spec.body ? checkInput(spec.body, req.body) : spec.bodyType === 'text/csv' ? textBody(req) : undefined,
      headers: spec.headers ? checkInput(spec.headers, req.headers) : undefined,
    };
    const key = req.get('Idempotency-Key');
    if (spec.idempotency && key !== undefined) {
      if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw new DomainError('request.invalid', 'Idempotency-Key has 8 to 200 letters, digits, _ : . -', {
          header: 'Idempotency-Key',
        });
      }
      input.requestKey = key;
    }
    if (spec.respond) return await spec.respond(input as never, res, req);
    const run = async () => {
      const body = await spec.handle!(input as never, req);
      const location = spec.location ? spec.location(body as never) : undefined;
      return { status: spec.ok.status, body, ...(location ? { location } : {}) };
    };
    if (spec.idempotency === 'create') return await idempotentCreate(req, res, run);
    const { status, body, location } = await run();
    if (location) res.location(location);
    res.status(status).json(body);
  };
}

/**
 * Lets the one allowed origin call the route from a browser (answering its preflight); a request from
 * any other origin is refused before anything else is read.
 */
function crossOrigin(allowed: () => string | undefined, specs: readonly Route[]): RequestHandler {
  const methods = [...new Set(specs.map((s) => s.method.toUpperCase()))].join(', ');
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (origin !== allowed()) {
      sendProblem(res, {
        status: 403,
        code: 'request.origin_refused',
        detail: `this route answers no browser page of ${origin}`,
        params: { origin },
        instance: req.originalUrl,
      });
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Access-Control-Allow-Methods', methods);
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    res.setHeader('Access-Control-Max-Age', '600');
    next();
  };
}

const textBody = (req: Request) => (typeof req.body === 'string' ? req.body : '');

function requireMediaType(types: string[], detail: string): RequestHandler {
  return (req, res, next) => {
    if (!req.is(types)) {
      sendProblem(res, { status: 415, code: 'request.unsupported_media_type', detail, instance: req.originalUrl });
      return;
    }
    next();
  };
}
