/**
 * What oversight tells other workflows: an agreement of a finding that suspends it or of an order to revoke
 * it (`oversightSignal`), a rectification of findings a re-inspection closed (`findingsClosedSignal`).
 * Each fact carries a key, so a retried send is the fact the receiver already has. A workflow that no
 * longer exists (an agreement seeded without one, or long closed) is counted, not retried.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { oversightSignal, type OversightFact } from '../workflows/agreement/messages';
import { agreementWorkflowId } from '../workflows/ids';

/** Signals in flight at once. */
const SIGNALS_AT_ONCE = 8;

export interface Send<A> {
  workflowId: string;
  signal: SignalDefinition<[A]>;
  arg: A;
}

/** Sends each signal (a few at once); answers how many reached their workflow and how many found none. */
export async function signalEach<A>(
  client: Client,
  sends: readonly Send<A>[],
): Promise<{ told: number; unreachable: number }> {
  let told = 0;
  let unreachable = 0;
  for (let from = 0; from < sends.length; from += SIGNALS_AT_ONCE) {
    await Promise.all(
      sends.slice(from, from + SIGNALS_AT_ONCE).map(async ({ workflowId, signal, arg }) => {
        try {
          await client.workflow.getHandle(workflowId).signal(signal, arg);
          told += 1;
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
          unreachable += 1;
        }
      }),
    );
  }
  return { told, unreachable };
}

export function createOversightSignalActivities() {
  return {
    /** Tells each agreement's workflow its fact (a rectification's order to revoke). */
    async tellAgreements(input: { facts: { agreementId: string; fact: OversightFact }[] }) {
      return await signalEach(
        Context.current().client,
        input.facts.map(({ agreementId, fact }) => ({
          workflowId: agreementWorkflowId(agreementId),
          signal: oversightSignal,
          arg: fact,
        })),
      );
    },
  };
}

export type OversightSignalActivities = ReturnType<typeof createOversightSignalActivities>;
