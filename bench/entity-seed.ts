/**
 * bench:api's agreements and partners, as the workflows store them: each a valid state of its one
 * schema (parsed), written through the entity's own store projection and list row, so that the API
 * reads exactly what it reads in production. 100,000 agreements spread like bench:store's
 * (store-seed.ts): 20 units, 10 large partners holding a tenth, 990 small ones, a few statuses
 * holding thousands and `active` most. Deterministic: the same run seeds the same ids.
 */
import type { Collection } from 'mongodb';
import { checkCharacterOf } from '../policies/credit-code';
import { agreementEntity } from '../src/entities/agreement';
import { partnerEntity } from '../src/entities/partner';
import type { EntityState } from '../workflows/kit/state';
import { partnerIdOf as partnerIdOfCode } from '../src/services/partners';
import { anAgreement, aPartner } from '../test/unit/policies/oversight-factory';
import { AGREEMENTS, UNITS, statusOf, uuidOf } from './store-seed';

const LARGE_PARTNERS = 10;
const SMALL_PARTNERS = 990;
const BATCH = 1_000;
const DAY_MS = 86_400_000;

/** A valid credit code per partner number, and the partner id DataPact derives from it. */
const creditCodeOf = (p: number): string => {
  const first17 = `91110000${String(500_000_000 + p).padStart(9, '0')}`;
  return first17 + checkCharacterOf(first17)!;
};
export const benchPartnerId = (p: number): string => partnerIdOfCode(creditCodeOf(p));
/** Partner numbers 0–9 are the large ones. */
const partnerOfAgreement = (n: number): number =>
  n % 10 === 0 ? (n / 10) % LARGE_PARTNERS : LARGE_PARTNERS + (n % SMALL_PARTNERS);
export const LARGE_PARTNER_NUMBER = 3;

export function agreementStateOf(n: number) {
  const partner = partnerOfAgreement(n);
  const starts = Date.UTC(2025, 0, 1) + (n % 700) * DAY_MS;
  const grade = (['general', 'important', 'core'] as const)[n % 3]!;
  return anAgreement({
    id: uuidOf(`agreement-${n}`),
    requestId: `bench-${n}`,
    title: `数据共享协议 ${n}`,
    requestingUnit: UNITS[n % UNITS.length]!,
    requestedBy: `user-${n % 300}`,
    partnerId: benchPartnerId(partner),
    partnerName: `合作伙伴 ${partner} 有限公司`,
    status: statusOf(n) as never,
    effectiveGrade: grade,
    personalInfo: n % 2 === 0,
    sensitivePersonalInfo: n % 7 === 0,
    startsAt: new Date(starts).toISOString(),
    endsAt: new Date(starts + 365 * DAY_MS - 1).toISOString(),
  });
}

export function partnerStateOf(p: number) {
  const creditCode = creditCodeOf(p);
  return aPartner({
    id: partnerIdOfCode(creditCode),
    requestId: `bench-nomination-${p}`,
    creditCode,
    legalName: `合作伙伴 ${p} 有限公司`,
    nominatingUnit: UNITS[p % UNITS.length]!,
  });
}

const documentOf = (
  entity: { storeUpdateOf: (s: EntityState & Record<string, unknown>) => { $set: Record<string, unknown> } },
  state: EntityState & Record<string, unknown>,
) => ({ _id: state.id, ...entity.storeUpdateOf(state).$set });

/** Seeds `count` agreements (a store that holds exactly that many is left as it is); says how long it took. */
export async function seedEntities(
  collections: { agreements: Collection; rows: Collection; partners: Collection },
  say: (line: string) => void,
  count: number = AGREEMENTS,
): Promise<void> {
  const partners = LARGE_PARTNERS + SMALL_PARTNERS;
  if (
    (await collections.agreements.countDocuments()) === count &&
    (await collections.rows.countDocuments()) === count &&
    (await collections.partners.countDocuments()) >= partners
  )
    return;
  const started = Date.now();
  await Promise.all(Object.values(collections).map((c) => c.deleteMany({})));
  // Partners' `creditCode` is unique: a raw insert of the documents a workflow would write.
  await collections.partners.insertMany(
    Array.from({ length: partners }, (_, p) => documentOf(partnerEntity, partnerStateOf(p) as never)) as never[],
  );
  for (let from = 0; from < count; from += BATCH) {
    const states = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => agreementStateOf(from + k));
    await collections.agreements.insertMany(states.map((s) => documentOf(agreementEntity, s as never)) as never[]);
    await collections.rows.insertMany(states.map((s) => agreementEntity.rowOf(s as never)!) as never[]);
    if ((from + BATCH) % 20_000 === 0) say(`seeded ${from + BATCH} agreements (${secondsSince(started)} s)`);
  }
  say(`seeded ${count} agreements with their rows and ${partners} partners in ${secondsSince(started)} s`);
}

const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(0);
