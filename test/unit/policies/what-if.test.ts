import { decisionSnapshotOf, type DecisionSnapshot } from '../../../policies/decision-snapshot';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';
import {
  addDecisionWhatIf,
  addFindingsWhatIf,
  decisionWhatIfOf,
  emptyWhatIfTally,
  findingsWhatIfOf,
  isApprovalDecision,
  parameterChangesOf,
  withParameterChanges,
} from '../../../policies/what-if';
import { aContext, aRequest, anImportantPiRequest, IMPORTANT_PI_RECORDS } from './agreement-factory';
import { NOW, aConfig, aCrossBorderRequest, aPartner, anAgreement } from './oversight-factory';

describe('parameterChangesOf', () => {
  it('lists each value that differs, a list as one value, nested keys by their path', () => {
    const current = parametersFrom({ questionnaireDeadlineDays: 7 });
    const proposed = parametersFrom({
      questionnaireDeadlineDays: 7,
      crossBorderExemptBelowPeople: 50_000,
      requiredControlsByContent: { personalInfo: ['masking', 'watermark'] },
      inspectionRules: { pipia_expired: { severity: 'high' } },
    });
    expect(parameterChangesOf(current, proposed)).toEqual([
      { path: ['crossBorderExemptBelowPeople'], from: 100_000, to: 50_000 },
      { path: ['inspectionRules', 'pipia_expired', 'severity'], from: 'medium', to: 'high' },
      { path: ['requiredControlsByContent', 'personalInfo'], from: ['masking'], to: ['masking', 'watermark'] },
    ]);
    expect(parameterChangesOf(current, current)).toEqual([]);
  });

  it('puts the changes over other parameters, validated', () => {
    const changes = [{ path: ['incidentGradeThresholds', 'outageHours', 'III'], from: 8, to: 6 }];
    expect(withParameterChanges(DEFAULT_PARAMETERS, changes).incidentGradeThresholds.outageHours).toEqual({
      I: 24,
      II: 12,
      III: 6,
    });
    expect(DEFAULT_PARAMETERS.incidentGradeThresholds.outageHours.III).toBe(8);
    expect(() => withParameterChanges(DEFAULT_PARAMETERS, [{ path: ['logRetentionDays'], from: 180, to: 90 }])).toThrow(
      /logRetentionDays: cannot be below 180 days/,
    );
  });
});

describe('findingsWhatIfOf', () => {
  const current = aConfig(DEFAULT_PARAMETERS);
  /** A cross-border PI sharing, exempt: 50,000 people of its own, 60,000 with the company's of the year. */
  const request = aCrossBorderRequest({
    controls: ['masking', 'access_control', 'encryption_in_transit', 'encryption_at_rest'],
  });
  const exempt = anAgreement({
    crossBorder: true,
    personalInfo: true,
    request: { ...request, controls: [...request.controls] },
    approved: { ...request, controls: [...request.controls] },
    route: {
      ...anAgreement().route!,
      exportPathway: {
        pathway: 'exempt',
        reasons: [],
        cumulative: { personalInfoPeople: 60_000, sensitivePersonalInfoPeople: 0 },
        rules: ['R48'],
      },
    },
    records: { pipia: { reference: 'PIA-9', issuedAt: '2026-01-10T00:00:00.000Z' } },
    provision: {
      key: 'provision:agr-1:v5',
      reportable: true,
      reasons: [],
      recordedAt: '2026-08-20T02:00:00.000Z',
      filing: {
        key: 'filing:agr-1:v5',
        reference: 'F-1',
        submittedAt: '2026-08-20T02:00:00.000Z',
        confirmedAt: '2026-09-01T02:00:00.000Z',
      },
    },
  });

  it('finds nothing new when nothing changes', () => {
    expect(findingsWhatIfOf(exempt, aPartner(), NOW, { current, proposed: current })).toEqual({
      agreementId: 'agr-1',
      gained: [],
      lost: [],
      severityChanged: [],
    });
  });

  it('shows the findings a lower cross-border threshold would raise', () => {
    const proposed = aConfig({ crossBorderExemptBelowPeople: 50_000 });
    const result = findingsWhatIfOf(exempt, aPartner(), NOW, { current, proposed });
    expect(result.gained.map((f) => [f.ruleId, f.params])).toEqual([
      [
        'cross_border_beyond_assessed_scope',
        { pathway: 'exempt', required: 'standard_contract_or_certification', people: 50_000, sensitivePeople: 0 },
      ],
    ]);
    expect(result.lost).toEqual([]);
  });

  it('shows the findings a shorter PIPIA validity and a new severity would raise, and those a rule disabled would drop', () => {
    const proposed = aConfig({
      pipiaValidityMonths: 6,
      inspectionRules: { pipia_expired: { severity: 'high' } },
    });
    const result = findingsWhatIfOf(exempt, aPartner(), NOW, { current, proposed });
    expect(result.gained.map((f) => [f.ruleId, f.severity, f.params])).toEqual([
      ['pipia_expired', 'high', { reference: 'PIA-9', expiredAt: '2026-07-10' }],
    ]);

    const stale = anAgreement({
      ...exempt,
      records: { pipia: { reference: 'PIA-1', issuedAt: '2025-10-15T00:00:00.000Z' } },
    });
    const relaxed = findingsWhatIfOf(stale, aPartner(), NOW, {
      current,
      proposed: aConfig({ inspectionRules: { pipia_expired: { enabled: false } } }),
    });
    expect(relaxed.lost.map((f) => f.ruleId)).toEqual(['pipia_expired']);
    const graver = findingsWhatIfOf(stale, aPartner(), NOW, {
      current,
      proposed: aConfig({ inspectionRules: { pipia_expired: { severity: 'critical' } } }),
    });
    expect(graver.severityChanged).toEqual([{ ruleId: 'pipia_expired', from: 'medium', to: 'critical' }]);
  });

  it('tallies the scope one agreement at a time', () => {
    const proposed = aConfig({ crossBorderExemptBelowPeople: 50_000 });
    const tally = emptyWhatIfTally();
    for (const agreement of [exempt, anAgreement(), exempt]) {
      addFindingsWhatIf(tally, findingsWhatIfOf(agreement, aPartner(), NOW, { current, proposed }));
    }
    expect(tally).toMatchObject({
      agreements: 3,
      agreementsGaining: 2,
      agreementsLosing: 0,
      gainedByRule: { cross_border_beyond_assessed_scope: 2 },
      gainedBySeverity: { low: 0, medium: 0, high: 2, critical: 0 },
    });
  });
});

describe('decisionWhatIfOf', () => {
  /** The DSO approved a sharing of 80,000 people's personal information with important data, records on file. */
  const request = anImportantPiRequest();
  /** The unit head approved a sharing of the same people's personal information alone: general data. */
  const generalPi = aRequest({
    assets: [{ assetId: 'a-subscribers', fields: ['msisdn'] }],
    consentBasis: 'separate_consent',
    volume: { records: 50_000, people: 80_000, personalInfoPeople: 80_000, sensitivePersonalInfoPeople: 0 },
    controls: ['masking', 'encryption_in_transit', 'access_control'],
  });
  const snapshotWith = (params: object = {}, of = request): DecisionSnapshot =>
    JSON.parse(
      JSON.stringify(
        decisionSnapshotOf({
          request: of,
          context: aContext({
            params,
            records: IMPORTANT_PI_RECORDS,
          }),
          decision: { kind: 'stage', by: 'dora', stage: 'dso', outcome: 'approve' },
        }),
      ),
    ) as DecisionSnapshot;
  const approval = snapshotWith();
  const change = (proposed: object) => parameterChangesOf(DEFAULT_PARAMETERS, parametersFrom(proposed));

  it.each<[string, object, string, string[]]>([
    ['a change that touches nothing it read', { questionnaireDeadlineDays: 7 }, 'unchanged', []],
    [
      'a watermark required of important data: it would be refused',
      {
        requiredControlsByGrade: {
          important: ['encryption_in_transit', 'encryption_at_rest', 'access_control', 'watermark'],
        },
      },
      'would_be_refused',
      ['refusals', 'requiredControls'],
    ],
    [
      'a PIPIA valid for one month: it would wait for a new one',
      { pipiaValidityMonths: 1 },
      'would_be_blocked',
      ['checklist', 'approvalBlockers'],
    ],
    [
      'filing from 50,000 people: the important data was filed anyway',
      { reportablePersonalInfoPeopleFrom: 50_000 },
      'unchanged',
      [],
    ],
  ])('%s', (_case, proposed, verdict, aspects) => {
    const result = decisionWhatIfOf(approval, change(proposed));
    expect(result.verdict).toBe(verdict);
    expect(result.changes.map((c) => c.aspect)).toEqual(aspects);
    expect(result.problems).toEqual([]);
  });

  it('shows that filing from 50,000 people would have filed a general sharing of 80,000 people', () => {
    const result = decisionWhatIfOf(snapshotWith({}, generalPi), change({ reportablePersonalInfoPeopleFrom: 50_000 }));
    expect(result.verdict).toBe('would_change_conditions');
    expect(result.changes).toEqual([
      { aspect: 'reportable', then: ['false'], now: ['true'] },
      { aspect: 'provisioning', then: [], now: ['regulator_filing'] },
    ]);
  });

  it('applies only the change, over the parameters the decision was made with', () => {
    // Decided when filing started at 70,000 people; today 100,000; the proposal says 90,000.
    const decidedThen = snapshotWith({ reportablePersonalInfoPeopleFrom: 70_000 }, generalPi);
    expect(decidedThen.evaluation.reportability.reportable).toBe(true);
    const changes = change({ reportablePersonalInfoPeopleFrom: 90_000 });
    expect(changes).toEqual([{ path: ['reportablePersonalInfoPeopleFrom'], from: 100_000, to: 90_000 }]);
    expect(decisionWhatIfOf(decidedThen, changes).changes).toEqual([
      { aspect: 'reportable', then: ['true'], now: ['false'] },
      { aspect: 'provisioning', then: ['regulator_filing'], now: [] },
    ]);
    // A change elsewhere leaves the decision's own 70,000 in place: no effect on its filing.
    expect(decisionWhatIfOf(decidedThen, change({ questionnaireDeadlineDays: 7 })).verdict).toBe('unchanged');
  });

  it('says when the change cannot be put over the parameters of the day', () => {
    const decidedThen = snapshotWith({ stageDecisionWorkingDays: 3, stageReminderWorkingDays: 2 });
    const result = decisionWhatIfOf(decidedThen, change({ stageReminderWorkingDays: 4 }));
    expect(result).toMatchObject({
      verdict: 'not_replayable',
      changes: [],
      problems: [
        { key: 'stageReminderWorkingDays', message: 'must be shorter than the stage deadline (3 working days)' },
      ],
    });
  });

  it('tells approvals from other decisions, and tallies verdicts', () => {
    const rejection = { ...approval, decision: { ...approval.decision, outcome: 'reject' as const } };
    expect([isApprovalDecision(approval), isApprovalDecision(rejection)]).toEqual([true, false]);
    const tally = emptyWhatIfTally();
    for (const proposed of [{ pipiaValidityMonths: 1 }, { questionnaireDeadlineDays: 7 }, { pipiaValidityMonths: 1 }]) {
      addDecisionWhatIf(tally, decisionWhatIfOf(approval, change(proposed)));
    }
    expect(tally.decisions).toBe(3);
    expect(tally.decisionsByVerdict).toMatchObject({ would_be_blocked: 2, unchanged: 1, would_be_refused: 0 });
  });
});
