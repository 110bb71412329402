/**
 * The workflow side of an entity: the one writer of its store document. An entity's workflow makes an
 * `EntityRun` over its state and then only tells its story:
 * - `record(transition)` writes the state's next version with its audit event, one write at a time and
 *   in order (a stale retry never overwrites a newer version), and never cut short by a cancellation;
 * - the story waits through `wait(done, timeout)`, so the run knows when the story is idle;
 * - an update handler hands its fact to the story through an `Inbox` and answers with `settled(...)`:
 *   once the story has taken the fact, moved the state, written it, and waits again — so the API can
 *   answer from the update's result what the store now holds.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  log,
  patched,
  proxyActivities,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Duration, SearchAttributeUpdatePair } from '@temporalio/common';
import type { EntityStoreActivities, EntityName, RecordedTransition } from '../../activities/entity-store';
import type { Claims } from '../../policies/abilities';
import type { AuditAction, AuditReason } from '../../policies/audit-actions';
import type { Refusal } from '../../policies/errors';
import { nowIso, nowMs } from '../clock';
import type { EntityState } from './state';

const store = proxyActivities<EntityStoreActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: ['EntityConflict'] },
});

/**
 * Runs from before it waited for an instant already reached with a 1 ms timer (their histories replay so);
 * later runs take such an instant at once, without a timer.
 */
export const DUE_AT_ONCE_PATCH = 'entity-due-at-once';

/** One change of state, as the audit trail records it. */
export interface Transition {
  actor: Claims;
  action: AuditAction;
  /** A person's own words (a reviewer's reason, a question). */
  reason?: string;
  /** The system's reason, as a code with its parameters, for the reader's language. */
  why?: AuditReason;
  ruleVersion: string;
}

export interface EntityRunOptions<S extends EntityState> {
  entity: EntityName;
  state: S;
  /** What the audit trail's before/after show of a version (status, stage, …). */
  summaryOf: (state: S) => Record<string, unknown>;
  /** The search attributes that follow the state, upserted at every transition. */
  searchAttributesOf?: (state: S) => SearchAttributeUpdatePair[];
}

export class EntityRun<S extends EntityState> {
  readonly state: S;
  /** The store has every version up to this one. */
  private stored: number;
  /** The copy of the state last written. */
  private lastStored: S | undefined;
  /** The summary of the last version recorded: the next event's `before`. */
  private before: Record<string, unknown>;
  /** The write in flight: the next one waits for it, so versions reach the store in order. */
  private writing: Promise<void> = Promise.resolve();
  /** The story is waiting (in `wait`) rather than moving the state. */
  private idle = false;

  constructor(private readonly options: EntityRunOptions<S>) {
    this.state = options.state;
    this.stored = options.state.version;
    this.before = options.state.version > 0 ? options.summaryOf(options.state) : {};
  }

  /** Writes the state's next version with its audit event; resolves once both are in the store. */
  async record(transition: Transition): Promise<void> {
    const { state } = this;
    state.version += 1;
    state.updatedAt = nowIso();
    const version = state.version;
    if (this.options.searchAttributesOf) upsertSearchAttributes(this.options.searchAttributesOf(state));
    const after = this.options.summaryOf(state);
    const recorded: RecordedTransition = {
      entity: this.options.entity,
      // A copy of this version: the state moves on while the write waits its turn.
      state: JSON.parse(JSON.stringify(state)) as Record<string, unknown> & EntityState,
      before: this.before,
      after,
      audit: {
        actor: transition.actor,
        action: transition.action,
        ...(transition.reason !== undefined ? { reason: transition.reason } : {}),
        ...(transition.why ? { why: transition.why } : {}),
        ruleVersion: transition.ruleVersion,
      },
    };
    this.before = after;
    log.debug('entity moved', { entity: this.options.entity, id: state.id, version, action: transition.action });
    // Written whatever happens to the scope that asked: a transition made in the state is never lost.
    const write = this.writing.then(() => CancellationScope.nonCancellable(() => store.recordEntity(recorded)));
    this.writing = write.then(
      () => undefined,
      () => undefined,
    );
    await write;
    if (version > this.stored) {
      this.stored = version;
      this.lastStored = recorded.state as S;
    }
  }

  /** The state as the store holds it once it holds at least `version` (the nomination's answer). */
  async storedAtLeast(version: number): Promise<S> {
    await condition(() => this.stored >= version && this.lastStored !== undefined);
    return this.lastStored!;
  }

  /** Resolves once the store holds every version recorded so far. */
  async landed(): Promise<void> {
    const version = this.state.version;
    await condition(() => this.stored >= version);
  }

  /**
   * The story's waits: until `done()` (true) or the timeout (false). While the story waits here, the
   * run counts it idle: an update answered then finds every consequence of its fact in the store.
   */
  async wait(done: () => boolean, timeout?: Duration): Promise<boolean> {
    this.idle = true;
    try {
      return timeout === undefined ? (await condition(done), true) : await condition(done, timeout);
    } finally {
      this.idle = false;
    }
  }

  /**
   * The story's waits for an instant (epoch ms): until `done()` (true) or `at` is reached (false). An instant
   * already reached is not waited for: no timer is started, `done()` is only checked. (A timer for it would
   * fire while the next task runs, e.g. one with an update; the time-skipping test server then refuses that
   * task's cancel of the timer and the run never gets another task: sdk-java#2606.)
   */
  async until(done: () => boolean, at?: number): Promise<boolean> {
    // No instant (undefined, or Infinity when nothing is due): wait for `done()` alone.
    if (at === undefined || !Number.isFinite(at)) return await this.wait(done);
    if (at <= nowMs() && patched(DUE_AT_ONCE_PATCH)) return done();
    return await this.wait(done, Math.max(at - nowMs(), 1));
  }

  /** The story is over: from now on it counts as idle, so every handler still waiting can answer. */
  finish(): void {
    this.idle = true;
  }

  /**
   * For an update handler: answers with the state once the story has taken the handler's fact, has
   * moved on and waits again, and the store holds every version so far. A fact the story dropped (it
   * was interrupted before taking it) fails the update with the drop's reason.
   */
  async settled(ticket?: Ticket): Promise<S> {
    try {
      await condition(() => (ticket === undefined || ticket.taken || ticket.dropped !== undefined) && this.idle);
      if (ticket?.dropped) {
        const { message, code, params, reasons } = ticket.dropped;
        // The failure's details: its parameters, then every reason it stands for (a refused request lists them all).
        throw ApplicationFailure.nonRetryable(message, code, params ?? {}, reasons ?? []);
      }
      await this.landed();
      return this.state;
    } finally {
      // The fact is acted on to the end (or refused): its inbox takes the next one.
      if (ticket) ticket.answered = true;
    }
  }
}

/** A refusal of a fact, with every reason behind it when there are several (a request that cannot be approved). */
export type Drop = Refusal & {
  reasons?: { code: string; params?: Record<string, string | number>; message: string }[];
};

/** A fact handed to the story: taken by it, or dropped with a reason; answered once acted on to the end. */
export interface Ticket {
  taken: boolean;
  dropped?: Drop;
  /** Its update has its answer: the story acted on the fact and the store has the result, or it was refused. */
  answered?: boolean;
}

/**
 * Facts update handlers hand to the story, one at a time: a second one is refused (`busy`) until the
 * first is answered — not only taken: while the story acts on a fact (its state not moved yet), the same
 * step sent again would pass its validator and be taken by the story's next wait as another step. So
 * every fact is judged against the state the story left once done with the one before.
 *
 * Only validators read `busy`, and validators do not run on replay: histories recorded before a fact in
 * flight was refused replay as they ran (the fact they accepted is put and taken as it was).
 */
export class Inbox<T> {
  private pending: (Ticket & { value: T }) | undefined;

  /** A fact is there for the story to take. */
  private get waiting(): boolean {
    return this.pending !== undefined && !this.pending.taken && this.pending.dropped === undefined;
  }

  /** For validators: a fact handed over is not answered yet (waiting to be taken, or being acted on). */
  get busy(): boolean {
    return this.waiting || (this.pending !== undefined && this.pending.taken && !this.pending.answered);
  }

  /** Handler side: hands the fact over; the ticket says when the story has taken (or dropped) it. */
  put(value: T): Ticket {
    const entry = { value, taken: false };
    this.pending = entry;
    return entry;
  }

  /** Story side: the fact handed over, if any (taking it). */
  take(): T | undefined {
    if (!this.waiting) return undefined;
    this.pending!.taken = true;
    return this.pending!.value;
  }

  /** Story side: the story will not take the fact handed over (it was interrupted): its update fails. */
  drop(refusal: Drop): void {
    if (this.waiting) this.pending!.dropped = refusal;
  }

  /** Story side: the fact just taken is refused after all (the rules, read afresh, say no): its update fails. */
  refuse(refusal: Drop): void {
    if (this.pending?.taken) this.pending.dropped = refusal;
  }

  /** For a story's wait: a fact is there to take. */
  readonly has = (): boolean => this.waiting;
}
