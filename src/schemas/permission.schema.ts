import { z } from 'zod';
import { ACTIONS, SUBJECTS } from '../../policies/vocabulary';

export const permissionQuery = z
  .object({
    action: z.enum(ACTIONS),
    subject: z.enum(SUBJECTS),
    id: z.string().min(1).max(100).optional(),
  })
  .strict();
export type PermissionQuery = z.infer<typeof permissionQuery>;

export const permissionView = z.object({
  action: z.enum(ACTIONS),
  subject: z.enum(SUBJECTS),
  id: z.string().optional(),
  allowed: z.boolean(),
  /** The rule that decided: the last matching one; none when no rule grants the action at all. */
  decidedBy: z
    .object({
      effect: z.enum(['allow', 'deny']),
      conditions: z.record(z.string(), z.unknown()).optional(),
      reason: z.string().optional(),
    })
    .nullable(),
});
export type PermissionView = z.infer<typeof permissionView>;
