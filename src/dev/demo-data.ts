import type { Client } from '@temporalio/client';
import { defineAbilityFor, type Claims } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import { BlacklistModel } from '../models/blacklist.model';
import { PartnerModel } from '../models/partner.model';
import { createPartnerService } from '../services/partners';
import { createDataAssetService } from '../services/data-assets';
import type { CreateAssetBody } from '../schemas/data-asset.schema';

/** Demo partners are nominated by this requester of the marketing unit. */
const NOMINATOR: Claims = { sub: 'li.na', roles: ['requester'], unit: 'marketing' };

/** Real-format codes (check digits valid); the organisations are fictitious demo partners. */
const DEMO_PARTNERS = [
  { legalName: '北京数智云科技有限公司', creditCode: '91110000710925462X' },
  { legalName: '深圳星河数据服务有限公司', creditCode: '91440300708461136T' },
  { legalName: '上海失信示例信息技术有限公司', creditCode: '91310000MA1FL1MMXL' },
];
const DEMO_BLACKLISTED = { creditCode: '91310000MA1FL1MMXL', reason: '列入失信名单（演示）', listedBy: 'dso' };

const DSO: Claims = { sub: 'liu.yang', roles: ['dso'], unit: 'security' };

const DEMO_ASSETS: CreateAssetBody[] = [
  {
    code: 'MKT-001',
    name: '用户画像标签',
    ownerUnit: 'marketing',
    category: '用户数据',
    grade: 'important',
    personalInfo: true,
    sensitivePersonalInfo: false,
    catalogued: true,
    fields: [
      { name: 'user_id', personalInfo: true },
      { name: 'tags', personalInfo: false },
    ],
  },
  {
    code: 'MKT-002',
    name: '营销活动统计',
    ownerUnit: 'marketing',
    category: '业务数据',
    grade: 'general',
    personalInfo: false,
    sensitivePersonalInfo: false,
    catalogued: false,
    fields: [
      { name: 'campaign', personalInfo: false },
      { name: 'conversions', personalInfo: false },
    ],
  },
  {
    code: 'MKT-003',
    name: '用户位置轨迹',
    ownerUnit: 'marketing',
    category: '用户数据',
    grade: 'important',
    personalInfo: true,
    sensitivePersonalInfo: true,
    catalogued: true,
    fields: [
      { name: 'msisdn', personalInfo: true },
      { name: 'lat', personalInfo: true },
      { name: 'lng', personalInfo: true },
    ],
  },
  {
    code: 'NET-001',
    name: '基站工参',
    ownerUnit: 'network-ops',
    category: '网络数据',
    grade: 'important',
    personalInfo: false,
    sensitivePersonalInfo: false,
    catalogued: true,
    fields: [
      { name: 'cell_id', personalInfo: false },
      { name: 'lac', personalInfo: false },
    ],
  },
  {
    code: 'NET-002',
    name: '网络流量汇总',
    ownerUnit: 'network-ops',
    category: '网络数据',
    grade: 'general',
    personalInfo: false,
    sensitivePersonalInfo: false,
    catalogued: false,
    fields: [
      { name: 'region', personalInfo: false },
      { name: 'bytes', personalInfo: false },
    ],
  },
  {
    code: 'NET-003',
    name: '核心网信令',
    ownerUnit: 'network-ops',
    category: '网络数据',
    grade: 'core',
    personalInfo: true,
    sensitivePersonalInfo: true,
    catalogued: true,
    fields: [
      { name: 'imsi', personalInfo: true },
      { name: 'signalling', personalInfo: false },
    ],
  },
];

/** Seeds demo assets and partners through the same use cases the API calls; running it again adds nothing. */
export async function seedDemoData(deps: { temporal: Client; taskQueue: string }): Promise<string[]> {
  await BlacklistModel.updateOne(
    { creditCode: DEMO_BLACKLISTED.creditCode },
    { $setOnInsert: DEMO_BLACKLISTED },
    { upsert: true },
  );
  const partners = createPartnerService({ ...deps, partners: PartnerModel });
  const assets = createDataAssetService();
  const dso = { claims: DSO, ability: defineAbilityFor(DSO) };
  for (const asset of DEMO_ASSETS) {
    try {
      await assets.create(dso, asset);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'asset.code_taken')) throw err;
    }
  }
  const caller = { claims: NOMINATOR, ability: defineAbilityFor(NOMINATOR) };
  const ids: string[] = [];
  for (const demo of DEMO_PARTNERS) {
    try {
      ids.push(
        (await partners.nominate(caller, { ...demo, contacts: [{ name: '联系人', email: 'contact@example.com' }] })).id,
      );
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'partner.already_nominated')) throw err;
      const existing = await PartnerModel.findOne({ creditCode: demo.creditCode }, { _id: 1 }).lean();
      if (existing) ids.push(existing._id);
    }
  }
  return ids;
}
