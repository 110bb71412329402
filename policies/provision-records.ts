/**
 * The records of an external provision (S4): what they hold and how long they are kept (R22, R44, R9).
 * Pure: dates are parameters.
 */
import type { Parameters } from './parameters';
import { addMonths } from './partner-review';
import type { DataGrade, LEGAL_BASES, TRANSFER_METHODS } from './vocabulary';

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

/**
 * A coded statement of why a provision is filed with the regulator: the reasons the routing policy's
 * reportability gives (`sharing.important_data`, `sharing.cross_border`, `sharing.personal_info_volume`, …),
 * kept as they are so that the record says what the decision said.
 */
export interface ReportableReason {
  code: string;
  params: Record<string, string | number>;
}

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
 * provision record, the regulator filing and the list of provisions are made of. Dates are ISO strings;
 * codes are those of the request (`policies/vocabulary.ts`), kept as strings so that a record stays
 * readable after the vocabulary grows.
 */
export interface ProvisionFacts {
  agreementId: string;
  /** The agreement's version at approval. */
  agreementVersion: number;
  partnerId: string;
  /** The business unit that asked for the provision (责任部门). */
  requestingUnit: string;
  recipient: { name: string; creditCode: string; type?: string };
  /** Provision, entrusted processing or joint processing (条例 Art 12); provision when not given. */
  relationship?: string;
  purpose: string;
  method: (typeof TRANSFER_METHODS)[number];
  frequency: string;
  /** The most the partner receives over the term: records, people, of them with PI, with sensitive PI. */
  scale: { records: number; people: number; personalInfoPeople: number; sensitivePersonalInfoPeople: number };
  /** The highest grade among the assets (R4). */
  grade: DataGrade;
  personalInfo: boolean;
  sensitivePersonalInfo: boolean;
  assets: ProvidedAsset[];
  legalBasis: (typeof LEGAL_BASES)[number];
  /** For personal information, how its provision is allowed, e.g. `separate_consent` (PIPL Arts 23, 29). */
  consentBasis?: string;
  controls: string[];
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
