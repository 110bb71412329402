/**
 * The dev stack's payload key and the codec route its Temporal UI uses. Dev mode only: `npm start`
 * mounts the route; production serves `/codec` to operators' bearer tokens (src/api/codec-server.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Claims } from '../../policies/abilities';
import { codecRoutes } from '../api/codec-server';
import type { Route } from '../api/route-table';
import { newPayloadKey, type SealingCodec } from '../temporal/codec';

/** The dev stack's payload key (`id:base64`), made once and kept beside its data so its histories stay readable. */
export function devPayloadKeys(dataDir: string): string {
  const file = path.join(dataDir, 'dev-payload-keys');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const keys = newPayloadKey(`dev-${new Date().toISOString().slice(0, 10)}`);
  writeFileSync(file, keys + '\n', { mode: 0o600 });
  return keys;
}

/**
 * The dev Temporal UI has no sign-in, so it cannot send a token: its codec route answers it as this
 * operator. No new exposure: in dev mode `/api/dev/tokens` hands an admin's token to anyone anyway.
 */
export const DEV_UI_OPERATOR: Claims = { sub: 'temporal-ui (dev)', roles: ['admin'] };

/** `/api/dev/codec/decode` and `/encode` for the dev Temporal UI at `uiOrigin`. */
export function devCodecRoutes(deps: { codec: SealingCodec; namespace: string; uiOrigin?: string }): Route[] {
  return codecRoutes(
    { codec: deps.codec, namespace: deps.namespace, ...(deps.uiOrigin ? { allowedOrigin: deps.uiOrigin } : {}) },
    { base: '/api/dev/codec', actAs: DEV_UI_OPERATOR },
  );
}
