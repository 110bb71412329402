/**
 * Inputs DataPact did not write. The payload codec (src/temporal/codec.ts) hands a workflow such an
 * input as a marker value instead of failing to decode it: a decode failure would fail the workflow
 * task again and again (a forged signal would stick the workflow for good). The interceptors below,
 * bundled with every DataPact workflow, refuse the marker: an update is rejected before it is
 * accepted, a signal is dropped, a start fails the run, a query fails.
 */
import {
  ApplicationFailure,
  log,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** The one key of the marker value: `{ [UNAUTHENTIC_KEY]: '<why>' }`. */
export const UNAUTHENTIC_KEY = 'datapactUnauthentic';
/** The failure type a refused input carries, so that callers and the API can recognise it. */
export const UNAUTHENTIC_FAILURE_TYPE = 'payload.unauthentic';

export interface UnauthenticInput {
  [UNAUTHENTIC_KEY]: string;
}

export function isUnauthentic(value: unknown): value is UnauthenticInput {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[UNAUTHENTIC_KEY] === 'string'
  );
}

/** Throws a non-retryable `payload.unauthentic` failure when any of `inputs` is not DataPact's. */
export function assertAuthentic(...inputs: unknown[]): void {
  const forged = inputs.find(isUnauthentic);
  if (forged) {
    throw ApplicationFailure.nonRetryable(
      `refused: this input was not written by DataPact (${forged[UNAUTHENTIC_KEY]})`,
      UNAUTHENTIC_FAILURE_TYPE,
    );
  }
}

/** Where DataPact's API puts, in every update it sends, the update's id and when it sent it. */
export const SENT_KEY = 'sent';
/** An update sent longer ago than this (in workflow time) is not believed: a copy, not a request. */
export const SENT_WITHIN_MS = 10 * 60 * 1000;

export interface Sent {
  updateId: string;
  at: string;
}

/**
 * A sealed input copied out of this workflow's own history and sent again (after a continue-as-new,
 * where update ids are no longer deduplicated, or under another id) is refused: the API seals each
 * update's id and time into its input, so a copy names another id, or a time long past.
 */
export function assertFresh(input: unknown, updateId: string, nowMs: number): void {
  const sent = (input as Record<string, unknown> | null)?.[SENT_KEY] as Sent | undefined;
  if (sent === undefined) return; // not sent by the API (a test's own client): nothing to compare
  const age = nowMs - Date.parse(sent.at);
  if (sent.updateId !== updateId || !(age < SENT_WITHIN_MS && age > -SENT_WITHIN_MS)) {
    throw ApplicationFailure.nonRetryable(
      'refused: this input was sent for another request, or long ago (a copy is not a request)',
      UNAUTHENTIC_FAILURE_TYPE,
    );
  }
}

/**
 * Validators run before the update is accepted, so a forged one leaves no trace in history; an update
 * without a validator is refused by its handler instead (accepted, then failed, with no effect).
 */
const refuseUnauthentic: WorkflowInboundCallsInterceptor = {
  validateUpdate(input, next) {
    assertAuthentic(...input.args);
    // The sandbox's Date is workflow time: the time of this workflow task.
    // eslint-disable-next-line no-restricted-syntax
    assertFresh(input.args[0], input.updateId, Date.now());
    next(input);
  },
  async handleUpdate(input, next) {
    assertAuthentic(...input.args);
    return await next(input);
  },
  async handleSignal(input, next) {
    // A signal cannot be refused to its sender; failing here would fail the workflow. It is dropped.
    const forged = input.args.find(isUnauthentic);
    if (forged) {
      log.warn('dropped a signal DataPact did not write', { signal: input.signalName, why: forged[UNAUTHENTIC_KEY] });
      return;
    }
    await next(input);
  },
  async execute(input, next) {
    assertAuthentic(...input.args);
    return await next(input);
  },
  async handleQuery(input, next) {
    assertAuthentic(...input.args);
    return await next(input);
  },
};

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [refuseUnauthentic] });
