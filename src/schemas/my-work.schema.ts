import { z } from 'zod';

export const WORK_ITEM_KINDS = [
  'partner_review',
  'partner_questionnaire',
  'partner_information',
  'notification',
] as const;
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];

/** One thing the signed-in user has to do; the console renders its text from `kind` and `params`. */
export const workItem = z.object({
  kind: z.enum(WORK_ITEM_KINDS),
  params: z.record(z.string(), z.string()),
  subject: z.object({ type: z.string(), id: z.string() }),
  dueAt: z.string().optional(),
  overdue: z.boolean(),
  link: z.string(),
  /** A notification's id, to mark it read. */
  notificationId: z.string().optional(),
});
export type WorkItem = z.infer<typeof workItem>;

export const workView = z.object({ items: z.array(workItem) });

export const notificationIdParams = z
  .object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a notification id') })
  .strict();
