import { subject as asSubject } from '@casl/ability';
import { DomainError } from '../../policies/errors';
import type { SubjectName } from '../../policies/vocabulary';
import type { PermissionQuery, PermissionView } from '../schemas/permission.schema';
import type { Caller } from '../../policies/abilities';

/** Loads one record of a subject type by id, for a permission asked about that record. */
export type SubjectLoaders = Partial<Record<SubjectName, (id: string) => Promise<Record<string, unknown> | null>>>;

/** Answers "may I?" for the console: allowed or not, and which rule decided. */
export function createPermissionService(loaders: SubjectLoaders) {
  async function check(caller: Caller, query: PermissionQuery): Promise<PermissionView> {
    let target: Parameters<typeof caller.ability.can>[1] = query.subject;
    if (query.id !== undefined) {
      const load = loaders[query.subject];
      if (!load)
        throw new DomainError('request.invalid', `permissions on one ${query.subject} by id are not available yet`);
      const record = await load(query.id);
      if (!record) throw new DomainError('resource.not_found', `no ${query.subject} ${query.id}`);
      target = asSubject(query.subject, record);
    }
    const allowed = caller.ability.can(query.action, target);
    const rule = caller.ability.relevantRuleFor(query.action, target);
    return {
      action: query.action,
      subject: query.subject,
      ...(query.id !== undefined ? { id: query.id } : {}),
      allowed,
      decidedBy: rule
        ? {
            effect: rule.inverted ? 'deny' : 'allow',
            ...(rule.conditions ? { conditions: rule.conditions as Record<string, unknown> } : {}),
            ...(rule.reason ? { reason: rule.reason } : {}),
          }
        : null,
    };
  }
  return { check };
}

export type PermissionService = ReturnType<typeof createPermissionService>;
