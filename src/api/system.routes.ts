import { z } from 'zod';
import { DomainError } from '../../policies/errors';
import { route, type Route } from './route-table';

/** Liveness and readiness: no token needed. */
export function systemRoutes(readiness: () => Promise<void>): Route[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness',
      auth: false,
      ok: { status: 200, schema: z.object({ status: z.literal('ok') }), description: 'The process runs' },
      errors: {},
      handle: async () => ({ status: 'ok' }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: Temporal and the store both answer',
      auth: false,
      ok: { status: 200, schema: z.object({ status: z.literal('ready') }), description: 'Ready' },
      errors: { 503: 'A dependency does not answer' },
      handle: async () => {
        try {
          await readiness();
        } catch (err) {
          throw new DomainError('service.unavailable', (err as Error).message);
        }
        return { status: 'ready' };
      },
    }),
  ];
}
