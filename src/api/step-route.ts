/**
 * The route of an entity's step: `POST /api/<entities>/{id}/<step>`, sent to the entity's workflow as an
 * update (src/services/entity-access.ts), answered with the entity as it now is. One definition for every
 * entity, so that a new one declares its steps, not their plumbing.
 */
import type { z } from 'zod';
import type { Caller } from '../../policies/abilities';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

export interface StepInput<B extends z.ZodType> {
  caller: Caller;
  id: string;
  body: z.output<B>;
  requestKey?: string;
}

/** The answers of a step: the common ones, a missing entity, a step it is not at, and any the entity adds. */
export function stepErrorsOf(noun: string, extra: Record<number, string> = {}): Record<number, string> {
  return {
    ...COMMON_ERRORS,
    ...BODY_ERRORS,
    404: `No such ${noun}`,
    409: `The ${noun} is not at this step (the code says where it is), its process has ended, or a step of it (this one sent twice, say) is still being recorded (entity.busy: ask again)`,
    ...extra,
  };
}

/**
 * Makes the step routes of one entity: under `base`, its id checked by `params`, answered with `view`; a step
 * may say what its answer means (`done`) and add answers of its own (`errors`).
 */
export function stepRouteOf(entity: {
  base: string;
  noun: string;
  params: z.ZodObject<{ id: z.ZodType<string> }>;
  view: z.ZodType;
  errors: Record<number, string>;
}) {
  return <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    handle: (input: StepInput<B>) => Promise<unknown>,
    answer: { done?: string; errors?: Record<number, string> } = {},
  ): Route =>
    route({
      method: 'post',
      path: `${entity.base}/{id}/${path}`,
      summary,
      params: entity.params,
      body,
      idempotency: 'step',
      ok: { status: 200, schema: entity.view, description: answer.done ?? `Done; the ${entity.noun} as it now is` },
      errors: answer.errors ? { ...entity.errors, ...answer.errors } : entity.errors,
      handle: ({ caller, params, body: parsed, requestKey }) =>
        handle({ caller, id: params.id, body: parsed as z.output<B>, ...(requestKey ? { requestKey } : {}) }),
    });
}
