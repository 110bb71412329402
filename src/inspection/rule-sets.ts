/**
 * The inspection rules in force: the parameters' own `inspectionRules` (the parameters file or the rules'
 * defaults) until the DSO saves a version, the latest saved version from then on. Read by the API (rule
 * set, what-if) and by a run's preparation, so a run and a what-if judge by the same rules.
 */
import { inspectionRuleSetVersionOf } from '../../policies/inspection-rules';
import type { InspectionRulesConfig } from '../../policies/inspection-parameters';
import { parametersWithRules } from '../../policies/inspection-rule-set';
import type { Parameters } from '../../policies/parameters';
import { InspectionRuleSetModel } from '../models/inspection-rule-set.model';

export interface RuleSetInForce {
  /** 0: the parameters' own rules (nothing saved yet). */
  version: number;
  rules: InspectionRulesConfig;
  ruleSetVersion: string;
  savedAt?: string;
  savedBy?: string;
  /** The whole parameters with these rules in place. */
  params: Parameters;
}

interface StoredRuleSet {
  _id: number;
  rules: InspectionRulesConfig;
  savedAt: Date;
  savedBy: string;
}

/**
 * The latest saved version, if any. The versions' ids are read (one small number each, a save a time) and
 * the highest is read whole: no sort is asked of the store (FerretDB v1 sorts in Go).
 */
async function latestSaved(): Promise<StoredRuleSet | undefined> {
  const ids = await InspectionRuleSetModel.find({}, { _id: 1 }).lean<{ _id: number }[]>();
  if (ids.length === 0) return undefined;
  const latest = Math.max(...ids.map((d) => d._id));
  return (await InspectionRuleSetModel.findById(latest).lean<StoredRuleSet>()) ?? undefined;
}

/** The rule set in force over `params` (the parameters file's). */
export async function ruleSetInForce(params: Parameters): Promise<RuleSetInForce> {
  const saved = await latestSaved();
  if (!saved) {
    return { version: 0, rules: params.inspectionRules, ruleSetVersion: inspectionRuleSetVersionOf(params), params };
  }
  const inForce = parametersWithRules(params, saved.rules);
  return {
    version: saved._id,
    rules: inForce.inspectionRules,
    ruleSetVersion: inspectionRuleSetVersionOf(inForce),
    savedAt: saved.savedAt.toISOString(),
    savedBy: saved.savedBy,
    params: inForce,
  };
}
