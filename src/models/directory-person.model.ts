import { Schema, model } from 'mongoose';

/**
 * Names learnt from the identity provider: the `name` claim of each person's token, the first time this
 * process sees it (and again when it changes). The configured directory file takes precedence.
 */
const directoryPersonSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    unit: String,
  },
  { timestamps: true, versionKey: false },
);

export const DirectoryPersonModel = model('DirectoryPerson', directoryPersonSchema, 'directory_people');
