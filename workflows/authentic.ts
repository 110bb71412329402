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

/**
 * Validators run before the update is accepted, so a forged one leaves no trace in history; an update
 * without a validator is refused by its handler instead (accepted, then failed, with no effect).
 */
const refuseUnauthentic: WorkflowInboundCallsInterceptor = {
  validateUpdate(input, next) {
    assertAuthentic(...input.args);
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
