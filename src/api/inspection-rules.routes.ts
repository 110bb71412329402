import { ruleSetView, saveRuleSetBody, whatIfBody, whatIfView } from '../schemas/inspection.schema';
import type { InspectionRuleService } from '../services/inspection-rules';
import { BODY_ERRORS, COMMON_ERRORS } from './openapi';
import { route, type Route } from './route-table';

/** The inspection rule set: read it, try a change over the store (what-if), save it (the DSO). */
export function inspectionRuleRoutes(rules: InspectionRuleService): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/inspection-rules',
      summary:
        'The inspection rule set in force (each rule enabled, its severity, its parameters) with its version; version 0 is the parameters file’s',
      ok: { status: 200, schema: ruleSetView, description: 'The rule set' },
      errors: COMMON_ERRORS,
      handle: ({ caller }) => rules.get(caller),
    }),
    route({
      method: 'put',
      path: '/api/inspection-rules',
      summary:
        'Save the rule set as a new version (the DSO), audited; `version` is the one read: another save in between is refused (409). The next run judges by it',
      body: saveRuleSetBody,
      ok: { status: 200, schema: ruleSetView, description: 'Saved; the rule set now in force' },
      errors: {
        ...COMMON_ERRORS,
        ...BODY_ERRORS,
        409: 'The rule set was saved by someone else since the version read',
        422: 'A parameter the rules refuse',
      },
      handle: ({ caller, body }) => rules.save(caller, body),
    }),
    route({
      method: 'post',
      path: '/api/inspections/what-if',
      summary:
        'What a rule change would do, before it is saved (the DSO): the live agreements that would gain or lose findings, and the approval decisions of the last months that would have gone otherwise, replayed from their stored snapshots. Nothing is written. One call scans the store within a time budget; `nextCursor` goes on with the same proposal',
      body: whatIfBody,
      ok: { status: 200, schema: whatIfView, description: 'Counts over the part scanned, and the first affected' },
      errors: { ...COMMON_ERRORS, ...BODY_ERRORS, 422: 'A parameter the rules refuse' },
      handle: ({ caller, body }) => rules.whatIf(caller, body),
    }),
  ];
}
