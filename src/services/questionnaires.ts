import { DomainError } from '../../policies/errors';
import type { Questionnaire } from '../../policies/questionnaire';
import { QuestionnaireModel } from '../models/questionnaire.model';
import type { QuestionnaireView } from '../schemas/questionnaire.schema';

/** The published questionnaires: public to every signed-in user, partners included. Weights stay internal. */
export function createQuestionnaireService() {
  async function get(version: string): Promise<QuestionnaireView> {
    const doc = await QuestionnaireModel.findById(version).lean();
    if (!doc) throw new DomainError('questionnaire.not_found', `no questionnaire ${version} is published`);
    const questions = doc.questions as unknown as Questionnaire['questions'];
    return {
      version: doc._id,
      title: doc.title as Questionnaire['title'],
      publishedAt: doc.publishedAt.toISOString(),
      questions: questions.map((q) => ({
        id: q.id,
        area: q.area,
        text: q.text,
        options: q.options.map((o) => ({ id: o.id, text: o.text })),
      })),
    };
  }
  return { get };
}

export type QuestionnaireService = ReturnType<typeof createQuestionnaireService>;
