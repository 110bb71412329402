/**
 * The API side of an entity run by a workflow: read its projection (one read, checked against the
 * caller's ability), send its workflow an update, and answer from the update's result — the state
 * once its consequences are in the store — without reading again. Failures of an update reach the
 * one error middleware as they are (by their type: src/api/problem.ts).
 */
import { randomUUID } from 'node:crypto';
import { ForbiddenError, subject } from '@casl/ability';
import { SENT_KEY, type Sent } from '../../workflows/authentic';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Caller } from '../../policies/abilities';
import { DomainError, type ErrorCode } from '../../policies/errors';
import type { Action } from '../../policies/vocabulary';
import type { Entity } from '../entities/define';
import { accessibleFilter } from '../store/scope';
import { pageOf, type Page, type PageQuery } from '../store/pagination';

/** An update's input as the API sends it: with its id and the time it is sent, sealed into it (workflows/authentic.ts). */
export function sentWith<Arg>(arg: Arg, updateId: string): Arg {
  const sent: Sent = { updateId, at: new Date().toISOString() };
  return { ...arg, [SENT_KEY]: sent };
}

export function entityAccess<S extends z.ZodObject, V extends z.ZodObject>(deps: {
  temporal: Client;
  entity: Entity<S, V>;
  notFound: ErrorCode;
}) {
  const { temporal, entity, notFound } = deps;
  type State = z.infer<S>;
  const target = (state: State) => subject(entity.name, { ...state, _id: state.id as string });

  /** The stored state, if the caller may read it; to a partner's user another organisation's record does not exist. */
  async function readable(caller: Caller, id: string): Promise<State> {
    const document = await entity.model.findById(id).lean<Record<string, unknown>>();
    const missing = () => new DomainError(notFound, `no ${entity.name.toLowerCase()} ${id}`, { id });
    if (!document) throw missing();
    const state = entity.stateOf(document);
    if (caller.claims.partnerId && !caller.ability.can('read', target(state))) throw missing();
    ForbiddenError.from(caller.ability).throwUnlessCan('read', target(state));
    return state;
  }

  const viewFor = (caller: Caller, state: State): z.infer<V> => entity.viewFor(caller.ability, state);

  return {
    readable,
    viewFor,
    /** The record as a CASL subject, for a field-level check. */
    subjectOf: target,

    async get(caller: Caller, id: string): Promise<z.infer<V>> {
      return viewFor(caller, await readable(caller, id));
    },

    /**
     * Checks `action` on the stored record, sends the update (whose validator has the last word, with the
     * caller's claims), and answers with the view of the state the update returned.
     */
    async send<Arg>(
      caller: Caller,
      id: string,
      action: Action,
      update: UpdateDefinition<State, [Arg]>,
      arg: Arg,
      options: { updateId?: string } = {},
    ): Promise<z.infer<V>> {
      const current = await readable(caller, id);
      ForbiddenError.from(caller.ability).throwUnlessCan(action, target(current));
      const handle = temporal.workflow.getHandle(entity.workflowIdOf(id, current));
      const updateId = options.updateId ?? randomUUID();
      const result = await handle.executeUpdate(update, { args: [sentWith(arg, updateId)], updateId });
      return viewFor(caller, result);
    },

    /** One page of the records the caller may read that match `filters`, in id order. */
    async list(caller: Caller, filters: Record<string, unknown>[], query: PageQuery): Promise<Page<z.infer<V>>> {
      const scope = accessibleFilter(caller.ability, 'read', entity.name);
      const page = await pageOf(
        (cursor, limit) =>
          entity.model
            .find({ $and: [scope, ...filters, cursor] })
            .sort({ _id: 1 })
            .limit(limit)
            .lean<Record<string, unknown>[]>(),
        '_id',
        query,
      );
      return { ...page, items: page.items.map((document) => viewFor(caller, entity.stateOf(document))) };
    },
  };
}
