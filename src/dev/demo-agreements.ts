/**
 * Demo sharing agreements with the approved demo partner, each driven to its state through the same use
 * cases the API calls: one awaiting the unit head, one active (a DSO route: important, catalogued data
 * with personal information), one suspended (a usage report beyond the approval), one revoked and
 * awaiting the partner's deletion attestation. The approvers' data-security commitments (R5) are on file.
 * Running it again changes nothing: each create carries a request key derived from the demo's name, and
 * each agreement is moved only from where it stands.
 */
import { defineAbilityFor, type Caller, type Claims } from '../../policies/abilities';
import type { AgreementStatus, ApprovalStage } from '../../policies/vocabulary';
import { DataAssetModel } from '../models/data-asset.model';
import type { AgreementView } from '../schemas/agreement.schema';
import type { AgreementRequestBody } from '../../workflows/agreement/state';
import type { createServices } from '../server';

type Services = Pick<ReturnType<typeof createServices>, 'agreements' | 'commitments'>;

const as = (claims: Claims): Caller => ({ claims, ability: defineAbilityFor(claims) });

/** The demo users of src/dev/demo-users.ts who request, approve and revoke. */
const REQUESTER: Claims = { sub: 'li.na', roles: ['requester'], unit: 'marketing' };
const APPROVERS: Record<ApprovalStage, Claims> = {
  unit_head: { sub: 'wang.fang', roles: ['unit_head'], unit: 'marketing' },
  security_review: { sub: 'chen.jie', roles: ['security_reviewer'], unit: 'security' },
  legal: { sub: 'sun.li', roles: ['legal'], unit: 'legal' },
  dso: { sub: 'liu.yang', roles: ['dso'], unit: 'security' },
};
const DSO = APPROVERS.dso;
/** Signed long before any demo decision, so that it counts at once (R5). */
const COMMITMENTS_SIGNED_AT = '2025-01-02T09:00:00+08:00';
/** How long a step the workflow takes by itself (provisioning, revoking) may take before the seed gives up. */
const SETTLE_MS = 30_000;

type Target = Extract<AgreementStatus, 'in_review' | 'active' | 'suspended' | 'revoked'>;

interface DemoAgreement {
  /** Fixed: the request key of its create is derived from it. */
  name: string;
  target: Target;
  title: string;
  request: (partnerId: string, assetId: (code: string) => Promise<string>) => Promise<AgreementRequestBody>;
  records?: AgreementView['records'];
}

/** A Shanghai calendar date `days` from now. */
const shanghaiDate = (days: number) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const ordinary = {
  relationship: 'provision',
  legalBasis: 'contract',
  scenario: 'general',
  recipientType: 'domestic_enterprise',
  crossBorder: false,
  frequency: 'monthly',
  transferMethod: 'api',
} as const;

/** Marketing statistics (general data, no personal information): the unit head and a security reviewer approve. */
const statistics = async (
  partnerId: string,
  assetId: (code: string) => Promise<string>,
  purpose: string,
): Promise<AgreementRequestBody> => ({
  ...ordinary,
  partnerId,
  assets: [{ assetId: await assetId('MKT-002'), fields: ['campaign', 'conversions'] }],
  purpose,
  scope: '营销活动汇总统计，不含任何用户级数据',
  categories: '业务数据（营销活动统计）',
  conditions: '仅用于约定目的，不得向第三方提供',
  procedure: '每月经加密接口提供上月汇总',
  securityObligations: '访问控制、传输加密、用后删除',
  volume: { records: 10_000, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
  controls: ['encryption_in_transit', 'access_control'],
  startDate: shanghaiDate(0),
  endDate: shanghaiDate(180),
});

const DEMO_AGREEMENTS: DemoAgreement[] = [
  {
    name: 'campaign-analysis-in-review',
    target: 'in_review',
    title: '营销活动效果联合分析（演示）',
    request: async (partnerId, assetId) => ({
      ...(await statistics(partnerId, assetId, '评估联合营销活动的转化效果')),
      startDate: shanghaiDate(7),
    }),
  },
  {
    name: 'profile-modelling-active',
    target: 'active',
    title: '用户画像标签联合建模（演示）',
    request: async (partnerId, assetId) => ({
      ...ordinary,
      partnerId,
      assets: [{ assetId: await assetId('MKT-001'), fields: ['user_id', 'tags'] }],
      purpose: '联合建模，提升营销推荐的准确性',
      scope: '已签约用户的画像标签，用户标识经脱敏处理',
      categories: '用户数据（画像标签）',
      conditions: '仅在合作方境内机房处理，不得重新识别个人',
      procedure: '每月经加密接口提供增量标签',
      securityObligations: '去标识化、传输和存储加密、最小权限访问、日志留存六个月',
      consentBasis: 'other_legal_basis',
      volume: { records: 500_000, people: 50_000, personalInfoPeople: 50_000, sensitivePersonalInfoPeople: 0 },
      controls: ['masking', 'encryption_in_transit', 'encryption_at_rest', 'access_control'],
      startDate: shanghaiDate(0),
      endDate: shanghaiDate(180),
    }),
    records: {
      risk_assessment: { reference: 'RA-031（演示）', issuedAt: `${shanghaiDate(-30)}T00:00:00+08:00` },
      pipia: { reference: 'PIPIA-017（演示）', issuedAt: `${shanghaiDate(-20)}T00:00:00+08:00` },
    },
  },
  {
    name: 'conversion-monthly-suspended',
    target: 'suspended',
    title: '营销转化数据月度共享（演示）',
    request: (partnerId, assetId) => statistics(partnerId, assetId, '核对联合营销活动的结算数据'),
  },
  {
    name: 'campaign-pilot-revoked',
    target: 'revoked',
    title: '活动统计数据试点共享（演示）',
    request: (partnerId, assetId) => statistics(partnerId, assetId, '联合营销试点的效果统计'),
  },
];

/** Seeds the approvers' commitments and drives each demo agreement with the partner to its state. */
export async function seedDemoAgreements(services: Services, partnerId: string): Promise<string[]> {
  const { agreements, commitments } = services;
  for (const approver of Object.values(APPROVERS)) {
    await commitments.record(as(DSO), {
      sub: approver.sub,
      signedAt: COMMITMENTS_SIGNED_AT,
      reference: `数据安全责任书 ${approver.sub}（演示）`,
    });
  }
  const assetId = async (code: string) => {
    const asset = await DataAssetModel.findOne({ code }, { _id: 1 }).lean();
    if (!asset) throw new Error(`the demo asset ${code} is missing`);
    return String(asset._id);
  };
  const partnerUser: Claims = { sub: 'partner-a.user', roles: ['partner'], partnerId };
  const ids: string[] = [];
  for (const demo of DEMO_AGREEMENTS) {
    const draft = await agreements.create(
      as(REQUESTER),
      { title: demo.title, request: await demo.request(partnerId, assetId), records: demo.records ?? {} },
      { requestKey: `demo-agreement:${demo.name}` },
    );
    ids.push(draft.id);
    await driveTo(demo.target, draft.id, { agreements, partnerUser });
  }
  return ids;
}

/** Takes the next step the agreement needs towards `target`, from wherever it stands, until it is there. */
async function driveTo(
  target: Target,
  id: string,
  deps: { agreements: Services['agreements']; partnerUser: Claims },
): Promise<void> {
  const { agreements, partnerUser } = deps;
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const agreement = await agreements.get(as(DSO), id);
    const { status } = agreement;
    if (status === target) return;
    if (status === 'draft') {
      await agreements.submit(as(REQUESTER), id);
    } else if (status === 'in_review' && agreement.review && agreement.review.current !== 'regulator') {
      const stage = agreement.review.current;
      await agreements.decide(as(APPROVERS[stage]), id, { stage, outcome: 'approve', reason: '演示：同意' });
    } else if (status === 'active' && target === 'suspended') {
      // A report that does not attest every control the agreement commits to: a violation that suspends.
      const approved = agreement.approved!;
      await agreements.submitUsageReport(as(partnerUser), id, {
        periodStart: agreement.usage.periods[0]!.start,
        records: 800,
        people: 0,
        personalInfoPeople: 0,
        sensitivePersonalInfoPeople: 0,
        fieldsUsed: approved.assets,
        controlsAttested: approved.controls.slice(1),
        onwardProvision: null,
        remarks: '演示：本期未落实传输加密',
      });
    } else if (status === 'active' && target === 'revoked') {
      await agreements.endEarly(as(REQUESTER), id, { reason: '演示：试点提前结束' });
    } else if (['approved', 'revoking', 'submitted'].includes(status)) {
      // The workflow moves on by itself (provisioning, revoking): look again in a moment.
      if (Date.now() > deadline) throw new Error(`demo agreement ${id} stayed ${status} for ${SETTLE_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } else {
      throw new Error(`demo agreement ${id} is ${status}, and cannot become ${target}`);
    }
  }
}
