import type { Client } from '@temporalio/client';
import { defineAbilityFor, type Claims } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import { PartnerModel } from '../entities/partner';
import { createServices } from '../server';
import type { CreateAssetBody } from '../schemas/data-asset.schema';
import type { NominatePartnerBody } from '../schemas/partner.schema';
import type { Question } from '../../policies/questionnaire';
import { CURRENT_QUESTIONNAIRE_VERSION } from '../data/questionnaires';
import { QuestionnaireModel } from '../models/questionnaire.model';
import { seedDemoAgreements } from './demo-agreements';

/** Demo partners are nominated by this requester of the marketing unit. */
const NOMINATOR: Claims = { sub: 'li.na', roles: ['requester'], unit: 'marketing' };

/** Real-format codes (check digits valid); the organisations are fictitious demo partners. */
const DEMO_PARTNERS: (NominatePartnerBody & { demo: 'approve' | 'await_answers' | 'blacklist' })[] = [
  {
    legalName: '北京数智云科技有限公司',
    creditCode: '91110000710925462X',
    contacts: [{ name: '张伟', email: 'security@shuzhiyun.example' }],
    dataLocations: ['CN'],
    certifications: [
      { kind: 'iso27001', number: 'ISMS-2025-0101', expiresAt: '2028-03-31T00:00:00.000Z' },
      { kind: 'mlps', level: 3, expiresAt: '2027-12-31T00:00:00.000Z' },
    ],
    demo: 'approve',
  },
  {
    legalName: '深圳星河数据服务有限公司',
    creditCode: '91440300708461136T',
    contacts: [{ name: '林静', email: 'dpo@xinghe.example' }],
    dataLocations: ['CN', 'SG'],
    certifications: [{ kind: 'dsmm', level: 2, expiresAt: '2027-06-30T00:00:00.000Z' }],
    demo: 'await_answers',
  },
  {
    legalName: '上海失信示例信息技术有限公司',
    creditCode: '91310000MA1FL1MMXL',
    contacts: [{ name: '联系人', email: 'contact@example.com' }],
    dataLocations: ['CN'],
    certifications: [],
    demo: 'blacklist',
  },
];

const REVIEWER: Claims = { sub: 'chen.jie', roles: ['security_reviewer'], unit: 'security' };
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

/**
 * Seeds demo assets and partners through the same use cases the API calls: one partner approved
 * (its user answered the questionnaire, a reviewer approved), one awaiting its questionnaire in the
 * partner portal, one blacklisted by the DSO; and sharing agreements with the approved one in several
 * states (src/dev/demo-agreements.ts). Running it again adds nothing.
 */
export async function seedDemoData(deps: { temporal: Client; taskQueue: string }): Promise<string[]> {
  const services = createServices(deps.temporal, { TEMPORAL_TASK_QUEUE: deps.taskQueue });
  const { partners, assets } = services;
  const as = (claims: Claims) => ({ claims, ability: defineAbilityFor(claims) });
  for (const asset of DEMO_ASSETS) {
    try {
      await assets.create(as(DSO), asset);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'asset.code_taken')) throw err;
    }
  }
  const ids: string[] = [];
  for (const { demo, ...nomination } of DEMO_PARTNERS) {
    const existing = await PartnerModel.findOne({ creditCode: nomination.creditCode }, { _id: 1 }).lean();
    if (existing) {
      ids.push(String(existing._id));
      continue;
    }
    const { id } = await partners.nominate(as(NOMINATOR), nomination);
    ids.push(id);
    if (demo === 'blacklist') {
      await partners.blacklist(as(DSO), id, { reason: '列入失信被执行人名单（演示）' });
      continue;
    }
    if (demo === 'approve') {
      const partnerUser: Claims = { sub: 'partner-a.user', roles: ['partner'], partnerId: id };
      await stageReached(id, 'questionnaire');
      const questionnaire = await QuestionnaireModel.findById(CURRENT_QUESTIONNAIRE_VERSION).lean();
      const best = Object.fromEntries(
        ((questionnaire?.questions ?? []) as unknown as Question[]).map((q) => [q.id, q.options[0]!.id]),
      );
      await partners.submitAnswers(as(partnerUser), id, { answers: best });
      await stageReached(id, 'review');
      await partners.decide(as(REVIEWER), id, { outcome: 'approve', reason: '演示：材料齐全，风险低' });
    }
  }
  // Agreements go only to an approved partner: the demo's first one, unless its approval has lapsed since.
  const approved = await PartnerModel.findOne({ _id: ids[0], status: 'approved' }, { _id: 1 }).lean();
  if (approved) await seedDemoAgreements(services, String(approved._id));
  return ids;
}

/** Waits for the partner's workflow to reach a stage (its checks run first). */
async function stageReached(id: string, stage: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    const doc = await PartnerModel.findById(id, { stage: 1 }).lean();
    if (doc?.stage === stage) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`demo partner ${id} did not reach ${stage} within 30 s`);
}
