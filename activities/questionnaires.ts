import { ApplicationFailure } from '@temporalio/common';
import type { CertificationClaim } from '../policies/partner-checks';
import type { Answers, Questionnaire } from '../policies/questionnaire';
import { riskAssessmentOf, type RiskAssessment } from '../policies/risk-scoring';
import { questionnaireOf, type QuestionnaireModel } from '../src/models/questionnaire.model';

/** Reads the published questionnaires and scores answers against them. Reads only. */
export function createQuestionnaireActivities(deps: { questionnaires: typeof QuestionnaireModel }) {
  /** The questionnaire of `version`, or the latest published when no version is given. */
  async function loadQuestionnaire(input: { version?: string }): Promise<Questionnaire> {
    const doc = input.version
      ? await deps.questionnaires.findById(input.version).lean()
      : await deps.questionnaires.findOne().sort({ publishedAt: -1, _id: -1 }).lean();
    if (!doc) {
      const which = input.version ? `no questionnaire ${input.version} is` : 'no questionnaire is';
      throw ApplicationFailure.nonRetryable(`${which} published`, 'questionnaire.not_found');
    }
    return questionnaireOf(doc);
  }

  return {
    loadQuestionnaire,

    /** The risk score, tier and clearance of answers given in `questionnaireVersion`, as of `asOf`. */
    async assessPartnerRisk(input: {
      certifications: CertificationClaim[];
      dataLocations: string[];
      answers: Answers;
      questionnaireVersion: string;
      asOf: string;
    }): Promise<RiskAssessment> {
      const questionnaire = await loadQuestionnaire({ version: input.questionnaireVersion });
      return riskAssessmentOf({ ...input, questionnaire, now: new Date(input.asOf) });
    },
  };
}
export type QuestionnaireActivities = ReturnType<typeof createQuestionnaireActivities>;
