import {
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { DataPactActivities } from '../activities';
import type { Claims } from '../policies/abilities';
import {
  PARTNER_RULES_VERSION,
  REVIEW_DEADLINE_DAYS,
  reviewRefusalFor,
  statusAfterReview,
  type ReviewDecision,
} from '../policies/partner-review';
import type { PartnerStatus } from '../policies/vocabulary';
import {
  decideUpdate,
  statusQuery,
  type PartnerLifecycleInput,
  type PartnerSummary,
} from './partner-lifecycle.messages';
import { partnerStatusKey } from './search-attributes';

const { screenPartner, recordPartnerState } = proxyActivities<DataPactActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

export const REVIEW_DEADLINE = `${REVIEW_DEADLINE_DAYS} days`;

/** The actor of the transitions the workflow makes on its own. */
const SYSTEM: Claims = { sub: 'system:partner-lifecycle', roles: ['system'] };

interface State extends PartnerSummary {
  nominatedBy: string;
  decision?: ReviewDecision;
  /** The last version the store has; `version` runs ahead of it while a write is under way. */
  storedVersion: number;
}

export async function partnerLifecycle(input: PartnerLifecycleInput): Promise<PartnerSummary> {
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
        const refusal = reviewRefusalFor(state, decision);
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
  return await moveTo(state, statusAfterReview(decision.outcome), reviewer, decision.reason);
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
