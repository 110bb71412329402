import { CHINA_HOLIDAYS } from '../../../policies/calendar-data';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';
import {
  nextRectificationStepOf,
  rectificationPlanOf,
  type RectificationProgress,
} from '../../../policies/rectification';
import type { Severity } from '../../../policies/vocabulary';

const calendar = CHINA_HOLIDAYS;
/** Friday 20 November 2026, 10:00 in Shanghai: the inspection raises the finding. */
const raisedAt = new Date('2026-11-20T02:00:00.000Z');
const iso = (d: Date | null) => d?.toISOString() ?? null;

function plan(severity: Severity, params: unknown = {}) {
  const p = rectificationPlanOf({
    severity,
    ownerUnit: 'network-ops',
    raisedAt,
    params: parametersFrom(params),
    calendar,
  });
  return {
    ...p,
    dueAt: iso(p.dueAt),
    remindAt: p.remindAt.map(iso),
    escalateAt: iso(p.escalateAt),
    revokeAt: iso(p.revokeAt),
  };
}

describe('rectificationPlanOf', () => {
  it.each<[Severity, object]>([
    [
      // 3 working days: 23, 24, 25 November; reminded 1 working day before (3 before is the day it was raised).
      'critical',
      {
        dueAt: '2026-11-25T15:59:59.999Z',
        remindAt: ['2026-11-24T01:00:00.000Z'],
        escalateAt: '2026-11-25T15:59:59.999Z',
        revokeAt: '2026-11-25T15:59:59.999Z',
      },
    ],
    [
      // 10 working days: to 4 December; reminded on 1 and 3 December.
      'high',
      {
        dueAt: '2026-12-04T15:59:59.999Z',
        remindAt: ['2026-12-01T01:00:00.000Z', '2026-12-03T01:00:00.000Z'],
        escalateAt: '2026-12-04T15:59:59.999Z',
        revokeAt: null,
      },
    ],
    [
      'medium',
      {
        dueAt: '2026-12-18T15:59:59.999Z',
        remindAt: ['2026-12-15T01:00:00.000Z', '2026-12-17T01:00:00.000Z'],
        escalateAt: '2026-12-18T15:59:59.999Z',
        revokeAt: null,
      },
    ],
  ])('plans a %s finding', (severity, expected) => {
    expect(plan(severity)).toEqual({
      ownerUnit: 'network-ops',
      raisedAt,
      escalateTo: 'dso',
      ...expected,
    });
  });

  it('revokes after a configured grace, and for the severities configured', () => {
    const config = { rectification: { revocationGraceWorkingDays: 2, revokingSeverities: ['critical', 'high'] } };
    expect(plan('critical', config).revokeAt).toBe('2026-11-27T15:59:59.999Z');
    expect(plan('high', config).revokeAt).toBe('2026-12-08T15:59:59.999Z');
    expect(plan('medium', config).revokeAt).toBeNull();
  });

  it('takes the deadlines and reminders configured', () => {
    const config = { rectification: { deadlineWorkingDays: { critical: 5 }, reminderWorkingDaysBefore: [4, 2] } };
    expect(plan('critical', config)).toMatchObject({
      dueAt: '2026-11-27T15:59:59.999Z',
      remindAt: ['2026-11-23T01:00:00.000Z', '2026-11-25T01:00:00.000Z'],
    });
  });
});

describe('nextRectificationStepOf', () => {
  const critical = rectificationPlanOf({
    severity: 'critical',
    ownerUnit: 'network-ops',
    raisedAt,
    params: DEFAULT_PARAMETERS,
    calendar,
  });
  const high = rectificationPlanOf({
    severity: 'high',
    ownerUnit: 'network-ops',
    raisedAt,
    params: DEFAULT_PARAMETERS,
    calendar,
  });
  const fresh: RectificationProgress = {
    awaitingVerification: false,
    verified: false,
    remindersSent: 0,
    escalated: false,
    revoked: false,
  };

  it.each<[string, typeof critical, Partial<RectificationProgress>, [string, string] | null]>([
    ['a new critical finding: the reminder', critical, {}, ['remind', '2026-11-24T01:00:00.000Z']],
    ['reminded: escalation at the deadline', critical, { remindersSent: 1 }, ['escalate', '2026-11-25T15:59:59.999Z']],
    [
      'escalated: the revocation',
      critical,
      { remindersSent: 1, escalated: true },
      ['revoke', '2026-11-25T15:59:59.999Z'],
    ],
    [
      'evidence awaiting verification: escalation still, no reminder',
      critical,
      { awaitingVerification: true },
      ['escalate', '2026-11-25T15:59:59.999Z'],
    ],
    [
      'evidence awaiting verification and escalated: no revocation',
      critical,
      { awaitingVerification: true, escalated: true },
      null,
    ],
    [
      'evidence sent back after the deadline: the revocation, at once',
      critical,
      { awaitingVerification: false, escalated: true, remindersSent: 1 },
      ['revoke', '2026-11-25T15:59:59.999Z'],
    ],
    ['verified', critical, { verified: true }, null],
    ['revoked', critical, { escalated: true, revoked: true }, null],
    ['a high finding escalated: nothing more', high, { remindersSent: 2, escalated: true }, null],
    ['a high finding reminded once', high, { remindersSent: 1 }, ['remind', '2026-12-03T01:00:00.000Z']],
  ])('%s', (_case, p, progress, expected) => {
    const next = nextRectificationStepOf(p, { ...fresh, ...progress });
    expect(next ? [next.step, next.at.toISOString()] : null).toEqual(expected);
  });
});
