/**
 * The rules of a special inspection (专项排查, S5; issue 14): each with an id, the rows of REGULATION.md it
 * comes from, the agreement statuses it applies to, the fields it reads of the agreement and of its partner,
 * and a pure check at `now`. Whether a rule runs, its severity and its own parameters are configuration
 * (`inspectionRules` of the parameters file, `inspection-parameters.ts`); the rule set carries a version
 * that changes with the code and with that configuration.
 *
 * Every finding's subject is the agreement, owned by its requesting unit (S11): a partner-level cause (a
 * lapsed vetting, an expired certificate) is a finding on each of the partner's sharings, because each
 * unit rectifies its own. Pure and bundle-safe: the agreement and partner come in as their states (or the
 * fields of them the enabled rules read), `now`, the parameters and the working-day calendar as arguments.
 */
import type { AgreementState } from '../workflows/agreement/state';
import type { PartnerState } from '../workflows/partner/state';
import { requiredControlsFor } from './agreement-controls';
import { PARTNER_STATUSES_HOLDING_APPROVAL, isAboveClearance } from './agreement-request';
import { reasonOf, type ParamValue, type Reason } from './agreement-reasons';
import { addWorkingDays, deadlineFor, shanghaiDateOf, type HolidayCalendar } from './calendar';
import { exportPathwayOf } from './export-pathway';
import { INSPECTION_RULE_IDS, type InspectionRuleId, type InspectionRulesConfig } from './inspection-parameters';
import type { ParameterKey, Parameters } from './parameters';
import { addMonths } from './partner-review';
import { VOLUME_CODES } from './usage-reports';
import {
  EXPORT_PATHWAYS,
  RUNNING_AGREEMENT_STATUSES,
  type AgreementStatus,
  type Control,
  type ExportPathway,
  type Severity,
} from './vocabulary';

export { INSPECTION_RULE_IDS, type InspectionRuleId } from './inspection-parameters';

/** Names the checks' code; the rule set's version adds a fingerprint of their configuration. */
export const INSPECTION_RULES_VERSION = 'inspection-rules@1';

/** What every finding needs of the agreement: its id, status, owner and partner. */
export const BASE_AGREEMENT_FIELDS = ['id', 'status', 'requestingUnit', 'partnerId'] as const;

/** Every field of the agreement's state some rule reads (a test holds this to the rules' own lists). */
export const INSPECTED_AGREEMENT_FIELDS = [
  ...BASE_AGREEMENT_FIELDS,
  'endsAt',
  'effectiveGrade',
  'personalInfo',
  'sensitivePersonalInfo',
  'crossBorder',
  'approved',
  'usage',
  'violations',
  'provision',
  'route',
  'records',
  'attestation',
  'recertification',
] as const satisfies readonly (keyof AgreementState)[];
export type InspectedAgreementField = (typeof INSPECTED_AGREEMENT_FIELDS)[number];
type BaseField = (typeof BASE_AGREEMENT_FIELDS)[number];

/** Every field of the partner's state some rule reads. */
export const INSPECTED_PARTNER_FIELDS = [
  'status',
  'validUntil',
  'blacklisting',
  'certifications',
  'clearance',
] as const satisfies readonly (keyof PartnerState)[];
export type InspectedPartnerField = (typeof INSPECTED_PARTNER_FIELDS)[number];

/** What an inspection reads of one agreement: its state, or only the fields the enabled rules read. */
export type InspectedAgreement = Pick<AgreementState, InspectedAgreementField>;
export type InspectedPartner = Pick<PartnerState, InspectedPartnerField>;

/** The parameters (their `inspectionRules` and `rectification` sections included) and the working-day calendar. */
export interface InspectionConfig {
  params: Parameters;
  calendar: HolidayCalendar;
}

/** What a check found: the finding's params, a fingerprint of its cause, and details to show. */
export interface Hit {
  params: Record<string, ParamValue>;
  /**
   * The same text whenever the same facts cause the finding (not the figures that move while it stands,
   * such as a growing volume): a re-inspection compares it, and a cause already rectified is not raised again.
   */
  cause: string;
  /** Details as agreement reasons (a usage violation, a reportability reason, an export reason). */
  evidence?: Reason[];
}

interface CheckInput<Id extends InspectionRuleId, F extends InspectedAgreementField, G extends InspectedPartnerField> {
  agreement: Pick<AgreementState, BaseField | F>;
  /** Undefined when the partner's record was not found. */
  partner: Pick<PartnerState, G> | undefined;
  now: Date;
  params: Parameters;
  /** The rule's own parameters. */
  own: InspectionRulesConfig[Id]['params'];
  calendar: HolidayCalendar;
}

export interface InspectionRule<Id extends InspectionRuleId = InspectionRuleId> {
  id: Id;
  /** The rows of REGULATION.md (and seeds) the rule comes from. */
  rules: readonly string[];
  /**
   * `rule`: a row sets what is checked; `configuration`: what is checked (a validity, a cadence, a
   * threshold) is a product choice or rests on an unconfirmed row, never to be presented as a rule.
   */
  basis: 'rule' | 'configuration';
  /** The agreement statuses it applies to; an agreement in any other status never has this finding. */
  statuses: readonly AgreementStatus[];
  /** The fields of the agreement's state it reads, besides `BASE_AGREEMENT_FIELDS`. */
  reads: readonly InspectedAgreementField[];
  partnerReads: readonly InspectedPartnerField[];
  /** The parameters (outside `inspectionRules`) it reads. */
  parameters: readonly ParameterKey[];
  check(input: CheckInput<Id, InspectedAgreementField, InspectedPartnerField>): Hit | null;
}

/**
 * A rule whose check can read only the fields it declares: the compiler refuses any other, so that the
 * scan may read only the declared fields of each document.
 */
function defineRule<
  Id extends InspectionRuleId,
  const F extends InspectedAgreementField = never,
  const G extends InspectedPartnerField = never,
>(rule: {
  id: Id;
  rules: readonly string[];
  basis: 'rule' | 'configuration';
  statuses: readonly AgreementStatus[];
  reads: readonly F[];
  partnerReads: readonly G[];
  parameters: readonly ParameterKey[];
  check(input: CheckInput<Id, F, G>): Hit | null;
}): InspectionRule<Id> {
  return rule;
}

/** Data flows now or will at the start date. */
const FLOWING: readonly AgreementStatus[] = ['approved', 'active'];
/** Approved and not over: flowing, or suspended until its cause is put right. */
const LIVE: readonly AgreementStatus[] = RUNNING_AGREEMENT_STATUSES;
/** Started: usage periods, recertification and the provision record exist. */
const STARTED: readonly AgreementStatus[] = ['active', 'suspended'];
/** Ended with data at the partner: the deletion attestation is awaited. */
const ENDED: readonly AgreementStatus[] = ['revoked', 'expired'];

/** Milliseconds of an instant, whether the store gave a date or the state an ISO string. */
const ms = (instant: string | Date) => new Date(instant).getTime();
/** The Shanghai calendar date a person reads. */
const dateOf = (instant: string | Date) => shanghaiDateOf(new Date(instant));
/**
 * The end of the Nth working day after an instant's Shanghai date, remembered per calendar: a scan asks for
 * the same few dates a hundred thousand times, and each count walks the calendar's holidays anew. The
 * answer depends only on the date, the count and the calendar's data, so remembering it changes nothing.
 */
const WORKING_DAY_ENDS = new WeakMap<HolidayCalendar, Map<string, number>>();
function workingDaysAfter(instant: string | Date, workingDays: number, calendar: HolidayCalendar): number {
  let known = WORKING_DAY_ENDS.get(calendar);
  if (!known) WORKING_DAY_ENDS.set(calendar, (known = new Map()));
  const start = new Date(instant);
  const key = `${start.getTime()}+${workingDays}`;
  let end = known.get(key);
  if (end === undefined) {
    end = deadlineFor(start, { amount: workingDays, unit: 'working_days' }, calendar).getTime();
    known.set(key, end);
  }
  return end;
}

/** Whether an instant plus a grace in working days (none: the instant itself) has passed at `now`. */
function isPast(instant: string, workingDays: number, now: Date, calendar: HolidayCalendar): boolean {
  const at = ms(instant);
  // Most instants are still ahead: no calendar needed.
  if (at >= now.getTime()) return false;
  return workingDays === 0 || workingDaysAfter(instant, workingDays, calendar) < now.getTime();
}
const isBlacklisted = (partner: Pick<PartnerState, 'status' | 'blacklisting'>) =>
  partner.status === 'blacklisted' || partner.blacklisting !== undefined;
const holdsApproval = (partner: Pick<PartnerState, 'status' | 'blacklisting'>) =>
  !isBlacklisted(partner) && PARTNER_STATUSES_HOLDING_APPROVAL.includes(partner.status);
const list = (values: readonly string[]) => values.join(', ');
const isImportantOrCore = (grade: string) => grade === 'important' || grade === 'core';
const pathwayRank = (pathway: ExportPathway) => EXPORT_PATHWAYS.indexOf(pathway);

/** When a record issued at `issuedAt` stops counting. */
const expiryOf = (issuedAt: string, months: number) => addMonths(new Date(issuedAt), months);

export const INSPECTION_RULES: { readonly [Id in InspectionRuleId]: InspectionRule<Id> } = {
  partner_not_approved: defineRule({
    id: 'partner_not_approved',
    rules: ['R8', 'R27', 'S6'],
    basis: 'rule',
    statuses: FLOWING,
    reads: [],
    partnerReads: ['status', 'blacklisting'],
    parameters: [],
    check: ({ partner }) => {
      if (!partner) return { params: { partnerStatus: 'unknown' }, cause: 'status:unknown' };
      // A blacklisted partner is a finding of its own.
      if (isBlacklisted(partner) || holdsApproval(partner)) return null;
      return { params: { partnerStatus: partner.status }, cause: `status:${partner.status}` };
    },
  }),

  partner_vetting_lapsed: defineRule({
    id: 'partner_vetting_lapsed',
    rules: ['R17', 'R27'],
    basis: 'configuration',
    statuses: FLOWING,
    reads: [],
    partnerReads: ['status', 'blacklisting', 'validUntil'],
    parameters: [],
    check: ({ partner, now }) => {
      if (!partner || !holdsApproval(partner) || partner.validUntil === undefined) return null;
      if (ms(partner.validUntil) > now.getTime()) return null;
      return { params: { validUntil: dateOf(partner.validUntil) }, cause: `validUntil:${partner.validUntil}` };
    },
  }),

  partner_validity_ends_first: defineRule({
    id: 'partner_validity_ends_first',
    rules: ['S6'],
    basis: 'configuration',
    statuses: FLOWING,
    reads: ['endsAt'],
    partnerReads: ['status', 'blacklisting', 'validUntil'],
    parameters: [],
    check: ({ agreement, partner, now }) => {
      if (!partner || !holdsApproval(partner) || partner.validUntil === undefined) return null;
      const until = ms(partner.validUntil);
      // Already over: the lapse is the finding.
      if (until <= now.getTime() || until >= ms(agreement.endsAt)) return null;
      return {
        params: { validUntil: dateOf(partner.validUntil), endDate: dateOf(agreement.endsAt) },
        cause: `validUntil:${partner.validUntil}`,
      };
    },
  }),

  partner_blacklisted: defineRule({
    id: 'partner_blacklisted',
    rules: ['R46', 'R27', 'S9'],
    basis: 'rule',
    statuses: LIVE,
    reads: [],
    partnerReads: ['status', 'blacklisting'],
    parameters: [],
    check: ({ partner }) => (partner && isBlacklisted(partner) ? { params: {}, cause: 'blacklisted' } : null),
  }),

  partner_certification_expired: defineRule({
    id: 'partner_certification_expired',
    rules: ['R8', 'R11'],
    basis: 'configuration',
    statuses: LIVE,
    reads: [],
    partnerReads: ['certifications'],
    parameters: [],
    check: ({ partner, now }) => {
      const expired = (partner?.certifications ?? [])
        .filter((c) => c.expiresAt !== undefined && ms(c.expiresAt) <= now.getTime())
        .map((c) => ({ kind: c.kind, expiresAt: c.expiresAt! }))
        .sort((a, b) => ms(a.expiresAt) - ms(b.expiresAt) || a.kind.localeCompare(b.kind));
      if (expired.length === 0) return null;
      return {
        params: { certifications: list(expired.map((c) => c.kind)), expiredAt: dateOf(expired[0]!.expiresAt) },
        cause: expired.map((c) => `${c.kind}@${c.expiresAt}`).join(','),
      };
    },
  }),

  grade_above_clearance: defineRule({
    id: 'grade_above_clearance',
    rules: ['R8', 'R27'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['effectiveGrade'],
    partnerReads: ['status', 'blacklisting', 'clearance'],
    parameters: [],
    check: ({ agreement, partner }) => {
      // A partner without a standing approval is a finding of its own.
      if (!partner || !holdsApproval(partner)) return null;
      const grade = agreement.effectiveGrade;
      if (!isAboveClearance(grade, partner.clearance)) return null;
      const clearance = partner.clearance ?? 'none';
      return { params: { grade, clearance }, cause: `${grade}>${clearance}` };
    },
  }),

  agreement_past_end: defineRule({
    id: 'agreement_past_end',
    rules: ['R41', 'R22'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['endsAt'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement, now, own, calendar }) => {
      if (!isPast(agreement.endsAt, own.graceWorkingDays, now, calendar)) return null;
      return {
        params: { endDate: dateOf(agreement.endsAt), status: agreement.status },
        cause: `endsAt:${agreement.endsAt}`,
      };
    },
  }),

  usage_report_overdue: defineRule({
    id: 'usage_report_overdue',
    rules: ['R22'],
    basis: 'rule',
    statuses: STARTED,
    reads: ['usage'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement, now, own, calendar }) => {
      const overdue = agreement.usage.periods.filter(
        (p) => !p.reportedAt && isPast(p.dueAt, own.graceWorkingDays, now, calendar),
      );
      if (overdue.length === 0) return null;
      const first = overdue.reduce((a, b) => (a.start <= b.start ? a : b));
      return {
        params: { period: first.start, dueAt: dateOf(first.dueAt), count: overdue.length },
        cause: overdue
          .map((p) => p.start)
          .sort()
          .join(','),
      };
    },
  }),

  usage_beyond_approval: defineRule({
    id: 'usage_beyond_approval',
    rules: ['R22', 'R11', 'R41'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['usage', 'approved', 'violations'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement, now, own }) => {
      const approved = agreement.approved;
      if (!approved) return null;
      const evidence: Reason[] = [];
      const causes: string[] = [];
      // Volume is compared as it stands, so that an amendment raising the approval ends the finding.
      const received = agreement.usage.received;
      for (const measure of Object.keys(VOLUME_CODES) as (keyof typeof VOLUME_CODES)[]) {
        if (received[measure] > approved.volume[measure]) {
          evidence.push(
            reasonOf(VOLUME_CODES[measure], { received: received[measure], approved: approved.volume[measure] }),
          );
          causes.push(VOLUME_CODES[measure]);
        }
      }
      const periods = new Set<string>();
      const since = agreement.violations.length > 0 ? addMonths(now, -own.lookbackMonths).getTime() : 0;
      for (const v of agreement.violations) {
        if (!SCOPE_VIOLATIONS.has(v.code) || ms(v.at) < since) continue;
        evidence.push({ code: v.code as Reason['code'], params: { ...v.params } });
        causes.push(`${v.code}@${v.period ?? v.at}:${Object.values(v.params).join('|')}`);
        if (v.period) periods.add(v.period);
      }
      if (evidence.length === 0) return null;
      return {
        params: { count: evidence.length, periods: [...periods].sort().join(', ') || '—' },
        cause: [...new Set(causes)].sort().join(','),
        evidence,
      };
    },
  }),

  controls_not_attested: defineRule({
    id: 'controls_not_attested',
    rules: ['R7', 'R22'],
    basis: 'rule',
    statuses: STARTED,
    reads: ['usage', 'violations'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement }) => {
      // The latest report says how the partner protects the data now.
      const latest = agreement.usage.periods
        .filter((p) => p.reportedAt)
        .reduce<string | undefined>((top, p) => (top === undefined || p.start > top ? p.start : top), undefined);
      if (latest === undefined) return null;
      const controls = [
        ...new Set(
          agreement.violations
            .filter((v) => v.code === 'usage.control_not_attested' && v.period === latest)
            .map((v) => String(v.params.control)),
        ),
      ].sort();
      if (controls.length === 0) return null;
      return { params: { controls: list(controls), period: latest }, cause: `${latest}:${controls.join(',')}` };
    },
  }),

  controls_below_requirement: defineRule({
    id: 'controls_below_requirement',
    rules: ['R7'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['effectiveGrade', 'personalInfo', 'sensitivePersonalInfo', 'crossBorder', 'approved'],
    partnerReads: [],
    parameters: ['requiredControlsByGrade', 'requiredControlsByContent'],
    check: ({ agreement, params }) => {
      const approved = agreement.approved;
      if (!approved) return null;
      const missing = requiredControlsOf(agreement, params).filter((c) => !approved.controls.includes(c));
      if (missing.length === 0) return null;
      return { params: { controls: list(missing), grade: agreement.effectiveGrade }, cause: missing.join(',') };
    },
  }),

  provision_record_missing: defineRule({
    id: 'provision_record_missing',
    rules: ['R22', 'R5', 'S4'],
    basis: 'rule',
    statuses: STARTED,
    reads: ['provision'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement }) =>
      agreement.provision ? null : { params: { status: agreement.status }, cause: 'provision:missing' },
  }),

  regulator_filing_missing: defineRule({
    id: 'regulator_filing_missing',
    rules: ['S4'],
    basis: 'configuration',
    statuses: STARTED,
    reads: ['provision', 'effectiveGrade', 'personalInfo', 'sensitivePersonalInfo', 'crossBorder', 'approved'],
    partnerReads: [],
    parameters: ['reportablePersonalInfoPeopleFrom', 'reportableSensitivePeopleFrom'],
    check: ({ agreement, params }) => {
      if (agreement.provision?.filing) return null;
      // Reportable when the provision was recorded, or under the parameters now in force.
      const reasons = [
        ...(agreement.provision?.reportable ? agreement.provision.reasons : []),
        ...reportableReasonsOf(agreement, params),
      ] as Reason[];
      const unique = [...new Map(reasons.map((r) => [r.code, r])).values()];
      if (unique.length === 0) return null;
      return { params: { count: unique.length }, cause: 'filing:missing', evidence: unique };
    },
  }),

  regulator_filing_unconfirmed: defineRule({
    id: 'regulator_filing_unconfirmed',
    rules: ['S4', 'R3'],
    basis: 'configuration',
    statuses: STARTED,
    reads: ['provision'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement, now, own, calendar }) => {
      const filing = agreement.provision?.filing;
      if (!filing || filing.confirmedAt !== undefined) return null;
      if (!isPast(filing.submittedAt, own.confirmationWorkingDays, now, calendar)) return null;
      return {
        params: { reference: filing.reference, submittedAt: dateOf(filing.submittedAt) },
        cause: `filing:${filing.key}`,
      };
    },
  }),

  cross_border_pathway_missing: defineRule({
    id: 'cross_border_pathway_missing',
    rules: ['R31', 'R48'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['crossBorder', 'route', 'approved'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement }) => {
      if (!agreement.crossBorder || agreement.route?.exportPathway) return null;
      return { params: { destination: agreement.approved?.destinationCountry ?? '?' }, cause: 'pathway:missing' };
    },
  }),

  export_assessment_missing: defineRule({
    id: 'export_assessment_missing',
    rules: ['R48', 'R31', 'R10'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['crossBorder', 'route', 'records', 'approved'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement }) => {
      if (!needsAssessment(agreement) || agreement.records.export_security_assessment) return null;
      return { params: { destination: agreement.approved?.destinationCountry ?? '?' }, cause: 'assessment:missing' };
    },
  }),

  export_assessment_expired: defineRule({
    id: 'export_assessment_expired',
    rules: ['R48'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['crossBorder', 'route', 'records'],
    partnerReads: [],
    parameters: ['exportAssessmentValidityYears'],
    check: ({ agreement, now, params }) => {
      const record = agreement.records.export_security_assessment;
      if (!needsAssessment(agreement) || !record) return null;
      const expiry = expiryOf(record.issuedAt, params.exportAssessmentValidityYears * 12);
      if (expiry.getTime() > now.getTime()) return null;
      return {
        params: { reference: record.reference, expiredAt: dateOf(expiry) },
        cause: `assessment:${record.reference}`,
      };
    },
  }),

  export_assessment_extension_due: defineRule({
    id: 'export_assessment_extension_due',
    rules: ['R48'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['crossBorder', 'route', 'records', 'endsAt'],
    partnerReads: [],
    parameters: ['exportAssessmentValidityYears', 'exportAssessmentExtensionLeadWorkingDays'],
    check: ({ agreement, now, own, params, calendar }) => {
      const record = agreement.records.export_security_assessment;
      if (!needsAssessment(agreement) || !record) return null;
      const expiry = expiryOf(record.issuedAt, params.exportAssessmentValidityYears * 12);
      // Expired is a finding of its own; an agreement that ends first needs no extension.
      if (expiry.getTime() <= now.getTime() || ms(agreement.endsAt) <= expiry.getTime()) return null;
      // R48: the extension is applied for at least the lead time before expiry; the finding comes a notice earlier.
      const applyBy = addWorkingDays(expiry, -params.exportAssessmentExtensionLeadWorkingDays, calendar);
      const noticeFrom = addWorkingDays(applyBy, -own.noticeWorkingDays, calendar);
      if (dateOf(now) < noticeFrom) return null;
      return {
        params: { reference: record.reference, expiresAt: dateOf(expiry), applyBy },
        cause: `extension:${record.reference}`,
      };
    },
  }),

  cross_border_beyond_assessed_scope: defineRule({
    id: 'cross_border_beyond_assessed_scope',
    rules: ['R31', 'R48'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['crossBorder', 'route', 'approved', 'usage', 'effectiveGrade', 'personalInfo'],
    partnerReads: [],
    parameters: [
      'operatorIsCiio',
      'crossBorderExemptBelowPeople',
      'crossBorderAssessmentFromPeople',
      'crossBorderSensitiveAssessmentFromPeople',
    ],
    check: ({ agreement, params }) => {
      const recorded = agreement.route?.exportPathway;
      const approved = agreement.approved;
      if (!agreement.crossBorder || !recorded || !approved) return null;
      const received = agreement.usage.received;
      // The route counted the approved people with the company's exports of the year before it.
      const approvedPi = agreement.personalInfo ? approved.volume.personalInfoPeople : 0;
      const approvedSensitive = agreement.personalInfo ? approved.volume.sensitivePersonalInfoPeople : 0;
      const thisAgreement = {
        personalInfoPeople: Math.max(approvedPi, received.personalInfoPeople),
        sensitivePersonalInfoPeople: Math.max(approvedSensitive, received.sensitivePersonalInfoPeople),
      };
      const required = exportPathwayOf({
        ciio: params.operatorIsCiio,
        importantData: isImportantOrCore(agreement.effectiveGrade),
        exportedThisYear: {
          personalInfoPeople: Math.max(0, recorded.cumulative.personalInfoPeople - approvedPi),
          sensitivePersonalInfoPeople: Math.max(0, recorded.cumulative.sensitivePersonalInfoPeople - approvedSensitive),
        },
        thisRequest: thisAgreement,
        params,
      });
      // An assessment covers the scale it assessed (R31): more people than approved is beyond it.
      const beyondAssessedScale =
        recorded.pathway === 'security_assessment' &&
        (received.personalInfoPeople > approvedPi || received.sensitivePersonalInfoPeople > approvedSensitive);
      const stricter = pathwayRank(required.pathway) > pathwayRank(recorded.pathway);
      if (!stricter && !beyondAssessedScale) return null;
      return {
        params: {
          pathway: recorded.pathway,
          // Beyond an assessment's scale, a new assessment is needed even where the count alone would not.
          required: stricter ? required.pathway : recorded.pathway,
          people: thisAgreement.personalInfoPeople,
          sensitivePeople: thisAgreement.sensitivePersonalInfoPeople,
        },
        cause: stricter ? `${recorded.pathway}->${required.pathway}` : `${recorded.pathway}:scale`,
        evidence: required.reasons,
      };
    },
  }),

  risk_assessment_missing: defineRule({
    id: 'risk_assessment_missing',
    rules: ['R27', 'R12'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['effectiveGrade', 'records'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement }) => {
      if (!isImportantOrCore(agreement.effectiveGrade) || agreement.records.risk_assessment) return null;
      return { params: { grade: agreement.effectiveGrade }, cause: 'risk_assessment:missing' };
    },
  }),

  risk_assessment_expired: defineRule({
    id: 'risk_assessment_expired',
    rules: ['R17', 'R16'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['effectiveGrade', 'records'],
    partnerReads: [],
    parameters: ['riskAssessmentValidityMonths'],
    check: ({ agreement, now, params }) => {
      const record = agreement.records.risk_assessment;
      if (!isImportantOrCore(agreement.effectiveGrade) || !record) return null;
      const expiry = expiryOf(record.issuedAt, params.riskAssessmentValidityMonths);
      if (expiry.getTime() > now.getTime()) return null;
      return {
        params: { reference: record.reference, expiredAt: dateOf(expiry) },
        cause: `risk_assessment:${record.reference}`,
      };
    },
  }),

  pipia_missing: defineRule({
    id: 'pipia_missing',
    rules: ['R44', 'R50'],
    basis: 'rule',
    statuses: LIVE,
    reads: ['personalInfo', 'records'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement }) =>
      agreement.personalInfo && !agreement.records.pipia ? { params: {}, cause: 'pipia:missing' } : null,
  }),

  pipia_expired: defineRule({
    id: 'pipia_expired',
    rules: ['R44'],
    basis: 'configuration',
    statuses: LIVE,
    reads: ['personalInfo', 'records'],
    partnerReads: [],
    parameters: ['pipiaValidityMonths'],
    check: ({ agreement, now, params }) => {
      const record = agreement.records.pipia;
      if (!agreement.personalInfo || !record) return null;
      const expiry = expiryOf(record.issuedAt, params.pipiaValidityMonths);
      if (expiry.getTime() > now.getTime()) return null;
      return { params: { reference: record.reference, expiredAt: dateOf(expiry) }, cause: `pipia:${record.reference}` };
    },
  }),

  deletion_attestation_overdue: defineRule({
    id: 'deletion_attestation_overdue',
    rules: ['R9', 'R41'],
    basis: 'rule',
    statuses: ENDED,
    reads: ['attestation'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement, now, own, calendar }) => {
      const attestation = agreement.attestation;
      if (attestation?.status !== 'awaiting') return null;
      if (!isPast(attestation.dueAt, own.graceWorkingDays, now, calendar)) return null;
      return { params: { dueAt: dateOf(attestation.dueAt) }, cause: `attestation:${attestation.dueAt}` };
    },
  }),

  recertification_overdue: defineRule({
    id: 'recertification_overdue',
    rules: ['R22'],
    basis: 'configuration',
    statuses: STARTED,
    reads: ['recertification'],
    partnerReads: [],
    parameters: [],
    check: ({ agreement, now, own, calendar }) => {
      const due = agreement.recertification?.dueAt;
      if (due === undefined || !isPast(due, own.graceWorkingDays, now, calendar)) return null;
      return { params: { dueAt: dateOf(due) }, cause: `recertification:${due}` };
    },
  }),
};

/** The usage violations that say the partner went beyond the approved scope (volume is compared as it stands). */
const SCOPE_VIOLATIONS: ReadonlySet<string> = new Set([
  'usage.asset_not_approved',
  'usage.field_not_approved',
  'usage.onward_provision_not_approved',
]);

/** The controls an agreement's content requires, remembered per parameters: a scan meets the same few contents. */
const REQUIRED_CONTROLS = new WeakMap<object, Map<string, Control[]>>();
function requiredControlsOf(
  agreement: Pick<AgreementState, 'effectiveGrade' | 'personalInfo' | 'sensitivePersonalInfo' | 'crossBorder'>,
  params: Parameters,
): Control[] {
  let known = REQUIRED_CONTROLS.get(params);
  if (!known) REQUIRED_CONTROLS.set(params, (known = new Map()));
  const flags = {
    personalInfo: agreement.personalInfo,
    sensitivePersonalInfo: agreement.sensitivePersonalInfo,
    crossBorder: agreement.crossBorder,
  };
  const key = `${agreement.effectiveGrade}|${flags.personalInfo}|${flags.sensitivePersonalInfo}|${flags.crossBorder}`;
  let controls = known.get(key);
  if (!controls) {
    controls = requiredControlsFor(agreement.effectiveGrade, flags, params).map((r) => r.control);
    known.set(key, controls);
  }
  return controls;
}

function needsAssessment(agreement: Pick<AgreementState, 'crossBorder' | 'route'>): boolean {
  return agreement.crossBorder && agreement.route?.exportPathway?.pathway === 'security_assessment';
}

/**
 * Why the sharing is reportable under the parameters in force, from what the agreement holds (its flags and
 * approved volume): the same grounds as `reportabilityOf` in approval-routing.ts.
 */
function reportableReasonsOf(
  agreement: Pick<
    AgreementState,
    'effectiveGrade' | 'personalInfo' | 'sensitivePersonalInfo' | 'crossBorder' | 'approved'
  >,
  params: Pick<Parameters, 'reportablePersonalInfoPeopleFrom' | 'reportableSensitivePeopleFrom'>,
): Reason[] {
  const volume = agreement.approved?.volume;
  const assets = list((agreement.approved?.assets ?? []).map((a) => a.assetId));
  const reasons: Reason[] = [];
  if (agreement.effectiveGrade === 'important') reasons.push(reasonOf('sharing.important_data', { assets }));
  if (agreement.effectiveGrade === 'core') reasons.push(reasonOf('sharing.core_data', { assets }));
  if (agreement.crossBorder) {
    reasons.push(reasonOf('sharing.cross_border', { destination: agreement.approved?.destinationCountry ?? '?' }));
  }
  if (volume && agreement.personalInfo && volume.personalInfoPeople >= params.reportablePersonalInfoPeopleFrom) {
    reasons.push(
      reasonOf('sharing.personal_info_volume', {
        people: volume.personalInfoPeople,
        threshold: params.reportablePersonalInfoPeopleFrom,
      }),
    );
  }
  if (
    volume &&
    agreement.sensitivePersonalInfo &&
    volume.sensitivePersonalInfoPeople >= params.reportableSensitivePeopleFrom
  ) {
    reasons.push(
      reasonOf('sharing.sensitive_volume', {
        people: volume.sensitivePersonalInfoPeople,
        threshold: params.reportableSensitivePeopleFrom,
      }),
    );
  }
  return reasons;
}

/** A finding of one rule on one agreement at one inspection. */
export interface Finding {
  /** `<ruleId>:agreement:<agreementId>`: one per rule × subject; a run's own record adds the run's id. */
  key: string;
  ruleId: InspectionRuleId;
  severity: Severity;
  /** The rows of REGULATION.md the rule comes from. */
  rules: readonly string[];
  subject: { type: 'agreement'; id: string; partnerId: string };
  /** Rendered with the text of `inspection.<ruleId>` (policies/texts/oversight.ts). */
  params: Record<string, ParamValue>;
  evidence: Reason[];
  cause: string;
  /** The requesting unit rectifies (S11). */
  ownerUnit: string;
  /** The rectification deadline: the severity's working days from the inspection. */
  deadline: Date;
}

/** The key of a rule's finding on an agreement, the same at every inspection. */
export const findingKeyOf = (ruleId: InspectionRuleId, agreementId: string) => `${ruleId}:agreement:${agreementId}`;

/** When a finding of `severity` raised at `raisedAt` must be rectified (working days by severity, parameters). */
export function rectificationDeadlineOf(severity: Severity, raisedAt: Date, config: InspectionConfig): Date {
  return new Date(
    workingDaysAfter(raisedAt, config.params.rectification.deadlineWorkingDays[severity], config.calendar),
  );
}

/** The rules that run under the parameters, in their order. */
export function enabledRulesOf(params: Pick<Parameters, 'inspectionRules'>): InspectionRule[] {
  return INSPECTION_RULE_IDS.filter((id) => params.inspectionRules[id].enabled).map(
    (id) => INSPECTION_RULES[id] as InspectionRule,
  );
}

/**
 * The fields of the agreement and of its partner the enabled rules read: all a scan needs to read of each
 * document (the base fields always).
 */
export function inspectionReadsOf(params: Pick<Parameters, 'inspectionRules'>): {
  agreement: InspectedAgreementField[];
  partner: InspectedPartnerField[];
} {
  const rules = enabledRulesOf(params);
  const agreement = new Set<InspectedAgreementField>([...BASE_AGREEMENT_FIELDS, ...rules.flatMap((r) => r.reads)]);
  const partner = new Set<InspectedPartnerField>(rules.flatMap((r) => r.partnerReads));
  return {
    agreement: INSPECTED_AGREEMENT_FIELDS.filter((f) => agreement.has(f)),
    partner: INSPECTED_PARTNER_FIELDS.filter((f) => partner.has(f)),
  };
}

/** The agreement statuses some enabled rule applies to: agreements in other statuses need not be read. */
export function inspectedStatusesOf(params: Pick<Parameters, 'inspectionRules'>): AgreementStatus[] {
  const statuses = new Set(enabledRulesOf(params).flatMap((r) => r.statuses));
  return [...statuses];
}

/**
 * Every finding of the enabled rules on one agreement at `now`, in the rules' order: each with its
 * severity and rectification deadline from the configuration, owned by the requesting unit. The partner is
 * undefined when its record was not found (then the partner is not approved).
 */
export function findingsFor(
  agreement: InspectedAgreement,
  partner: InspectedPartner | undefined,
  now: Date,
  config: InspectionConfig,
): Finding[] {
  const { params, calendar } = config;
  const findings: Finding[] = [];
  for (const rule of enabledRulesOf(params)) {
    if (!rule.statuses.includes(agreement.status)) continue;
    const ruleConfig = params.inspectionRules[rule.id];
    const hit = rule.check({ agreement, partner, now, params, own: ruleConfig.params as never, calendar });
    if (!hit) continue;
    findings.push({
      key: findingKeyOf(rule.id, agreement.id),
      ruleId: rule.id,
      severity: ruleConfig.severity,
      rules: rule.rules,
      subject: { type: 'agreement', id: agreement.id, partnerId: agreement.partnerId },
      params: hit.params,
      evidence: hit.evidence ?? [],
      cause: hit.cause,
      ownerUnit: agreement.requestingUnit,
      deadline: rectificationDeadlineOf(ruleConfig.severity, now, config),
    });
  }
  return findings;
}

/** The parameters every rule reads besides its own section, each once. */
const PARAMETERS_READ: readonly ParameterKey[] = [
  ...new Set(INSPECTION_RULE_IDS.flatMap((id) => INSPECTION_RULES[id].parameters)),
].sort();

/**
 * The version of the rule set in force: the checks' code and a fingerprint of everything configured that
 * changes what they find or when a finding is due — the rules' section, the rectification deadlines, and
 * the parameters the checks read. Stored with each run and finding.
 */
export function inspectionRuleSetVersionOf(params: Parameters): string {
  const configured = {
    inspectionRules: params.inspectionRules,
    rectification: params.rectification,
    read: Object.fromEntries(PARAMETERS_READ.map((key) => [key, params[key]])),
  };
  return `${INSPECTION_RULES_VERSION}+${fingerprintOf(canonicalJsonOf(configured))}`;
}

/** JSON with every object's keys sorted, so that equal values give equal text. */
function canonicalJsonOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJsonOf).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJsonOf(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a, 32 bits, as 8 hex digits: a fingerprint to tell configurations apart, not a security hash. */
function fingerprintOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A finding of an earlier inspection, as the re-inspection reads it. */
export interface EarlierFinding {
  key: string;
  ruleId: InspectionRuleId;
  cause: string;
  /** Open (rectification owed) or verified (rectified); other closed findings are not needed. */
  state: 'open' | 'verified';
}

export interface Reinspection {
  /** Open findings whose cause is gone: closed, with closure `cause_gone`. */
  closes: EarlierFinding[];
  /** Open findings whose cause is still there, with what the rule finds now (its cause may have changed). */
  persists: { earlier: EarlierFinding; now: Finding; causeChanged: boolean }[];
  /** Open findings of a rule that is disabled now: left open; the DSO closes them if the rule no longer applies. */
  ruleDisabled: EarlierFinding[];
  /** Findings to raise: no open finding has their key, and no verified one had their cause. */
  raises: Finding[];
}

/**
 * What a re-inspection of one agreement does with the findings of earlier inspections, given what the rules
 * find now (`findingsFor` on the agreement's current state, whatever its status: an agreement that has ended
 * since must be read too, so that its findings close). A finding closes when the rule that raised it runs and
 * finds nothing; a cause already rectified and verified is not raised again; any other cause is.
 */
export function reinspectionOf(input: {
  earlier: readonly EarlierFinding[];
  now: readonly Finding[];
  params: Pick<Parameters, 'inspectionRules'>;
}): Reinspection {
  const current = new Map(input.now.map((f) => [f.key, f]));
  const result: Reinspection = { closes: [], persists: [], ruleDisabled: [], raises: [] };
  const openKeys = new Set<string>();
  for (const earlier of input.earlier.filter((f) => f.state === 'open')) {
    openKeys.add(earlier.key);
    const found = current.get(earlier.key);
    if (found) {
      result.persists.push({ earlier, now: found, causeChanged: found.cause !== earlier.cause });
    } else if (!input.params.inspectionRules[earlier.ruleId].enabled) {
      result.ruleDisabled.push(earlier);
    } else {
      result.closes.push(earlier);
    }
  }
  const verified = new Set(input.earlier.filter((f) => f.state === 'verified').map((f) => `${f.key}|${f.cause}`));
  result.raises = input.now.filter((f) => !openKeys.has(f.key) && !verified.has(`${f.key}|${f.cause}`));
  return result;
}
