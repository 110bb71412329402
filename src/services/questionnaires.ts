import { DomainError } from '../../policies/errors';
import { questionnaireOf, type QuestionnaireModel } from '../models/questionnaire.model';
import type { QuestionnaireView } from '../schemas/questionnaire.schema';

/** The published questionnaires: public to every signed-in user, partners included. Weights stay internal. */
export function createQuestionnaireService(deps: { questionnaires: typeof QuestionnaireModel }) {
  async function get(version: string): Promise<QuestionnaireView> {
    const doc = await deps.questionnaires.findById(version).lean();
    if (!doc) throw new DomainError('questionnaire.not_found', `no questionnaire ${version} is published`);
    const { questions, ...about } = questionnaireOf(doc);
    return {
      ...about,
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
