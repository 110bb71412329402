/**
 * Agreements and partners written straight into the store as their workflows would have written them
 * (document and list row), with dates relative to now: an inspection run judges them at its own start.
 * And what a test file's inspection runs need: a period of its own, its rectifications ended afterwards,
 * and how an answer is recognised as a problem document.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { agreementEntity } from '../../src/entities/agreement';
import { partnerEntity } from '../../src/entities/partner';
import type { AgreementState } from '../../workflows/agreement/state';
import type { PartnerState } from '../../workflows/partner/state';
import { rectificationWorkflowId } from '../../workflows/ids';
import { aPartner, anAgreement } from '../unit/policies/oversight-factory';
import { aNomination } from './factories';

const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** An approved partner, valid and certified for two years from now. */
export function aLivePartner(overrides: Partial<PartnerState> = {}): PartnerState {
  const now = Date.now();
  return aPartner({
    id: randomUUID(),
    // Credit codes are unique in the store.
    creditCode: aNomination().creditCode,
    validFrom: iso(now - 60 * DAY),
    validUntil: iso(now + 730 * DAY),
    certifications: [{ kind: 'iso27001', number: 'ISMS-1', expiresAt: iso(now + 730 * DAY) }],
    ...overrides,
  });
}

/** An active agreement no rule finds anything in now: started a month ago, ending in a year, no report due. */
export function aLiveAgreement(partner: PartnerState, overrides: Partial<AgreementState> = {}): AgreementState {
  const now = Date.now();
  const base = anAgreement();
  return anAgreement({
    id: randomUUID(),
    partnerId: partner.id,
    partnerName: partner.legalName,
    request: { ...base.request, partnerId: partner.id },
    approved: { ...base.request, partnerId: partner.id },
    startsAt: iso(now - 30 * DAY),
    endsAt: iso(now + 365 * DAY),
    usage: { periods: [], received: base.usage.received },
    recertification: {
      dueAt: iso(now + 300 * DAY),
      remindAt: iso(now + 270 * DAY),
      suspendAt: iso(now + 314 * DAY),
    },
    ...overrides,
  });
}

export async function storePartners(partners: readonly PartnerState[]): Promise<void> {
  await partnerEntity.model.collection.insertMany(
    partners.map((p) => ({ _id: p.id, ...partnerEntity.storeUpdateOf(p as never).$set })) as never[],
  );
}

/** Each agreement's document and its row, as the agreement's recorder writes them. */
export async function storeAgreements(agreements: readonly AgreementState[]): Promise<void> {
  await agreementEntity.model.collection.insertMany(
    agreements.map((a) => ({ _id: a.id, ...agreementEntity.storeUpdateOf(a as never).$set })) as never[],
  );
  await agreementEntity.rowModel!.collection.insertMany(
    agreements.map((a) => agreementEntity.rowOf(a as never)) as never[],
  );
}

/** A new version of an agreement (its cause of a finding gone, say): document and row replaced. */
export async function restoreAgreement(agreement: AgreementState): Promise<void> {
  const next = { ...agreement, version: agreement.version + 1 };
  await agreementEntity.model.collection.replaceOne(
    { _id: next.id as never },
    agreementEntity.storeUpdateOf(next as never).$set,
  );
  await agreementEntity.rowModel!.collection.replaceOne(
    { _id: next.id as never },
    agreementEntity.rowOf(next as never) as never,
  );
}

/** A period of the test file's own, on `day` (`<day>-<8 random letters or digits>`): its runs are its own. */
export const aPeriodOn = (day: string) =>
  `${day}-${randomUUID()
    .slice(0, 8)
    .replace(/[^a-z0-9]/g, 'x')}`;

/** Ends the rectifications a run of `period` may have started for units A and B (one never started is no error). */
export async function endRectifications(temporal: Client, period: string): Promise<void> {
  for (const unit of ['unit-a', 'unit-b']) {
    await temporal.workflow
      .getHandle(rectificationWorkflowId(period, unit))
      .terminate('test over')
      .catch(() => undefined);
  }
}

/** Whether an answer is an application/problem+json document. */
export const isProblem = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['content-type']).startsWith('application/problem+json');
