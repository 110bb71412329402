/**
 * Supervision of the recipient (条例 Art 12, R22): a partner's usage report checked against what was
 * approved — volume beyond the approval, assets or fields not approved, a control not attested, onward
 * provision to anyone but the approved sub-recipient — each violation coded, and whether it suspends
 * the agreement (a parameter). Pure.
 */
import type { AgreementRequest, OnwardProvision, RequestedAsset, SharingVolume } from './agreement-request';
import { reasonOf, type ParamValue, type UsageViolationCode } from './agreement-reasons';
import type { UsagePeriod } from './agreement-deadlines';
import type { Parameters } from './parameters';
import type { Control } from './vocabulary';

/** What a partner reports for one period. */
export interface UsageReport {
  period: UsagePeriod;
  /** Records received in the period. */
  records: number;
  /** Distinct people the data received in the period is about, and of them with PI, with sensitive PI. */
  people: number;
  personalInfoPeople: number;
  sensitivePersonalInfoPeople: number;
  fieldsUsed: readonly RequestedAsset[];
  controlsAttested: readonly Control[];
  /** Null: provided to nobody. */
  onwardProvision: { subRecipientPartnerId: string } | null;
}

/** What the partner may receive and must do, as approved. */
export interface ApprovedScope {
  assets: readonly RequestedAsset[];
  /** The most over the whole term. */
  volume: SharingVolume;
  controls: readonly Control[];
  onwardProvision?: OnwardProvision;
}

/** The approved scope of an approved request (or of an approved amendment). */
export function approvedScopeOf(request: AgreementRequest): ApprovedScope {
  return {
    assets: request.assets,
    volume: request.volume,
    controls: request.controls,
    ...(request.onwardProvision ? { onwardProvision: request.onwardProvision } : {}),
  };
}

/**
 * What the partner received in the earlier periods: records add up; people do not (the same people recur
 * from period to period), so for them the largest figure of any period stands, a floor of the true count.
 */
export type ReceivedSoFar = SharingVolume;

export const NOTHING_RECEIVED: ReceivedSoFar = {
  records: 0,
  people: 0,
  personalInfoPeople: 0,
  sensitivePersonalInfoPeople: 0,
};

/** What the partner has received once this report is counted. */
export function receivedAfter(before: ReceivedSoFar, report: UsageReport): ReceivedSoFar {
  return {
    records: before.records + report.records,
    people: Math.max(before.people, report.people),
    personalInfoPeople: Math.max(before.personalInfoPeople, report.personalInfoPeople),
    sensitivePersonalInfoPeople: Math.max(before.sensitivePersonalInfoPeople, report.sensitivePersonalInfoPeople),
  };
}

export interface UsageViolation {
  code: UsageViolationCode;
  params: Record<string, ParamValue>;
  /** Whether this violation suspends the agreement. */
  suspends: boolean;
}

/** The usage code of each volume measure that goes beyond the approval. */
export const VOLUME_CODES = {
  records: 'usage.records_beyond_approval',
  people: 'usage.people_beyond_approval',
  personalInfoPeople: 'usage.personal_info_people_beyond_approval',
  sensitivePersonalInfoPeople: 'usage.sensitive_people_beyond_approval',
} as const satisfies Record<keyof SharingVolume, UsageViolationCode>;

/** Every way the report goes beyond the approval, in the order volume, assets and fields, controls, onward provision. */
export function usageViolationsOf(
  report: UsageReport,
  approved: ApprovedScope,
  options: { receivedBefore?: ReceivedSoFar; params: Pick<Parameters, 'suspendingUsageViolations'> },
): UsageViolation[] {
  const suspending = new Set<UsageViolationCode>(options.params.suspendingUsageViolations);
  const violation = (reason: { code: UsageViolationCode; params: Record<string, ParamValue> }): UsageViolation => ({
    ...reason,
    suspends: suspending.has(reason.code),
  });
  const violations: UsageViolation[] = [];

  const received = receivedAfter(options.receivedBefore ?? NOTHING_RECEIVED, report);
  for (const measure of Object.keys(VOLUME_CODES) as (keyof SharingVolume)[]) {
    if (received[measure] > approved.volume[measure]) {
      violations.push(
        violation(reasonOf(VOLUME_CODES[measure], { received: received[measure], approved: approved.volume[measure] })),
      );
    }
  }

  const approvedFields = new Map(approved.assets.map((a) => [a.assetId, new Set(a.fields)]));
  for (const { assetId, fields } of report.fieldsUsed) {
    const allowed = approvedFields.get(assetId);
    if (!allowed) {
      violations.push(violation(reasonOf('usage.asset_not_approved', { assetId })));
      continue;
    }
    const beyond = [...new Set(fields.filter((f) => !allowed.has(f)))];
    if (beyond.length > 0) {
      violations.push(violation(reasonOf('usage.field_not_approved', { asset: assetId, fields: beyond.join(', ') })));
    }
  }

  for (const control of approved.controls) {
    if (!report.controlsAttested.includes(control)) {
      violations.push(violation(reasonOf('usage.control_not_attested', { control })));
    }
  }

  const onward = report.onwardProvision;
  if (onward && onward.subRecipientPartnerId !== approved.onwardProvision?.subRecipientPartnerId) {
    violations.push(
      violation(reasonOf('usage.onward_provision_not_approved', { subRecipient: onward.subRecipientPartnerId })),
    );
  }
  return violations;
}
