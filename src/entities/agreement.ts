/** The sharing agreement as an entity: its store document, its list row and its view, from its one schema. */
import { shanghaiDateOf } from '../../policies/calendar';
import { inspectedAgreementOf, type InspectedAgreementFacts } from '../../policies/inspection-rules';
import { AGREEMENT_STATUSES, DATA_GRADES } from '../../policies/vocabulary';
import { AGREEMENT_WORKFLOW_FIELDS, agreementState } from '../../workflows/agreement/state';
import { agreementWorkflowId } from '../../workflows/ids';
import { agreementView } from '../schemas/agreement.schema';
import { defineEntity } from './define';

/** The fields an agreement list filters by: each indexed with the row's bucket and id, as list pages read them. */
export const AGREEMENT_ROW_FILTERS = [
  'requestingUnit',
  'partnerId',
  'status',
  'effectiveGrade',
  'endMonth',
  'awaiting',
] as const;

export const agreementEntity = defineEntity({
  name: 'Agreement',
  collection: 'agreements',
  state: agreementState,
  view: agreementView,
  workflowFields: AGREEMENT_WORKFLOW_FIELDS,
  nestedFields: [],
  indexes: [
    [{ requestingUnit: 1, _id: 1 }],
    [{ partnerId: 1, status: 1 }],
    [{ status: 1, endsAt: 1 }],
    // Every decision counts the year's cross-border volumes (activities/agreement-context.ts): without it,
    // each one read every agreement.
    [{ crossBorder: 1 }],
  ],
  workflowIdOf: agreementWorkflowId,
  row: {
    collection: 'agreement_rows',
    fieldsOf: (s) => ({
      title: s.title,
      requestingUnit: s.requestingUnit,
      requestedBy: s.requestedBy,
      partnerId: s.partnerId,
      partnerName: s.partnerName,
      status: s.status,
      effectiveGrade: s.effectiveGrade,
      personalInfo: s.personalInfo,
      sensitivePersonalInfo: s.sensitivePersonalInfo,
      crossBorder: s.crossBorder,
      inspection: inspectionFactsTextOf(s),
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
      endMonth: shanghaiDateOf(new Date(s.endsAt)).slice(0, 7),
      awaiting: s.awaiting,
      dueAt: s.dueAt ? new Date(s.dueAt) : undefined,
      attestation: s.attestation?.status === 'awaiting' && s.attestation.overdue ? 'overdue' : s.attestation?.status,
      updatedAt: new Date(s.updatedAt),
    }),
    schema: {
      title: String,
      requestingUnit: String,
      requestedBy: String,
      partnerId: String,
      partnerName: String,
      status: { type: String, enum: AGREEMENT_STATUSES },
      effectiveGrade: { type: String, enum: DATA_GRADES },
      personalInfo: Boolean,
      sensitivePersonalInfo: Boolean,
      crossBorder: Boolean,
      inspection: String,
      startsAt: Date,
      endsAt: Date,
      endMonth: String,
      awaiting: String,
      dueAt: Date,
      attestation: String,
      updatedAt: Date,
    },
    indexes: AGREEMENT_ROW_FILTERS.map((field) => [{ [field]: 1, bucket: 1, _id: 1 }] as [Record<string, 1>]),
  },
});

/** The facts the row carries flat; the rest of what the inspection rules read is the row's `inspection` text. */
const FLAT_FACTS = [
  'id',
  'status',
  'requestingUnit',
  'partnerId',
  'endsAt',
  'effectiveGrade',
  'personalInfo',
  'sensitivePersonalInfo',
  'crossBorder',
] as const satisfies readonly (keyof InspectedAgreementFacts)[];
type NestedFacts = Omit<InspectedAgreementFacts, (typeof FLAT_FACTS)[number]>;

/**
 * The nested facts the inspection rules read (policies/inspection-rules.ts), as one JSON text on the row:
 * FerretDB decodes a document's nested values slowly and a text quickly, so a scan of 100,000 rows reads
 * everything the rules need from narrow documents.
 */
function inspectionFactsTextOf(state: Parameters<typeof inspectedAgreementOf>[0]): string {
  const facts: Partial<InspectedAgreementFacts> = inspectedAgreementOf(state);
  for (const field of FLAT_FACTS) delete facts[field];
  return JSON.stringify(facts);
}

/**
 * What the inspection rules read of an agreement, from its row; undefined for a row written before rows
 * carried the facts (then the agreement's document is read instead).
 */
export function inspectedAgreementOfRow(row: Record<string, unknown>): InspectedAgreementFacts | undefined {
  if (typeof row.inspection !== 'string') return undefined;
  const nested = JSON.parse(row.inspection) as NestedFacts;
  return {
    ...nested,
    id: String(row._id),
    status: row.status as InspectedAgreementFacts['status'],
    requestingUnit: String(row.requestingUnit),
    partnerId: String(row.partnerId),
    endsAt: (row.endsAt as Date).toISOString(),
    effectiveGrade: row.effectiveGrade as InspectedAgreementFacts['effectiveGrade'],
    personalInfo: row.personalInfo === true,
    sensitivePersonalInfo: row.sensitivePersonalInfo === true,
    crossBorder: row.crossBorder === true,
  };
}

export const AgreementModel = agreementEntity.model;
export const AgreementRowModel = agreementEntity.rowModel!;
