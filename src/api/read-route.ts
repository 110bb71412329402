/**
 * The routes that read one entity: `GET /api/<entities>/{id}` and `GET /api/<entities>/{id}/<view>` (its
 * timeline, its snapshots), answered 400 for a malformed id and 404 for a missing entity. One definition for
 * every entity, beside the routes of its steps (step-route.ts).
 */
import type { z } from 'zod';
import type { Caller } from '../../policies/abilities';
import { COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

/**
 * Makes the read routes of one entity: under `base`, its id checked by `params` (`idName`, e.g. "an agreement
 * id", says what a malformed one is not). A route's `view` is the path under the entity, `''` for the entity.
 */
export function readRouteOf(entity: {
  base: string;
  noun: string;
  idName: string;
  params: z.ZodObject<{ id: z.ZodType<string> }>;
}) {
  const errors = { ...COMMON_ERRORS, 400: `Not ${entity.idName}`, 404: `No such ${entity.noun}` };
  return (
    view: string,
    summary: string,
    ok: { schema: z.ZodType; description: string },
    handle: (input: { caller: Caller; id: string }) => Promise<unknown>,
  ): Route =>
    route({
      method: 'get',
      path: view ? `${entity.base}/{id}/${view}` : `${entity.base}/{id}`,
      summary,
      params: entity.params,
      ok: { status: 200, ...ok },
      errors,
      handle: ({ caller, params }) => handle({ caller, id: params.id }),
    });
}
