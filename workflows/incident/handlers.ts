/**
 * The incident's handlers: each validator checks a step against the rules with the sender's claims
 * (policies/incident-response.ts — the same the API checks first), and each handler hands the step to the
 * story through its inbox, answering once the story has acted on it and the store has the result. The
 * agreements' answers are taken when they are the answers the story waits for.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { Refusal } from '../../policies/errors';
import { INCIDENT_MEASURES } from '../../policies/incident-grading';
import {
  closureRefusalFor,
  explanationRefusalFor,
  investigationRefusalFor,
  reportRecordRefusalFor,
  updateRefusalFor,
} from '../../policies/incident-response';
import { nowMs } from '../clock';
import type { Inbox } from '../kit/entity-run';
import { summaryOf, type Response } from './lifecycle';
import {
  agreementAnsweredSignal,
  closeUpdate,
  explainMissedUpdate,
  investigateUpdate,
  recordReportUpdate,
  regradeUpdate,
  reportUpdate,
  statusQuery,
} from './messages';

export function registerHandlers(response: Response): void {
  const { state, run, inbox } = response;
  const refuse = (refusal: (Refusal & { reasons?: unknown[] }) | null) => {
    if (!refusal) return;
    throw ApplicationFailure.nonRetryable(refusal.message, refusal.code, refusal.params ?? {}, refusal.reasons ?? []);
  };
  const notBusy = (box: Inbox<unknown>) =>
    refuse(
      box.busy
        ? { code: 'entity.busy', message: 'another step of this incident is being recorded; try again', params: {} }
        : null,
    );

  setHandler(statusQuery, () => summaryOf(response));

  setHandler(agreementAnsweredSignal, (answer) => {
    // Only the answer to the fact last sent to that agreement counts; a late or repeated one is dropped.
    if (answer.incidentId !== state.id || response.pending.get(answer.agreementId) !== answer.key) return;
    if (response.answers.some((a) => a.agreementId === answer.agreementId)) return;
    response.answers.push(answer);
  });

  setHandler(reportUpdate, async () => await run.storedAtLeast(1), {
    validator: ({ requestId }) => {
      if (requestId === state.requestId) return;
      refuse({
        code: 'entity.busy',
        message: `incident ${state.id} was reported by another request`,
        params: { incidentId: state.id },
      });
    },
  });

  setHandler(regradeUpdate, async (input) => await run.settled(inbox.regrade.put(input)), {
    validator: (input) => {
      refuse(updateRefusalFor(state, input.actor));
      const same =
        INCIDENT_MEASURES.every((m) => input.estimates[m] === state.estimates[m]) &&
        (input.importantOrCoreData ?? state.data.importantOrCoreData) === state.data.importantOrCoreData;
      refuse(
        same
          ? { code: 'incident.regrade_unchanged', message: 'the estimates are those the incident has', params: {} }
          : null,
      );
      notBusy(inbox.regrade);
    },
  });

  setHandler(recordReportUpdate, async (input) => await run.settled(inbox.report.put(input)), {
    validator: (input) => {
      refuse(reportRecordRefusalFor(state, input, new Date(nowMs())));
      notBusy(inbox.report);
    },
  });

  setHandler(explainMissedUpdate, async (input) => await run.settled(inbox.explain.put(input)), {
    validator: (input) => {
      refuse(explanationRefusalFor(state, input));
      notBusy(inbox.explain);
    },
  });

  setHandler(investigateUpdate, async (input) => await run.settled(inbox.investigate.put(input)), {
    validator: (input) => {
      refuse(investigationRefusalFor(state, input));
      notBusy(inbox.investigate);
    },
  });

  setHandler(closeUpdate, async (input) => await run.settled(inbox.close.put(input)), {
    validator: (input) => {
      refuse(closureRefusalFor(state, input));
      notBusy(inbox.close);
    },
  });
}
