import {
  AGREEMENT_RULES_VERSION,
  agreementEvaluationOf,
  decisionSnapshotOf,
  whatIfOf,
  type DecisionSnapshot,
} from '../../../policies/decision-snapshot';
import { parametersFrom } from '../../../policies/parameters';
import { aContext, anImportantPiRequest, IMPORTANT_PI_RECORDS, NOW } from './agreement-factory';

const request = anImportantPiRequest();
const context = aContext({ records: IMPORTANT_PI_RECORDS });

function snapshot(): DecisionSnapshot {
  return decisionSnapshotOf({
    request,
    context,
    decision: { kind: 'stage', by: 'dora', stage: 'dso', outcome: 'approve' },
  });
}

/** Every key of a value, nested ones included. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  }
  return [];
}

describe('agreementEvaluationOf', () => {
  it('gives the preview: what is shared, the refusals, the route, reportability and the records missing', () => {
    const evaluation = agreementEvaluationOf(request, aContext());
    expect(evaluation.rulesVersion).toBe(AGREEMENT_RULES_VERSION);
    expect(evaluation.content).toMatchObject({ effectiveGrade: 'important', personalInfo: true });
    expect(evaluation.refusals).toEqual([]);
    expect(evaluation.route.stages.map((s) => s.stage)).toEqual(['unit_head', 'security_review', 'legal', 'dso']);
    expect(evaluation.reportability.reportable).toBe(true);
    expect(evaluation.approvalBlockers.map((r) => r.params.record)).toEqual(['risk_assessment', 'pipia']);
  });
});

describe('decisionSnapshotOf', () => {
  it('stores the rules version, the decision, the inputs as read and their evaluation', () => {
    const taken = snapshot();
    expect(taken.rulesVersion).toBe('agreement-rules@1');
    expect(taken.at).toBe(NOW.toISOString());
    expect(taken.decision).toEqual({ kind: 'stage', by: 'dora', stage: 'dso', outcome: 'approve' });
    expect(taken.inputs.now).toBe(NOW.toISOString());
    expect(taken.inputs.request).toEqual(request);
    expect(taken.inputs.params).toEqual(context.params);
    expect(taken.evaluation.approvalBlockers).toEqual([]);
  });

  it('keeps of the inventory only the assets and fields the request names', () => {
    expect(snapshot().inputs.assets.map((a) => [a.id, a.fields.map((f) => f.name)])).toEqual([
      ['a-routes', ['route_id']],
      ['a-subscribers', ['msisdn']],
    ]);
  });

  it('is plain JSON the store keeps as it is: no instant objects, no key with a dot or a leading $', () => {
    const taken = snapshot();
    expect(JSON.parse(JSON.stringify(taken))).toEqual(taken);
    for (const key of keysOf(taken)) expect(key).not.toMatch(/^\$|\./);
  });
});

describe('whatIfOf', () => {
  it('replays a snapshot to the same evaluation when nothing changed', () => {
    const taken = JSON.parse(JSON.stringify(snapshot())) as DecisionSnapshot;
    const replay = whatIfOf(taken);
    expect(replay.changes).toEqual([]);
    expect(replay.evaluation).toEqual(taken.evaluation);
    expect([replay.rulesVersionThen, replay.rulesVersionNow]).toEqual(['agreement-rules@1', 'agreement-rules@1']);
  });

  it('shows what stricter parameters would have changed', () => {
    const stricter = parametersFrom({
      requiredControlsByGrade: {
        important: ['encryption_in_transit', 'encryption_at_rest', 'access_control', 'watermark'],
      },
      reportablePersonalInfoPeopleFrom: 50_000,
      pipiaValidityMonths: 1,
    });
    expect(whatIfOf(snapshot(), { params: stricter }).changes).toEqual([
      { aspect: 'refusals', then: [], now: ['agreement.control_missing'] },
      {
        aspect: 'checklist',
        then: ['risk_assessment:12', 'pipia:12'],
        now: ['risk_assessment:12', 'pipia:1'],
      },
      {
        aspect: 'requiredControls',
        then: ['masking', 'encryption_in_transit', 'encryption_at_rest', 'access_control'],
        now: ['masking', 'encryption_in_transit', 'encryption_at_rest', 'access_control', 'watermark'],
      },
      { aspect: 'approvalBlockers', then: [], now: ['agreement.record_expired:pipia'] },
    ]);
  });

  it('shows what the same decision would meet at a later time', () => {
    const later = whatIfOf(snapshot(), { now: new Date('2027-03-02T00:00:00.000Z') });
    expect(later.changes).toEqual([
      { aspect: 'approvalBlockers', then: [], now: ['agreement.record_expired:risk_assessment'] },
    ]);
  });
});
