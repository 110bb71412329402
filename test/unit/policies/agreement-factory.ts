/** Requests, assets and partners for the agreement policy tests: a valid base, changed by overrides. */
import type { AgreementContext, AgreementRequest, AssetFacts, PartnerFacts } from '../../../policies/agreement-request';
import { DEFAULT_PARAMETERS, parametersFrom, type Parameters } from '../../../policies/parameters';

/** Friday 20 November 2026, 10:00 in Shanghai. */
export const NOW = new Date('2026-11-20T02:00:00.000Z');

/** The inventory the tests share: one asset per kind of data. */
export const ASSETS = {
  cells: {
    id: 'a-cells',
    name: '基站小区',
    grade: 'general',
    catalogued: false,
    personalInfo: false,
    sensitivePersonalInfo: false,
    fields: [{ name: 'cell_id' }, { name: 'traffic_mb' }],
  },
  routes: {
    id: 'a-routes',
    name: '传输路由',
    grade: 'important',
    catalogued: false,
    personalInfo: false,
    sensitivePersonalInfo: false,
    fields: [{ name: 'route_id' }, { name: 'capacity' }],
  },
  backbone: {
    id: 'a-backbone',
    name: '骨干网拓扑',
    grade: 'core',
    catalogued: false,
    personalInfo: false,
    sensitivePersonalInfo: false,
    fields: [{ name: 'topology' }],
  },
  subscribers: {
    id: 'a-subscribers',
    name: '用户套餐',
    grade: 'general',
    catalogued: false,
    personalInfo: true,
    sensitivePersonalInfo: false,
    fields: [{ name: 'msisdn', personalInfo: true }, { name: 'plan' }],
  },
  locations: {
    id: 'a-locations',
    name: '用户位置',
    grade: 'general',
    catalogued: false,
    personalInfo: true,
    sensitivePersonalInfo: true,
    fields: [{ name: 'location', personalInfo: true }, { name: 'cell_id' }],
  },
  catalogued: {
    id: 'a-catalogued',
    name: '重点目录数据',
    grade: 'general',
    catalogued: true,
    personalInfo: false,
    sensitivePersonalInfo: false,
    fields: [{ name: 'kpi' }],
  },
} as const satisfies Record<string, AssetFacts>;

export type AssetKey = keyof typeof ASSETS;

/** The request of an asset with all its fields. */
export const shareOf = (...keys: AssetKey[]) =>
  keys.map((key) => ({ assetId: ASSETS[key].id, fields: ASSETS[key].fields.map((f) => f.name) }));

/** A sharing of 80,000 people's personal information beside route ids: important data, separately consented. */
export const anImportantPiRequest = () =>
  aRequest({
    assets: [
      { assetId: 'a-routes', fields: ['route_id'] },
      { assetId: 'a-subscribers', fields: ['msisdn'] },
    ],
    consentBasis: 'separate_consent',
    volume: { records: 50_000, people: 80_000, personalInfoPeople: 80_000, sensitivePersonalInfoPeople: 0 },
    controls: ['masking', 'encryption_in_transit', 'encryption_at_rest', 'access_control'],
  });

/** The records such a sharing needs on file: its risk assessment and its PIPIA. */
export const IMPORTANT_PI_RECORDS = {
  risk_assessment: { reference: 'RA-7', issuedAt: '2026-03-01T00:00:00.000Z' },
  pipia: { reference: 'PIA-7', issuedAt: '2026-10-01T00:00:00.000Z' },
};

/** A request that nothing stands in the way of: general data, at home, to an approved low-risk partner. */
export function aRequest(overrides: Partial<AgreementRequest> = {}): AgreementRequest {
  return {
    partnerId: 'p1',
    assets: shareOf('cells'),
    purpose: '网络优化联合分析',
    scope: '华东区基站',
    categories: '网络运行数据',
    conditions: '仅用于约定目的',
    procedure: '经审批后按月经接口提供',
    securityObligations: '不得转提供；按约定删除',
    relationship: 'provision',
    legalBasis: 'contract',
    scenario: 'general',
    recipientType: 'domestic_enterprise',
    crossBorder: false,
    volume: { records: 10_000, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
    frequency: 'monthly',
    transferMethod: 'api',
    controls: ['access_control', 'encryption_in_transit'],
    startDate: '2026-12-01',
    endDate: '2027-11-30',
    ...overrides,
  };
}

export function aPartner(overrides: Partial<PartnerFacts> = {}): PartnerFacts {
  return {
    id: 'p1',
    status: 'approved',
    validUntil: '2027-12-31T15:59:59.999Z',
    clearance: 'important',
    riskTier: 'low',
    deletionAttestations: [],
    ...overrides,
  };
}

export function aContext(
  overrides: Partial<Omit<AgreementContext, 'params'>> & { params?: Partial<Parameters> } = {},
): AgreementContext {
  const { params, ...rest } = overrides;
  return {
    assets: Object.values(ASSETS),
    partner: aPartner(),
    organisation: { ciio: false, exportedThisYear: { personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 } },
    params: params ? parametersFrom({ ...DEFAULT_PARAMETERS, ...params }) : DEFAULT_PARAMETERS,
    now: NOW,
    ...rest,
  };
}
