/**
 * The partner data-security capability questionnaire (合作方数据安全能力评估问卷): its shape, and the
 * rule that an answer sheet is complete. The questions, options and weights themselves are versioned
 * data (src/data/questionnaires/<version>.json, seeded into the store), not code. An answered
 * questionnaire keeps the version it was answered in, so its score can always be recomputed.
 */
export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

export interface QuestionOption {
  id: string;
  text: LocalisedText;
  /** Points towards the capability score; the option a capable partner picks scores the most. */
  points: number;
}

export const QUESTION_AREAS = [
  'governance',
  'access',
  'encryption',
  'logging',
  'retention',
  'incident',
  'subprocessing',
] as const;

export interface Question {
  id: string;
  /** The control family the question belongs to, for reviewers. */
  area: (typeof QUESTION_AREAS)[number];
  text: LocalisedText;
  options: readonly QuestionOption[];
}

export interface Questionnaire {
  version: string;
  title: LocalisedText;
  publishedAt: string;
  questions: readonly Question[];
}

/** questionId → optionId */
export type Answers = Readonly<Record<string, string>>;

export interface AnswerProblem {
  question: string;
  problem: 'unanswered' | 'unknown_option' | 'unknown_question';
}

/** What is wrong with an answer sheet; empty when every question has one of its options and nothing else. */
export function answerProblemsOf(questionnaire: Questionnaire, answers: Answers): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const question of questionnaire.questions) {
    const answer = answers[question.id];
    if (answer === undefined) problems.push({ question: question.id, problem: 'unanswered' });
    else if (!question.options.some((o) => o.id === answer))
      problems.push({ question: question.id, problem: 'unknown_option' });
  }
  for (const id of Object.keys(answers)) {
    if (!questionnaire.questions.some((q) => q.id === id)) problems.push({ question: id, problem: 'unknown_question' });
  }
  return problems;
}
