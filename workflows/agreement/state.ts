/**
 * The sharing agreement, once: the request a business unit makes (its body is the API's create and
 * edit body) and the state `agreement-<id>` holds from draft to closed. The store's agreement document
 * is this state as it is; the API's view and the console's types derive from it
 * (src/schemas/agreement.schema.ts), and so does the narrow row its lists read.
 */
import { z } from 'zod';
import {
  APPROVAL_STAGES,
  ATTESTATION_STATUSES,
  AGREEMENT_STATUSES,
  CONSENT_BASES,
  CONTROLS,
  DATA_GRADES,
  DELETION_METHODS,
  EXPORT_PATHWAYS,
  LEGAL_BASES,
  PRE_APPROVAL_RECORDS,
  PROVISION_RELATIONSHIPS,
  RECIPIENT_TYPES,
  ROLES,
  REGULATOR_OUTCOMES,
  SHARING_SCENARIOS,
  STAGE_OUTCOMES,
  TRANSFER_FREQUENCIES,
  TRANSFER_METHODS,
} from '../../policies/vocabulary';
import { entityFields, instant } from '../kit/state';

const text = (max: number) => z.string().trim().min(1).max(max);
const count = z.number().int().min(0).max(10_000_000_000);
/** A Shanghai calendar date, `YYYY-MM-DD`. */
const calendarDate = z.iso.date();
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an id');
const fieldName = z.string().regex(/^[0-9A-Za-z_.\u00C0-\u024F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF-]{1,100}$/, {
  message: 'not a field name',
});

/** A reason with its code and parameters, rendered in the reader's language. */
export const reason = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const requestedAsset = z.object({ assetId: uuid, fields: z.array(fieldName).min(1).max(500) }).strict();

export const sharingVolume = z
  .object({ records: count, people: count, personalInfoPeople: count, sensitivePersonalInfoPeople: count })
  .strict();

/**
 * What a business unit asks to share (S4; MIIT 办法 Art 18; PIPL Arts 23, 29, 39; R10, R48): the body of a
 * draft and of its edits. What the rules then say of it is policies/agreement-request.ts.
 */
export const agreementRequest = z
  .object({
    partnerId: uuid,
    assets: z.array(requestedAsset).min(1).max(50),
    purpose: text(2000),
    /** 范围、类别、条件、程序 (MIIT 办法 Art 18, R8). */
    scope: text(2000),
    categories: text(2000),
    conditions: text(2000),
    procedure: text(2000),
    securityObligations: text(2000),
    relationship: z.enum(PROVISION_RELATIONSHIPS),
    legalBasis: z.enum(LEGAL_BASES),
    consentBasis: z.enum(CONSENT_BASES).optional(),
    scenario: z.enum(SHARING_SCENARIOS),
    recipientType: z.enum(RECIPIENT_TYPES),
    foreignAuthorityApproval: text(200).optional(),
    crossBorder: z.boolean(),
    destinationCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code')
      .optional(),
    volume: sharingVolume,
    frequency: z.enum(TRANSFER_FREQUENCIES),
    transferMethod: z.enum(TRANSFER_METHODS),
    controls: z.array(z.enum(CONTROLS)).max(CONTROLS.length),
    startDate: calendarDate,
    endDate: calendarDate,
    onwardProvision: z
      .object({ subRecipientPartnerId: uuid.optional(), purpose: text(2000).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type AgreementRequestBody = z.infer<typeof agreementRequest>;

/** The pre-approval records on file (risk assessment, PIPIA, export assessment): their reference and issue. */
export const recordsOnFile = z
  .object(
    Object.fromEntries(
      PRE_APPROVAL_RECORDS.map((r) => [
        r,
        z
          .object({ reference: text(200), issuedAt: instant() })
          .strict()
          .optional(),
      ]),
    ) as Record<
      (typeof PRE_APPROVAL_RECORDS)[number],
      z.ZodOptional<z.ZodObject<{ reference: z.ZodString; issuedAt: z.ZodISODateTime }>>
    >,
  )
  .strict();

/** The route the rules gave the request at its last submission (policies/approval-routing.ts). */
export const route = z.object({
  rulesVersion: z.string(),
  effectiveGrade: z.enum(DATA_GRADES),
  stages: z.array(
    z.object({ stage: z.enum(APPROVAL_STAGES), roles: z.array(z.enum(ROLES)).readonly(), reasons: z.array(reason) }),
  ),
  regulatorReview: z.object({ rules: z.array(z.string()), reasons: z.array(reason) }).nullable(),
  checklist: z.array(
    z.object({
      record: z.enum(PRE_APPROVAL_RECORDS),
      rules: z.array(z.string()),
      reasons: z.array(reason),
      validForMonths: z.number(),
    }),
  ),
  requiredControls: z.array(z.object({ control: z.enum(CONTROLS), reasons: z.array(reason) })),
  exportPathway: z
    .object({
      pathway: z.enum(EXPORT_PATHWAYS),
      reasons: z.array(reason),
      cumulative: z.object({ personalInfoPeople: z.number(), sensitivePersonalInfoPeople: z.number() }),
      rules: z.array(z.string()),
    })
    .nullable(),
  provisioning: z.array(z.object({ prerequisite: z.string(), rules: z.array(z.string()), reasons: z.array(reason) })),
});

/** The route under review: of the request, or of an amendment while the approved scope keeps running. */
export const review = z.object({
  kind: z.enum(['request', 'amendment']),
  round: z.number().int(),
  stages: z.array(z.enum(APPROVAL_STAGES)),
  awaitsRegulator: z.boolean(),
  current: z.union([z.enum(APPROVAL_STAGES), z.literal('regulator')]),
  openedAt: instant(),
  remindAt: instant().optional(),
  dueAt: instant(),
  escalations: z.number().int(),
});

/** A decision of a stage or of the regulator, with the snapshot of what it was made on. */
export const decision = z.object({
  kind: z.enum(['request', 'amendment']),
  round: z.number().int(),
  stage: z.union([z.enum(APPROVAL_STAGES), z.literal('regulator')]),
  outcome: z.union([z.enum(STAGE_OUTCOMES), z.enum(REGULATOR_OUTCOMES)]),
  by: z.string(),
  at: instant(),
  reason: z.string().optional(),
  /** The regulator's reference of its decision. */
  reference: z.string().optional(),
  /** The stored snapshot of the rules' inputs and evaluation (decision_snapshots). */
  snapshotKey: z.string(),
});

export const usagePeriod = z.object({
  start: calendarDate,
  end: calendarDate,
  remindAt: instant(),
  dueAt: instant(),
  suspendAt: instant(),
  /** The partner was reminded; the report is overdue (then, past the grace, the agreement suspends). */
  reminded: z.boolean().optional(),
  overdue: z.boolean().optional(),
  reportedAt: instant().optional(),
  reportKey: z.string().optional(),
  reportedBy: z.string().optional(),
});

export const violation = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  suspends: z.boolean(),
  at: instant(),
  period: z.string().optional(),
});

export const SUSPENSION_CAUSES = [
  'partner_lapsed',
  'partner_rejected_on_revetting',
  'usage_report_overdue',
  'usage_violation',
  'recertification_missed',
  'incident',
  'inspection_finding',
] as const;
export type SuspensionCause = (typeof SUSPENSION_CAUSES)[number];

export const ENDING_TRIGGERS = [
  'expiry',
  'early_end',
  'emergency_revoke',
  'partner_blacklisted',
  'rejected',
  'withdrawn',
  'incident',
  'unrectified_finding',
] as const;
export type EndingTrigger = (typeof ENDING_TRIGGERS)[number];

export const attestation = z.object({
  status: z.enum(ATTESTATION_STATUSES),
  dueAt: instant(),
  remindAt: instant(),
  overdue: z.boolean(),
  received: z
    .object({
      what: z.string(),
      deletedAt: instant(),
      deletedBy: z.string(),
      method: z.enum(DELETION_METHODS),
      includesBackups: z.boolean(),
      attestedBy: z.string(),
      at: instant(),
      key: z.string(),
    })
    .optional(),
  waived: z.object({ by: z.string(), at: instant(), reason: z.string() }).optional(),
});

export const agreementState = z.object({
  ...entityFields,
  /** The request that created the draft: the same create repeated is the same agreement. */
  requestId: z.string(),
  title: text(200),
  requestingUnit: z.string(),
  requestedBy: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  status: z.enum(AGREEMENT_STATUSES),
  /** The request as it stands: what a draft or a returned request says, and what was last submitted. */
  request: agreementRequest,
  records: recordsOnFile,
  /** What the request shares, from its assets (R4): the fields lists filter by and the abilities read. */
  effectiveGrade: z.enum(DATA_GRADES),
  personalInfo: z.boolean(),
  sensitivePersonalInfo: z.boolean(),
  crossBorder: z.boolean(),
  /** The agreement's term as instants (the start and the end of its Shanghai dates). */
  startsAt: instant(),
  endsAt: instant(),
  route: route.optional(),
  review: review.nullable(),
  decisions: z.array(decision),
  /** The approved scope: what flows (an amendment in review does not change it until it is approved). */
  approved: agreementRequest.optional(),
  amendment: z
    .object({
      proposed: agreementRequest,
      by: z.string(),
      at: instant(),
      /** What the proposed scope shares (R4): its approvers are judged on it, not on the scope that runs. */
      effectiveGrade: z.enum(DATA_GRADES).optional(),
      personalInfo: z.boolean().optional(),
    })
    .optional(),
  provision: z
    .object({
      key: z.string(),
      reportable: z.boolean(),
      reasons: z.array(reason),
      recordedAt: instant(),
      filing: z
        .object({
          key: z.string(),
          reference: z.string(),
          submittedAt: instant(),
          confirmedAt: instant().optional(),
          regulatorReference: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  access: z.object({
    granted: z.boolean(),
    grants: z.number().int(),
    revokes: z.number().int(),
    grantedAt: instant().optional(),
    revokedAt: instant().optional(),
  }),
  usage: z.object({ periods: z.array(usagePeriod), received: sharingVolume }),
  recertification: z
    .object({
      dueAt: instant(),
      remindAt: instant(),
      suspendAt: instant(),
      reminded: z.boolean().optional(),
      confirmedAt: instant().optional(),
    })
    .optional(),
  /** `reason` is a person's own words; `why` the system's reason, as a code (either or both). */
  suspension: z
    .object({ cause: z.enum(SUSPENSION_CAUSES), at: instant(), reason: z.string().optional(), why: reason.optional() })
    .optional(),
  /**
   * The open incidents that contain this sharing: it resumes only once the last of them is closed with
   * resume, and no one resumes it by hand while one holds it.
   */
  incidentHolds: z.array(z.string()).optional(),
  violations: z.array(violation),
  ending: z
    .object({
      trigger: z.enum(ENDING_TRIGGERS),
      at: instant(),
      by: z.string(),
      reason: z.string().optional(),
      why: reason.optional(),
    })
    .optional(),
  attestation: attestation.optional(),
  /** Who must act next, and by when: a role, a unit head's unit or the partner. */
  awaiting: z.string().optional(),
  dueAt: instant().optional(),
});
export type AgreementState = z.infer<typeof agreementState>;

/** Fields the workflow keeps for itself: in the store, never in the API's view. */
export const AGREEMENT_WORKFLOW_FIELDS = ['requestId'] as const;
