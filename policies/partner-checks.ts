/**
 * The automated checks of a nominated partner (S6), as pure verdicts. The activities gather the
 * facts (blacklist entries, external lists) and call these; `asOf` is the date of review.
 */
import { creditCodeVerdict } from './credit-code';
import type { CertificationKind, CheckOutcome, PartnerCheckKind } from './vocabulary';

export interface CheckReason {
  code: string;
  params?: Record<string, string | number>;
}

export interface CheckResult {
  check: PartnerCheckKind;
  outcome: CheckOutcome;
  reasons: CheckReason[];
}

export interface CertificationClaim {
  kind: CertificationKind;
  /** MLPS (等保) and DSMM levels, 1–5. */
  level?: number;
  number?: string;
  /** ISO date-time; a certification without one does not expire. */
  expiresAt?: string;
}

/** A listing found on a list of untrustworthy parties. */
export interface Listing {
  list: string;
  reason: string;
}

const result = (check: PartnerCheckKind, reasons: CheckReason[], failing: boolean): CheckResult => ({
  check,
  outcome: failing ? 'fail' : reasons.length > 0 ? 'warn' : 'pass',
  reasons,
});

export function creditCodeCheckOf(creditCode: string): CheckResult {
  const verdict = creditCodeVerdict(creditCode);
  return verdict.valid
    ? result('credit_code', [], false)
    : result('credit_code', [{ code: `check.credit_code.${verdict.reason}` }], true);
}

/** A partner on any list is refused at once. */
export function listingCheckOf(
  check: 'internal_blacklist' | 'external_lists',
  listings: readonly Listing[],
): CheckResult {
  return result(
    check,
    listings.map((l) => ({ code: 'check.listed', params: { list: l.list, reason: l.reason } })),
    listings.length > 0,
  );
}

/** Certifications that are missing or expired on the date of review lower the score; they do not refuse. */
export function certificationCheckOf(certifications: readonly CertificationClaim[], asOf: Date): CheckResult {
  const reasons: CheckReason[] = [];
  if (certifications.length === 0) reasons.push({ code: 'check.no_certification' });
  for (const cert of certifications) {
    if (cert.expiresAt !== undefined && new Date(cert.expiresAt).getTime() <= asOf.getTime()) {
      reasons.push({ code: 'check.certification_expired', params: { kind: cert.kind, expiresAt: cert.expiresAt } });
    }
  }
  return result('certifications', reasons, false);
}

/** Data kept outside China is cross-border: allowed, but it raises the tier and needs the DSO later. */
export function dataLocationCheckOf(dataLocations: readonly string[]): CheckResult {
  const abroad = dataLocations.filter((l) => l.toUpperCase() !== 'CN');
  return result(
    'data_locations',
    abroad.length > 0 ? [{ code: 'check.cross_border', params: { countries: abroad.join(', ') } }] : [],
    false,
  );
}

/** Whether the checks refuse the partner, and why. */
export function screeningVerdictOf(checks: readonly CheckResult[]): { refused: boolean; reasons: CheckReason[] } {
  const failed = checks.filter((c) => c.outcome === 'fail');
  return { refused: failed.length > 0, reasons: failed.flatMap((c) => c.reasons) };
}
