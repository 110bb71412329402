import { z } from 'zod';

/** A display name in both of the console's languages. */
export const displayName = z
  .object({ 'zh-CN': z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
  .strict();

const unitEntry = z.object({ code: z.string().min(1).max(100), name: displayName }).strict();
const personEntry = z
  .object({ sub: z.string().min(1).max(200), name: displayName, unit: z.string().min(1).max(100).optional() })
  .strict();

/** The file DIRECTORY_FILE names: the organisation's units and people, with their names in zh-CN and en. */
export const directoryFile = z
  .object({ units: z.array(unitEntry).default([]), people: z.array(personEntry).default([]) })
  .strict();
export type DirectoryFile = z.infer<typeof directoryFile>;

export const directoryView = z.object({
  units: z.array(unitEntry),
  people: z.array(
    personEntry.extend({
      /** Where the name comes from: the configured file, the identity provider's `name` claim, or a portal user's record. */
      source: z.enum(['file', 'identity', 'portal']),
      partnerId: z.string().optional(),
    }),
  ),
});
export type DirectoryView = z.infer<typeof directoryView>;
