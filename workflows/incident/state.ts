/**
 * The data-security incident, once (S3; issue 15): what a reviewer, the DSO or the partner reports (its body
 * is the API's report body) and the state `incident-<id>` holds from the report to its closure. The store's
 * incident document is this state as it is (the monthly report reads its `drill`, `grade`, `status`,
 * `reportedAt`, `closedAt` and `deadlines`); the API's view, the console's types and the list row derive
 * from it.
 */
import { z } from 'zod';
import { INCIDENT_DEADLINE_KINDS, INCIDENT_RECIPIENTS } from '../../policies/incident-deadlines';
import { INCIDENT_MEASURES } from '../../policies/incident-grading';
import {
  AGREEMENT_STATUSES,
  DATA_GRADES,
  INCIDENT_GRADES,
  INCIDENT_KINDS,
  INCIDENT_OUTCOMES,
  INCIDENT_SOURCES,
  INCIDENT_STATUSES,
} from '../../policies/vocabulary';
import { entityFields, instant } from '../kit/state';

const text = (max: number) => z.string().trim().min(1).max(max);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an id');
const people = z.number().int().min(0).max(10_000_000_000);

/** A reason with its code and parameters, rendered in the reader's language. */
export const coded = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

/**
 * What the incident is graded on (R18, R20): the people whose personal information it affected and how many
 * of them sensitive personal information, the hours of outage, the direct loss. Re-estimated as it is known.
 */
export const incidentEstimates = z
  .object({
    personalInformation: people,
    sensitivePersonalInformation: people,
    outageHours: z.number().min(0).max(1_000_000),
    directLossCny: z.number().min(0).max(10_000_000_000_000),
  })
  .strict()
  .refine((e) => e.sensitivePersonalInformation <= e.personalInformation, {
    path: ['sensitivePersonalInformation'],
    message: 'the people with sensitive personal information affected are among the people affected',
    params: { rule: 'estimates.sensitive_within' },
  });
export type IncidentEstimates = z.infer<typeof incidentEstimates>;

/** The estimates as the state keeps them (checked at the API by `incidentEstimates`). */
const estimateValues = z.object({
  personalInformation: z.number(),
  sensitivePersonalInformation: z.number(),
  outageHours: z.number(),
  directLossCny: z.number(),
});

/** The data the incident touched: the assets of the inventory, their grades, whether important or core data. */
export const dataAffected = z.object({
  assets: z.array(z.object({ assetId: z.string(), name: z.string(), grade: z.enum(DATA_GRADES) })),
  grades: z.array(z.enum(DATA_GRADES)),
  importantOrCoreData: z.boolean(),
});

/** What the reporter says: the body of `POST /api/incidents` (the API resolves the assets and the agreements). */
export const incidentReportBody = z
  .object({
    /** A partner's user reports for its own organisation: its partnerId then comes from its token. */
    partnerId: uuid.optional(),
    /** The agreements it touches; absent: every live agreement of the partner. */
    agreementIds: z.array(uuid).max(1000).optional(),
    kind: z.enum(INCIDENT_KINDS),
    title: text(200),
    description: text(4000),
    detectedAt: instant(),
    data: z
      .object({
        assetIds: z.array(uuid).max(100).default([]),
        grades: z.array(z.enum(DATA_GRADES)).max(DATA_GRADES.length).default([]),
        /** Important or core data is involved even if no asset of the inventory says so (R15). */
        importantOrCoreData: z.boolean().default(false),
      })
      .strict()
      .default({ assetIds: [], grades: [], importantOrCoreData: false }),
    estimates: incidentEstimates,
    /** An emergency drill (应急演练, R4, R26): the same process and deadlines, against no real access. */
    drill: z.boolean().default(false),
  })
  .strict();
export type IncidentReportBody = z.infer<typeof incidentReportBody>;

/** One grading of the incident: at its report, then at each re-grading, with both grades. */
export const grading = z.object({
  at: instant(),
  by: z.string(),
  grade: z.enum(INCIDENT_GRADES),
  /** The grade before this re-grading; null for the first. */
  from: z.enum(INCIDENT_GRADES).nullable(),
  estimates: estimateValues,
  importantOrCoreData: z.boolean(),
  /** The thresholds that decided it (empty for IV). */
  decidedBy: z.array(
    z.object({
      measure: z.enum(INCIDENT_MEASURES),
      value: z.number(),
      threshold: z.number(),
      grade: z.enum(INCIDENT_GRADES),
      rules: z.array(z.string()),
    }),
  ),
  reasons: z.array(coded),
  reason: z.string().optional(),
});
export type Grading = z.infer<typeof grading>;

/** Where an affected agreement stands in the incident: asked, contained, then resumed or revoked. */
export const AGREEMENT_CONTAINMENT = [
  'pending',
  /** Suspended (or already suspended): no access. */
  'contained',
  /** Nothing flowed or flows under it (a request in review, an agreement already ended). */
  'not_running',
  /** The agreement's workflow had ended: nothing to contain. */
  'ended',
  /** A drill: recorded as contained, the agreement not touched. */
  'drill',
  'resumed',
  /** Released by this incident, still held (another incident, another cause of suspension). */
  'released',
  'revoked',
] as const;
export type AgreementContainment = (typeof AGREEMENT_CONTAINMENT)[number];

export const affectedAgreement = z.object({
  agreementId: z.string(),
  title: z.string(),
  requestingUnit: z.string(),
  containment: z.enum(AGREEMENT_CONTAINMENT),
  /** The agreement's status when it last answered. */
  status: z.enum(AGREEMENT_STATUSES).optional(),
  /** Whether access is granted, as the agreement said when it last answered. */
  accessGranted: z.boolean().optional(),
  /** When the agreement recorded its suspension (access removed): the containment time. */
  containedAt: instant().optional(),
  /** When it answered the closure: resumed (access granted again) or revoked. */
  closedAt: instant().optional(),
});
export type AffectedAgreement = z.infer<typeof affectedAgreement>;

/** A report made (when, by whom, to whom, its reference), with its content where a rule sets one (R45, R19). */
export const reportMade = z.object({
  madeAt: instant(),
  by: z.string(),
  recordedAt: instant(),
  to: z.string(),
  reference: z.string(),
  content: z.record(z.string(), z.string()).optional(),
});

/** One report or notice the incident owes (policies/incident-deadlines.ts), and where it stands. */
export const incidentDeadline = z.object({
  kind: z.enum(INCIDENT_DEADLINE_KINDS),
  recipient: z.enum(INCIDENT_RECIPIENTS),
  rules: z.array(z.string()),
  basis: z.array(coded),
  startsAt: instant().optional(),
  dueAt: instant().optional(),
  remindAt: z.array(instant()),
  escalateAt: instant().optional(),
  content: z.array(z.string()),
  /** `waiting` (counts from the end of handling), `due`, `met` (made in time), `missed`. */
  state: z.enum(['waiting', 'due', 'met', 'missed']),
  /** Reminders sent so far (of `remindAt`, in order). */
  reminded: z.number().int(),
  escalated: z.boolean(),
  /** When the report was made (a late one too: then the deadline stays missed). */
  madeAt: instant().optional(),
  report: reportMade.optional(),
  /** Passed unmade: when, and the DSO's explanation (closure needs it). */
  missedAt: instant().optional(),
  explanation: z.object({ by: z.string(), at: instant(), reason: z.string() }).optional(),
});
export type IncidentDeadlineRecord = z.infer<typeof incidentDeadline>;

/** The investigation: findings, root cause, responsibility, measures, each as last written, with who wrote when. */
export const investigation = z.object({
  findings: z.string().optional(),
  rootCause: z.string().optional(),
  responsibility: z.string().optional(),
  measures: z.string().optional(),
  updates: z.array(z.object({ at: instant(), by: z.string(), fields: z.array(z.string()) })),
});

export const incidentState = z.object({
  ...entityFields,
  /** The report that started the workflow: the same report repeated is the same incident. */
  requestId: z.string(),
  drill: z.boolean(),
  source: z.enum(INCIDENT_SOURCES),
  partnerId: z.string(),
  partnerName: z.string(),
  creditCode: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  title: z.string(),
  description: z.string(),
  detectedAt: instant(),
  reportedAt: instant(),
  reportedBy: z.string(),
  /** From when the company's first reports count: when it detected it, or when the partner told it. */
  discoveredAt: instant(),
  /** A partner's own report: its contractual deadline (R20 Art 5) and whether it was late. */
  partnerReport: z.object({ dueAt: instant(), late: z.boolean(), hoursLate: z.number() }).optional(),
  data: dataAffected,
  estimates: estimateValues,
  grade: z.enum(INCIDENT_GRADES),
  gradings: z.array(grading),
  status: z.enum(INCIDENT_STATUSES),
  agreements: z.array(affectedAgreement),
  containment: z.object({
    startedAt: instant(),
    /** Every affected agreement has answered (contained, or nothing to contain). */
    completedAt: instant().optional(),
    /** Times the DSO was told containment is not complete. */
    escalations: z.number().int(),
  }),
  deadlines: z.array(incidentDeadline),
  /** Reports owed once and no longer (a re-grading down): recorded as not required, never as met. */
  withdrawnDeadlines: z.array(z.object({ kind: z.enum(INCIDENT_DEADLINE_KINDS), at: instant(), grade: z.string() })),
  /** When emergency handling ended: the summary reports count from here. */
  handlingEndedAt: instant().optional(),
  investigation: investigation,
  closure: z
    .object({
      outcome: z.enum(INCIDENT_OUTCOMES),
      by: z.string(),
      at: instant(),
      reason: z.string(),
      /** A revoke: the partner's credit code was listed on the blacklist with the incident as its reason. */
      blacklisted: z.boolean().optional(),
    })
    .optional(),
  closedAt: instant().optional(),
  /** The next report due, for lists and My work. */
  nextDueAt: instant().optional(),
});
export type IncidentState = z.infer<typeof incidentState>;

/** Fields the workflow keeps for itself: in the store, never in the API's view. */
export const INCIDENT_WORKFLOW_FIELDS = ['requestId'] as const;
