/**
 * A finding's first version, as the scan raises it: its id derived from the run and its key (so the same
 * run raising it again inserts the same id, and the insert decides), and its document in the store's form.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../../policies/inspection-rules';
import type { FindingState } from '../../workflows/rectification/state';
import { findingEntity } from '../entities/finding';
import { bucketOf } from '../store/buckets';

/** A UUID from the run's period and the finding's key: one per run × rule × agreement. */
export function findingIdOf(period: string, key: string): string {
  const h = createHash('sha256').update(`${period}|${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A finding the run raises: version 1, open, owned by the agreement's requesting unit. */
export function raisedFindingOf(input: {
  finding: Finding;
  period: string;
  asOf: string;
  ruleSetVersion: string;
  agreementTitle: string;
  partnerName: string;
}): FindingState {
  const { finding, period, asOf } = input;
  const id = findingIdOf(period, finding.key);
  return {
    id,
    version: 1,
    createdAt: asOf,
    updatedAt: asOf,
    bucket: bucketOf(id),
    period,
    key: finding.key,
    ruleId: finding.ruleId,
    rules: [...finding.rules],
    severity: finding.severity,
    agreementId: finding.subject.id,
    agreementBucket: bucketOf(finding.subject.id),
    agreementTitle: input.agreementTitle,
    partnerId: finding.subject.partnerId,
    partnerName: input.partnerName,
    ownerUnit: finding.ownerUnit,
    params: { ...finding.params },
    evidence: finding.evidence.map((r) => ({ code: r.code, params: { ...r.params } })),
    cause: finding.cause,
    raisedAt: asOf,
    dueAt: finding.deadline.toISOString(),
    ruleSetVersion: input.ruleSetVersion,
    status: 'open',
    live: true,
    escalated: false,
    steps: [],
  };
}

/**
 * Inserts the findings in one unordered command; those already there (E11000: this run raised them before
 * it was retried) are left as they are. Returns how many were new.
 */
export async function insertFindings(findings: readonly FindingState[]): Promise<number> {
  if (findings.length === 0) return 0;
  const documents = findings.map((f) => ({ _id: f.id, ...findingEntity.storeUpdateOf(f as never).$set }));
  try {
    await findingEntity.model.collection.insertMany(documents as never[], { ordered: false });
    return documents.length;
  } catch (err) {
    const { writeErrors, insertedCount } = err as { writeErrors?: unknown; insertedCount?: number };
    const errors = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { code?: number }[];
    const onlyDuplicates = errors.length > 0 && errors.every((e) => e.code === 11000);
    if (!onlyDuplicates || insertedCount === undefined || insertedCount + errors.length !== documents.length) throw err;
    return insertedCount;
  }
}
