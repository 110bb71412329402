/**
 * The inspection rule set the DSO edits (issue 14 points 1 and 5): read the rules in force with their
 * version, try a proposal over the whole store first (what-if: nothing is written), and save it as a new
 * version (audited). Runs read the same rules in force when they start (`src/inspection/rule-sets.ts`).
 */
import { ForbiddenError } from '@casl/ability';
import type { Caller } from '../../policies/abilities';
import { DomainError } from '../../policies/errors';
import { inspectionRuleSetVersionOf } from '../../policies/inspection-rules';
import { InvalidParametersError, proposedParametersOf } from '../../policies/inspection-rule-set';
import type { Parameters } from '../../policies/parameters';
import { parameterChangesOf } from '../../policies/what-if';
import { appendAuditEvent } from '../audit/audit-log';
import { ruleSetInForce } from '../inspection/rule-sets';
import { SCAN_PARTITIONS } from '../inspection/reading';
import { whatIfSlice } from '../inspection/what-if-scan';
import { isDuplicateKey } from '../models/duplicate-key';
import { InspectionRuleSetModel } from '../models/inspection-rule-set.model';
import type { RuleSetView, SaveRuleSetBody, WhatIfBody, WhatIfView } from '../schemas/inspection.schema';
import { decodeCursor, encodeCursor } from '../store/pagination';

/**
 * How long one what-if call scans before it answers with a cursor: well inside a proxy's or browser's
 * request timeout, and long enough for a store of tens of thousands of agreements in one call.
 */
export const WHAT_IF_BUDGET_MS = 20_000;

export interface InspectionRuleServiceDeps {
  /** The parameters file's parameters (the rules' defaults when there is none). */
  parameters: () => Parameters;
  budgetMs?: number;
  clock?: () => number;
}

const viewOf = (inForce: Awaited<ReturnType<typeof ruleSetInForce>>): RuleSetView => ({
  version: inForce.version,
  rules: inForce.rules,
  ruleSetVersion: inForce.ruleSetVersion,
  ...(inForce.savedAt ? { savedAt: inForce.savedAt } : {}),
  ...(inForce.savedBy ? { savedBy: inForce.savedBy } : {}),
});

/** A proposal the parameters refuse (a value out of its bounds, a path that names nothing): 422 with every key. */
function refused(error: InvalidParametersError): DomainError {
  const keys = error.problems.map((p) => p.key).join(', ');
  return new DomainError('inspection.parameters_invalid', error.message, { keys }, { problems: error.problems });
}

export function createInspectionRuleService(deps: InspectionRuleServiceDeps) {
  const clock = deps.clock ?? Date.now;
  const budgetMs = deps.budgetMs ?? WHAT_IF_BUDGET_MS;

  return {
    async get(caller: Caller): Promise<RuleSetView> {
      ForbiddenError.from(caller.ability).throwUnlessCan('read', 'Inspection');
      return viewOf(await ruleSetInForce(deps.parameters()));
    },

    /**
     * Saves the rules as the version after the one the caller read; a save of another in between gets 409
     * (the insert under the version's `_id` decides a race). The next run judges by them.
     */
    async save(caller: Caller, body: SaveRuleSetBody): Promise<RuleSetView> {
      ForbiddenError.from(caller.ability).throwUnlessCan('update', 'Inspection');
      const current = await ruleSetInForce(deps.parameters());
      const conflict = () =>
        new DomainError(
          'inspection.rules_changed',
          `the rule set is at version ${current.version}, not ${body.version}; read it again`,
          { version: current.version },
        );
      if (body.version !== current.version) throw conflict();
      let proposed: Parameters;
      try {
        proposed = proposedParametersOf({ current: current.params, rules: body.rules }).proposed;
      } catch (error) {
        if (error instanceof InvalidParametersError) throw refused(error);
        throw error;
      }
      const version = current.version + 1;
      try {
        await InspectionRuleSetModel.create({
          _id: version,
          rules: proposed.inspectionRules,
          ruleSetVersion: inspectionRuleSetVersionOf(proposed),
          savedAt: new Date(clock()),
          savedBy: caller.claims.sub,
        });
      } catch (error) {
        if (isDuplicateKey(error)) throw conflict();
        throw error;
      }
      const changes = parameterChangesOf(current.params, proposed);
      await appendAuditEvent({
        eventKey: `inspection-rules:v${version}`,
        actor: caller.claims,
        action: 'inspection.rules_saved',
        subject: { type: 'Inspection', id: `rules-v${version}` },
        before: { version: current.version, ruleSetVersion: current.ruleSetVersion },
        after: { version, ruleSetVersion: inspectionRuleSetVersionOf(proposed), changes },
      });
      return viewOf(await ruleSetInForce(deps.parameters()));
    },

    /**
     * What the proposal would change: the agreements that would gain or lose findings, and the approval
     * decisions that would have gone otherwise, over the store partition by partition within the time
     * budget (then `nextCursor` goes on). Nothing is written.
     */
    async whatIf(caller: Caller, body: WhatIfBody): Promise<WhatIfView> {
      ForbiddenError.from(caller.ability).throwUnlessCan('update', 'Inspection');
      const started = clock();
      const fromPartition = body.cursor === undefined ? 0 : decodeCursor(body.cursor);
      if (
        typeof fromPartition !== 'number' ||
        !Number.isInteger(fromPartition) ||
        fromPartition < 0 ||
        fromPartition >= SCAN_PARTITIONS.length
      )
        throw new DomainError('request.invalid', 'the cursor is not one this API gave out');
      const current = await ruleSetInForce(deps.parameters());
      let proposal: ReturnType<typeof proposedParametersOf>;
      try {
        proposal = proposedParametersOf({
          current: current.params,
          ...(body.rules ? { rules: body.rules } : {}),
          ...(body.changes ? { changes: body.changes } : {}),
        });
      } catch (error) {
        if (error instanceof InvalidParametersError) throw refused(error);
        throw error;
      }
      const slice = await whatIfSlice({
        current: current.params,
        proposed: proposal.proposed,
        changes: proposal.changes,
        now: new Date(started),
        months: body.months,
        limit: body.limit,
        fromPartition,
        deadline: started + budgetMs,
        clock,
      });
      return {
        changes: proposal.changes,
        ruleSetVersion: { current: current.ruleSetVersion, proposed: inspectionRuleSetVersionOf(proposal.proposed) },
        tally: slice.tally,
        agreements: slice.agreements,
        decisions: slice.decisions,
        decisionsWithoutSnapshot: slice.decisionsWithoutSnapshot,
        truncated: slice.truncated,
        partitions: { from: fromPartition, done: slice.partitionsDone, total: SCAN_PARTITIONS.length },
        ...(slice.nextPartition !== undefined ? { nextCursor: encodeCursor(slice.nextPartition) } : {}),
      };
    },
  };
}

export type InspectionRuleService = ReturnType<typeof createInspectionRuleService>;
