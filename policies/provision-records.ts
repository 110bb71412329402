/**
 * The records of an external provision (S4): how long they are kept (R22, R44, R9) and when a provision
 * is also filed with the regulator. Pure: dates are parameters.
 */
import type { Parameters } from './parameters';
import { addMonths } from './partner-review';
import type { DataGrade, LEGAL_BASES, REQUIRED_CONTROLS, TRANSFER_METHODS } from './vocabulary';

export type LegalBasis = (typeof LEGAL_BASES)[number];
export type RequiredControl = (typeof REQUIRED_CONTROLS)[number];
export type TransferMethod = (typeof TRANSFER_METHODS)[number];

/** One asset provided, and the fields of it the recipient receives. */
export interface ProvidedAsset {
  assetId: string;
  name: string;
  category: string;
  grade: DataGrade;
  fields: string[];
}

/**
 * What was provided to whom, as approved (R22: purpose, method, scope; R52: date, scale, purpose,
 * recipient; R3: categories, grade, scale, controls, external sharing, cross-border): the facts the
 * provision record, the regulator filing and the list of provisions are made of. Dates are ISO strings.
 */
export interface ProvisionFacts {
  agreementId: string;
  /** The agreement's version at approval. */
  agreementVersion: number;
  partnerId: string;
  /** The business unit that asked for the provision (责任部门). */
  requestingUnit: string;
  recipient: { name: string; creditCode: string; type?: string };
  purpose: string;
  method: TransferMethod;
  frequency: string;
  scale: { records: number; people: number };
  /** The highest grade among the assets (R4). */
  grade: DataGrade;
  personalInfo: boolean;
  sensitivePersonalInfo: boolean;
  assets: ProvidedAsset[];
  legalBasis: LegalBasis;
  /** For personal information, how consent was obtained, e.g. `separate_consent` (PIPL Arts 23, 29). */
  consentBasis?: string;
  controls: RequiredControl[];
  /** The agreed term, 'YYYY-MM-DD'. */
  startDate: string;
  endDate: string;
  crossBorder?: { destinationCountry: string; pathway: string };
  /** When the provision was approved: the provision's date. */
  approvedAt: string;
}

/** The categories of the assets provided, each once, in the order the assets name them. */
export function categoriesOf(assets: readonly Pick<ProvidedAsset, 'category'>[]): string[] {
  return [...new Set(assets.map((a) => a.category))];
}

export type RetentionParameters = Pick<
  Parameters,
  'provisionRecordRetentionYears' | 'provisionRecordRetentionFrom' | 'pipiaRecordRetentionYears'
>;

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/**
 * Until when a record of a provision is kept: the provision record, its regulator filing, the partner's
 * usage reports and its deletion attestation. R22 asks for 3 years of provision records and R44 for 3 years
 * of PI processing records, from a start neither names; the default counts from the end of the agreement
 * (or from the record, if it is made after the end). Whatever the configuration, a record is never due for
 * purging before its agreement has ended.
 */
export function retainUntilOf(input: {
  recordedAt: Date;
  agreementEndsAt: Date;
  personalInfo: boolean;
  parameters: RetentionParameters;
}): Date {
  const { recordedAt, agreementEndsAt, personalInfo, parameters } = input;
  const years = personalInfo
    ? Math.max(parameters.provisionRecordRetentionYears, parameters.pipiaRecordRetentionYears)
    : parameters.provisionRecordRetentionYears;
  const from =
    parameters.provisionRecordRetentionFrom === 'agreement_end' ? later(agreementEndsAt, recordedAt) : recordedAt;
  return later(addMonths(from, years * 12), agreementEndsAt);
}

/** Why a provision is also filed with the regulator. */
export const REPORTABLE_REASONS = ['important_data', 'core_data', 'cross_border', 'personal_info_volume'] as const;
export type ReportableReason = (typeof REPORTABLE_REASONS)[number];

export interface ReportableSharing {
  /** The highest grade among the assets (R4). */
  grade: DataGrade;
  crossBorder: boolean;
  personalInfo: boolean;
  /** People whose personal information is provided. */
  people: number;
}

/**
 * Every reason a provision is reportable, in a fixed order; none means it is recorded but not filed.
 * Important or core data and cross-border provision always are; personal information from the configured
 * volume on (a product setting: no rule sets the number).
 */
export function reportableReasonsOf(
  sharing: ReportableSharing,
  parameters: Pick<Parameters, 'reportablePersonalInfoPeople'>,
): ReportableReason[] {
  const reasons: ReportableReason[] = [];
  if (sharing.grade === 'important') reasons.push('important_data');
  if (sharing.grade === 'core') reasons.push('core_data');
  if (sharing.crossBorder) reasons.push('cross_border');
  if (sharing.personalInfo && sharing.people >= parameters.reportablePersonalInfoPeople) {
    reasons.push('personal_info_volume');
  }
  return reasons;
}
