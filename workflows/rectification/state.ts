/**
 * A finding of a special inspection and its rectification (整改, S5), once: the state its store document
 * holds. The inspection's scan writes a finding's first version when it raises it; from then on the
 * rectification workflow of its run and owner unit (`rectification-<period>-<unit>`) is its one writer.
 * The document is narrow and flat enough to be its own list row (`bucket`), and a re-inspection reads
 * the live findings of a partition of agreements by `agreementBucket`. The API's view derives from it.
 */
import { z } from 'zod';
import { INSPECTION_RULE_IDS } from '../../policies/inspection-parameters';
import { FINDING_CLOSURES, FINDING_STATUSES, SEVERITIES } from '../../policies/vocabulary';
import { entityFields, instant } from '../kit/state';

const paramValue = z.union([z.string(), z.number()]);

/** What happened to a finding, oldest first: each with the key that makes a repeated step one step. */
export const findingStep = z.object({
  key: z.string(),
  kind: z.enum(['evidence', 'verified', 'sent_back', 'escalated', 'closed', 'revoked']),
  by: z.string(),
  at: instant(),
  /** The owner's evidence, or the reviewer's reason. */
  text: z.string().optional(),
  /** The run that closed the finding (its cause gone). */
  period: z.string().optional(),
});
export type FindingStep = z.infer<typeof findingStep>;

export const findingState = z.object({
  ...entityFields,
  /** The id's first two characters: lists page findings bucket by bucket. */
  bucket: z.string(),
  /** The run that raised it. */
  period: z.string(),
  /** `<ruleId>:agreement:<agreementId>`: the same at every run (policies/inspection-rules.ts). */
  key: z.string(),
  ruleId: z.enum(INSPECTION_RULE_IDS),
  /** The rows of REGULATION.md the rule comes from. */
  rules: z.array(z.string()),
  severity: z.enum(SEVERITIES),
  agreementId: z.string(),
  agreementBucket: z.string(),
  agreementTitle: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  /** The requesting unit rectifies (S11). */
  ownerUnit: z.string(),
  /** Rendered with the text of `inspection.<ruleId>` (policies/texts/oversight.ts). */
  params: z.record(z.string(), paramValue),
  /** The rule's details, as agreement reasons. */
  evidence: z.array(z.object({ code: z.string(), params: z.record(z.string(), paramValue) })),
  /** A fingerprint of what causes it: a re-inspection compares it. */
  cause: z.string(),
  raisedAt: instant(),
  /** Rectified and verified by then, or it escalates (the severity's working days). */
  dueAt: instant(),
  ruleSetVersion: z.string(),
  status: z.enum(FINDING_STATUSES),
  /** Open or verified: what a re-inspection compares with what it finds (false once closed). */
  live: z.boolean(),
  escalated: z.boolean(),
  /** Who submitted the evidence awaiting verification (nobody verifies their own). */
  evidenceBy: z.string().optional(),
  steps: z.array(findingStep),
  closure: z
    .object({ reason: z.enum(FINDING_CLOSURES), at: instant(), by: z.string(), period: z.string().optional() })
    .optional(),
});
export type FindingState = z.infer<typeof findingState>;
