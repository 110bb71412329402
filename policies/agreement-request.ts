/**
 * A sharing request (数据对外提供申请, S4) as the rules read it, what they read of its assets and its
 * partner, and every reason it cannot be approved (R4, R7–R12, R22, R39, R42–R44, R46, S9). Pure and
 * bundle-safe: the inventory and the partner come in as facts, `now` is a parameter.
 */
import { addCalendarDays, endOfShanghaiDay, type IsoDate } from './calendar';
import { requiredControlsFor } from './agreement-controls';
import type { Parameters } from './parameters';
import { refusalOf, type Refusal } from './refusal';
import {
  DATA_GRADES,
  FOREIGN_RECIPIENT_TYPES,
  NEW_TECH_SCENARIOS,
  type AssetStatus,
  type AttestationStatus,
  type ConsentBasis,
  type Control,
  type DataGrade,
  type LegalBasis,
  type PartnerStatus,
  type PreApprovalRecord,
  type ProvisionRelationship,
  type RecipientType,
  type RiskTier,
  type SharingScenario,
  type TransferFrequency,
  type TransferMethod,
} from './vocabulary';

/** Names the rules of sharing agreements; stored with every route and decision (see `decision-snapshot.ts`). */
export const AGREEMENT_RULES_VERSION = 'agreement-rules@1';

/** One asset of the inventory and the fields of it the partner receives. */
export interface RequestedAsset {
  assetId: string;
  fields: readonly string[];
}

/** The most the partner receives over the agreement's whole term. */
export interface SharingVolume {
  records: number;
  /** Distinct people the shared data is about. */
  people: number;
  /** Of them, people whose personal information is shared. */
  personalInfoPeople: number;
  /** Of those, people whose sensitive personal information is shared. */
  sensitivePersonalInfoPeople: number;
}

/**
 * Onward provision (转提供) by the partner: forbidden unless a sub-recipient is named, and that
 * sub-recipient is itself an approved partner (R11, PIPL Art 21). Absent: the partner may pass nothing on.
 */
export interface OnwardProvision {
  subRecipientPartnerId?: string;
  purpose?: string;
}

/** A business unit's request to share data with a partner: what the requester fills in. */
export interface AgreementRequest {
  partnerId: string;
  assets: readonly RequestedAsset[];
  purpose: string;
  /** 范围、类别、条件、程序 (MIIT 办法 Art 18, R8). */
  scope: string;
  categories: string;
  conditions: string;
  procedure: string;
  /** The recipient's security obligations agreed by contract (条例 Art 12, R22). */
  securityObligations: string;
  relationship: ProvisionRelationship;
  legalBasis: LegalBasis;
  /** Required when personal information is shared (PIPL Arts 23, 29, 39). */
  consentBasis?: ConsentBasis;
  scenario: SharingScenario;
  recipientType: RecipientType;
  /** The competent authority's approval, without which nothing goes to a foreign authority (R10, R39). */
  foreignAuthorityApproval?: string;
  crossBorder: boolean;
  /** ISO 3166-1 alpha-2 code of the country or region the data goes to. */
  destinationCountry?: string;
  volume: SharingVolume;
  frequency: TransferFrequency;
  transferMethod: TransferMethod;
  /** The controls the requester commits the sharing to (S7, R7). */
  controls: readonly Control[];
  /** Shanghai calendar dates, 'YYYY-MM-DD'; the agreement runs to the end of its end date. */
  startDate: IsoDate;
  endDate: IsoDate;
  onwardProvision?: OnwardProvision;
}

export interface AssetField {
  name: string;
  /** A field can carry personal information in an asset that is not flagged as a whole. */
  personalInfo?: boolean;
}

/** What the rules read of an inventory asset (S1). */
export interface AssetFacts {
  id: string;
  /** Shown in reasons instead of the id when known. */
  name?: string;
  status?: AssetStatus;
  grade: DataGrade;
  /** In the protection catalog (网络数据保护目录). */
  catalogued: boolean;
  personalInfo: boolean;
  sensitivePersonalInfo: boolean;
  fields: readonly AssetField[];
}

/** A deletion attestation the partner owes for an ended agreement (R9, PIPL Art 21). */
export interface AttestationFacts {
  agreementId: string;
  /** ISO instant. */
  dueAt: string;
  status: AttestationStatus;
}

/** What the rules read of a partner (S6). */
export interface PartnerFacts {
  id: string;
  status: PartnerStatus;
  /** ISO instant at which its approval ends. */
  validUntil?: string;
  /** The highest grade it may receive. */
  clearance?: DataGrade;
  riskTier?: RiskTier;
  /** On the internal blacklist, whatever the status says. */
  blacklisted?: boolean;
  deletionAttestations: readonly AttestationFacts[];
}

/** People whose personal information went abroad, split as R48 counts them. */
export interface ExportCounts {
  personalInfoPeople: number;
  sensitivePersonalInfoPeople: number;
}

/** What the rules read of the company itself. */
export interface OrganisationFacts {
  /** A critical-information-infrastructure operator (关键信息基础设施运营者). */
  ciio: boolean;
  /** People whose PI the company sent abroad since 1 January of the current year, this request not included. */
  exportedThisYear: ExportCounts;
}

/** A pre-approval record on file: its reference and when it was issued (ISO instant). */
export interface RecordOnFile {
  reference: string;
  issuedAt: string;
}
export type PreApprovalRecords = Partial<Record<PreApprovalRecord, RecordOnFile>>;

/** Everything besides the request that the agreement rules read. */
export interface AgreementContext {
  /** The inventory's facts for the assets the request names (others may be there too). */
  assets: readonly AssetFacts[];
  partner: PartnerFacts;
  /** The partner named as sub-recipient of onward provision, when there is one. */
  subRecipient?: PartnerFacts;
  organisation: OrganisationFacts;
  /** The risk assessment, PIPIA and export assessment on file for this request. */
  records?: PreApprovalRecords;
  params: Parameters;
  now: Date;
}

/** What a request shares, as the rules see it once its assets are looked up. */
export interface SharedContent {
  /** The highest grade among its assets (R4). */
  effectiveGrade: DataGrade;
  personalInfo: boolean;
  sensitivePersonalInfo: boolean;
  catalogued: boolean;
  /** Recipient abroad, by declaration or by the recipient's type. */
  crossBorder: boolean;
  newTech: boolean;
  /** The assets behind each flag, by name (or id). */
  assetsWith: Record<'important' | 'core' | 'catalogued' | 'personalInfo' | 'sensitivePersonalInfo', string[]>;
}

const gradeRank = (grade: DataGrade) => DATA_GRADES.indexOf(grade);

/** The statuses in which a partner holds a standing approval: approved, or approved and being re-vetted. */
export const PARTNER_STATUSES_HOLDING_APPROVAL: readonly PartnerStatus[] = ['approved', 'revetting'];

/** The highest grade among the assets (R4, MIIT 办法 Art 13: 就高); general when there are none. */
export function effectiveGradeOf(assets: readonly Pick<AssetFacts, 'grade'>[]): DataGrade {
  return assets.reduce<DataGrade>((top, a) => (gradeRank(a.grade) > gradeRank(top) ? a.grade : top), 'general');
}

/** Whether `grade` is above what `clearance` allows (no clearance allows nothing). */
export function isAboveClearance(grade: DataGrade, clearance: DataGrade | undefined): boolean {
  return clearance === undefined || gradeRank(grade) > gradeRank(clearance);
}

/** True when the recipient is abroad: declared cross-border, or a foreign recipient type. */
export function isCrossBorder(request: Pick<AgreementRequest, 'crossBorder' | 'recipientType'>): boolean {
  return request.crossBorder || (FOREIGN_RECIPIENT_TYPES as readonly RecipientType[]).includes(request.recipientType);
}

/** The assets of the request found in the inventory, each once, with only the fields it asks for. */
export function requestedAssetsOf(request: AgreementRequest, assets: readonly AssetFacts[]): AssetFacts[] {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const seen = new Set<string>();
  const found: AssetFacts[] = [];
  for (const { assetId, fields } of request.assets) {
    const asset = byId.get(assetId);
    if (!asset || seen.has(assetId)) continue;
    seen.add(assetId);
    const wanted = new Set(fields);
    found.push({ ...asset, fields: asset.fields.filter((f) => wanted.has(f.name)) });
  }
  return found;
}

const labelOf = (asset: Pick<AssetFacts, 'id' | 'name'>) => asset.name ?? asset.id;

/**
 * What the request shares: its effective grade and whether personal, sensitive or catalogued data is in
 * it. An asset flagged as personal information counts whole, whichever fields are shared (its field flags
 * may be incomplete); a field flagged as personal information counts in any asset.
 */
export function sharedContentOf(request: AgreementRequest, assets: readonly AssetFacts[]): SharedContent {
  const found = requestedAssetsOf(request, assets);
  const withPi = found.filter((a) => a.personalInfo || a.sensitivePersonalInfo || a.fields.some((f) => f.personalInfo));
  const with_ = (pick: (a: AssetFacts) => boolean) => found.filter(pick).map(labelOf);
  return {
    effectiveGrade: effectiveGradeOf(found),
    personalInfo: withPi.length > 0,
    sensitivePersonalInfo: found.some((a) => a.sensitivePersonalInfo),
    catalogued: found.some((a) => a.catalogued),
    crossBorder: isCrossBorder(request),
    newTech: (NEW_TECH_SCENARIOS as readonly SharingScenario[]).includes(request.scenario),
    assetsWith: {
      important: with_((a) => a.grade === 'important'),
      core: with_((a) => a.grade === 'core'),
      catalogued: with_((a) => a.catalogued),
      personalInfo: withPi.map(labelOf),
      sensitivePersonalInfo: with_((a) => a.sensitivePersonalInfo),
    },
  };
}

/** The request's terms that R8 (范围、类别、条件、程序) and R22 (目的、方式、范围、安全义务) ask for. */
export const REQUIRED_TERMS = [
  'purpose',
  'scope',
  'categories',
  'conditions',
  'procedure',
  'securityObligations',
] as const satisfies readonly (keyof AgreementRequest)[];

/** Whether the partner's missing deletion attestation blocks new requests now. */
export function attestationBlocks(
  attestation: AttestationFacts,
  now: Date,
  params: Pick<Parameters, 'attestationBlocksNewRequests'>,
): boolean {
  if (attestation.status !== 'awaiting') return false;
  if (params.attestationBlocksNewRequests === 'while_outstanding') return true;
  return new Date(attestation.dueAt).getTime() < now.getTime();
}

/**
 * Every reason the request cannot be approved, all at once, in the order a form reads: assets and
 * fields, terms, dates, partner, grade and controls, recipient and cross-border, consent, volume, the
 * partner's outstanding attestations, onward provision. Empty when nothing stands in the way; the
 * pre-approval records (risk assessment, PIPIA) are checked separately (`preApprovalRefusalsFor`),
 * because a request is submitted before they exist.
 */
export function requestRefusalsFor(request: AgreementRequest, context: AgreementContext): Refusal[] {
  const content = sharedContentOf(request, context.assets);
  return [
    ...assetRefusals(request, context.assets),
    ...termRefusals(request),
    ...dateRefusals(request, context.now),
    ...partnerRefusals(request, context.partner),
    ...gradeAndControlRefusals(request, content, context),
    ...recipientRefusals(request, content),
    ...consentRefusals(request, content),
    ...volumeRefusals(request, content),
    ...context.partner.deletionAttestations
      .filter((a) => attestationBlocks(a, context.now, context.params))
      .map((a) => refusalOf('agreement.attestation_outstanding', { agreementId: a.agreementId, dueAt: a.dueAt })),
    ...onwardProvisionRefusals(request, content, context.subRecipient),
  ];
}

function assetRefusals(request: AgreementRequest, assets: readonly AssetFacts[]): Refusal[] {
  if (request.assets.length === 0) return [refusalOf('agreement.no_assets', {})];
  const byId = new Map(assets.map((a) => [a.id, a]));
  const refusals: Refusal[] = [];
  const seen = new Set<string>();
  for (const { assetId, fields } of request.assets) {
    const asset = byId.get(assetId);
    if (!asset) {
      refusals.push(refusalOf('agreement.asset_not_found', { assetId }));
      continue;
    }
    const label = labelOf(asset);
    if (seen.has(assetId)) {
      refusals.push(refusalOf('agreement.asset_listed_twice', { asset: label }));
      continue;
    }
    seen.add(assetId);
    if (asset.status === 'retired') refusals.push(refusalOf('agreement.asset_retired', { asset: label }));
    if (fields.length === 0) refusals.push(refusalOf('agreement.no_fields', { asset: label }));
    const known = new Set(asset.fields.map((f) => f.name));
    const unknown = [...new Set(fields.filter((f) => !known.has(f)))];
    if (unknown.length > 0) {
      refusals.push(refusalOf('agreement.field_not_on_asset', { asset: label, fields: unknown.join(', ') }));
    }
  }
  return refusals;
}

function termRefusals(request: AgreementRequest): Refusal[] {
  return REQUIRED_TERMS.filter((term) => (request[term] ?? '').trim() === '').map((term) =>
    refusalOf('agreement.term_missing', { term }),
  );
}

function isDate(value: string): boolean {
  try {
    addCalendarDays(value, 0);
    return true;
  } catch {
    return false;
  }
}

function dateRefusals(request: AgreementRequest, now: Date): Refusal[] {
  const invalid = (['startDate', 'endDate'] as const).filter((term) => !isDate(request[term]));
  if (invalid.length > 0) return invalid.map((term) => refusalOf('agreement.date_invalid', { term }));
  const refusals: Refusal[] = [];
  const { startDate, endDate } = request;
  // ISO dates compare as strings.
  if (endDate < startDate) refusals.push(refusalOf('agreement.end_before_start', { startDate, endDate }));
  if (endOfShanghaiDay(endDate).getTime() < now.getTime()) {
    refusals.push(refusalOf('agreement.ends_in_past', { endDate }));
  }
  return refusals;
}

function partnerRefusals(request: AgreementRequest, partner: PartnerFacts): Refusal[] {
  if (partner.blacklisted || partner.status === 'blacklisted') return [refusalOf('agreement.partner_blacklisted', {})];
  if (!PARTNER_STATUSES_HOLDING_APPROVAL.includes(partner.status)) {
    return [refusalOf('agreement.partner_not_approved', { partnerStatus: partner.status })];
  }
  if (
    partner.validUntil !== undefined &&
    isDate(request.endDate) &&
    new Date(partner.validUntil).getTime() < endOfShanghaiDay(request.endDate).getTime()
  ) {
    return [
      refusalOf('agreement.partner_validity_ends_first', { validUntil: partner.validUntil, endDate: request.endDate }),
    ];
  }
  return [];
}

function gradeAndControlRefusals(
  request: AgreementRequest,
  content: SharedContent,
  context: AgreementContext,
): Refusal[] {
  const refusals: Refusal[] = [];
  const grade = content.effectiveGrade;
  const { clearance } = context.partner;
  if (isAboveClearance(grade, clearance)) {
    refusals.push(refusalOf('agreement.grade_above_clearance', { grade, clearance: clearance ?? 'none' }));
  }
  const required = requiredControlsFor(
    grade,
    {
      personalInfo: content.personalInfo,
      sensitivePersonalInfo: content.sensitivePersonalInfo,
      crossBorder: content.crossBorder,
    },
    context.params,
  );
  for (const { control } of required) {
    if (!request.controls.includes(control)) refusals.push(refusalOf('agreement.control_missing', { control }));
  }
  if (grade === 'core' && content.crossBorder && context.params.refuseCoreDataAbroad) {
    refusals.push(refusalOf('agreement.core_data_abroad', {}));
  }
  return refusals;
}

function recipientRefusals(request: AgreementRequest, content: SharedContent): Refusal[] {
  const refusals: Refusal[] = [];
  if (request.recipientType === 'foreign_authority' && (request.foreignAuthorityApproval ?? '').trim() === '') {
    refusals.push(refusalOf('agreement.foreign_authority_without_approval', {}));
  }
  if (content.crossBorder && !request.crossBorder) {
    refusals.push(refusalOf('agreement.recipient_abroad_not_cross_border', { recipientType: request.recipientType }));
  } else if (request.crossBorder && (request.destinationCountry ?? '').trim() === '') {
    refusals.push(refusalOf('agreement.cross_border_without_destination', {}));
  }
  return refusals;
}

/** The consent bases that satisfy separate consent: the consent itself, or data that is not PI any more. */
const SEPARATE_CONSENT_OR_NOT_PI: readonly ConsentBasis[] = ['separate_consent', 'anonymised'];

function consentRefusals(request: AgreementRequest, content: SharedContent): Refusal[] {
  if (!content.personalInfo) return [];
  const { consentBasis } = request;
  const refusals: Refusal[] = [];
  if (consentBasis === undefined) refusals.push(refusalOf('agreement.consent_basis_missing', {}));
  if (consentBasis === 'other_legal_basis' && request.legalBasis === 'consent') {
    refusals.push(refusalOf('agreement.consent_basis_conflicts_legal_basis', {}));
  }
  const separate = consentBasis !== undefined && SEPARATE_CONSENT_OR_NOT_PI.includes(consentBasis);
  if (content.sensitivePersonalInfo && !separate) {
    refusals.push(refusalOf('agreement.sensitive_pi_needs_separate_consent', {}));
  }
  if (content.crossBorder && !separate) {
    refusals.push(refusalOf('agreement.cross_border_pi_needs_separate_consent', {}));
  }
  return refusals;
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;

function volumeRefusals(request: AgreementRequest, content: SharedContent): Refusal[] {
  const v = request.volume;
  const refusals: Refusal[] = [];
  const counts = [v.records, v.people, v.personalInfoPeople, v.sensitivePersonalInfoPeople];
  if (
    !counts.every(isCount) ||
    v.sensitivePersonalInfoPeople > v.personalInfoPeople ||
    v.personalInfoPeople > v.people
  ) {
    refusals.push(refusalOf('agreement.volume_inconsistent', {}));
  }
  if (content.personalInfo && !(v.personalInfoPeople > 0)) refusals.push(refusalOf('agreement.pi_volume_missing', {}));
  if (content.sensitivePersonalInfo && !(v.sensitivePersonalInfoPeople > 0)) {
    refusals.push(refusalOf('agreement.sensitive_pi_volume_missing', {}));
  }
  return refusals;
}

function onwardProvisionRefusals(
  request: AgreementRequest,
  content: SharedContent,
  subRecipient: PartnerFacts | undefined,
): Refusal[] {
  const onward = request.onwardProvision;
  if (onward === undefined) return [];
  const partnerId = (onward.subRecipientPartnerId ?? '').trim();
  if (partnerId === '') return [refusalOf('agreement.onward_provision_without_sub_recipient', {})];
  const known = subRecipient?.id === partnerId ? subRecipient : undefined;
  const status = !known ? 'unknown' : known.blacklisted ? 'blacklisted' : known.status;
  if (!known || known.blacklisted || !PARTNER_STATUSES_HOLDING_APPROVAL.includes(known.status)) {
    return [refusalOf('agreement.sub_recipient_not_approved', { partnerId, partnerStatus: status })];
  }
  if (isAboveClearance(content.effectiveGrade, known.clearance)) {
    return [
      refusalOf('agreement.sub_recipient_grade_above_clearance', {
        partnerId,
        grade: content.effectiveGrade,
        clearance: known.clearance ?? 'none',
      }),
    ];
  }
  return [];
}
