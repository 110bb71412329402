/** The lifecycles of `npm run chaos`, and the state each must end in. */
export const SCENARIOS = ['ended_early', 'emergency', 'blacklisted', 'withdrawn', 'rejected'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * - ended_early: approved through its stages, active, a usage report, ended early by the requester,
 *   the partner attests the deletion: closed.
 * - emergency: active, a usage report, revoked by the DSO: revoked (awaiting the attestation).
 * - blacklisted: active with partner B, which the DSO blacklists once all of B's are active: revoked.
 * - withdrawn: submitted, withdrawn by the requester. rejected: rejected at its first stage.
 */
export function expectedFinal(scenario: Scenario): string {
  return {
    ended_early: 'closed',
    emergency: 'revoked',
    blacklisted: 'revoked',
    withdrawn: 'withdrawn',
    rejected: 'rejected',
  }[scenario];
}
