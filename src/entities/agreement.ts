/** The sharing agreement as an entity: its store document, its list row and its view, from its one schema. */
import { shanghaiDateOf } from '../../policies/calendar';
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
  indexes: [[{ requestingUnit: 1, _id: 1 }], [{ partnerId: 1, status: 1 }], [{ status: 1, endsAt: 1 }]],
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

export const AgreementModel = agreementEntity.model;
export const AgreementRowModel = agreementEntity.rowModel!;
