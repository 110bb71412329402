/**
 * The inspection rule set as the DSO edits it (issue 14 points 1 and 5): the `inspectionRules` section of
 * the parameters, saved as numbered versions in the store over the parameters file. What a proposal would
 * be in force (`proposedParametersOf`), which agreements a what-if looks at (`whatIfStatusesOf`), and which
 * agreements had an approval that a replay needs (`wasApproved`). Pure.
 */
import { inspectedStatusesOf } from './inspection-rules';
import type { InspectionRulesConfig } from './inspection-parameters';
import { InvalidParametersError, parametersFrom, type Parameters } from './parameters';
import type { AgreementStatus } from './vocabulary';
import { parameterChangesOf, withParameterChanges, type ParameterChange } from './what-if';

/** The parameters with a rule set in place of theirs, validated; throws `InvalidParametersError`. */
export function parametersWithRules(params: Parameters, rules: InspectionRulesConfig): Parameters {
  return parametersFrom({ ...params, inspectionRules: rules });
}

/**
 * What a proposal would put in force: the rule set (whole, as it would be saved) and other parameters by
 * path, over the parameters in force. The changes are every value that differs, so a proposal equal to what
 * is in force has none. Throws `InvalidParametersError` (every key refused) when the result is invalid.
 */
export function proposedParametersOf(input: {
  current: Parameters;
  rules?: InspectionRulesConfig;
  changes?: readonly { path: readonly string[]; to: unknown }[];
}): { proposed: Parameters; changes: ParameterChange[] } {
  // One validation of the whole, so that every refused key is listed at once.
  const proposed = withParameterChanges(
    input.rules ? { ...input.current, inspectionRules: input.rules } : input.current,
    (input.changes ?? []).map((c) => ({ path: [...c.path], from: undefined, to: c.to })),
  );
  return { proposed, changes: parameterChangesOf(input.current, proposed) };
}

/** The statuses a what-if looks at: those either rule set inspects. */
export function whatIfStatusesOf(current: Parameters, proposed: Parameters): AgreementStatus[] {
  return [...new Set([...inspectedStatusesOf(current), ...inspectedStatusesOf(proposed)])].sort();
}

/** Statuses an agreement reaches only through an approval: its approval decision is what a replay needs. */
const APPROVED_STATUSES: readonly AgreementStatus[] = [
  'approved',
  'active',
  'suspended',
  'revoking',
  'revoked',
  'expired',
  'closed',
];

/**
 * Whether an agreement was approved, so that a decision snapshot of its approval is expected. An expired,
 * revoked or closed agreement may have ended before approval only if it was never approved: `closed` and
 * `revoked` come after approval in the lifecycle (a request refused is `rejected`, withdrawn `withdrawn`).
 */
export const wasApproved = (status: AgreementStatus): boolean => APPROVED_STATUSES.includes(status);

export { InvalidParametersError };
