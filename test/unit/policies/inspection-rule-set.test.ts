import {
  InvalidParametersError,
  parametersWithRules,
  proposedParametersOf,
  wasApproved,
  whatIfStatusesOf,
} from '../../../policies/inspection-rule-set';
import { inspectedStatusesOf } from '../../../policies/inspection-rules';
import { DEFAULT_PARAMETERS, parametersFrom, type Parameters } from '../../../policies/parameters';

const current = parametersFrom({ questionnaireDeadlineDays: 7 });
const rulesWith = (edit: (rules: Parameters['inspectionRules']) => void) => {
  const rules = structuredClone(current.inspectionRules);
  edit(rules);
  return rules;
};

describe('proposedParametersOf', () => {
  it('puts the rule set in place and lists only the values that differ', () => {
    const rules = rulesWith((r) => {
      r.agreement_past_end.params.graceWorkingDays = 0;
      r.agreement_past_end.severity = 'critical';
      r.pipia_expired.enabled = false;
    });
    const { proposed, changes } = proposedParametersOf({ current, rules });
    expect(proposed.inspectionRules.agreement_past_end).toEqual({
      enabled: true,
      severity: 'critical',
      params: { graceWorkingDays: 0 },
    });
    expect(proposed.questionnaireDeadlineDays).toBe(7);
    expect(changes).toEqual([
      { path: ['inspectionRules', 'agreement_past_end', 'params', 'graceWorkingDays'], from: 1, to: 0 },
      { path: ['inspectionRules', 'agreement_past_end', 'severity'], from: 'high', to: 'critical' },
      { path: ['inspectionRules', 'pipia_expired', 'enabled'], from: true, to: false },
    ]);
  });

  it('applies other parameters by path over the rule set', () => {
    const { proposed, changes } = proposedParametersOf({
      current,
      rules: rulesWith((r) => (r.usage_report_overdue.params.graceWorkingDays = 5)),
      changes: [{ path: ['reportablePersonalInfoPeopleFrom'], to: 50_000 }],
    });
    expect(proposed.reportablePersonalInfoPeopleFrom).toBe(50_000);
    expect(changes.map((c) => c.path.join('.'))).toEqual([
      'inspectionRules.usage_report_overdue.params.graceWorkingDays',
      'reportablePersonalInfoPeopleFrom',
    ]);
  });

  it('has no change for a proposal equal to what is in force', () => {
    expect(proposedParametersOf({ current, rules: current.inspectionRules }).changes).toEqual([]);
  });

  it('refuses an unknown rule, a bad severity and a path that names nothing, listing each key', () => {
    const unknownRule = { ...current.inspectionRules, no_such_rule: { enabled: true } } as never;
    expect(() => proposedParametersOf({ current, rules: unknownRule })).toThrow(InvalidParametersError);
    try {
      proposedParametersOf({
        current,
        rules: rulesWith((r) => (r.pipia_missing.severity = 'grave' as never)),
        changes: [{ path: ['noSuchParameter'], to: 1 }],
      });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidParametersError);
      expect((error as InvalidParametersError).problems.map((p) => p.key).sort()).toEqual([
        'inspectionRules.pipia_missing.severity',
        'noSuchParameter',
      ]);
    }
  });

  it('keeps the rest of the parameters when only the rules change', () => {
    const withRules = parametersWithRules(
      DEFAULT_PARAMETERS,
      rulesWith((r) => (r.pipia_missing.enabled = false)),
    );
    expect({ ...withRules, inspectionRules: undefined }).toEqual({ ...DEFAULT_PARAMETERS, inspectionRules: undefined });
    expect(withRules.inspectionRules.pipia_missing.enabled).toBe(false);
  });
});

describe('whatIfStatusesOf', () => {
  it('looks at the statuses either rule set inspects', () => {
    const allOff = rulesWith((r) => {
      for (const rule of Object.values(r)) rule.enabled = false;
    });
    const none = parametersWithRules(current, allOff);
    expect(inspectedStatusesOf(none)).toEqual([]);
    expect(whatIfStatusesOf(none, current)).toEqual([...inspectedStatusesOf(current)].sort());
    expect(whatIfStatusesOf(current, none)).toEqual(whatIfStatusesOf(none, current));
  });
});

describe('wasApproved', () => {
  it.each([
    ['active', true],
    ['suspended', true],
    ['expired', true],
    ['revoked', true],
    ['draft', false],
    ['in_review', false],
    ['awaiting_regulator', false],
    ['rejected', false],
    ['withdrawn', false],
  ] as const)('%s → %s', (status, expected) => {
    expect(wasApproved(status)).toBe(expected);
  });
});
