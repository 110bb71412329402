import { ForbiddenError } from '@casl/ability';
import { accessibleBy } from '@casl/mongoose';
import type { AppAbility } from '../../policies/abilities';
import type { Action, SubjectName } from '../../policies/vocabulary';

/**
 * The store filter of the records this ability may `action`, for a list query's `$and`. A caller
 * with no rule for the type at all gets a 403 here: @casl/mongoose would answer with a
 * match-nothing `$expr`, which FerretDB v1 does not implement.
 */
export function accessibleFilter(ability: AppAbility, action: Action, type: SubjectName): Record<string, unknown> {
  ForbiddenError.from(ability).throwUnlessCan(action, type);
  return accessibleBy(ability, action).ofType(type);
}
