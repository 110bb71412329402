/**
 * The first version of the partner lifecycle (checks, then one review decision), kept so that the
 * workflows it started still run and their histories still replay. New runs take the path of
 * `partner-lifecycle.ts`; `partnerLifecycle` routes here only for histories without its patch marker.
 * Frozen: do not change what this code commands.
 */
import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { DataPactActivities } from '../activities';
import type { Claims } from '../policies/abilities';
import { reviewRefusalFor } from '../policies/partner-review';
import type { PartnerStatus, ReviewOutcome } from '../policies/vocabulary';
import { partnerStatusKey } from './search-attributes';

const REVIEW_DEADLINE_DAYS = 14;
const PARTNER_RULES_VERSION = 'partner-review@1';

export interface PartnerLifecycleInput {
  partnerId: string;
  creditCode: string;
  nominatedBy: string;
}

export interface PartnerSummary {
  partnerId: string;
  status: PartnerStatus;
  version: number;
  checkReasons: string[];
  decidedBy?: string;
}

interface ReviewDecision {
  outcome: ReviewOutcome;
  reviewer: string;
  reason?: string;
  actor?: Claims;
}

const decideUpdate = defineUpdate<PartnerSummary, [ReviewDecision]>('decide');
const statusQuery = defineQuery<PartnerSummary>('status');

const { screenPartner, recordPartnerState } = proxyActivities<DataPactActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

const REVIEW_DEADLINE = `${REVIEW_DEADLINE_DAYS} days`;

/** The actor of the transitions the workflow makes on its own. */
const SYSTEM: Claims = { sub: 'system:partner-lifecycle', roles: ['system'] };

interface State extends PartnerSummary {
  nominatedBy: string;
  decision?: ReviewDecision;
  /** The last version the store has; `version` runs ahead of it while a write is under way. */
  storedVersion: number;
}

export async function partnerLifecycleV1(input: PartnerLifecycleInput): Promise<PartnerSummary> {
  const state: State = {
    partnerId: input.partnerId,
    nominatedBy: input.nominatedBy,
    status: 'nominated',
    version: 0,
    storedVersion: 0,
    checkReasons: [],
  };

  setHandler(statusQuery, () => summaryOf(state));
  setHandler(
    decideUpdate,
    async (decision) => {
      state.decision = decision;
      state.decidedBy = decision.reviewer;
      // Answer once the outcome is in the store, so the caller then reads what the API shows.
      await condition(() => state.status !== 'vetting' && state.storedVersion === state.version);
      return summaryOf(state);
    },
    {
      validator: (decision) => {
        if (state.decidedBy !== undefined) {
          throw ApplicationFailure.nonRetryable('the vetting was already decided', 'partner.already_decided');
        }
        const actor = decision.actor ?? { sub: decision.reviewer, roles: [] };
        const refusal = reviewRefusalFor(
          { ...state, stage: 'review', approvals: [] },
          { outcome: decision.outcome, actor },
        );
        if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
      },
    },
  );

  // Automated checks before any person spends time on the partner.
  const screening = await screenPartner({ creditCode: input.creditCode });
  state.checkReasons = screening.reasons;
  if (!screening.passed)
    return await moveTo(state, 'rejected', SYSTEM, `automated checks failed: ${screening.reasons.join(', ')}`);

  await moveTo(state, 'vetting', SYSTEM, 'automated checks passed');
  const decided = await condition(() => state.decision !== undefined, REVIEW_DEADLINE);
  if (!decided) {
    log.info('review deadline passed without a decision', { partnerId: input.partnerId });
    return await moveTo(state, 'expired', SYSTEM, `no review decision within ${REVIEW_DEADLINE}`);
  }
  const decision = state.decision!;
  const reviewer: Claims = decision.actor ?? { sub: decision.reviewer, roles: [] };
  return await moveTo(state, decision.outcome === 'approve' ? 'approved' : 'rejected', reviewer, decision.reason);
}

/**
 * Moves to a new status: first in the workflow (so the validator judges by it at once), then in the
 * store (the projection the API reads) and in the search attributes.
 */
async function moveTo(state: State, status: PartnerStatus, actor: Claims, reason?: string): Promise<PartnerSummary> {
  const previous = state.status;
  state.status = status;
  state.version += 1;
  const version = state.version;
  upsertSearchAttributes({ [partnerStatusKey.name]: [status] });
  await recordPartnerState({
    partnerId: state.partnerId,
    version,
    status,
    checkReasons: state.checkReasons,
    decision: state.decision,
    audit: { actor, previousStatus: previous, reason, ruleVersion: PARTNER_RULES_VERSION },
  });
  state.storedVersion = Math.max(state.storedVersion, version);
  return summaryOf(state);
}

function summaryOf(state: State): PartnerSummary {
  const { partnerId, status, version, checkReasons, decidedBy } = state;
  return { partnerId, status, version, checkReasons, ...(decidedBy ? { decidedBy } : {}) };
}
