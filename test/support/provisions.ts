import { randomUUID } from 'node:crypto';
import type { ProvisionFacts, ReportableReason } from '../../policies/provision-records';

/** The facts of an approved provision of important data with personal information, to override per test. */
export function aProvision(overrides: Partial<ProvisionFacts> = {}): ProvisionFacts {
  return {
    agreementId: randomUUID(),
    agreementVersion: 4,
    partnerId: randomUUID(),
    requestingUnit: 'unit-network',
    recipient: { name: '星河智联科技有限公司', creditCode: '91110000710925462X', type: 'domestic_enterprise' },
    purpose: '基站覆盖优化分析',
    method: 'api',
    frequency: 'monthly',
    scale: { records: 1_200_000, people: 150_000, personalInfoPeople: 150_000, sensitivePersonalInfoPeople: 0 },
    grade: 'important',
    personalInfo: true,
    sensitivePersonalInfo: false,
    assets: [
      {
        assetId: 'a-cells',
        name: '基站工参',
        category: '网络数据',
        grade: 'important',
        fields: ['cell_id', 'longitude', 'latitude'],
      },
      {
        assetId: 'a-users',
        name: '用户位置汇总',
        category: '用户数据',
        grade: 'general',
        fields: ['grid_id', 'user_count'],
      },
    ],
    legalBasis: 'contract',
    consentBasis: 'separate_consent',
    controls: ['masking', 'encryption_in_transit', 'encryption_at_rest'],
    startDate: '2026-12-01',
    endDate: '2027-11-30',
    approvedAt: '2026-11-25T02:00:00.000Z',
    ...overrides,
  };
}

/** Reasons as the routing policy's reportability gives them. */
export const IMPORTANT_DATA: ReportableReason = { code: 'sharing.important_data', params: { assets: '基站工参' } };
export const PI_VOLUME: ReportableReason = {
  code: 'sharing.personal_info_volume',
  params: { people: 150_000, threshold: 100_000 },
};
export const CROSS_BORDER: ReportableReason = { code: 'sharing.cross_border', params: { destination: 'SG' } };
