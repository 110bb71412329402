import { z } from 'zod';

const text = z.object({ 'zh-CN': z.string(), en: z.string() });

/** A published questionnaire as partners see it: questions and options in zh-CN and en, without weights. */
export const questionnaireView = z.object({
  version: z.string(),
  title: text,
  publishedAt: z.string(),
  questions: z.array(
    z.object({ id: z.string(), area: z.string(), text, options: z.array(z.object({ id: z.string(), text })) }),
  ),
});
export type QuestionnaireView = z.infer<typeof questionnaireView>;
