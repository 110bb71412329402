import {
  BASE_AGREEMENT_FIELDS,
  INSPECTED_AGREEMENT_FIELDS,
  INSPECTED_PARTNER_FIELDS,
  INSPECTION_RULES,
  INSPECTION_RULE_IDS,
  findingsFor,
  inspectedStatusesOf,
  inspectionReadsOf,
  inspectionRuleSetVersionOf,
  reinspectionOf,
  type EarlierFinding,
  type Finding,
  type InspectedAgreement,
  type InspectedPartner,
  type InspectionConfig,
  type InspectionRuleId,
} from '../../../policies/inspection-rules';
import { DEFAULT_PARAMETERS } from '../../../policies/parameters';
import type { AgreementState } from '../../../workflows/agreement/state';
import type { PartnerState } from '../../../workflows/partner/state';
import {
  ASSET_ID,
  NOW,
  SUB_RECIPIENT_ID,
  aConfig,
  aCrossBorderRequest,
  aPartner,
  aUsagePeriod,
  anAgreement,
} from './oversight-factory';

const defaults = aConfig(DEFAULT_PARAMETERS);

/** The findings of one rule, as severity and params (`null`: no partner record). */
function found(
  ruleId: InspectionRuleId,
  agreement: AgreementState,
  partner: PartnerState | null = aPartner(),
  config: InspectionConfig = defaults,
) {
  return findingsFor(agreement, partner ?? undefined, NOW, config)
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ severity: f.severity, params: f.params }));
}

const crossBorderRequest = aCrossBorderRequest();
const aPathway = (
  pathway: 'exempt' | 'standard_contract_or_certification' | 'security_assessment',
  cumulative = { personalInfoPeople: 60_000, sensitivePersonalInfoPeople: 0 },
) => ({
  ...anAgreement().route!,
  exportPathway: { pathway, reasons: [], cumulative, rules: ['R48'] },
});
/** A cross-border PI sharing whose pathway was decided with 50,000 people of its own and 10,000 of the company's. */
const crossBorder = (overrides: Partial<AgreementState> = {}) =>
  anAgreement({
    crossBorder: true,
    personalInfo: true,
    request: crossBorderRequest,
    approved: crossBorderRequest,
    route: aPathway('exempt'),
    records: { pipia: { reference: 'PIA-9', issuedAt: '2026-08-01T00:00:00.000Z' } },
    ...overrides,
  });
/** A security-assessed export with its assessment on file, issued at `issuedAt`. */
const assessedExport = (reference: string, issuedAt: string, overrides: Partial<AgreementState> = {}) =>
  crossBorder({
    route: aPathway('security_assessment'),
    records: { export_security_assessment: { reference, issuedAt } },
    ...overrides,
  });
/** A reportable sharing whose filing `reference` was submitted at `submittedAt`. */
const filed = (reference: string, submittedAt: string, overrides: Partial<AgreementState> = {}) =>
  anAgreement({
    ...overrides,
    provision: {
      ...anAgreement().provision!,
      reportable: true,
      filing: { key: 'filing:agr-1:v5', reference, submittedAt },
    },
  });
/** Personal information shared, with the masking the defaults then require. */
const withPi = (overrides: Partial<AgreementState> = {}) =>
  anAgreement({
    personalInfo: true,
    approved: { ...anAgreement().request, controls: ['masking', 'access_control', 'encryption_in_transit'] },
    ...overrides,
  });
const received = (overrides: Partial<AgreementState['usage']['received']>) => ({
  periods: anAgreement().usage.periods,
  received: { records: 4_000, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0, ...overrides },
});

describe('findingsFor', () => {
  it('finds nothing in a clean active agreement with an approved partner', () => {
    expect(findingsFor(anAgreement(), aPartner(), NOW, defaults)).toEqual([]);
  });

  type Row = [string, InspectionRuleId, () => ReturnType<typeof found>, { severity: string; params: object }[]];
  const rows: Row[] = [
    // Partner
    [
      'a lapsed partner of an active agreement',
      'partner_not_approved',
      () => found('partner_not_approved', anAgreement(), aPartner({ status: 'lapsed' })),
      [{ severity: 'critical', params: { partnerStatus: 'lapsed' } }],
    ],
    [
      'a partner whose record is not found',
      'partner_not_approved',
      () => found('partner_not_approved', anAgreement(), null),
      [{ severity: 'critical', params: { partnerStatus: 'unknown' } }],
    ],
    [
      'a partner being re-vetted keeps its approval',
      'partner_not_approved',
      () => found('partner_not_approved', anAgreement(), aPartner({ status: 'revetting' })),
      [],
    ],
    [
      'an agreement already suspended for the lapse is contained',
      'partner_not_approved',
      () => found('partner_not_approved', anAgreement({ status: 'suspended' }), aPartner({ status: 'lapsed' })),
      [],
    ],
    [
      'a vetting that ended yesterday while the partner is still approved',
      'partner_vetting_lapsed',
      () => found('partner_vetting_lapsed', anAgreement(), aPartner({ validUntil: '2026-11-19T15:59:59.999Z' })),
      [{ severity: 'critical', params: { validUntil: '2026-11-19' } }],
    ],
    [
      'a vetting that ends at this very instant',
      'partner_vetting_lapsed',
      () => found('partner_vetting_lapsed', anAgreement(), aPartner({ validUntil: NOW.toISOString() })),
      [{ severity: 'critical', params: { validUntil: '2026-11-20' } }],
    ],
    [
      'a vetting that ends a millisecond from now',
      'partner_vetting_lapsed',
      () => found('partner_vetting_lapsed', anAgreement(), aPartner({ validUntil: '2026-11-20T02:00:00.001Z' })),
      [],
    ],
    [
      'a vetting that ends before the agreement',
      'partner_validity_ends_first',
      () => found('partner_validity_ends_first', anAgreement(), aPartner({ validUntil: '2027-03-31T15:59:59.999Z' })),
      [{ severity: 'medium', params: { validUntil: '2027-03-31', endDate: '2027-06-30' } }],
    ],
    [
      'a vetting that ends with the agreement',
      'partner_validity_ends_first',
      () => found('partner_validity_ends_first', anAgreement(), aPartner({ validUntil: '2027-06-30T15:59:59.999Z' })),
      [],
    ],
    [
      'a blacklisted partner of a suspended agreement',
      'partner_blacklisted',
      () => found('partner_blacklisted', anAgreement({ status: 'suspended' }), aPartner({ status: 'blacklisted' })),
      [{ severity: 'critical', params: {} }],
    ],
    [
      'a blacklisting recorded on a partner still marked approved',
      'partner_blacklisted',
      () =>
        found(
          'partner_blacklisted',
          anAgreement(),
          aPartner({ blacklisting: { by: 'dora', at: '2026-11-19T02:00:00.000Z', reason: '数据泄露' } }),
        ),
      [{ severity: 'critical', params: {} }],
    ],
    [
      'an approved partner without a blacklisting',
      'partner_blacklisted',
      () => found('partner_blacklisted', anAgreement({ status: 'suspended' }), aPartner()),
      [],
    ],
    [
      'two expired certifications, the earliest named',
      'partner_certification_expired',
      () =>
        found(
          'partner_certification_expired',
          anAgreement(),
          aPartner({
            certifications: [
              { kind: 'mlps', level: 3, expiresAt: '2026-11-01T00:00:00.000Z' },
              { kind: 'iso27001', expiresAt: '2026-10-01T00:00:00.000Z' },
              { kind: 'dsmm', level: 2 },
            ],
          }),
        ),
      [{ severity: 'medium', params: { certifications: 'iso27001, mlps', expiredAt: '2026-10-01' } }],
    ],
    [
      'a certification without an expiry date',
      'partner_certification_expired',
      () => found('partner_certification_expired', anAgreement(), aPartner({ certifications: [{ kind: 'dsmm' }] })),
      [],
    ],
    [
      'core data for a partner cleared for important data',
      'grade_above_clearance',
      () => found('grade_above_clearance', anAgreement({ effectiveGrade: 'core' }), aPartner()),
      [{ severity: 'high', params: { grade: 'core', clearance: 'important' } }],
    ],
    [
      'a partner with no clearance left',
      'grade_above_clearance',
      () => found('grade_above_clearance', anAgreement(), aPartner({ clearance: undefined })),
      [{ severity: 'high', params: { grade: 'general', clearance: 'none' } }],
    ],
    [
      'important data for a partner cleared for important data',
      'grade_above_clearance',
      () => found('grade_above_clearance', anAgreement({ effectiveGrade: 'important' }), aPartner()),
      [],
    ],

    // Term
    [
      'an agreement that ended on Wednesday, past the one working day of grace',
      'agreement_past_end',
      () => found('agreement_past_end', anAgreement({ endsAt: '2026-11-18T15:59:59.999Z' })),
      [{ severity: 'high', params: { endDate: '2026-11-18', status: 'active' } }],
    ],
    [
      'an agreement that ended on Thursday, within its grace until Friday night',
      'agreement_past_end',
      () => found('agreement_past_end', anAgreement({ endsAt: '2026-11-19T15:59:59.999Z' })),
      [],
    ],
    [
      'the same without grace',
      'agreement_past_end',
      () =>
        found(
          'agreement_past_end',
          anAgreement({ endsAt: '2026-11-19T15:59:59.999Z' }),
          aPartner(),
          aConfig({ inspectionRules: { agreement_past_end: { params: { graceWorkingDays: 0 } } } }),
        ),
      [{ severity: 'high', params: { endDate: '2026-11-19', status: 'active' } }],
    ],

    // Supervision
    [
      'the October report, due on 10 November, not in',
      'usage_report_overdue',
      () =>
        found(
          'usage_report_overdue',
          anAgreement({
            usage: { ...anAgreement().usage, periods: [aUsagePeriod('2026-09', true), aUsagePeriod('2026-10', false)] },
          }),
        ),
      [{ severity: 'medium', params: { period: '2026-10-01', dueAt: '2026-11-10', count: 1 } }],
    ],
    [
      'the same within a grace of 10 working days (to 24 November)',
      'usage_report_overdue',
      () =>
        found(
          'usage_report_overdue',
          anAgreement({ usage: { ...anAgreement().usage, periods: [aUsagePeriod('2026-10', false)] } }),
          aPartner(),
          aConfig({ inspectionRules: { usage_report_overdue: { params: { graceWorkingDays: 10 } } } }),
        ),
      [],
    ],
    [
      'two reports missing on a suspended agreement',
      'usage_report_overdue',
      () =>
        found(
          'usage_report_overdue',
          anAgreement({
            status: 'suspended',
            usage: {
              ...anAgreement().usage,
              periods: [aUsagePeriod('2026-09', false), aUsagePeriod('2026-10', false), aUsagePeriod('2026-11', false)],
            },
          }),
        ),
      [{ severity: 'medium', params: { period: '2026-09-01', dueAt: '2026-10-10', count: 2 } }],
    ],
    [
      'more records received than approved',
      'usage_beyond_approval',
      () => found('usage_beyond_approval', anAgreement({ usage: received({ records: 12_000 }) })),
      [{ severity: 'high', params: { count: 1, periods: '—' } }],
    ],
    [
      'a field and an onward provision beyond the approval, reported this autumn',
      'usage_beyond_approval',
      () =>
        found(
          'usage_beyond_approval',
          anAgreement({
            violations: [
              {
                code: 'usage.field_not_approved',
                params: { asset: ASSET_ID, fields: 'imsi' },
                suspends: true,
                at: '2026-10-05T02:00:00.000Z',
                period: '2026-09-01',
              },
              {
                code: 'usage.onward_provision_not_approved',
                params: { subRecipient: SUB_RECIPIENT_ID },
                suspends: true,
                at: '2026-11-05T02:00:00.000Z',
                period: '2026-10-01',
              },
            ],
          }),
        ),
      [{ severity: 'high', params: { count: 2, periods: '2026-09-01, 2026-10-01' } }],
    ],
    [
      'a field beyond the approval reported more than 12 months ago',
      'usage_beyond_approval',
      () =>
        found(
          'usage_beyond_approval',
          anAgreement({
            violations: [
              {
                code: 'usage.field_not_approved',
                params: { asset: ASSET_ID, fields: 'imsi' },
                suspends: true,
                at: '2025-11-19T02:00:00.000Z',
                period: '2025-10-01',
              },
            ],
          }),
        ),
      [],
    ],
    [
      'a control not attested in the latest report',
      'controls_not_attested',
      () =>
        found(
          'controls_not_attested',
          anAgreement({
            violations: [
              {
                code: 'usage.control_not_attested',
                params: { control: 'encryption_in_transit' },
                suspends: true,
                at: '2026-11-05T02:00:00.000Z',
                period: '2026-10-01',
              },
            ],
          }),
        ),
      [{ severity: 'high', params: { controls: 'encryption_in_transit', period: '2026-10-01' } }],
    ],
    [
      'a control not attested in September, attested since',
      'controls_not_attested',
      () =>
        found(
          'controls_not_attested',
          anAgreement({
            violations: [
              {
                code: 'usage.control_not_attested',
                params: { control: 'encryption_in_transit' },
                suspends: true,
                at: '2026-10-05T02:00:00.000Z',
                period: '2026-09-01',
              },
            ],
          }),
        ),
      [],
    ],
    [
      'general data now requiring a watermark the agreement does not commit to',
      'controls_below_requirement',
      () =>
        found(
          'controls_below_requirement',
          anAgreement(),
          aPartner(),
          aConfig({
            requiredControlsByGrade: {
              general: ['access_control', 'encryption_in_transit', 'watermark'],
              important: ['encryption_in_transit', 'encryption_at_rest', 'access_control', 'watermark'],
            },
          }),
        ),
      [{ severity: 'high', params: { controls: 'watermark', grade: 'general' } }],
    ],
    [
      'general data committed to every control the defaults require',
      'controls_below_requirement',
      () => found('controls_below_requirement', anAgreement()),
      [],
    ],

    // Records and filings
    [
      'an active agreement without its provision record',
      'provision_record_missing',
      () => found('provision_record_missing', anAgreement({ provision: undefined })),
      [{ severity: 'high', params: { status: 'active' } }],
    ],
    [
      'an approved agreement not started yet',
      'provision_record_missing',
      () => found('provision_record_missing', anAgreement({ status: 'approved', provision: undefined })),
      [],
    ],
    [
      'important data, reportable under the rules in force, never filed',
      'regulator_filing_missing',
      () => found('regulator_filing_missing', anAgreement({ effectiveGrade: 'important' })),
      [{ severity: 'high', params: { count: 1 } }],
    ],
    [
      'personal information of 150,000 people, from the threshold of 100,000',
      'regulator_filing_missing',
      () =>
        found(
          'regulator_filing_missing',
          anAgreement({
            personalInfo: true,
            records: { pipia: { reference: 'PIA-1', issuedAt: '2026-08-01T00:00:00.000Z' } },
            approved: {
              ...anAgreement().request,
              volume: {
                records: 150_000,
                people: 150_000,
                personalInfoPeople: 150_000,
                sensitivePersonalInfoPeople: 0,
              },
            },
          }),
        ),
      [{ severity: 'high', params: { count: 1 } }],
    ],
    [
      'a sharing recorded as reportable, without its filing',
      'regulator_filing_missing',
      () =>
        found(
          'regulator_filing_missing',
          anAgreement({
            provision: {
              key: 'provision:agr-1:v5',
              reportable: true,
              reasons: [{ code: 'sharing.foreign_recipient', params: { recipientType: 'foreign_enterprise' } }],
              recordedAt: '2026-08-20T02:00:00.000Z',
            },
          }),
        ),
      [{ severity: 'high', params: { count: 1 } }],
    ],
    [
      'important data, filed',
      'regulator_filing_missing',
      () =>
        found('regulator_filing_missing', filed('F-2', '2026-08-20T02:00:00.000Z', { effectiveGrade: 'important' })),
      [],
    ],
    [
      'a filing submitted on 20 October, unconfirmed after 20 working days (17 November)',
      'regulator_filing_unconfirmed',
      () => found('regulator_filing_unconfirmed', filed('F-1', '2026-10-20T02:00:00.000Z')),
      [{ severity: 'medium', params: { reference: 'F-1', submittedAt: '2026-10-20' } }],
    ],
    [
      'a filing submitted on 23 October, still within its 20 working days (20 November, end of day)',
      'regulator_filing_unconfirmed',
      () => found('regulator_filing_unconfirmed', filed('F-1', '2026-10-23T02:00:00.000Z')),
      [],
    ],

    // Cross-border
    [
      'a cross-border sharing with no pathway on its route',
      'cross_border_pathway_missing',
      () => found('cross_border_pathway_missing', crossBorder({ route: anAgreement().route })),
      [{ severity: 'critical', params: { destination: 'SG' } }],
    ],
    [
      'a cross-border sharing with its pathway decided',
      'cross_border_pathway_missing',
      () => found('cross_border_pathway_missing', crossBorder()),
      [],
    ],
    [
      'a pathway needing an assessment, none on file',
      'export_assessment_missing',
      () => found('export_assessment_missing', crossBorder({ route: aPathway('security_assessment') })),
      [{ severity: 'critical', params: { destination: 'SG' } }],
    ],
    [
      'a pathway needing an assessment, with one on file',
      'export_assessment_missing',
      () => found('export_assessment_missing', assessedExport('EA-4', '2026-06-01T00:00:00.000Z')),
      [],
    ],
    [
      'an assessment issued on 1 November 2023, expired on 1 November 2026',
      'export_assessment_expired',
      () => found('export_assessment_expired', assessedExport('EA-1', '2023-11-01T00:00:00.000Z')),
      [{ severity: 'high', params: { reference: 'EA-1', expiredAt: '2026-11-01' } }],
    ],
    [
      'an assessment issued three years ago to the instant',
      'export_assessment_expired',
      () => found('export_assessment_expired', assessedExport('EA-5', '2023-11-20T02:00:00.000Z')),
      [{ severity: 'high', params: { reference: 'EA-5', expiredAt: '2026-11-20' } }],
    ],
    [
      'an assessment issued on 21 November 2023, valid until tomorrow',
      'export_assessment_expired',
      () => found('export_assessment_expired', assessedExport('EA-6', '2023-11-21T00:00:00.000Z')),
      [],
    ],
    [
      'an assessment expiring on 1 March 2027: apply by 7 December 2026, noticed from 9 November',
      'export_assessment_extension_due',
      () => found('export_assessment_extension_due', assessedExport('EA-2', '2024-03-01T00:00:00.000Z')),
      [{ severity: 'low', params: { reference: 'EA-2', expiresAt: '2027-03-01', applyBy: '2026-12-07' } }],
    ],
    [
      'an assessment expiring on 1 June 2027: noticed from 9 February 2027',
      'export_assessment_extension_due',
      () => found('export_assessment_extension_due', assessedExport('EA-3', '2024-06-01T00:00:00.000Z')),
      [],
    ],
    [
      'an assessment expiring after the agreement ends needs no extension',
      'export_assessment_extension_due',
      () =>
        found(
          'export_assessment_extension_due',
          assessedExport('EA-2', '2024-03-01T00:00:00.000Z', { endsAt: '2027-02-28T15:59:59.999Z' }),
        ),
      [],
    ],
    [
      'an exempt export whose 95,000 people received bring the year to 105,000',
      'cross_border_beyond_assessed_scope',
      () =>
        found('cross_border_beyond_assessed_scope', crossBorder({ usage: received({ personalInfoPeople: 95_000 }) })),
      [
        {
          severity: 'high',
          params: {
            pathway: 'exempt',
            required: 'standard_contract_or_certification',
            people: 95_000,
            sensitivePeople: 0,
          },
        },
      ],
    ],
    [
      'an exempt export whose 85,000 people bring the year to 95,000',
      'cross_border_beyond_assessed_scope',
      () =>
        found('cross_border_beyond_assessed_scope', crossBorder({ usage: received({ personalInfoPeople: 85_000 }) })),
      [],
    ],
    [
      'an assessed export that received more people than it assessed',
      'cross_border_beyond_assessed_scope',
      () =>
        found(
          'cross_border_beyond_assessed_scope',
          crossBorder({
            route: aPathway('security_assessment'),
            usage: received({ personalInfoPeople: 50_001 }),
          }),
        ),
      [
        {
          severity: 'high',
          params: {
            pathway: 'security_assessment',
            required: 'security_assessment',
            people: 50_001,
            sensitivePeople: 0,
          },
        },
      ],
    ],
    [
      'an exempt export once the operator is a CIIO',
      'cross_border_beyond_assessed_scope',
      () => found('cross_border_beyond_assessed_scope', crossBorder(), aPartner(), aConfig({ operatorIsCiio: true })),
      [
        {
          severity: 'high',
          params: { pathway: 'exempt', required: 'security_assessment', people: 50_000, sensitivePeople: 0 },
        },
      ],
    ],

    // Assessments
    [
      'important data without a risk assessment',
      'risk_assessment_missing',
      () => found('risk_assessment_missing', anAgreement({ effectiveGrade: 'important' })),
      [{ severity: 'high', params: { grade: 'important' } }],
    ],
    [
      'important data with a risk assessment on file',
      'risk_assessment_missing',
      () =>
        found(
          'risk_assessment_missing',
          anAgreement({
            effectiveGrade: 'important',
            records: { risk_assessment: { reference: 'RA-3', issuedAt: '2026-06-01T00:00:00.000Z' } },
          }),
        ),
      [],
    ],
    [
      'a risk assessment issued on 1 November 2025, out of date since 1 November 2026',
      'risk_assessment_expired',
      () =>
        found(
          'risk_assessment_expired',
          anAgreement({
            effectiveGrade: 'core',
            records: { risk_assessment: { reference: 'RA-1', issuedAt: '2025-11-01T00:00:00.000Z' } },
          }),
        ),
      [{ severity: 'medium', params: { reference: 'RA-1', expiredAt: '2026-11-01' } }],
    ],
    [
      'a risk assessment issued on 21 November 2025, valid until tomorrow',
      'risk_assessment_expired',
      () =>
        found(
          'risk_assessment_expired',
          anAgreement({
            effectiveGrade: 'important',
            records: { risk_assessment: { reference: 'RA-2', issuedAt: '2025-11-21T00:00:00.000Z' } },
          }),
        ),
      [],
    ],
    [
      'personal information without a PIPIA',
      'pipia_missing',
      () => found('pipia_missing', anAgreement({ personalInfo: true })),
      [{ severity: 'high', params: {} }],
    ],
    [
      'personal information with a PIPIA on file',
      'pipia_missing',
      () =>
        found(
          'pipia_missing',
          anAgreement({
            personalInfo: true,
            records: { pipia: { reference: 'PIA-2', issuedAt: '2026-06-01T00:00:00.000Z' } },
          }),
        ),
      [],
    ],
    [
      'a PIPIA issued on 15 October 2025, out of date since 15 October 2026',
      'pipia_expired',
      () =>
        found(
          'pipia_expired',
          anAgreement({
            personalInfo: true,
            records: { pipia: { reference: 'PIA-1', issuedAt: '2025-10-15T00:00:00.000Z' } },
          }),
        ),
      [{ severity: 'medium', params: { reference: 'PIA-1', expiredAt: '2026-10-15' } }],
    ],
    [
      'the same PIPIA with a validity of 24 months configured',
      'pipia_expired',
      () =>
        found(
          'pipia_expired',
          anAgreement({
            personalInfo: true,
            records: { pipia: { reference: 'PIA-1', issuedAt: '2025-10-15T00:00:00.000Z' } },
          }),
          aPartner(),
          aConfig({ pipiaValidityMonths: 24 }),
        ),
      [],
    ],

    // Ending
    [
      'a revoked agreement whose deletion attestation was due yesterday',
      'deletion_attestation_overdue',
      () =>
        found(
          'deletion_attestation_overdue',
          anAgreement({
            status: 'revoked',
            attestation: {
              status: 'awaiting',
              dueAt: '2026-11-19T15:59:59.999Z',
              remindAt: '2026-11-12T01:00:00.000Z',
              overdue: true,
            },
          }),
        ),
      [{ severity: 'high', params: { dueAt: '2026-11-19' } }],
    ],
    [
      'a closed agreement whose attestation was waived',
      'deletion_attestation_overdue',
      () =>
        found(
          'deletion_attestation_overdue',
          anAgreement({
            status: 'closed',
            attestation: {
              status: 'waived',
              dueAt: '2026-11-19T15:59:59.999Z',
              remindAt: '2026-11-12T01:00:00.000Z',
              overdue: true,
              waived: { by: 'dora', at: '2026-11-19T02:00:00.000Z', reason: '合作方已注销' },
            },
          }),
        ),
      [],
    ],
    [
      'a recertification due on 10 November',
      'recertification_overdue',
      () =>
        found(
          'recertification_overdue',
          anAgreement({
            recertification: {
              dueAt: '2026-11-10T15:59:59.999Z',
              remindAt: '2026-10-11T01:00:00.000Z',
              suspendAt: '2026-11-24T15:59:59.999Z',
            },
          }),
        ),
      [{ severity: 'medium', params: { dueAt: '2026-11-10' } }],
    ],
    [
      'a recertification due at the end of today',
      'recertification_overdue',
      () =>
        found(
          'recertification_overdue',
          anAgreement({
            recertification: {
              dueAt: '2026-11-20T15:59:59.999Z',
              remindAt: '2026-10-21T01:00:00.000Z',
              suspendAt: '2026-12-04T15:59:59.999Z',
            },
          }),
        ),
      [],
    ],
  ];

  it.each(rows)('%s (%s)', (_case, _rule, find, expected) => {
    expect(find()).toEqual(expected);
  });

  it('covers every rule with a case that finds and a case that does not', () => {
    for (const ruleId of INSPECTION_RULE_IDS) {
      const cases = rows.filter(([, rule]) => rule === ruleId);
      expect({ ruleId, finds: cases.some(([, , , e]) => e.length > 0) }).toEqual({ ruleId, finds: true });
    }
    for (const ruleId of INSPECTION_RULE_IDS) {
      const cases = rows.filter(([, rule]) => rule === ruleId);
      expect({ ruleId, passes: cases.some(([, , , e]) => e.length === 0) }).toEqual({ ruleId, passes: true });
    }
  });

  it('gives each finding its key, subject, owner, rows, evidence and the deadline of its severity', () => {
    const [finding] = findingsFor(anAgreement({ usage: received({ records: 12_000 }) }), aPartner(), NOW, defaults);
    expect(finding).toEqual<Finding>({
      key: 'usage_beyond_approval:agreement:agr-1',
      ruleId: 'usage_beyond_approval',
      severity: 'high',
      rules: ['R22', 'R11', 'R41'],
      subject: { type: 'agreement', id: 'agr-1', partnerId: anAgreement().partnerId },
      params: { count: 1, periods: '—' },
      evidence: [{ code: 'usage.records_beyond_approval', params: { received: 12_000, approved: 10_000 } }],
      cause: 'usage.records_beyond_approval',
      ownerUnit: 'network-ops',
      // Ten working days after Friday 20 November: 23–27, 30 November, 1–4 December.
      deadline: new Date('2026-12-04T15:59:59.999Z'),
    });
  });

  it.each([
    // severity, working days by default, deadline from Friday 20 November 2026
    ['critical', '2026-11-25T15:59:59.999Z'],
    ['high', '2026-12-04T15:59:59.999Z'],
    ['medium', '2026-12-18T15:59:59.999Z'],
  ] as const)('sets a %s finding due on %s', (severity, deadline) => {
    const config = aConfig({ inspectionRules: { pipia_missing: { severity } } });
    const [finding] = findingsFor(withPi(), aPartner(), NOW, config);
    expect({ severity: finding!.severity, deadline: finding!.deadline.toISOString() }).toEqual({ severity, deadline });
  });

  it('runs no disabled rule', () => {
    const agreement = withPi({
      recertification: {
        dueAt: '2026-11-10T15:59:59.999Z',
        remindAt: '2026-10-11T01:00:00.000Z',
        suspendAt: '2026-11-24T15:59:59.999Z',
      },
    });
    expect(findingsFor(agreement, aPartner(), NOW, defaults).map((f) => f.ruleId)).toEqual([
      'pipia_missing',
      'recertification_overdue',
    ]);
    const config = aConfig({ inspectionRules: { pipia_missing: { enabled: false } } });
    expect(findingsFor(agreement, aPartner(), NOW, config).map((f) => f.ruleId)).toEqual(['recertification_overdue']);
  });

  it.each(['draft', 'in_review', 'returned', 'rejected', 'withdrawn', 'closed'] as const)(
    'finds nothing in a %s agreement, however much is wrong with it',
    (status) => {
      const agreement = anAgreement({
        status,
        effectiveGrade: 'core',
        personalInfo: true,
        provision: undefined,
        endsAt: '2026-01-31T15:59:59.999Z',
      });
      expect(findingsFor(agreement, aPartner({ status: 'blacklisted' }), NOW, defaults)).toEqual([]);
    },
  );

  it('finds a partner and its records wrong in an approved agreement that has not started', () => {
    const agreement = anAgreement({ status: 'approved', effectiveGrade: 'core', provision: undefined });
    expect(findingsFor(agreement, aPartner({ status: 'lapsed' }), NOW, defaults).map((f) => f.ruleId)).toEqual([
      'partner_not_approved',
      'controls_below_requirement',
      'risk_assessment_missing',
    ]);
  });
});

describe('what a scan reads', () => {
  /** Only the given fields of a state, as a projection reads them. */
  const only = <T extends object>(state: T, fields: readonly string[]) =>
    Object.fromEntries(Object.entries(state).filter(([key]) => fields.includes(key))) as T;

  const troubled = anAgreement({
    status: 'active',
    effectiveGrade: 'important',
    personalInfo: true,
    crossBorder: true,
    endsAt: '2026-11-10T15:59:59.999Z',
    route: aPathway('security_assessment'),
    usage: received({ records: 12_000, personalInfoPeople: 70_000 }),
    recertification: {
      dueAt: '2026-11-10T15:59:59.999Z',
      remindAt: '2026-10-11T01:00:00.000Z',
      suspendAt: '2026-11-24T15:59:59.999Z',
    },
  });
  const partner = aPartner({ validUntil: '2027-01-31T15:59:59.999Z', clearance: 'general', certifications: [] });

  it('declares every field a rule reads, and the list of all of them matches the rules', () => {
    const declared = new Set(INSPECTION_RULE_IDS.flatMap((id) => INSPECTION_RULES[id].reads));
    expect([...BASE_AGREEMENT_FIELDS, ...INSPECTED_AGREEMENT_FIELDS.filter((f) => declared.has(f))]).toEqual([
      ...INSPECTED_AGREEMENT_FIELDS,
    ]);
    const partnerDeclared = new Set(INSPECTION_RULE_IDS.flatMap((id) => INSPECTION_RULES[id].partnerReads));
    expect(INSPECTED_PARTNER_FIELDS.filter((f) => partnerDeclared.has(f))).toEqual([...INSPECTED_PARTNER_FIELDS]);
  });

  it('finds the same in the projection of the enabled rules as in the whole states', () => {
    const whole = findingsFor(troubled, partner, NOW, defaults);
    expect(whole.map((f) => f.ruleId)).toEqual([
      'grade_above_clearance',
      'agreement_past_end',
      'usage_beyond_approval',
      'controls_below_requirement',
      'regulator_filing_missing',
      'export_assessment_missing',
      'cross_border_beyond_assessed_scope',
      'risk_assessment_missing',
      'pipia_missing',
      'recertification_overdue',
    ]);
    const reads = inspectionReadsOf(defaults.params);
    const projected = findingsFor(
      only(troubled, reads.agreement) as InspectedAgreement,
      only(partner, reads.partner) as InspectedPartner,
      NOW,
      defaults,
    );
    expect(projected).toEqual(whole);
  });

  it('reads fewer fields when fewer rules are enabled', () => {
    const onlyPartnerRules = Object.fromEntries(
      INSPECTION_RULE_IDS.filter((id) => !id.startsWith('partner_')).map((id) => [id, { enabled: false }]),
    );
    const config = aConfig({ inspectionRules: onlyPartnerRules });
    expect(inspectionReadsOf(config.params)).toEqual({
      agreement: ['id', 'status', 'requestingUnit', 'partnerId', 'endsAt'],
      partner: ['status', 'validUntil', 'blacklisting', 'certifications'],
    });
    expect(inspectedStatusesOf(config.params).sort()).toEqual(['active', 'approved', 'suspended']);
    expect(inspectedStatusesOf(defaults.params).sort()).toEqual([
      'active',
      'approved',
      'expired',
      'revoked',
      'suspended',
    ]);
  });
});

describe('inspectionRuleSetVersionOf', () => {
  const version = inspectionRuleSetVersionOf(DEFAULT_PARAMETERS);

  it('names the rules version and a fingerprint of their configuration', () => {
    expect(version).toMatch(/^inspection-rules@1\+[0-9a-f]{8}$/);
    expect(inspectionRuleSetVersionOf(aConfig({}).params)).toBe(version);
  });

  it.each([
    ['a severity', { inspectionRules: { pipia_missing: { severity: 'low' } } }],
    ['a rule disabled', { inspectionRules: { recertification_overdue: { enabled: false } } }],
    ['a rule parameter', { inspectionRules: { usage_beyond_approval: { params: { lookbackMonths: 6 } } } }],
    ['a rectification deadline', { rectification: { deadlineWorkingDays: { low: 40 } } }],
    ['a parameter a check reads', { pipiaValidityMonths: 6 }],
  ])('changes with %s', (_what, change) => {
    expect(inspectionRuleSetVersionOf(aConfig(change).params)).not.toBe(version);
  });

  it('does not change with a parameter no check reads', () => {
    expect(inspectionRuleSetVersionOf(aConfig({ questionnaireDeadlineDays: 7 }).params)).toBe(version);
  });
});

describe('reinspectionOf', () => {
  const pipiaMissing = withPi();
  const now = findingsFor(pipiaMissing, aPartner(), NOW, defaults);
  const earlier = (
    ruleId: InspectionRuleId,
    cause: string,
    state: EarlierFinding['state'] = 'open',
  ): EarlierFinding => ({
    key: `${ruleId}:agreement:agr-1`,
    ruleId,
    cause,
    state,
  });

  it.each<
    [
      string,
      EarlierFinding[],
      { closes: string[]; persists: [string, boolean][]; ruleDisabled: string[]; raises: string[] },
    ]
  >([
    [
      'closes an open finding whose cause is gone, keeps one that persists',
      [
        earlier('recertification_overdue', 'recertification:2026-10-10T15:59:59.999Z'),
        earlier('pipia_missing', 'pipia:missing'),
      ],
      {
        closes: ['recertification_overdue'],
        persists: [['pipia_missing', false]],
        ruleDisabled: [],
        raises: [],
      },
    ],
    [
      'keeps a finding whose cause changed, saying so',
      [earlier('pipia_missing', 'pipia:PIA-0')],
      { closes: [], persists: [['pipia_missing', true]], ruleDisabled: [], raises: [] },
    ],
    [
      'raises a cause found for the first time',
      [],
      { closes: [], persists: [], ruleDisabled: [], raises: ['pipia_missing'] },
    ],
    [
      'does not raise again a cause already rectified and verified',
      [earlier('pipia_missing', 'pipia:missing', 'verified')],
      { closes: [], persists: [], ruleDisabled: [], raises: [] },
    ],
    [
      'raises a new cause where another was verified before',
      [earlier('pipia_missing', 'pipia:PIA-0', 'verified')],
      { closes: [], persists: [], ruleDisabled: [], raises: ['pipia_missing'] },
    ],
  ])('%s', (_case, previous, expected) => {
    const result = reinspectionOf({ earlier: previous, now, params: DEFAULT_PARAMETERS });
    expect({
      closes: result.closes.map((f) => f.ruleId),
      persists: result.persists.map((p) => [p.earlier.ruleId, p.causeChanged]),
      ruleDisabled: result.ruleDisabled.map((f) => f.ruleId),
      raises: result.raises.map((f) => f.ruleId),
    }).toEqual(expected);
  });

  it('leaves open the findings of a rule disabled since, for the DSO to close', () => {
    const params = aConfig({ inspectionRules: { recertification_overdue: { enabled: false } } }).params;
    const result = reinspectionOf({
      earlier: [earlier('recertification_overdue', 'recertification:2026-10-10T15:59:59.999Z')],
      now: findingsFor(pipiaMissing, aPartner(), NOW, { ...defaults, params }),
      params,
    });
    expect(result.closes).toEqual([]);
    expect(result.ruleDisabled.map((f) => f.ruleId)).toEqual(['recertification_overdue']);
  });

  it('closes the findings of an agreement that ended since: no rule of a running agreement applies', () => {
    const ended = findingsFor(withPi({ status: 'closed' }), aPartner(), NOW, defaults);
    const result = reinspectionOf({
      earlier: [earlier('pipia_missing', 'pipia:missing')],
      now: ended,
      params: DEFAULT_PARAMETERS,
    });
    expect(result.closes.map((f) => f.ruleId)).toEqual(['pipia_missing']);
  });
});
