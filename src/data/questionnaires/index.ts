import { z } from 'zod';
import { QUESTION_AREAS, type Questionnaire } from '../../../policies/questionnaire';
import dsq20261 from './dsq-2026.1.json';

const text = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
const questionnaireSchema = z
  .object({
    version: z.string().regex(/^[a-z]+-\d{4}\.\d+$/),
    title: text,
    publishedAt: z.iso.datetime({ offset: true }),
    questions: z
      .array(
        z
          .object({
            id: z.string().min(1),
            area: z.enum(QUESTION_AREAS),
            text,
            options: z
              .array(z.object({ id: z.string().min(1), text, points: z.number().int().min(0) }).strict())
              .min(2),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** Every published questionnaire, checked when loaded; the store is seeded from these (src/models/questionnaire.model.ts). */
export const QUESTIONNAIRES: readonly Questionnaire[] = [dsq20261].map((q) => questionnaireSchema.parse(q));

/** The version a new vetting is sent. */
export const CURRENT_QUESTIONNAIRE_VERSION = 'dsq-2026.1';
