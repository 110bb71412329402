import type { Client } from '@temporalio/client';
import { defineAbilityFor, type Claims } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import { BlacklistModel } from '../models/blacklist.model';
import { PartnerModel } from '../models/partner.model';
import { createPartnerService } from '../services/partners';

/** Demo partners are nominated by this requester of the marketing unit. */
const NOMINATOR: Claims = { sub: 'li.na', roles: ['requester'], unit: 'marketing' };

/** Real-format codes (check digits valid); the organisations are fictitious demo partners. */
const DEMO_PARTNERS = [
  { legalName: '北京数智云科技有限公司', creditCode: '91110000710925462X' },
  { legalName: '深圳星河数据服务有限公司', creditCode: '91440300708461136T' },
  { legalName: '上海失信示例信息技术有限公司', creditCode: '91310000MA1FL1MMXL' },
];
const DEMO_BLACKLISTED = { creditCode: '91310000MA1FL1MMXL', reason: '列入失信名单（演示）', listedBy: 'dso' };

/** Seeds demo partners through the same use case the API calls; running it again adds nothing. */
export async function seedDemoData(deps: { temporal: Client; taskQueue: string }): Promise<string[]> {
  await BlacklistModel.updateOne(
    { creditCode: DEMO_BLACKLISTED.creditCode },
    { $setOnInsert: DEMO_BLACKLISTED },
    { upsert: true },
  );
  const partners = createPartnerService({ ...deps, partners: PartnerModel });
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
