/**
 * bench:store's documents: 100,000 agreements shaped like src/models/agreement.model.ts (assets with
 * field lists, approval stages, volume, controls), their narrow rows (src/store/buckets.ts), and the
 * partners and data assets they name. Deterministic: the same run seeds the same ids.
 */
import { createHash } from 'node:crypto';
import { rowKeysOf } from '../src/store/buckets';

export const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 100_000);
export const UNITS = Array.from({ length: 20 }, (_, i) => `unit-${String(i).padStart(2, '0')}`);
/** 10 large partners hold a tenth of the agreements; 990 others share the rest (~90 each). */
const LARGE_PARTNERS = 10;
const SMALL_PARTNERS = 990;
const ASSETS = 5_000;
/** Share of each status: a few statuses hold thousands, `active` holds most. */
const STATUS_SHARES: [string, number][] = [
  ['active', 0.55],
  ['expired', 0.2],
  ['closed', 0.08],
  ['in_review', 0.03],
  ['submitted', 0.03],
  ['draft', 0.03],
  ['approved', 0.02],
  ['suspended', 0.02],
  ['revoked', 0.02],
  ['rejected', 0.01],
  ['withdrawn', 0.005],
  ['revoking', 0.005],
];
const DAY_MS = 86_400_000;

/** A UUID-shaped id derived from a name, so that runs agree. */
export function uuidOf(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const partnerIdOf = (n: number): string =>
  n % 10 === 0 ? uuidOf(`partner-large-${(n / 10) % LARGE_PARTNERS}`) : uuidOf(`partner-${n % SMALL_PARTNERS}`);
export const LARGE_PARTNER = uuidOf('partner-large-3');
export const SMALL_PARTNER = uuidOf('partner-17');

export function statusOf(n: number): string {
  let x = ((n * 2654435761) % 100_000) / 100_000;
  for (const [status, share] of STATUS_SHARES) {
    if (x < share) return status;
    x -= share;
  }
  return 'active';
}

export function agreementOf(n: number) {
  const start = new Date(Date.UTC(2020, 0, 1) + (n % 2000) * DAY_MS);
  const id = uuidOf(`agreement-${n}`);
  return {
    _id: id,
    ...rowKeysOf(id),
    title: `数据共享协议 ${n}`,
    requestingUnit: UNITS[n % UNITS.length]!,
    requestedBy: `user-${n % 300}`,
    partnerId: partnerIdOf(n),
    assets: Array.from({ length: 1 + (n % 4) }, (_, a) => ({
      assetId: uuidOf(`asset-${(n + a) % ASSETS}`),
      fields: Array.from({ length: 3 + ((n + a) % 8) }, (_, f) => `field_${f}_${(n + a) % 7}`),
    })),
    effectiveGrade: ['general', 'important', 'core'][n % 3]!,
    personalInfo: n % 2 === 0,
    sensitivePersonalInfo: n % 7 === 0,
    catalogued: n % 5 === 0,
    purpose: '用于网络质量分析与客户服务改进，按合同约定范围使用。',
    legalBasis: 'contract',
    scenario: 'general',
    crossBorder: false,
    volume: { records: 10_000 + n, people: 1_000 + (n % 500) },
    frequency: 'daily',
    transferMethod: 'api',
    requiredControls: ['masking', 'encryption', 'access_control'].slice(0, 1 + (n % 3)),
    startDate: start,
    endDate: new Date(start.getTime() + 365 * DAY_MS),
    status: statusOf(n),
    stages: ['unit_head', 'security_review', 'dso'].map((stage, s) => ({
      stage,
      approverRole: stage,
      decision: 'approve',
      decidedBy: `user-${(n + s) % 50}`,
      decidedAt: start,
      reason: '符合要求',
      dueAt: start,
    })),
    version: 3,
    createdAt: start,
    updatedAt: start,
  };
}

/** The narrow row a workflow keeps beside the agreement: what lists filter on and show. */
export function rowOf(agreement: ReturnType<typeof agreementOf>) {
  const {
    _id,
    bucket,
    title,
    requestingUnit,
    partnerId,
    status,
    effectiveGrade,
    startDate,
    endDate,
    updatedAt,
    version,
  } = agreement;
  return {
    _id,
    bucket,
    title,
    requestingUnit,
    partnerId,
    status,
    effectiveGrade,
    startDate,
    endDate,
    updatedAt,
    version,
  };
}

export function partnerOf(name: string) {
  return {
    _id: uuidOf(name),
    legalName: `合作伙伴 ${name}`,
    creditCode: '91440300192203821' + String(name.length % 10),
    contacts: [{ name: '王经理', email: 'wang@example.com' }],
    nominatedBy: 'user-1',
    nominatingUnit: UNITS[0],
    status: 'approved',
    version: 5,
    certifications: [{ kind: 'iso27001', expiresAt: new Date(Date.UTC(2028, 5, 30)) }],
    dataLocations: ['CN'],
    riskTier: 'low',
  };
}

export const partnerNames = (): string[] => [
  ...Array.from({ length: LARGE_PARTNERS }, (_, i) => `partner-large-${i}`),
  ...Array.from({ length: SMALL_PARTNERS }, (_, i) => `partner-${i}`),
];

export function assetOf(n: number) {
  return {
    _id: uuidOf(`asset-${n}`),
    code: `BENCH-${n}`,
    name: `资产 ${n}`,
    ownerUnit: UNITS[n % UNITS.length],
    category: 'network',
    grade: ['general', 'important', 'core'][n % 3],
    personalInfo: n % 2 === 0,
    sensitivePersonalInfo: false,
    catalogued: n % 5 === 0,
    fields: Array.from({ length: 10 }, (_, f) => ({ name: `field_${f}_${n % 7}`, personalInfo: f === 0 })),
    status: 'active',
    createdBy: 'bench',
    version: 1,
  };
}
export const ASSET_COUNT = ASSETS;
