/**
 * The codec endpoint for the Temporal UI's (and CLI's) "codec server" setting: `POST /codec/decode`
 * and `POST /codec/encode` with `{payloads: [{metadata: {k: base64}, data: base64}]}` and the
 * namespace in `X-Namespace` (Temporal's codec server protocol). Histories are sealed
 * (src/temporal/codec.ts); this lets an authorised operator read them.
 *
 * Who: decode is reading personal data, so only roles that may already read every partner record do
 * it (auditor, DSO, admin). Encode is for writing through the UI (starting or signalling a workflow),
 * so only the admin, who operates Temporal; what it seals is marked as the operator's and no workflow
 * believes it. A browser may call it only from the configured Temporal UI origin.
 */
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import type { Role } from '../../policies/vocabulary';
import type { SealingCodec } from '../temporal/codec';
import { requireJsonBody, sendProblem } from './problem';

export const CODEC_READERS: readonly Role[] = ['auditor', 'dso', 'admin'];
export const CODEC_WRITERS: readonly Role[] = ['admin'];
/** The UI sends a whole history's payloads at once. */
const CODEC_BODY_LIMIT = '4mb';
const PREFLIGHT_MAX_AGE_S = 600;

const base64 = z.base64();
export const codecBody = z
  .object({
    payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })),
  })
  .strict();

export interface CodecServerDeps {
  codec: SealingCodec;
  /** The namespace whose payloads these keys seal. */
  namespace: string;
  /** The Temporal UI's origin; without it, no browser may call the endpoint. */
  allowedOrigin?: string;
  /** Sets `req.claims` (or answers 401 itself): a bearer token in production. */
  authenticate: RequestHandler;
}

export function codecServerRoutes(deps: CodecServerDeps): Router {
  const router = Router();
  router.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (origin !== deps.allowedOrigin) {
      sendProblem(res, {
        status: 403,
        code: 'codec.origin_refused',
        detail: `the codec endpoint answers the Temporal UI only, not ${origin}`,
        instance: req.originalUrl,
      });
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
    res.status(204).end();
  });

  const onlyRoles =
    (roles: readonly Role[], what: string): RequestHandler =>
    (req, res, next) => {
      if (req.claims.roles.some((r) => roles.includes(r))) return next();
      sendProblem(res, {
        status: 403,
        code: 'auth.forbidden',
        detail: `only ${roles.join(', ')} may ${what}`,
        instance: req.originalUrl,
      });
    };
  const ownNamespace: RequestHandler = (req, res, next) => {
    // The CLI sends an empty X-Namespace unless told one: that is no other namespace.
    const namespace = req.headers['x-namespace'];
    if (!namespace || namespace === deps.namespace) return next();
    sendProblem(res, {
      status: 400,
      code: 'codec.namespace_unknown',
      detail: `DataPact seals the payloads of namespace ${deps.namespace} only`,
      instance: req.originalUrl,
    });
  };
  const body = [requireJsonBody, express.json({ limit: CODEC_BODY_LIMIT, strict: true })];

  router.post(
    '/decode',
    deps.authenticate,
    onlyRoles(CODEC_READERS, 'read sealed histories'),
    ownNamespace,
    ...body,
    async (req, res) => {
      const { payloads } = codecBody.parse(req.body);
      res.json({ payloads: (await deps.codec.decodeForOperator(payloads.map(fromJson))).map(toJson) });
    },
  );
  router.post(
    '/encode',
    deps.authenticate,
    onlyRoles(CODEC_WRITERS, 'seal payloads'),
    ownNamespace,
    ...body,
    async (req, res) => {
      const { payloads } = codecBody.parse(req.body);
      const sealed = await deps.codec.encodeForOperator(payloads.map(fromJson), req.claims.sub);
      res.json({ payloads: sealed.map(toJson) });
    },
  );
  return router;
}

type JsonPayload = z.infer<typeof codecBody>['payloads'][number];

function fromJson(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

function toJson(payload: Payload): JsonPayload {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, b64(value)])),
    data: b64(payload.data ?? new Uint8Array()),
  };
}
