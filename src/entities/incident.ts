/** The incident as an entity: its store document, its list row and its view, from its one schema. */
import { INCIDENT_GRADES, INCIDENT_KINDS, INCIDENT_SOURCES, INCIDENT_STATUSES } from '../../policies/vocabulary';
import { incidentWorkflowId } from '../../workflows/ids';
import { INCIDENT_WORKFLOW_FIELDS, incidentState } from '../../workflows/incident/state';
import { incidentView } from '../schemas/incident.schema';
import { defineEntity } from './define';

/** The fields an incident list filters by: each indexed with the row's bucket and id, as list pages read them. */
export const INCIDENT_ROW_FILTERS = ['status', 'grade', 'partnerId', 'drill'] as const;

export const incidentEntity = defineEntity({
  name: 'Incident',
  collection: 'incidents',
  state: incidentState,
  view: incidentView,
  workflowFields: INCIDENT_WORKFLOW_FIELDS,
  nestedFields: [],
  // The monthly report counts reports made and missed in the store, in time.
  nestedInstants: ['deadlines.dueAt', 'deadlines.madeAt'],
  indexes: [[{ partnerId: 1, _id: 1 }], [{ status: 1, _id: 1 }], [{ drill: 1, reportedAt: 1 }]],
  workflowIdOf: incidentWorkflowId,
  row: {
    collection: 'incident_rows',
    fieldsOf: (s) => ({
      title: s.title,
      partnerId: s.partnerId,
      partnerName: s.partnerName,
      kind: s.kind,
      source: s.source,
      status: s.status,
      grade: s.grade,
      drill: s.drill,
      detectedAt: new Date(s.detectedAt),
      reportedAt: new Date(s.reportedAt),
      agreements: s.agreements.length,
      missed: s.deadlines.filter((d) => d.state === 'missed').length,
      partnerReportLate: s.partnerReport?.late,
      nextDueAt: s.nextDueAt ? new Date(s.nextDueAt) : undefined,
      closedAt: s.closedAt ? new Date(s.closedAt) : undefined,
      updatedAt: new Date(s.updatedAt),
    }),
    schema: {
      title: String,
      partnerId: String,
      partnerName: String,
      kind: { type: String, enum: INCIDENT_KINDS },
      source: { type: String, enum: INCIDENT_SOURCES },
      status: { type: String, enum: INCIDENT_STATUSES },
      grade: { type: String, enum: INCIDENT_GRADES },
      drill: Boolean,
      detectedAt: Date,
      reportedAt: Date,
      agreements: Number,
      missed: Number,
      partnerReportLate: Boolean,
      nextDueAt: Date,
      closedAt: Date,
      updatedAt: Date,
    },
    indexes: INCIDENT_ROW_FILTERS.map((field) => [{ [field]: 1, bucket: 1, _id: 1 }] as [Record<string, 1>]),
  },
});

export const IncidentModel = incidentEntity.model;
export const IncidentRowModel = incidentEntity.rowModel!;
