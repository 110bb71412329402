/**
 * The regulator filing activities against the real store, through the outbox connector and through the
 * HTTP connector posting to a receiving server started here: a submission run twice is one filing with
 * one reference, a confirmation recorded twice is the first one.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  FILING_REJECTED,
  httpFilingConnector,
  outboxFilingConnector,
} from '../../activities/connectors/regulator-filing';
import {
  createRegulatorFilingActivities,
  FILING_NOT_FOUND,
  type FilingRequest,
} from '../../activities/regulator-filing';
import { DEFAULT_PARAMETERS } from '../../policies/parameters';
import { filingKeyOf } from '../../policies/record-keys';
import { FilingOutboxModel } from '../../src/models/filing-outbox.model';
import { RegulatorFilingModel } from '../../src/models/regulator-filing.model';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { aProvision, IMPORTANT_DATA, PI_VOLUME } from '../support/provisions';
import { startWebhookReceiver } from '../support/webhook-receiver';

beforeAll(async () => {
  await connectTestStore('regulator_filing');
  await Promise.all([RegulatorFilingModel.createIndexes(), FilingOutboxModel.createIndexes()]);
});
afterAll(disconnectTestStore);

const ORGANISATION = '某省移动通信有限公司';
const activitiesWith = (connector = outboxFilingConnector({ outbox: FilingOutboxModel })) =>
  createRegulatorFilingActivities({
    connector,
    filings: RegulatorFilingModel,
    organisation: ORGANISATION,
    parameters: DEFAULT_PARAMETERS,
  });

function aFilingRequest(): FilingRequest {
  const facts = aProvision();
  return {
    key: filingKeyOf(facts.agreementId, facts.agreementVersion),
    preparedAt: '2026-11-25T03:00:00.000Z',
    facts,
    reasons: [IMPORTANT_DATA, PI_VOLUME],
  };
}

describe('submitRegulatorFiling through the outbox', () => {
  it('run twice is one outbox entry and one filing record, with one reference', async () => {
    const { submitRegulatorFiling } = activitiesWith();
    const request = aFilingRequest();
    const other = aFilingRequest();
    await submitRegulatorFiling(other);

    const first = await submitRegulatorFiling(request);
    const second = await submitRegulatorFiling(request);

    expect(second).toEqual(first);
    expect(first).toMatchObject({
      key: request.key,
      status: 'submitted',
      reference: expect.stringMatching(/^OUTBOX-/),
    });
    const agreementId = request.facts.agreementId;
    expect(await FilingOutboxModel.countDocuments({ agreementId })).toBe(1);
    expect(await RegulatorFilingModel.countDocuments({ agreementId })).toBe(1);
    const record = await RegulatorFilingModel.findById(request.key).lean();
    expect(record).toMatchObject({
      reference: first.reference,
      submittedThrough: 'outbox',
      partnerId: request.facts.partnerId,
      requestingUnit: 'unit-network',
      reasons: [IMPORTANT_DATA, PI_VOLUME],
      // The agreement ends on 30 November 2027 (Shanghai); the filing is kept 3 years after.
      retainUntil: new Date('2030-11-30T15:59:59.999Z'),
    });
    expect(record!.document['zh-CN']).toContain(`单位名称：${ORGANISATION}`);
    expect(record!.document['zh-CN']).toContain('数据规模：约 1,200,000 条记录，涉及 150,000 人');
    expect(record!.document['zh-CN']).toContain('- 提供的个人信息达到报告规模');
    expect(record!.document.en).toContain('Grade: important data');
    expect((await RegulatorFilingModel.findById(other.key).lean())!.reference).not.toBe(first.reference);
  });

  it('a retry whose first attempt reached the outbox but not the record still records one filing with that reference', async () => {
    const request = aFilingRequest();
    const outbox = outboxFilingConnector({ outbox: FilingOutboxModel });
    const placed = await outbox.submit({
      key: request.key,
      agreementId: request.facts.agreementId,
      document: { 'zh-CN': 'x', en: 'x' },
      data: { ...request, organisation: ORGANISATION },
    });

    const record = await activitiesWith(outbox).submitRegulatorFiling(request);

    expect(record.reference).toBe(placed.reference);
    expect(await FilingOutboxModel.countDocuments({ agreementId: request.facts.agreementId })).toBe(1);
  });

  it('refuses, without a retry, a provision with no reason to report', async () => {
    const request = { ...aFilingRequest(), reasons: [] };
    await expect(activitiesWith().submitRegulatorFiling(request)).rejects.toMatchObject({
      type: 'filing.not_reportable',
      nonRetryable: true,
    });
    expect(await FilingOutboxModel.countDocuments({ agreementId: request.facts.agreementId })).toBe(0);
  });
});

describe('recordFilingConfirmation', () => {
  it('recorded twice keeps the first confirmation', async () => {
    const { submitRegulatorFiling, recordFilingConfirmation } = activitiesWith();
    const request = aFilingRequest();
    await submitRegulatorFiling(request);
    const confirmation = {
      key: request.key,
      confirmedAt: '2026-12-03T02:00:00.000Z',
      recordedBy: 'dso.wang',
      regulatorReference: '京通管备〔2026〕118号',
    };

    const first = await recordFilingConfirmation(confirmation);
    const second = await recordFilingConfirmation({
      ...confirmation,
      confirmedAt: '2026-12-09T02:00:00.000Z',
      recordedBy: 'dso.li',
    });

    expect(first).toMatchObject({ key: request.key, status: 'confirmed', confirmedAt: '2026-12-03T02:00:00.000Z' });
    expect(second).toEqual(first);
    expect((await RegulatorFilingModel.findById(request.key).lean())!.confirmation).toMatchObject({
      confirmedAt: new Date('2026-12-03T02:00:00.000Z'),
      recordedBy: 'dso.wang',
      regulatorReference: '京通管备〔2026〕118号',
    });
  });

  it('refuses, without a retry, a filing that does not exist', async () => {
    await expect(
      activitiesWith().recordFilingConfirmation({
        key: 'filing:nothing:v1',
        confirmedAt: '2026-12-03T02:00:00.000Z',
        recordedBy: 'dso.wang',
      }),
    ).rejects.toMatchObject({ type: FILING_NOT_FOUND, nonRetryable: true });
  });
});

describe('submitRegulatorFiling through the HTTP connector', () => {
  const SECRET = 'the-regulator-gateway-shared-secret-0001';

  it('posts the signed filing once; a retry gets the reference of the first post', async () => {
    let issued = 0;
    const receiver = await startWebhookReceiver({ secret: SECRET, answer: () => ({ reference: `REG-${++issued}` }) });
    try {
      const connector = httpFilingConnector({ url: receiver.url, secret: SECRET, timeoutMs: 2_000 });
      const request = aFilingRequest();
      const placed = {
        key: request.key,
        agreementId: request.facts.agreementId,
        document: { 'zh-CN': '报告', en: 'report' },
        data: { ...request, organisation: ORGANISATION },
      };

      expect(await connector.submit(placed)).toEqual({ reference: 'REG-1', repeated: false });
      expect(await connector.submit(placed)).toEqual({ reference: 'REG-1', repeated: true });

      expect(receiver.applied).toHaveLength(1);
      expect(receiver.applied[0]).toMatchObject({ key: request.key, document: { 'zh-CN': '报告' } });
      const record = await activitiesWith(connector).submitRegulatorFiling(request);
      expect(record.reference).toBe('REG-1');
      expect((await RegulatorFilingModel.findById(request.key).lean())!.submittedThrough).toMatch(
        /^http:127\.0\.0\.1:/,
      );
    } finally {
      await receiver.close();
    }
  });

  it('a 5xx fails for a retry; a 4xx or an answer without a reference fails without one', async () => {
    const receiver = await startWebhookReceiver({ secret: SECRET, answer: () => ({}) });
    try {
      const connector = httpFilingConnector({ url: receiver.url, secret: SECRET, timeoutMs: 2_000 });
      const submit = () => activitiesWith(connector).submitRegulatorFiling(aFilingRequest());

      receiver.answerNext(502);
      const retried = await submit().catch((err: unknown) => err);
      expect(retried).toBeInstanceOf(Error);
      expect(retried).not.toBeInstanceOf(ApplicationFailure);

      receiver.answerNext(422);
      await expect(submit()).rejects.toMatchObject({ type: FILING_REJECTED, nonRetryable: true });
      await expect(submit()).rejects.toMatchObject({ type: FILING_REJECTED, message: /without a reference/ });
      expect(
        await RegulatorFilingModel.countDocuments({ submittedThrough: `http:${new URL(receiver.url).host}` }),
      ).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
