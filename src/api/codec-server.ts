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
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import type { Claims } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import type { Role } from '../../policies/vocabulary';
import type { SealingCodec } from '../temporal/codec';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

export const CODEC_READERS: readonly Role[] = ['auditor', 'dso', 'admin'];
export const CODEC_WRITERS: readonly Role[] = ['admin'];
/** The UI sends a whole history's payloads at once. */
const CODEC_BODY_LIMIT = '4mb';

const base64 = z.base64();
export const codecBody = z
  .object({
    payloads: z
      .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
      .max(10_000),
  })
  .strict();
type CodecBody = z.infer<typeof codecBody>;

/** The Temporal CLI sends an empty X-Namespace unless told one: that is no other namespace. */
const namespaceHeader = z.object({ 'x-namespace': z.string().max(200).optional() });

export interface CodecServerDeps {
  codec: SealingCodec;
  /** The namespace whose payloads these keys seal. */
  namespace: string;
  /** The Temporal UI's origin; without it, no browser may call the endpoint. */
  allowedOrigin?: string;
}

/** The codec's two operations, for an operator whose claims the route gives. */
export function codecService(deps: CodecServerDeps) {
  const check = (actor: Claims, roles: readonly Role[], what: string, namespace: string | undefined) => {
    if (!actor.roles.some((r) => roles.includes(r))) {
      throw new DomainError('auth.forbidden', `only ${roles.join(', ')} may ${what}`, { action: what });
    }
    if (namespace && namespace !== deps.namespace) {
      throw new DomainError(
        'codec.namespace_unknown',
        `DataPact seals the payloads of namespace ${deps.namespace} only`,
        {
          namespace,
        },
      );
    }
  };
  return {
    async decode(actor: Claims, namespace: string | undefined, body: CodecBody): Promise<CodecBody> {
      check(actor, CODEC_READERS, 'read sealed histories', namespace);
      return { payloads: (await deps.codec.decodeForOperator(body.payloads.map(fromJson))).map(toJson) };
    },
    async encode(actor: Claims, namespace: string | undefined, body: CodecBody): Promise<CodecBody> {
      check(actor, CODEC_WRITERS, 'seal payloads', namespace);
      return { payloads: (await deps.codec.encodeForOperator(body.payloads.map(fromJson), actor.sub)).map(toJson) };
    },
  };
}

/**
 * The routes at `base` (`/codec` for bearers of an operator's token; the dev stack's `/api/dev/codec` for
 * its Temporal UI, which has no sign-in, answering it as `actAs`).
 */
export function codecRoutes(deps: CodecServerDeps, options: { base: string; actAs?: Claims }): Route[] {
  const codec = codecService(deps);
  const errors = { ...COMMON_ERRORS, ...BODY_ERRORS, 400: 'A bad body, or another namespace in X-Namespace' };
  const shared = {
    method: 'post' as const,
    ...(options.actAs ? { auth: false as const } : {}),
    body: codecBody,
    headers: namespaceHeader,
    bodyLimit: CODEC_BODY_LIMIT,
    crossOrigin: () => deps.allowedOrigin,
    errors,
  };
  const actor = (caller: { claims: Claims } | undefined) => options.actAs ?? caller!.claims;
  return [
    route({
      ...shared,
      path: `${options.base}/decode`,
      summary:
        'Temporal codec server: open sealed payloads for the Temporal UI or CLI (auditor, DSO, admin; header X-Namespace)',
      ok: { status: 200, schema: codecBody, description: 'The payloads, opened where possible' },
      handle: ({ caller, body, headers }) => codec.decode(actor(caller), headers['x-namespace'], body),
    }),
    route({
      ...shared,
      path: `${options.base}/encode`,
      summary:
        'Temporal codec server: seal payloads an operator writes through the UI, marked as theirs: no workflow believes them (admin)',
      ok: { status: 200, schema: codecBody, description: 'The payloads, sealed' },
      handle: ({ caller, body, headers }) => codec.encode(actor(caller), headers['x-namespace'], body),
    }),
  ];
}

type JsonPayload = CodecBody['payloads'][number];

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
