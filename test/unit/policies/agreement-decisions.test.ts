import type { Claims } from '../../../policies/abilities';
import {
  amendmentOf,
  amendmentRefusalsFor,
  attestationWaiverRefusalFor,
  earlyEndRefusalFor,
  emergencyRevokeRefusalFor,
  nextAfterStageApproval,
  regulatorDecisionRefusalFor,
  requesterActionRefusalFor,
  stageDecisionRefusalFor,
  type AgreementDecisionState,
  type ReviewState,
  type StageDecision,
} from '../../../policies/agreement-decisions';
import type { AgreementStatus, ApprovalStage } from '../../../policies/vocabulary';
import { NOW, aRequest, shareOf } from './agreement-factory';

const requester: Claims = { sub: 'rita', roles: ['requester'], unit: 'unit-a' };
const unitHead: Claims = { sub: 'hans', roles: ['unit_head'], unit: 'unit-a' };
const otherUnitHead: Claims = { sub: 'olga', roles: ['unit_head'], unit: 'unit-b' };
const reviewer: Claims = { sub: 'sam', roles: ['security_reviewer'], unit: 'sec' };
const legal: Claims = { sub: 'lee', roles: ['legal'], unit: 'legal' };
const dso: Claims = { sub: 'dora', roles: ['dso'], unit: 'sec' };
const admin: Claims = { sub: 'root', roles: ['admin', 'dso'], unit: 'it' };
const auditor: Claims = { sub: 'aud', roles: ['auditor', 'dso'], unit: 'audit' };

const ROUTE: ApprovalStage[] = ['unit_head', 'security_review', 'legal', 'dso'];
const COMMITMENT = { signedAt: '2026-01-05T00:00:00.000Z', expiresAt: '2027-01-05T00:00:00.000Z' };

function aState(
  overrides: Partial<AgreementDecisionState> = {},
  review: Partial<ReviewState> = {},
): AgreementDecisionState {
  return {
    agreementId: 'ag-1',
    status: 'in_review',
    requestingUnit: 'unit-a',
    requestedBy: 'rita',
    partnerId: 'p1',
    effectiveGrade: 'general',
    personalInfo: true,
    review: { kind: 'request', round: 1, stages: ROUTE, awaitsRegulator: false, current: 'unit_head', ...review },
    approvals: [],
    ...overrides,
  };
}

const decide = (actor: Claims, stage: ApprovalStage, overrides: Partial<StageDecision> = {}): StageDecision => ({
  stage,
  outcome: 'approve',
  actor,
  at: NOW,
  commitment: COMMITMENT,
  ...overrides,
});

describe('stageDecisionRefusalFor', () => {
  it.each([
    ['unit_head', unitHead],
    ['security_review', reviewer],
    ['security_review', dso],
    ['legal', legal],
    ['dso', dso],
  ] as const)('lets the %s stage be approved by %j', (stage, actor) => {
    expect(stageDecisionRefusalFor(aState({}, { current: stage }), decide(actor, stage))).toBeNull();
  });

  it('lets each stage be rejected or returned, with a reason', () => {
    const state = aState({}, { current: 'security_review' });
    expect(
      stageDecisionRefusalFor(state, decide(reviewer, 'security_review', { outcome: 'reject', reason: '范围过大' })),
    ).toBeNull();
    expect(
      stageDecisionRefusalFor(
        state,
        decide(reviewer, 'security_review', { outcome: 'return', reason: '补充字段说明' }),
      ),
    ).toBeNull();
  });

  it('refuses the person who requested it, with the separation-of-duties code', () => {
    const dualHat: Claims = { sub: 'rita', roles: ['requester', 'unit_head'], unit: 'unit-a' };
    expect(stageDecisionRefusalFor(aState(), decide(dualHat, 'unit_head'))).toEqual({
      code: 'auth.own_request',
      params: {},
      message: 'Nobody approves a request they submitted',
    });
    const dsoRequester: Claims = { sub: 'rita', roles: ['requester', 'dso'], unit: 'unit-a' };
    expect(
      stageDecisionRefusalFor(
        aState({}, { current: 'dso' }),
        decide(dsoRequester, 'dso', { outcome: 'reject', reason: 'x' }),
      )?.code,
    ).toBe('auth.own_request');
  });

  it('refuses an administrator, even one who is also the DSO', () => {
    expect(stageDecisionRefusalFor(aState({}, { current: 'dso' }), decide(admin, 'dso'))?.code).toBe(
      'auth.admin_approves_nothing',
    );
  });

  it('refuses an auditor, whatever other role they hold', () => {
    expect(stageDecisionRefusalFor(aState({}, { current: 'dso' }), decide(auditor, 'dso'))?.code).toBe(
      'auth.auditor_read_only',
    );
  });

  it('refuses one person approving a second stage of the same agreement, in any round', () => {
    const both: Claims = { sub: 'dora', roles: ['dso'], unit: 'sec' };
    const state = aState(
      { approvals: [{ stage: 'security_review', by: 'dora', at: '2026-11-18T00:00:00.000Z' }] },
      { current: 'dso', round: 2 },
    );
    expect(stageDecisionRefusalFor(state, decide(both, 'dso'))).toEqual({
      code: 'agreement.same_approver',
      params: { stage: 'security_review' },
      message: 'One person approves one stage of an agreement; you approved the security review stage',
    });
    // The same person may approve the same stage again in a later round, and may reject the other stage.
    const again = aState(
      { approvals: [{ stage: 'security_review', by: 'sam', at: '2026-11-18T00:00:00.000Z' }] },
      { current: 'security_review', round: 2 },
    );
    expect(stageDecisionRefusalFor(again, decide(reviewer, 'security_review'))).toBeNull();
    expect(stageDecisionRefusalFor(state, decide(both, 'dso', { outcome: 'reject', reason: '风险过高' }))).toBeNull();
  });

  it('counts the approvals given on the agreement before an amendment', () => {
    const amending = aState(
      { status: 'active', approvals: [{ stage: 'unit_head', by: 'dora', at: '2026-01-01T00:00:00.000Z' }] },
      { kind: 'amendment', current: 'dso' },
    );
    expect(stageDecisionRefusalFor(amending, decide(dso, 'dso'))?.code).toBe('agreement.same_approver');
  });

  it('refuses a role that is not the stage’s', () => {
    expect(stageDecisionRefusalFor(aState({}, { current: 'dso' }), decide(reviewer, 'dso'))).toMatchObject({
      code: 'agreement.stage_role_required',
      params: { stage: 'dso' },
    });
    expect(stageDecisionRefusalFor(aState({}, { current: 'legal' }), decide(dso, 'legal'))?.code).toBe(
      'agreement.stage_role_required',
    );
    expect(stageDecisionRefusalFor(aState(), decide(dso, 'unit_head'))?.code).toBe('agreement.stage_role_required');
  });

  it('refuses the head of another unit, by CASL or, when another role lets them approve, by the unit', () => {
    expect(stageDecisionRefusalFor(aState(), decide(otherUnitHead, 'unit_head'))).toMatchObject({
      code: 'auth.forbidden',
      params: { action: 'approve' },
    });
    const headAndReviewer: Claims = { sub: 'olga', roles: ['unit_head', 'security_reviewer'], unit: 'unit-b' };
    expect(stageDecisionRefusalFor(aState(), decide(headAndReviewer, 'unit_head'))).toMatchObject({
      code: 'agreement.not_head_of_requesting_unit',
      params: { unit: 'unit-a' },
    });
  });

  it('refuses legal on an agreement without personal information (CASL)', () => {
    expect(
      stageDecisionRefusalFor(aState({ personalInfo: false }, { current: 'legal' }), decide(legal, 'legal'))?.code,
    ).toBe('auth.forbidden');
  });

  it('refuses a stage that is not the current one, and an agreement not in review', () => {
    expect(stageDecisionRefusalFor(aState(), decide(reviewer, 'security_review'))).toMatchObject({
      code: 'agreement.stage_not_current',
      params: { stage: 'security_review', current: 'unit_head' },
    });
    for (const status of ['draft', 'returned', 'approved', 'active', 'withdrawn'] as AgreementStatus[]) {
      expect(stageDecisionRefusalFor(aState({ status }), decide(unitHead, 'unit_head'))).toMatchObject({
        code: 'agreement.not_in_review',
        params: { status },
      });
    }
    expect(stageDecisionRefusalFor(aState({ review: null }), decide(unitHead, 'unit_head'))?.code).toBe(
      'agreement.not_in_review',
    );
    expect(
      stageDecisionRefusalFor(aState({ status: 'awaiting_regulator' }, { current: 'regulator' }), decide(dso, 'dso'))
        ?.code,
    ).toBe('agreement.not_in_review');
  });

  it('refuses a rejection or a return without a reason', () => {
    const state = aState({}, { current: 'security_review' });
    for (const outcome of ['reject', 'return'] as const) {
      expect(stageDecisionRefusalFor(state, decide(reviewer, 'security_review', { outcome, reason: ' ' }))?.code).toBe(
        'agreement.reason_required',
      );
    }
  });

  describe('an approver of important or core data (R5)', () => {
    const important = aState({ effectiveGrade: 'important' }, { current: 'security_review' });

    it('needs a signed commitment on file', () => {
      expect(stageDecisionRefusalFor(important, decide(reviewer, 'security_review', { commitment: null }))?.code).toBe(
        'agreement.commitment_missing',
      );
      expect(
        stageDecisionRefusalFor(
          important,
          decide(reviewer, 'security_review', { commitment: { signedAt: '2026-12-01T00:00:00.000Z' } }),
        )?.code,
      ).toBe('agreement.commitment_missing');
      expect(stageDecisionRefusalFor(important, decide(reviewer, 'security_review'))).toBeNull();
    });

    it('needs it still valid at the decision', () => {
      expect(
        stageDecisionRefusalFor(
          aState({ effectiveGrade: 'core' }, { current: 'security_review' }),
          decide(reviewer, 'security_review', {
            commitment: { signedAt: '2025-01-01T00:00:00.000Z', expiresAt: '2026-11-20T02:00:00.000Z' },
          }),
        ),
      ).toMatchObject({ code: 'agreement.commitment_expired', params: { expiredAt: '2026-11-20T02:00:00.000Z' } });
    });

    it('does not need one to reject, nor for general data', () => {
      expect(
        stageDecisionRefusalFor(
          important,
          decide(reviewer, 'security_review', { outcome: 'reject', reason: 'x', commitment: null }),
        ),
      ).toBeNull();
      expect(
        stageDecisionRefusalFor(
          aState({}, { current: 'security_review' }),
          decide(reviewer, 'security_review', { commitment: null }),
        ),
      ).toBeNull();
    });
  });
});

describe('nextAfterStageApproval', () => {
  const review: ReviewState = {
    kind: 'request',
    round: 1,
    stages: ['unit_head', 'security_review'],
    awaitsRegulator: false,
    current: 'unit_head',
  };
  it('goes to the next stage, then to approval, or for core data to the regulator', () => {
    expect(nextAfterStageApproval(review)).toBe('security_review');
    expect(nextAfterStageApproval({ ...review, current: 'security_review' })).toBe('approved');
    expect(nextAfterStageApproval({ ...review, current: 'security_review', awaitsRegulator: true })).toBe('regulator');
    expect(nextAfterStageApproval({ ...review, current: 'regulator', awaitsRegulator: true })).toBe('approved');
  });
});

describe('regulatorDecisionRefusalFor (R12)', () => {
  const waiting = aState(
    { status: 'awaiting_regulator', effectiveGrade: 'core' },
    { current: 'regulator', awaitsRegulator: true },
  );
  const record = (actor: Claims, reference = '工信网安函〔2026〕12号') => ({
    outcome: 'approve' as const,
    reference,
    actor,
    at: NOW,
  });

  it('lets the DSO record it with the regulator’s reference', () => {
    expect(regulatorDecisionRefusalFor(waiting, record(dso))).toBeNull();
  });

  it('refuses it before the internal stages are done, without a reference, or from anyone but the DSO', () => {
    expect(regulatorDecisionRefusalFor(aState({ effectiveGrade: 'core' }, { current: 'dso' }), record(dso))?.code).toBe(
      'agreement.not_awaiting_regulator',
    );
    expect(regulatorDecisionRefusalFor(waiting, record(dso, ''))?.code).toBe('agreement.regulator_reference_required');
    expect(regulatorDecisionRefusalFor(waiting, record(reviewer))?.code).toBe('agreement.stage_role_required');
    expect(regulatorDecisionRefusalFor(waiting, record(admin))?.code).toBe('auth.admin_approves_nothing');
    expect(regulatorDecisionRefusalFor(waiting, record({ ...dso, sub: 'rita' }))?.code).toBe('auth.own_request');
  });
});

describe('requesterActionRefusalFor', () => {
  it.each([
    ['edit', 'draft'],
    ['edit', 'returned'],
    ['submit', 'draft'],
    ['submit', 'returned'],
    ['withdraw', 'draft'],
    ['withdraw', 'submitted'],
    ['withdraw', 'in_review'],
    ['withdraw', 'returned'],
    ['withdraw', 'awaiting_regulator'],
  ] as const)('lets the requester %s a request that is %s', (action, status) => {
    expect(requesterActionRefusalFor(aState({ status }), action, requester)).toBeNull();
  });

  it.each([
    ['edit', 'in_review', 'agreement.not_editable'],
    ['submit', 'submitted', 'agreement.not_editable'],
    ['edit', 'active', 'agreement.not_editable'],
    ['withdraw', 'approved', 'agreement.not_withdrawable'],
    ['withdraw', 'active', 'agreement.not_withdrawable'],
    ['withdraw', 'rejected', 'agreement.not_withdrawable'],
  ] as const)('refuses to %s a request that is %s', (action, status, code) => {
    expect(requesterActionRefusalFor(aState({ status }), action, requester)).toMatchObject({
      code,
      params: { status },
    });
  });

  it('refuses a colleague, even the head of the unit, and an auditor', () => {
    expect(requesterActionRefusalFor(aState({ status: 'draft' }), 'edit', unitHead)?.code).toBe('auth.forbidden');
    expect(requesterActionRefusalFor(aState({ status: 'in_review' }), 'withdraw', unitHead)?.code).toBe(
      'auth.forbidden',
    );
    expect(
      requesterActionRefusalFor(aState({ status: 'draft' }), 'submit', {
        sub: 'rita',
        roles: ['auditor', 'requester'],
        unit: 'unit-a',
      })?.code,
    ).toBe('auth.auditor_read_only');
  });
});

describe('amendments', () => {
  const current = aRequest({ assets: shareOf('subscribers'), consentBasis: 'separate_consent' });

  it('lists what an amendment widens: assets, fields, a later end, more volume, more controls', () => {
    const proposed = aRequest({
      ...current,
      assets: [{ assetId: 'a-subscribers', fields: ['msisdn', 'plan', 'arpu'] }, ...shareOf('cells')],
      endDate: '2028-11-30',
      volume: { ...current.volume, records: 20_000 },
      controls: [...current.controls, 'watermark'],
    });
    const current2 = { ...current, assets: [{ assetId: 'a-subscribers', fields: ['msisdn', 'plan'] }] };
    expect(amendmentOf(current2, proposed)).toEqual({
      changes: [
        { kind: 'fields_added', assetId: 'a-subscribers', fields: ['arpu'] },
        { kind: 'asset_added', assetId: 'a-cells', fields: ['cell_id', 'traffic_mb'] },
        { kind: 'end_date_extended', from: '2027-11-30', to: '2028-11-30' },
        { kind: 'volume_increased', measure: 'records', from: 10_000, to: 20_000 },
        { kind: 'controls_added', controls: ['watermark'] },
      ],
      refusals: [],
    });
  });

  it('refuses a change of anything else, naming it', () => {
    const proposed = {
      ...current,
      partnerId: 'p2',
      purpose: '精准营销',
      crossBorder: true,
      destinationCountry: 'SG',
      endDate: '2028-01-31',
    };
    expect(amendmentOf(current, proposed).refusals.map((r) => r.params.term)).toEqual([
      'partner',
      'purpose',
      'crossBorder',
      'destinationCountry',
    ]);
  });

  it('refuses narrowing, which is an early end or a new request', () => {
    const proposed = {
      ...current,
      assets: [{ assetId: 'a-subscribers', fields: ['msisdn'] }],
      endDate: '2027-06-30',
      volume: { ...current.volume, records: 5 },
      controls: ['access_control' as const],
    };
    expect(amendmentOf(current, proposed).refusals.map((r) => [r.code, r.params.term])).toEqual([
      ['agreement.amendment_narrows', 'fields'],
      ['agreement.amendment_narrows', 'endDate'],
      ['agreement.amendment_narrows', 'volume'],
      ['agreement.amendment_narrows', 'controls'],
    ]);
  });

  it('refuses an amendment that changes nothing', () => {
    expect(amendmentOf(current, { ...current }).refusals.map((r) => r.code)).toEqual(['agreement.amendment_empty']);
  });

  it('is proposed by the requester of an approved or active agreement with no amendment in review', () => {
    const wider = { ...current, endDate: '2028-11-30' };
    const active = aState({ status: 'active', review: null });
    expect(amendmentRefusalsFor(active, requester, current, wider)).toEqual([]);
    expect(
      amendmentRefusalsFor(aState({ status: 'suspended', review: null }), requester, current, wider).map((r) => r.code),
    ).toEqual(['agreement.not_amendable']);
    expect(
      amendmentRefusalsFor(aState({ status: 'active' }, { kind: 'amendment' }), requester, current, wider).map(
        (r) => r.code,
      ),
    ).toEqual(['agreement.amendment_in_review']);
    expect(amendmentRefusalsFor(active, unitHead, current, wider).map((r) => r.code)).toEqual(['auth.forbidden']);
  });
});

describe('ending an agreement', () => {
  const running = aState({ status: 'active', review: null });

  it('lets the requester, the head of the unit and the DSO end it early, with a reason', () => {
    for (const actor of [requester, unitHead, dso]) {
      expect(earlyEndRefusalFor(running, { actor, reason: '项目结束' })).toBeNull();
    }
    expect(earlyEndRefusalFor(running, { actor: requester, reason: '' })?.code).toBe('agreement.reason_required');
    expect(earlyEndRefusalFor(running, { actor: otherUnitHead, reason: 'x' })?.code).toBe('auth.forbidden');
    expect(earlyEndRefusalFor(aState({ status: 'revoked' }), { actor: requester, reason: 'x' })).toMatchObject({
      code: 'agreement.not_running',
      params: { status: 'revoked' },
    });
  });

  it('lets only the DSO revoke at once, with a reason', () => {
    expect(emergencyRevokeRefusalFor(running, { actor: dso, reason: '合作方发生数据泄露' })).toBeNull();
    expect(emergencyRevokeRefusalFor(aState({ status: 'suspended' }), { actor: dso, reason: 'x' })).toBeNull();
    expect(emergencyRevokeRefusalFor(running, { actor: unitHead, reason: 'x' })?.code).toBe(
      'agreement.emergency_revoke_needs_dso',
    );
    expect(emergencyRevokeRefusalFor(running, { actor: reviewer, reason: 'x' })?.code).toBe('auth.forbidden');
    expect(emergencyRevokeRefusalFor(running, { actor: dso, reason: ' ' })?.code).toBe('agreement.reason_required');
    expect(emergencyRevokeRefusalFor(aState({ status: 'in_review' }), { actor: dso, reason: 'x' })?.code).toBe(
      'agreement.not_running',
    );
  });

  it('lets only the DSO waive an attestation still awaited, with a reason, and not on a request of their own', () => {
    const awaited = aState({ status: 'revoked', review: null, attestation: 'awaiting' });
    expect(attestationWaiverRefusalFor(awaited, { actor: dso, reason: '合作方已注销' })).toBeNull();
    expect(attestationWaiverRefusalFor(awaited, { actor: reviewer, reason: 'x' })?.code).toBe('auth.forbidden');
    expect(attestationWaiverRefusalFor(awaited, { actor: admin, reason: 'x' })?.code).toBe(
      'auth.admin_approves_nothing',
    );
    expect(attestationWaiverRefusalFor(awaited, { actor: { ...dso, sub: 'rita' }, reason: 'x' })?.code).toBe(
      'auth.own_request',
    );
    expect(attestationWaiverRefusalFor(awaited, { actor: dso, reason: '' })?.code).toBe('agreement.reason_required');
    expect(
      attestationWaiverRefusalFor({ ...awaited, attestation: 'received' }, { actor: dso, reason: 'x' }),
    ).toMatchObject({
      code: 'agreement.no_attestation_awaited',
      params: { attestation: 'received' },
    });
    expect(attestationWaiverRefusalFor(running, { actor: dso, reason: 'x' })?.params).toEqual({ attestation: 'none' });
  });
});
