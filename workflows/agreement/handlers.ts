/**
 * The agreement's handlers: each validator checks a step against the rules with the sender's claims
 * (policies/agreement-decisions.ts — the same the API checks first), and each handler hands the step to
 * the story through its inbox, answering once the story has acted on it and the store has the result.
 */
import { ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import {
  amendmentRefusalsFor,
  attestationWaiverRefusalFor,
  earlyEndRefusalFor,
  emergencyRevokeRefusalFor,
  regulatorDecisionRefusalFor,
  requesterActionRefusalFor,
  stageDecisionRefusalFor,
} from '../../policies/agreement-decisions';
import { defineAbilityFor, type Claims } from '../../policies/abilities';
import { agreementSubjectOf } from '../../policies/agreement-decisions';
import type { Refusal } from '../../policies/errors';
import { nowMs } from '../clock';
import type { Inbox } from '../kit/entity-run';
import { summaryOf } from './lifecycle';
import { INCIDENT_ANSWERS_PATCH, answerIncident } from './supervision';
import {
  amendUpdate,
  confirmFilingUpdate,
  createUpdate,
  decideStageUpdate,
  editUpdate,
  emergencyRevokeUpdate,
  endEarlyUpdate,
  incidentSignal,
  oversightSignal,
  partnerLapsedSignal,
  recertifyUpdate,
  recordRegulatorDecisionUpdate,
  resumeUpdate,
  statusQuery,
  submitAttestationUpdate,
  submitUpdate,
  submitUsageReportUpdate,
  waiveAttestationUpdate,
  withdrawUpdate,
} from './messages';
import { decisionStateOf, type OutsideFact, type Sharing } from './sharing';

const RUNNING = ['approved', 'active', 'suspended'];
/** Statuses in which the story takes no more outside facts: an incident is answered at once (once revoked). */
const PAST_FACTS = ['revoking', 'revoked', 'expired', 'closed', 'rejected', 'withdrawn'];

export function registerHandlers(sharing: Sharing): void {
  const { state, run, inbox } = sharing;
  const refuse = (refusal: Refusal | null | undefined) => {
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code, refusal.params ?? {});
  };
  const refuseAll = (refusals: Refusal[]) => {
    if (refusals.length === 0) return;
    throw ApplicationFailure.nonRetryable(
      refusals.map((r) => r.message).join('; '),
      refusals.length === 1 ? refusals[0]!.code : 'agreement.not_approvable',
      refusals.length === 1 ? (refusals[0]!.params ?? {}) : { count: refusals.length },
      refusals,
    );
  };
  const notBusy = (box: Inbox<unknown>) =>
    refuse(
      box.busy
        ? { code: 'entity.busy', message: 'another step of this agreement is being recorded; try again', params: {} }
        : null,
    );
  const decisionState = () => decisionStateOf(state);
  /** The action a person may take on this agreement by the abilities (CASL), with the reason when not. */
  const may = (actor: Claims, action: 'answer' | 'approve'): Refusal | null => {
    const ability = defineAbilityFor(actor);
    const target = agreementSubjectOf(decisionState());
    if (ability.can(action, target)) return null;
    const why = ability.relevantRuleFor(action, target)?.reason;
    return {
      code: 'auth.forbidden',
      message: why ?? `${actor.sub} may not ${action} this agreement`,
      params: { action },
    };
  };
  const status = (allowed: readonly string[], code: 'agreement.not_running' | 'agreement.not_in_review') =>
    refuse(
      allowed.includes(state.status)
        ? null
        : { code, message: `the agreement is ${state.status}`, params: { status: state.status } },
    );

  setHandler(statusQuery, () => summaryOf(state));

  const outside = (fact: OutsideFact) => {
    if (sharing.seenFacts.has(fact.fact.key)) return;
    sharing.seenFacts.add(fact.fact.key);
    sharing.facts.push(fact);
  };
  setHandler(partnerLapsedSignal, (fact) => {
    if (fact.partnerId === state.partnerId) outside({ kind: 'partner', fact });
  });
  setHandler(incidentSignal, async (fact) => {
    if (PAST_FACTS.includes(state.status) && !sharing.seenFacts.has(fact.key) && patched(INCIDENT_ANSWERS_PATCH)) {
      sharing.seenFacts.add(fact.key);
      // Nothing flows or will: once a revocation under way has removed access, the incident hears so.
      await condition(() => state.status !== 'revoking');
      return await answerIncident(state, fact);
    }
    outside({ kind: 'incident', fact });
  });
  setHandler(oversightSignal, (fact) => outside({ kind: 'oversight', fact }));

  setHandler(createUpdate, async () => await run.storedAtLeast(1), {
    validator: ({ requestId }) => {
      if (requestId === state.requestId) return;
      refuse({
        code: 'entity.busy',
        message: `agreement ${state.id} was created by another request`,
        params: { agreementId: state.id },
      });
    },
  });

  setHandler(editUpdate, async (input) => await run.settled(inbox.draft.put({ kind: 'edit', input })), {
    validator: ({ actor }) => {
      refuse(requesterActionRefusalFor(decisionState(), 'edit', actor));
      notBusy(inbox.draft);
    },
  });

  setHandler(submitUpdate, async (input) => await run.settled(inbox.draft.put({ kind: 'submit', input })), {
    validator: ({ actor }) => {
      refuse(requesterActionRefusalFor(decisionState(), 'submit', actor));
      notBusy(inbox.draft);
    },
  });

  setHandler(withdrawUpdate, async (input) => await run.settled(inbox.draft.put({ kind: 'withdraw', input })), {
    validator: ({ actor }) => {
      refuse(requesterActionRefusalFor(decisionState(), 'withdraw', actor));
      notBusy(inbox.draft);
    },
  });

  setHandler(decideStageUpdate, async (input) => await run.settled(inbox.review.put({ kind: 'stage', input })), {
    validator: (input) => {
      refuse(stageDecisionRefusalFor(decisionState(), { ...input, at: new Date(nowMs()) }));
      notBusy(inbox.review);
    },
  });

  setHandler(
    recordRegulatorDecisionUpdate,
    async (input) => await run.settled(inbox.review.put({ kind: 'regulator', input })),
    {
      validator: (input) => {
        refuse(regulatorDecisionRefusalFor(decisionState(), { ...input, at: new Date(nowMs()) }));
        notBusy(inbox.review);
      },
    },
  );

  setHandler(confirmFilingUpdate, async (input) => await run.settled(inbox.filing.put(input)), {
    validator: ({ actor }) => {
      status(RUNNING, 'agreement.not_running');
      refuse(may(actor, 'approve'));
      const filing = state.provision?.filing;
      if (!filing || filing.confirmedAt) {
        refuse({
          code: 'agreement.not_running',
          message: filing ? 'the filing is confirmed already' : 'this agreement has no regulator filing',
          params: { status: state.status },
        });
      }
      notBusy(inbox.filing);
    },
  });

  setHandler(submitUsageReportUpdate, async (input) => await run.settled(inbox.usage.put(input)), {
    validator: ({ report, actor }) => {
      status(['active', 'suspended'], 'agreement.not_running');
      refuse(may(actor, 'answer'));
      const period = state.usage.periods.find((p) => p.start === report.periodStart);
      if (!period || period.reportedAt) {
        refuse({
          code: 'agreement.not_running',
          message: period
            ? `the period from ${report.periodStart} was reported already`
            : `no usage period starts on ${report.periodStart}`,
          params: { status: state.status, period: report.periodStart },
        });
      }
      notBusy(inbox.usage);
    },
  });

  setHandler(resumeUpdate, async (input) => await run.settled(inbox.resume.put(input)), {
    validator: ({ actor }) => {
      status(['suspended'], 'agreement.not_running');
      refuse(may(actor, 'approve'));
      const holds = state.incidentHolds ?? [];
      refuse(
        holds.length > 0
          ? {
              code: 'agreement.held_by_incident',
              message: `incident ${holds.join(', ')} holds this sharing: it resumes when the incident is closed`,
              params: { incidents: holds.join(',') },
            }
          : null,
      );
      notBusy(inbox.resume);
    },
  });

  setHandler(recertifyUpdate, async (input) => await run.settled(inbox.recertify.put(input)), {
    validator: ({ actor }) => {
      status(['active', 'suspended'], 'agreement.not_running');
      refuse(may(actor, 'approve'));
      if (!actor.roles.includes('unit_head') || actor.unit !== state.requestingUnit) {
        refuse({
          code: 'agreement.not_head_of_requesting_unit',
          message: `the head of ${state.requestingUnit} confirms the sharing is still needed`,
          params: { unit: state.requestingUnit },
        });
      }
      notBusy(inbox.recertify);
    },
  });

  setHandler(amendUpdate, async (input) => await run.settled(inbox.amend.put(input)), {
    validator: ({ request, actor }) => {
      refuseAll(amendmentRefusalsFor(decisionState(), actor, state.approved ?? state.request, request));
      notBusy(inbox.amend);
    },
  });

  setHandler(endEarlyUpdate, async (input) => await run.settled(inbox.ending.put({ kind: 'early_end', input })), {
    validator: (input) => {
      refuse(earlyEndRefusalFor(decisionState(), input));
      notBusy(inbox.ending);
    },
  });

  setHandler(
    emergencyRevokeUpdate,
    async (input) => await run.settled(inbox.ending.put({ kind: 'emergency_revoke', input })),
    {
      validator: (input) => {
        refuse(emergencyRevokeRefusalFor(decisionState(), input));
        notBusy(inbox.ending);
      },
    },
  );

  setHandler(
    submitAttestationUpdate,
    async (input) => await run.settled(inbox.attestation.put({ kind: 'attest', input })),
    {
      validator: ({ actor }) => {
        if (state.attestation?.status !== 'awaiting') {
          refuse({
            code: 'agreement.no_attestation_awaited',
            message: 'no deletion attestation is awaited',
            params: { attestation: state.attestation?.status ?? 'none' },
          });
        }
        refuse(may(actor, 'answer'));
        notBusy(inbox.attestation);
      },
    },
  );

  setHandler(
    waiveAttestationUpdate,
    async (input) => await run.settled(inbox.attestation.put({ kind: 'waive', input })),
    {
      validator: (input) => {
        refuse(attestationWaiverRefusalFor(decisionState(), input));
        notBusy(inbox.attestation);
      },
    },
  );
}
