/**
 * bench:inspection's store: N agreements (BENCH_AGREEMENTS), 1,000 partners and the partners' usage
 * reports, each a valid state of its schema written through its entity's own store projection and list
 * row (as the workflows write them, as bench/entity-seed.ts does), with dates relative to the seed's
 * anchor instant so that what the rules find stays the same for months. Most agreements are clean; a few
 * percent carry one fault each (a partner blacklisted, lapsed or with an expired certification; past
 * the end date, a usage report overdue, usage beyond the approval, no provision record, controls not
 * attested, recertification overdue), so a run raises findings of several rules and severities. A marker
 * document names what was seeded: a store that holds this seed is reused as it is.
 */
import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { checkCharacterOf } from '../policies/credit-code';
import { agreementEntity } from '../src/entities/agreement';
import { partnerEntity } from '../src/entities/partner';
import { UsageReportModel } from '../src/models/usage-report.model';
import { partnerIdOf as partnerIdOfCode } from '../src/services/partners';
import type { AgreementState } from '../workflows/agreement/state';
import type { PartnerState } from '../workflows/partner/state';
import { anAgreement, aPartner } from '../test/unit/policies/oversight-factory';
import { statusOf, UNITS, uuidOf } from './store-seed';

/** Bump when what is seeded changes: an older seed is replaced. */
const SEED_VERSION = 1;
/** A seed older than this is replaced (its dates keep their findings for ~200 days; well inside). */
const SEED_MAX_AGE_DAYS = 60;
const MARKER = 'bench_inspection_seed';
const DAY = 86_400_000;
const BATCH = 1_000;

const LARGE_PARTNERS = 10;
const SMALL_PARTNERS = 990;
export const PARTNERS = LARGE_PARTNERS + SMALL_PARTNERS;

/** Small partners with a fault of their own (each holds ~0.1% of the agreements). */
const BLACKLISTED = new Set([101, 202, 303]);
const LAPSED = new Set([111, 222, 333, 444]);
const CERTIFICATE_EXPIRED = new Set([121, 232, 343, 454, 565]);

/** The agreement's own faults, per mille of agreements (by n % 1000): the rest are clean. */
const AGREEMENT_FAULTS: [Fault, number][] = [
  ['past_end', 5],
  ['usage_overdue', 10],
  ['usage_beyond', 5],
  ['no_provision', 3],
  ['controls_not_attested', 3],
  ['recertification_overdue', 4],
];
type Fault =
  'past_end' | 'usage_overdue' | 'usage_beyond' | 'no_provision' | 'controls_not_attested' | 'recertification_overdue';

export function faultOf(n: number): Fault | undefined {
  // Spread over n so that faults do not line up with units, partners or statuses.
  let x = (n * 7919) % 1000;
  for (const [fault, perMille] of AGREEMENT_FAULTS) {
    if (x < perMille) return fault;
    x -= perMille;
  }
  return undefined;
}

const creditCodeOf = (p: number): string => {
  const first17 = `91310000${String(700_000_000 + p).padStart(9, '0')}`;
  return first17 + checkCharacterOf(first17)!;
};
const partnerNumberOf = (n: number): number =>
  n % 10 === 0 ? (n / 10) % LARGE_PARTNERS : LARGE_PARTNERS + (n % SMALL_PARTNERS);
const iso = (ms: number) => new Date(ms).toISOString();

export function partnerStateOf(p: number, anchor: number): PartnerState {
  const creditCode = creditCodeOf(p);
  return aPartner({
    id: partnerIdOfCode(creditCode),
    requestId: `bench-inspection-nomination-${p}`,
    creditCode,
    legalName: `合作伙伴 ${p} 有限公司`,
    nominatingUnit: UNITS[p % UNITS.length]!,
    validFrom: iso(anchor - 300 * DAY),
    // After every agreement's end (else `partner_validity_ends_first`), unless lapsed.
    validUntil: iso(LAPSED.has(p) ? anchor - 20 * DAY : anchor + 900 * DAY),
    certifications: [
      {
        kind: 'iso27001',
        number: `ISMS-${p}`,
        expiresAt: iso(CERTIFICATE_EXPIRED.has(p) ? anchor - 20 * DAY : anchor + 800 * DAY),
      },
    ],
    ...(BLACKLISTED.has(p)
      ? {
          status: 'blacklisted',
          blacklisting: { by: 'dso', at: iso(anchor - 10 * DAY), reason: '违规转提供数据' },
        }
      : {}),
  } as Partial<PartnerState>);
}

/** The first instant of the UTC month `k` months after the anchor's (k < 0: before). */
const monthStart = (anchor: number, k: number) => {
  const d = new Date(anchor);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
};
const ymd = (ms: number) => iso(ms).slice(0, 10);

/** Usage periods of the three months before last: due by the 10th of last month, all past. */
function usagePeriodsOf(anchor: number, unreported: number | undefined) {
  return [-4, -3, -2].map((k, i) => {
    const start = monthStart(anchor, k);
    const next = monthStart(anchor, k + 1);
    const reported = i !== unreported;
    return {
      start: ymd(start),
      end: ymd(next - DAY),
      remindAt: iso(next + 6 * DAY + DAY / 24),
      dueAt: iso(next + 10 * DAY - 1),
      suspendAt: iso(next + 17 * DAY - 1),
      ...(reported
        ? { reportedAt: iso(next + 4 * DAY), reportKey: `usage:${ymd(start)}`, reportedBy: 'partner-user' }
        : {}),
    };
  });
}

export function agreementStateOf(n: number, anchor: number): AgreementState {
  const p = partnerNumberOf(n);
  const partnerId = partnerIdOfCode(creditCodeOf(p));
  const id = uuidOf(`bench-inspection-agreement-${n}`);
  const fault = faultOf(n);
  const base = anAgreement();
  const request = { ...base.request, partnerId };
  const periods = usagePeriodsOf(anchor, fault === 'usage_overdue' ? 1 : undefined);
  const latest = periods[2]!.start;
  return anAgreement({
    id,
    requestId: `bench-inspection-${n}`,
    title: `数据共享协议 ${n}`,
    requestingUnit: UNITS[n % UNITS.length]!,
    requestedBy: `user-${n % 300}`,
    partnerId,
    partnerName: `合作伙伴 ${p} 有限公司`,
    status: statusOf(n) as AgreementState['status'],
    request,
    approved: request,
    startsAt: iso(anchor - (150 + (n % 200)) * DAY),
    endsAt: iso(fault === 'past_end' ? anchor - 30 * DAY : anchor + (250 + (n % 400)) * DAY),
    provision:
      fault === 'no_provision'
        ? undefined
        : { key: `provision:${id}:v5`, reportable: false, reasons: [], recordedAt: iso(anchor - 160 * DAY) },
    usage: {
      periods,
      received: {
        ...base.usage.received,
        records: fault === 'usage_beyond' ? request.volume.records + 1 + (n % 5_000) : 4_000 + (n % 5_000),
      },
    },
    violations:
      fault === 'controls_not_attested'
        ? [
            {
              code: 'usage.control_not_attested',
              params: { control: 'encryption_in_transit' },
              suspends: false,
              at: periods[2]!.reportedAt!,
              period: latest,
            },
          ]
        : [],
    recertification: {
      dueAt: iso(fault === 'recertification_overdue' ? anchor - 25 * DAY : anchor + 300 * DAY),
      remindAt: iso(anchor + 270 * DAY),
      suspendAt: iso(anchor + 314 * DAY),
    },
  });
}

/** The partner's report of each reported period, as the agreement workflow stores it. */
function usageReportsOf(state: AgreementState) {
  return state.usage.periods
    .filter((p) => p.reportedAt)
    .map((p) => ({
      _id: `usage:${state.id}:${p.start}`,
      agreementId: state.id,
      partnerId: state.partnerId,
      requestingUnit: state.requestingUnit,
      period: { start: p.start, end: p.end },
      records: Math.round(state.usage.received.records / state.usage.periods.length),
      people: 0,
      personalInfoPeople: 0,
      sensitivePersonalInfoPeople: 0,
      fieldsUsed: state.approved!.assets.map((a) => ({ assetId: a.assetId, fields: [...a.fields] })),
      controlsAttested: [...state.approved!.controls],
      violations: state.violations
        .filter((v) => v.period === p.start)
        .map((v) => ({ code: v.code, params: { ...v.params } })),
      submittedBy: 'partner-user',
      submittedAt: new Date(p.reportedAt!),
      retainUntil: new Date(Date.parse(state.endsAt) + 3 * 365 * DAY),
    }));
}

const documentOf = (
  entity: { storeUpdateOf: (s: never) => { $set: Record<string, unknown> } },
  state: { id: string },
) => ({ _id: state.id, ...entity.storeUpdateOf(state as never).$set });

export interface Seed {
  agreements: number;
  anchor: number;
  /** A fingerprint of the seed's parameters: the same seed is recognised by it. */
  key: string;
}

/**
 * Seeds the store unless its marker names this seed (N, version, an anchor young enough); answers the
 * seed in the store. Collections the seed writes are emptied first; the marker is written last, so an
 * interrupted seed is redone.
 */
export async function ensureSeed(db: Db, agreements: number, say: (line: string) => void): Promise<Seed> {
  const markers = db.collection<{ _id: string; agreements: number; version: number; anchor: number }>(MARKER);
  const marker = await markers.findOne({ _id: 'seed' });
  if (
    marker &&
    marker.agreements === agreements &&
    marker.version === SEED_VERSION &&
    Date.now() - marker.anchor < SEED_MAX_AGE_DAYS * DAY
  ) {
    say(`reusing the seed of ${new Date(marker.anchor).toISOString()} (${agreements} agreements)`);
    return seedOf(agreements, marker.anchor);
  }
  const anchor = Date.now();
  const started = Date.now();
  await markers.deleteMany({});
  const collections = {
    agreements: db.collection(agreementEntity.model.collection.name),
    rows: db.collection(agreementEntity.rowModel!.collection.name),
    partners: db.collection(partnerEntity.model.collection.name),
    reports: db.collection(UsageReportModel.collection.name),
  };
  for (const c of Object.values(collections)) await c.deleteMany({});
  await collections.partners.insertMany(
    Array.from({ length: PARTNERS }, (_, p) =>
      documentOf(partnerEntity as never, partnerStateOf(p, anchor)),
    ) as never[],
  );
  for (let from = 0; from < agreements; from += BATCH) {
    const states = Array.from({ length: Math.min(BATCH, agreements - from) }, (_, k) =>
      agreementStateOf(from + k, anchor),
    );
    await collections.agreements.insertMany(states.map((s) => documentOf(agreementEntity as never, s)) as never[]);
    await collections.rows.insertMany(states.map((s) => agreementEntity.rowOf(s as never)!) as never[]);
    await collections.reports.insertMany(states.flatMap(usageReportsOf) as never[]);
    if ((from + BATCH) % 10_000 === 0) say(`seeded ${from + BATCH} agreements (${secondsSince(started)} s)`);
  }
  await markers.insertOne({ _id: 'seed', agreements, version: SEED_VERSION, anchor });
  say(
    `seeded ${agreements} agreements (document, row, usage reports) and ${PARTNERS} partners in ${secondsSince(started)} s`,
  );
  return seedOf(agreements, anchor);
}

const seedOf = (agreements: number, anchor: number): Seed => ({
  agreements,
  anchor,
  key: createHash('sha1').update(`${SEED_VERSION}:${agreements}:${anchor}`).digest('hex').slice(0, 8),
});
const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(0);
