/** Agreement and partner states for the oversight policy tests: a clean base, changed by overrides. */
import { CHINA_HOLIDAYS } from '../../../policies/calendar-data';
import type { InspectionConfig } from '../../../policies/inspection-rules';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';
import { agreementState, type AgreementState } from '../../../workflows/agreement/state';
import { partnerState, type PartnerState } from '../../../workflows/partner/state';
import { aRequest } from './agreement-factory';

/** Friday 20 November 2026, 10:00 in Shanghai. */
export const NOW = new Date('2026-11-20T02:00:00.000Z');

export const PARTNER_ID = '7f1c2a9e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';
export const SUB_RECIPIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const ASSET_ID = '11111111-2222-4333-8444-555555555555';

/** A usage period of `month` (`2026-10`), due on the 10th of the next month, reported or not. */
export function aUsagePeriod(month: string, reported: boolean): AgreementState['usage']['periods'][number] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return {
    start: `${month}-01`,
    end: `${month}-${last}`,
    remindAt: `${next}-07T01:00:00.000Z`,
    dueAt: `${next}-10T15:59:59.999Z`,
    suspendAt: `${next}-17T15:59:59.999Z`,
    ...(reported
      ? { reportedAt: `${next}-05T02:00:00.000Z`, reportKey: `usage:${month}`, reportedBy: 'partner-user' }
      : {}),
  };
}

/** The policies' clean request, on this file's partner and asset, running from September to June. */
const base = aRequest({ partnerId: PARTNER_ID, startDate: '2026-09-01', endDate: '2027-06-30' });
const request: AgreementState['request'] = {
  ...base,
  assets: [{ assetId: ASSET_ID, fields: ['cell_id', 'traffic_mb'] }],
  controls: [...base.controls],
};

/**
 * An active agreement no rule finds anything in at NOW: general data at home, provision recorded (not
 * reportable), every due usage report in, recertification due next year.
 */
export function anAgreement(overrides: Partial<AgreementState> = {}): AgreementState {
  return agreementState.parse({
    id: 'agr-1',
    version: 12,
    createdAt: '2026-08-01T02:00:00.000Z',
    updatedAt: '2026-11-05T02:00:00.000Z',
    requestId: 'req-1',
    title: '基站小区数据联合分析',
    requestingUnit: 'network-ops',
    requestedBy: 'rita',
    partnerId: PARTNER_ID,
    partnerName: '华东数据科技有限公司',
    status: 'active',
    request,
    records: {},
    effectiveGrade: 'general',
    personalInfo: false,
    sensitivePersonalInfo: false,
    crossBorder: false,
    startsAt: '2026-08-31T16:00:00.000Z',
    endsAt: '2027-06-30T15:59:59.999Z',
    route: {
      rulesVersion: 'agreement-rules@1',
      effectiveGrade: 'general',
      stages: [],
      regulatorReview: null,
      checklist: [],
      requiredControls: [],
      exportPathway: null,
      provisioning: [],
    },
    review: null,
    decisions: [],
    approved: request,
    provision: { key: 'provision:agr-1:v5', reportable: false, reasons: [], recordedAt: '2026-08-20T02:00:00.000Z' },
    access: { granted: true, grants: 1, revokes: 0, grantedAt: '2026-08-31T16:00:00.000Z' },
    usage: {
      periods: [aUsagePeriod('2026-09', true), aUsagePeriod('2026-10', true), aUsagePeriod('2026-11', false)],
      received: { records: 4_000, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
    },
    recertification: {
      dueAt: '2027-08-31T15:59:59.999Z',
      remindAt: '2027-08-01T01:00:00.000Z',
      suspendAt: '2027-09-14T15:59:59.999Z',
    },
    violations: [],
    ...overrides,
  });
}

/** The request of a cross-border sharing of 50,000 people's personal information with a foreign enterprise in SG. */
export const aCrossBorderRequest = (overrides: Partial<AgreementState['request']> = {}) => ({
  ...anAgreement().request,
  crossBorder: true,
  recipientType: 'foreign_enterprise' as const,
  destinationCountry: 'SG',
  consentBasis: 'separate_consent' as const,
  volume: { records: 200_000, people: 50_000, personalInfoPeople: 50_000, sensitivePersonalInfoPeople: 0 },
  ...overrides,
});

/** An approved partner, valid to the end of 2027, cleared for important data, with a current certification. */
export function aPartner(overrides: Partial<PartnerState> = {}): PartnerState {
  return partnerState.parse({
    id: PARTNER_ID,
    version: 7,
    createdAt: '2026-01-05T02:00:00.000Z',
    updatedAt: '2026-02-01T02:00:00.000Z',
    requestId: 'nom-1',
    legalName: '华东数据科技有限公司',
    creditCode: '91310000MA1FL8XQ30',
    contacts: [{ name: '王敏', email: 'wang@example.cn' }],
    nominatedBy: 'nina',
    certifications: [{ kind: 'iso27001', number: 'ISMS-1', expiresAt: '2027-05-01T00:00:00.000Z' }],
    dataLocations: ['CN'],
    status: 'approved',
    round: 1,
    periods: { validityMonths: 12, revettingLeadDays: 30, questionnaireDays: 14, reviewDays: 14 },
    checks: [],
    clearance: 'important',
    approvals: [],
    informationRequests: [],
    escalations: 0,
    validFrom: '2026-02-01T02:00:00.000Z',
    validUntil: '2027-12-31T15:59:59.999Z',
    ...overrides,
  });
}

/** The configuration of an inspection: the parameters (default, or with a change) and the statutory calendar. */
export function aConfig(params: unknown = {}): InspectionConfig {
  return {
    params: params === DEFAULT_PARAMETERS ? DEFAULT_PARAMETERS : parametersFrom(params),
    calendar: CHINA_HOLIDAYS,
  };
}
