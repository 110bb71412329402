import { Schema, model } from 'mongoose';

/**
 * A saved version of the inspection rule set (the `inspectionRules` section of the parameters, issue 14):
 * `_id` its version number, 1 for the first save. Versions are only inserted, never changed: the insert
 * under `_id` decides two saves of the same version (E11000 for the second), on FerretDB and MongoDB alike.
 */
const inspectionRuleSetSchema = new Schema(
  {
    _id: { type: Number, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    /** The rule set version a run records (`inspectionRuleSetVersionOf`) with these rules in force. */
    ruleSetVersion: { type: String, required: true },
    savedAt: { type: Date, required: true },
    savedBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);

export const InspectionRuleSetModel = model('InspectionRuleSet', inspectionRuleSetSchema, 'inspection_rule_sets');
