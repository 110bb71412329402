/**
 * The API's shapes of sharing agreements: the bodies people send, derived from the request of
 * `workflows/agreement/state.ts`, and the views, derived from the agreement's state.
 */
import { z } from 'zod';
import { INTERNAL_AGREEMENT_FIELDS } from '../../policies/abilities';
import {
  AGREEMENT_STATUSES,
  APPROVAL_STAGES,
  CONTROLS,
  DATA_GRADES,
  DELETION_METHODS,
  REGULATOR_OUTCOMES,
  STAGE_OUTCOMES,
} from '../../policies/vocabulary';
import { agreementRequest, agreementState, recordsOnFile } from '../../workflows/agreement/state';
import { pageQuery } from '../store/pagination';
import { maskOf } from './mask';

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an id');

export const agreementIdParams = z.object({ id: uuid }).strict();

/** A draft: a title, the request, and the pre-approval records on file so far. */
export const createAgreementBody = z
  .object({ title: text(200), request: agreementRequest, records: recordsOnFile.default({}) })
  .strict();
export type CreateAgreementBody = z.infer<typeof createAgreementBody>;

/** The request as the rules would judge it now: nothing is stored. */
export const previewBody = z.object({ request: agreementRequest, records: recordsOnFile.default({}) }).strict();

export const editAgreementBody = z
  .object({ title: text(200).optional(), request: agreementRequest, records: recordsOnFile.default({}) })
  .strict();
export type EditAgreementBody = z.infer<typeof editAgreementBody>;

export const reasonBody = z.object({ reason: text(2000) }).strict();
export const emptyBody = z.object({}).strict();

export const stageDecisionBody = z
  .object({ stage: z.enum(APPROVAL_STAGES), outcome: z.enum(STAGE_OUTCOMES), reason: text(2000).optional() })
  .strict()
  .refine((d) => d.outcome === 'approve' || d.reason !== undefined, {
    path: ['reason'],
    message: 'a rejection or a return states its reason',
    params: { rule: 'reason.required' },
  });

export const regulatorDecisionBody = z
  .object({ outcome: z.enum(REGULATOR_OUTCOMES), reference: text(200), reason: text(2000).optional() })
  .strict();

export const filingConfirmationBody = z
  .object({ regulatorReference: text(200).optional(), confirmedAt: instant })
  .strict();

const count = z.number().int().min(0).max(10_000_000_000);
export const usageReportBody = z
  .object({
    periodStart: z.iso.date(),
    records: count,
    people: count,
    personalInfoPeople: count,
    sensitivePersonalInfoPeople: count,
    fieldsUsed: agreementRequest.shape.assets,
    controlsAttested: z.array(z.enum(CONTROLS)).max(CONTROLS.length),
    onwardProvision: z.object({ subRecipientPartnerId: uuid }).strict().nullable(),
    remarks: text(2000).optional(),
  })
  .strict();
export type UsageReportBody = z.infer<typeof usageReportBody>;

export const amendmentBody = z.object({ request: agreementRequest }).strict();

export const attestationBody = z
  .object({
    what: text(2000),
    deletedAt: instant,
    deletedBy: text(200),
    method: z.enum(DELETION_METHODS),
    includesBackups: z.boolean(),
  })
  .strict();
export type AttestationBody = z.infer<typeof attestationBody>;

export const recordsBody = z.object({ records: recordsOnFile }).strict();

/**
 * The API's view of an agreement: its state without the workflow's own bookkeeping, plus its
 * workflow's id. The fields a partner's user may not read are optional here.
 */
export const agreementView = agreementState
  .omit({ requestId: true })
  .partial(maskOf(INTERNAL_AGREEMENT_FIELDS))
  .extend({ workflowId: z.string() });
export type AgreementView = z.infer<typeof agreementView>;

/** What a list shows of an agreement: the flat row the agreement's workflow keeps beside it. */
export const agreementRowView = z.object({
  id: z.string(),
  title: z.string(),
  requestingUnit: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  status: z.enum(AGREEMENT_STATUSES),
  effectiveGrade: z.enum(DATA_GRADES),
  startsAt: z.string(),
  endsAt: z.string(),
  awaiting: z.string().optional(),
  dueAt: z.string().optional(),
  attestation: z.string().optional(),
  updatedAt: z.string(),
});
export type AgreementRowView = z.infer<typeof agreementRowView>;

export const agreementListQuery = pageQuery
  .extend({
    status: z.enum(AGREEMENT_STATUSES).optional(),
    partnerId: uuid.optional(),
    unit: z.string().trim().min(1).max(100).optional(),
    grade: z.enum(DATA_GRADES).optional(),
    /** Agreements whose term ends in this month (YYYY-MM): the month of "ending soon". */
    endMonth: z
      .string()
      .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
      .optional(),
    /** Only those awaiting a decision the caller may take. */
    awaitingMe: z.enum(['true']).optional(),
  })
  .strict();
export type AgreementListQuery = z.infer<typeof agreementListQuery>;

export const agreementPage = z.object({ items: z.array(agreementRowView), nextCursor: z.string().optional() });

const reason = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });
const refusal = reason.extend({ message: z.string() });

/** What the rules say of a request before it is submitted: its route, every refusal, what blocks approval. */
export const previewView = z.object({
  rulesVersion: z.string(),
  effectiveGrade: z.enum(DATA_GRADES),
  refusals: z.array(refusal),
  approvalBlockers: z.array(refusal),
  route: agreementState.shape.route.unwrap(),
  reportable: z.boolean(),
  reportableReasons: z.array(reason),
});
export type PreviewView = z.infer<typeof previewView>;
