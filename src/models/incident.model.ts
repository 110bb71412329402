import { Schema, model } from 'mongoose';
import { INCIDENT_STATUSES, SEVERITIES } from '../../policies/vocabulary';

/** A data-security incident involving a partner (S3): `open → contained → investigated → closed`. */
const incidentSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    severity: { type: String, enum: SEVERITIES, required: true },
    summary: { type: String, required: true },
    detectedAt: { type: Date, required: true },
    reportedBy: { type: String, required: true },
    /** Reporting deadlines computed by policies/calendar.ts from the rule parameters (R19, R20). */
    deadlines: { type: [new Schema({ kind: String, dueAt: Date, metAt: Date }, { _id: false })], default: [] },
    status: { type: String, enum: INCIDENT_STATUSES, required: true, default: 'open' },
    outcome: { type: String, enum: ['resumed', 'revoked_and_blacklisted'] },
    version: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
incidentSchema.index({ partnerId: 1, detectedAt: -1 });
incidentSchema.index({ status: 1, detectedAt: -1 });

export const IncidentModel = model('Incident', incidentSchema, 'incidents');
