import fc from 'fast-check';
import { mayPurge, purgeableFrom, RETENTION_FLOORS, type RetentionParameters } from '../../../policies/retention';
import { problemDetail, problemLocaleOf } from '../../../policies/texts/problems';

const PARAMETERS: RetentionParameters = {
  logRetentionDays: 180,
  provisionRecordRetentionYears: 3,
  provisionRecordRetentionFrom: 'agreement_end',
  pipiaRecordRetentionYears: 3,
};
const DAY_MS = 24 * 3600 * 1000;

describe('retention floors (R13, R22, R44)', () => {
  it('keeps an audit event 180 days: not a millisecond before, purgeable at the floor', () => {
    const record = { kind: 'audit_event' as const, recordedAt: '2026-01-01T00:00:00.000Z' };
    const floor = Date.parse('2026-01-01T00:00:00.000Z') + 180 * DAY_MS;
    expect(mayPurge({ record, asOf: new Date(floor - 1).toISOString(), parameters: PARAMETERS })).toBe(false);
    expect(mayPurge({ record, asOf: new Date(floor).toISOString(), parameters: PARAMETERS })).toBe(true);
  });

  it('keeps provision, PIPIA and assessment records 3 years after the agreement ends, and for ever while it runs', () => {
    for (const kind of ['provision_record', 'pipia_record', 'assessment_record'] as const) {
      const running = { kind, recordedAt: '2020-01-01T00:00:00.000Z' };
      expect(mayPurge({ record: running, asOf: '2040-01-01T00:00:00.000Z', parameters: PARAMETERS })).toBe(false);
      const ended = { ...running, agreementEndedAt: '2026-06-30T00:00:00.000Z' };
      expect(mayPurge({ record: ended, asOf: '2029-06-29T23:59:59.999Z', parameters: PARAMETERS })).toBe(false);
      expect(mayPurge({ record: ended, asOf: '2029-06-30T00:00:00.000Z', parameters: PARAMETERS })).toBe(true);
    }
  });

  it('never purges below a floor, whatever the configuration or the purge asks (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('audit_event', 'provision_record', 'pipia_record', 'assessment_record'),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2031-01-01'), noInvalidDate: true })),
        fc.integer({ min: -1000, max: 100_000 }),
        fc.record({
          logRetentionDays: fc.integer({ min: -10, max: 400 }),
          provisionRecordRetentionYears: fc.integer({ min: -1, max: 5 }),
          provisionRecordRetentionFrom: fc.constantFrom('agreement_end' as const, 'record_date' as const),
          pipiaRecordRetentionYears: fc.integer({ min: -1, max: 5 }),
        }),
        fc.option(fc.integer({ min: -100, max: 2000 }), { nil: undefined }),
        (kind, recordedAt, endedAt, afterMs, parameters, requestedDays) => {
          const record = {
            kind,
            recordedAt: recordedAt.toISOString(),
            ...(endedAt ? { agreementEndedAt: endedAt.toISOString() } : {}),
          };
          const asOf = new Date(recordedAt.getTime() + afterMs * 3600 * 1000);
          if (
            !mayPurge({
              record,
              asOf: asOf.toISOString(),
              parameters,
              ...(requestedDays !== undefined ? { requestedDays } : {}),
            })
          )
            return;
          // Purged: then it is past the rule's own floor, counted from the record and from the agreement's end.
          if (kind === 'audit_event') {
            expect(asOf.getTime() - recordedAt.getTime()).toBeGreaterThanOrEqual(
              RETENTION_FLOORS.auditEventDays * DAY_MS,
            );
            return;
          }
          const threeYearsAfter = (d: Date) => new Date(d).setUTCFullYear(d.getUTCFullYear() + 3);
          expect(asOf.getTime()).toBeGreaterThanOrEqual(threeYearsAfter(recordedAt));
          if (kind !== 'provision_record' || parameters.provisionRecordRetentionFrom === 'agreement_end') {
            expect(endedAt).toBeTruthy();
            expect(asOf.getTime()).toBeGreaterThanOrEqual(threeYearsAfter(endedAt!));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a longer configured retention is kept; a purge asking for 1 day keeps the floor', () => {
    const record = { kind: 'audit_event' as const, recordedAt: '2026-01-01T00:00:00.000Z' };
    const at200 = new Date(Date.parse(record.recordedAt) + 200 * DAY_MS).toISOString();
    expect(mayPurge({ record, asOf: at200, parameters: { ...PARAMETERS, logRetentionDays: 365 } })).toBe(false);
    expect(mayPurge({ record, asOf: '2026-01-02T00:00:00.000Z', parameters: PARAMETERS, requestedDays: 1 })).toBe(
      false,
    );
    expect(purgeableFrom(record, { ...PARAMETERS, logRetentionDays: 30 })?.toISOString()).toBe(
      new Date(Date.parse(record.recordedAt) + 180 * DAY_MS).toISOString(),
    );
  });
});

describe('problem texts by Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['en-US,zh-CN;q=0.5', 'en'],
    ['fr,zh-TW;q=0.8', 'zh-CN'],
    ['zh;q=0,en', 'en'],
    [';;;', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(problemLocaleOf(header)).toBe(locale);
  });

  it('renders a code with its params in Chinese, an agreement refusal from its catalogue, and leaves English to the API', () => {
    expect(
      problemDetail('zh-CN', { code: 'request.rate_limited', status: 429, params: { retryAfterSeconds: 7 } }),
    ).toBe('请求过于频繁，请在 7 秒后重试');
    expect(
      problemDetail('zh-CN', { code: 'agreement.ends_in_past', status: 422, params: { endDate: '2020-01-01' } }),
    ).toBe('结束日期 2020-01-01 已过');
    expect(problemDetail('zh-CN', { code: 'filing.not_found', status: 404 })).toBe('记录不存在');
    expect(problemDetail('en', { code: 'request.rate_limited', status: 429 })).toBeUndefined();
  });
});
