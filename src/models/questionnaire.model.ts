import { Schema, model } from 'mongoose';
import type { Questionnaire } from '../../policies/questionnaire';
import { QUESTIONNAIRES } from '../data/questionnaires';

/**
 * Published questionnaires, one document per version, seeded from src/data/questionnaires. A version
 * never changes once published: seeding only inserts what is missing.
 */
const questionnaireSchema = new Schema(
  {
    _id: { type: String, required: true },
    title: { type: Schema.Types.Mixed, required: true },
    publishedAt: { type: Date, required: true },
    questions: { type: [Schema.Types.Mixed], required: true },
  },
  { timestamps: true, versionKey: false },
);

export const QuestionnaireModel = model('Questionnaire', questionnaireSchema, 'questionnaires');

/** A stored version as the policies read it. */
export function questionnaireOf(doc: {
  _id: string;
  title: unknown;
  publishedAt: Date;
  questions: unknown[];
}): Questionnaire {
  return {
    version: doc._id,
    title: doc.title as Questionnaire['title'],
    publishedAt: doc.publishedAt.toISOString(),
    questions: doc.questions as Questionnaire['questions'],
  };
}

/** Inserts the published versions the store lacks; running it again changes nothing. */
export async function seedQuestionnaires(): Promise<void> {
  for (const q of QUESTIONNAIRES) {
    await QuestionnaireModel.updateOne(
      { _id: q.version },
      { $setOnInsert: { title: q.title, publishedAt: new Date(q.publishedAt), questions: q.questions } },
      { upsert: true },
    );
  }
}
