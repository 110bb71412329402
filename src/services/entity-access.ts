/**
 * The API side of an entity run by a workflow: read its projection (one read, checked against the
 * caller's ability), send its workflow an update, and answer from the update's result — the state
 * once its consequences are in the store — without reading again. Failures of an update reach the
 * one error middleware as they are (by their type: src/api/problem.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { ForbiddenError, subject } from '@casl/ability';
import { SENT_KEY, type Sent } from '../../workflows/authentic';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Caller } from '../../policies/abilities';
import { DomainError, type ErrorCode } from '../../policies/errors';
import type { Action } from '../../policies/vocabulary';
import type { Entity } from '../entities/define';
import type { AuditEventModel } from '../models/audit-event.model';
import type { TimelineEntry } from '../schemas/partner.schema';
import { accessibleFilter } from '../store/scope';
import { listPage } from '../store/list-page';
import { pageOf, type Page, type PageQuery } from '../store/pagination';

/** An update's input as the API sends it: with its id and the time it is sent, sealed into it (workflows/authentic.ts). */
export function sentWith<Arg>(arg: Arg, updateId: string): Arg {
  const sent: Sent = { updateId, at: new Date().toISOString() };
  return { ...arg, [SENT_KEY]: sent };
}

/** Options of a use case that a request carries: its Idempotency-Key makes a repeat the same step. */
export interface StepOptions {
  requestKey?: string;
}

/** The update id of a step sent with an Idempotency-Key: Temporal answers its repeat with the first result. */
export function stepUpdateId(caller: Caller, step: string, id: string, options: StepOptions): { updateId?: string } {
  if (!options.requestKey) return {};
  const key = `${caller.claims.sub}:${step}:${id}:${options.requestKey}`;
  return { updateId: createHash('sha256').update(key).digest('hex').slice(0, 40) };
}

/** Most transitions kept in an entity's timeline: the audit trail holds them all. */
const TIMELINE_LIMIT = 1000;

export function entityAccess<S extends z.ZodObject, V extends z.ZodObject>(deps: {
  temporal: Client;
  entity: Entity<S, V>;
  notFound: ErrorCode;
  auditEvents: typeof AuditEventModel;
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

  async function send<Arg>(
    caller: Caller,
    id: string,
    action: Action,
    update: UpdateDefinition<State, [Arg]>,
    arg: Arg,
    options: { updateId?: string } = {},
  ): Promise<z.infer<V>> {
    const current = await readable(caller, id);
    const handle = temporal.workflow.getHandle(entity.workflowIdOf(id));
    if (!caller.ability.can(action, target(current)) && options.updateId) {
      try {
        return viewFor(caller, await handle.getUpdateHandle<State>(options.updateId).result());
      } catch (notSent) {
        if (!(notSent instanceof WorkflowNotFoundError)) throw notSent; // else no step under this id: refused below
      }
    }
    ForbiddenError.from(caller.ability).throwUnlessCan(action, target(current));
    const updateId = options.updateId ?? randomUUID();
    const result = await handle.executeUpdate(update, { args: [sentWith(arg, updateId)], updateId });
    return viewFor(caller, result);
  }

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
     * caller's claims), and answers with the view of the state the update returned. Once per update id: a
     * repeat the policy now refuses (a submission, once in review, is no longer its requester's to make)
     * answers as the update sent under that id did, if there was one.
     */
    send,

    /**
     * A step of the entity's process as the API sends it: the action the caller needs on the stored record
     * (or the body's own, as a decision's outcome), the update, and the body with the caller's claims.
     */
    step:
      <Arg extends { actor: Caller['claims'] }>(
        name: string,
        action: Action | ((body: Omit<Arg, 'actor'>) => Action),
        update: UpdateDefinition<State, [Arg]>,
      ) =>
      (caller: Caller, id: string, body: Omit<Arg, 'actor'>, options: StepOptions = {}) =>
        send(
          caller,
          id,
          typeof action === 'function' ? action(body) : action,
          update,
          { ...body, actor: caller.claims } as Arg,
          stepUpdateId(caller, name, id, options),
        ),

    /** The entity's transitions from the audit trail, oldest first, for whoever may read `field`. */
    async timeline(caller: Caller, id: string, field: string): Promise<{ items: TimelineEntry[] }> {
      const state = await readable(caller, id);
      ForbiddenError.from(caller.ability).throwUnlessCan('read', target(state), field);
      const events = await deps.auditEvents
        .find({ 'subject.type': entity.name, 'subject.id': id })
        .sort({ seq: 1 })
        .limit(TIMELINE_LIMIT)
        .lean();
      return {
        items: events.map((e) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          action: e.action,
          actor: { sub: e.actor.sub ?? '', roles: e.actor.roles ?? [] },
          ...(e.before ? { before: e.before as Record<string, unknown> } : {}),
          ...(e.after ? { after: e.after as Record<string, unknown> } : {}),
          ...(e.reason ? { reason: e.reason } : {}),
          ...(e.why?.code ? { why: { code: e.why.code, params: (e.why.params ?? {}) as Record<string, string> } } : {}),
          ...(e.ruleVersion ? { ruleVersion: e.ruleVersion } : {}),
        })),
      };
    },

    /** One page of the records the caller may read that match `filters`, in id order. */
    async list(caller: Caller, filters: Record<string, unknown>[], query: PageQuery): Promise<Page<z.infer<V>>> {
      const scope = accessibleFilter(caller.ability, 'read', entity.name);
      const equalities = equalitiesOf([scope, ...filters], entity.listFilters ?? []);
      if (equalities) {
        // Only the entity's list filters, each an equality: a page walks the ids' buckets.
        const page = await listPage<{ _id: string } & Record<string, unknown>>({
          model: entity.model,
          filter: equalities,
          ...(query.cursor ? { cursor: query.cursor } : {}),
          limit: query.limit,
        });
        return { ...page, items: page.items.map((document) => viewFor(caller, entity.stateOf(document))) };
      }
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

/**
 * The filters as one equality filter, when each is a field of `listed` compared to a scalar; otherwise
 * (a range, an operator, the scope of one record by id) undefined, and the list takes a sorted query.
 */
function equalitiesOf(
  filters: Record<string, unknown>[],
  listed: readonly string[],
): Record<string, unknown> | undefined {
  const merged: Record<string, unknown> = {};
  for (const filter of filters) {
    for (const [field, value] of Object.entries(filter)) {
      const scalar = ['string', 'number', 'boolean'].includes(typeof value);
      if (!listed.includes(field) || !scalar || (field in merged && merged[field] !== value)) return undefined;
      merged[field] = value;
    }
  }
  return merged;
}
