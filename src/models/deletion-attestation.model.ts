import { Schema, model, type InferSchemaType } from 'mongoose';
import { DELETION_METHODS } from '../../policies/vocabulary';

/**
 * A partner's attestation that it deleted the data of an ended agreement: what, when, by whom, how
 * (R9: record each destruction; PIPL Art 21: the entrusted party returns or deletes). `_id` is its key
 * (`deletion:<agreementId>:v<n>`): a retried write is one attestation, the first one kept.
 */
const deletionAttestationSchema = new Schema(
  {
    _id: { type: String, required: true },
    agreementId: { type: String, required: true },
    partnerId: { type: String, required: true },
    requestingUnit: { type: String, required: true },
    /** The assets and fields deleted. */
    deleted: { type: [new Schema({ assetId: String, fields: [String] }, { _id: false })], default: [] },
    /** What was deleted in the partner's words: systems, copies, backups, sub-recipients. */
    description: { type: String, required: true },
    includesBackups: { type: Boolean, required: true },
    deletedAt: { type: Date, required: true },
    /** The person at the partner who carried out or supervised the deletion. */
    deletedBy: { type: new Schema({ name: String, title: String }, { _id: false }), required: true },
    method: { type: String, enum: DELETION_METHODS, required: true },
    methodDetail: String,
    attestedBy: { type: String, required: true },
    attestedAt: { type: Date, required: true },
    retainUntil: { type: Date, required: true },
  },
  { versionKey: false },
);
deletionAttestationSchema.index({ agreementId: 1 });
deletionAttestationSchema.index({ partnerId: 1 });

export type DeletionAttestationDocument = InferSchemaType<typeof deletionAttestationSchema>;
export const DeletionAttestationModel = model(
  'DeletionAttestation',
  deletionAttestationSchema,
  'deletion_attestations',
);
