/**
 * The API's shapes of inspections, findings and what-if: the views derived from the states of
 * `workflows/inspection/state.ts` and `workflows/rectification/state.ts`, the bodies people send, and the
 * list queries.
 */
import { z } from 'zod';
import { INSPECTION_PERIOD_PATTERN } from '../../policies/inspection-period';
import { INSPECTION_RULES_SCHEMA, INSPECTION_RULE_IDS } from '../../policies/inspection-parameters';
import { DECISION_VERDICTS } from '../../policies/what-if';
import { FINDING_STATUSES, INSPECTION_STATUSES, SEVERITIES } from '../../policies/vocabulary';
import { INSPECTION_TRIGGERS, inspectionProgress, inspectionState, runReport } from '../../workflows/inspection/state';
import { findingState } from '../../workflows/rectification/state';
import { pageQuery } from '../store/pagination';

const text = (max: number) => z.string().trim().min(1).max(max);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an id');
const period = z
  .string()
  .regex(
    INSPECTION_PERIOD_PATTERN,
    'a period: a month (2026-12) or a date (2026-12-05), with an optional label of lowercase letters and digits (2026-12-05-r2)',
  );

export const inspectionView = inspectionState.extend({ workflowId: z.string() });
export type InspectionView = z.infer<typeof inspectionView>;

export const inspectionPeriodParams = z.object({ period }).strict();

export const inspectionListQuery = pageQuery
  .extend({ status: z.enum(INSPECTION_STATUSES).optional(), trigger: z.enum(INSPECTION_TRIGGERS).optional() })
  .strict();
export type InspectionListQuery = z.infer<typeof inspectionListQuery>;
export const inspectionPage = z.object({ items: z.array(inspectionView), nextCursor: z.string().optional() });

/** Run now (the DSO): the period to run, by default today's date in Shanghai. */
export const runInspectionBody = z.object({ period: period.optional() }).strict();

/** Where a run stands: from its workflow while it runs, from the store once it has ended. */
export const progressView = z.object({
  period: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  progress: inspectionProgress,
  /** `workflow`: the run's `progress` query answered; `store`: its last stored progress. */
  source: z.enum(['workflow', 'store']),
});

/** The run's report: findings by rule, severity, owner unit and partner (with the partner's name). */
export const reportView = runReport.extend({
  period: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  asOf: z.string(),
  ruleSetVersion: z.string(),
  progress: inspectionProgress,
  byPartner: z.array(runReport.shape.byPartner.element.extend({ name: z.string().optional() })),
});

export const findingView = findingState.extend({ workflowId: z.string() });
export type FindingView = z.infer<typeof findingView>;
export const findingIdParams = z.object({ id: uuid }).strict();

export const findingListQuery = pageQuery
  .extend({
    period: period.optional(),
    status: z.enum(FINDING_STATUSES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    ruleId: z.enum(INSPECTION_RULE_IDS).optional(),
    unit: text(100).optional(),
    partnerId: uuid.optional(),
    agreementId: uuid.optional(),
  })
  .strict();
export type FindingListQuery = z.infer<typeof findingListQuery>;
export const findingPage = z.object({ items: z.array(findingView), nextCursor: z.string().optional() });

export const evidenceBody = z.object({ text: text(4000) }).strict();
export const verificationBody = z
  .object({ outcome: z.enum(['verify', 'send_back']), reason: text(2000).optional() })
  .strict()
  .refine((d) => d.outcome === 'verify' || d.reason !== undefined, {
    path: ['reason'],
    message: 'a send-back states its reason',
    params: { rule: 'reason.required' },
  });
export type VerificationBody = z.infer<typeof verificationBody>;

/** A rule set as the DSO edits it: the `inspectionRules` section of the parameters, every rule id known. */
export const ruleSetBody = INSPECTION_RULES_SCHEMA.unwrap();

/** The rule set in force: version 0 is the parameters' own (nothing saved yet). */
export const ruleSetView = z.object({
  version: z.number().int(),
  rules: INSPECTION_RULES_SCHEMA,
  ruleSetVersion: z.string(),
  savedAt: z.string().optional(),
  savedBy: z.string().optional(),
});
export type RuleSetView = z.infer<typeof ruleSetView>;

/** Save a new version of the rule set (the DSO): `version` is the one read, so a concurrent save gets 409. */
export const saveRuleSetBody = z.object({ version: z.number().int().min(0), rules: ruleSetBody }).strict();
export type SaveRuleSetBody = z.infer<typeof saveRuleSetBody>;

/**
 * A proposal (nothing is saved): the rule set as it would be saved, and/or other parameters each named by
 * its path in the parameters file, e.g. `["crossBorder", "thresholds", "personalInfo"]` → 100000.
 */
export const whatIfBody = z
  .object({
    rules: ruleSetBody.optional(),
    changes: z
      .array(
        z
          .object({
            path: z
              .array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a parameter name'))
              .min(1)
              .max(6),
            /** The new value (any JSON); the parameters' own rules check it. */
            to: z.unknown(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    /** Past decisions of this many months back are replayed. */
    months: z.number().int().min(1).max(24).default(3),
    /** At most this many agreements and decisions are listed (all are counted). */
    limit: z.number().int().min(1).max(500).default(100),
    /** From an earlier answer's `nextCursor`: go on where it stopped (same proposal). */
    cursor: z.string().max(200).optional(),
  })
  .strict()
  .refine((b) => b.rules !== undefined || (b.changes?.length ?? 0) > 0, {
    message: 'propose a rule set or at least one change',
    params: { rule: 'body.empty' },
  });
export type WhatIfBody = z.infer<typeof whatIfBody>;

const findingBrief = z.object({
  ruleId: z.enum(INSPECTION_RULE_IDS),
  severity: z.enum(SEVERITIES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const whatIfView = z.object({
  changes: z.array(z.object({ path: z.array(z.string()), from: z.unknown(), to: z.unknown() })),
  ruleSetVersion: z.object({ current: z.string(), proposed: z.string() }),
  tally: z.object({
    agreements: z.number(),
    agreementsGaining: z.number(),
    agreementsLosing: z.number(),
    gainedByRule: z.record(z.string(), z.number()),
    lostByRule: z.record(z.string(), z.number()),
    gainedBySeverity: z.record(z.string(), z.number()),
    decisions: z.number(),
    decisionsByVerdict: z.record(z.string(), z.number()),
  }),
  agreements: z.array(
    z.object({
      agreementId: z.string(),
      title: z.string(),
      requestingUnit: z.string(),
      partnerName: z.string(),
      status: z.string(),
      gained: z.array(findingBrief),
      lost: z.array(findingBrief),
      severityChanged: z.array(z.object({ ruleId: z.string(), from: z.string(), to: z.string() })),
    }),
  ),
  decisions: z.array(
    z.object({
      agreementId: z.string(),
      key: z.string(),
      at: z.string(),
      kind: z.string(),
      stage: z.string().optional(),
      verdict: z.enum(DECISION_VERDICTS),
      changes: z.array(z.object({ aspect: z.string(), then: z.array(z.string()), now: z.array(z.string()) })),
      problems: z.array(z.object({ key: z.string(), message: z.string() })),
    }),
  ),
  /** Approved agreements looked at whose approval has no stored snapshot: not replayed. */
  decisionsWithoutSnapshot: z.number(),
  /** More agreements or decisions than `limit` changed: only the first are listed. */
  truncated: z.boolean(),
  /** Bucket partitions of the store this answer covers, and of the whole store. */
  partitions: z.object({ from: z.number(), done: z.number(), total: z.number() }),
  /** The time budget ran out first: post the same proposal with this cursor to go on. */
  nextCursor: z.string().optional(),
});
export type WhatIfView = z.infer<typeof whatIfView>;
