/**
 * The records of a provision against the real store: the provision record, the partner's usage reports and
 * deletion attestations, the catalog re-filing tasks — each write run twice has one effect — and the list
 * of a period's provisions streamed as CSV.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { createCatalogRefilingActivities } from '../../activities/catalog-refiling';
import { createPartnerReportActivities, type ReportedAgreement } from '../../activities/partner-reports';
import { createProvisionRecordActivities } from '../../activities/provision-records';
import { DEFAULT_PARAMETERS } from '../../policies/parameters';
import type { ProvisionFacts } from '../../policies/provision-records';
import { deletionAttestationKeyOf, provisionRecordKeyOf, usageReportKeyOf } from '../../policies/record-keys';
import { CatalogRefilingTaskModel } from '../../src/models/catalog-refiling-task.model';
import { DeletionAttestationModel } from '../../src/models/deletion-attestation.model';
import { ProvisionReportModel } from '../../src/models/provision-report.model';
import { UsageReportModel } from '../../src/models/usage-report.model';
import { provisionListCsv } from '../../src/services/provision-list';
import { connectTestStore, disconnectTestStore } from '../support/env';
import { aProvision, IMPORTANT_DATA } from '../support/provisions';

beforeAll(async () => {
  await connectTestStore('provision_records');
  const models = [ProvisionReportModel, UsageReportModel, DeletionAttestationModel, CatalogRefilingTaskModel];
  await Promise.all(models.map((m) => m.createIndexes()));
});
afterAll(disconnectTestStore);

const parameters = DEFAULT_PARAMETERS;
const { recordProvision } = createProvisionRecordActivities({ provisionReports: ProvisionReportModel, parameters });
const { recordUsageReport, recordDeletionAttestation } = createPartnerReportActivities({
  usageReports: UsageReportModel,
  attestations: DeletionAttestationModel,
  parameters,
});
const { openCatalogRefilingTasks } = createCatalogRefilingActivities({ tasks: CatalogRefilingTaskModel, parameters });

const provisionOf = (facts: ProvisionFacts) => ({
  key: provisionRecordKeyOf(facts.agreementId, facts.agreementVersion),
  facts,
  reportableReasons: [IMPORTANT_DATA],
});

describe('recordProvision', () => {
  it('run twice is one record with every field, kept 3 years after the agreement ends', async () => {
    const facts = aProvision();
    const untouched = aProvision();
    await recordProvision(provisionOf(untouched));

    const first = await recordProvision(provisionOf(facts));
    const second = await recordProvision(provisionOf(facts));

    expect(first).toEqual({ key: `provision:${facts.agreementId}:v4`, retainUntil: '2030-11-30T15:59:59.999Z' });
    expect(second).toEqual(first);
    expect(await ProvisionReportModel.countDocuments({ agreementId: facts.agreementId })).toBe(1);
    expect(await ProvisionReportModel.findById(first.key).lean()).toMatchObject({
      agreementId: facts.agreementId,
      agreementVersion: 4,
      partnerId: facts.partnerId,
      requestingUnit: 'unit-network',
      approvedAt: new Date(facts.approvedAt),
      recipient: facts.recipient,
      purpose: facts.purpose,
      method: 'api',
      scale: facts.scale,
      grade: 'important',
      personalInfo: true,
      categories: ['网络数据', '用户数据'],
      assets: facts.assets,
      legalBasis: 'contract',
      consentBasis: 'separate_consent',
      controls: ['masking', 'encryption_in_transit', 'encryption_at_rest'],
      startDate: '2026-12-01',
      endDate: '2027-11-30',
      reportableReasons: [IMPORTANT_DATA],
      retainUntil: new Date('2030-11-30T15:59:59.999Z'),
    });
    expect(await ProvisionReportModel.countDocuments({ agreementId: untouched.agreementId })).toBe(1);
  });

  it('a retry after a change of parameters keeps the record, and the date, of the first write', async () => {
    const facts = aProvision();
    const first = await recordProvision(provisionOf(facts));
    const longer = createProvisionRecordActivities({
      provisionReports: ProvisionReportModel,
      parameters: { ...parameters, provisionRecordRetentionYears: 10 },
    });
    expect(await longer.recordProvision(provisionOf(facts))).toEqual(first);
  });
});

const agreementOf = (facts: ProvisionFacts): ReportedAgreement => ({
  agreementId: facts.agreementId,
  partnerId: facts.partnerId,
  requestingUnit: facts.requestingUnit,
  endDate: facts.endDate,
  personalInfo: facts.personalInfo,
});

describe('recordUsageReport', () => {
  it('run twice is one report, the first one', async () => {
    const agreement = agreementOf(aProvision());
    const report = {
      key: usageReportKeyOf(agreement.agreementId, '2026-12-01'),
      agreement,
      report: {
        period: { start: '2026-12-01', end: '2026-12-31' },
        records: 98_000,
        people: 12_000,
        personalInfoPeople: 12_000,
        sensitivePersonalInfoPeople: 0,
        fieldsUsed: [{ assetId: 'a-cells', fields: ['cell_id'] }],
        controlsAttested: ['masking', 'encryption_in_transit'],
        onwardProvision: null,
      },
      violations: [{ code: 'usage.control_not_attested', params: { control: 'encryption_at_rest' } }],
      submittedBy: 'user@partner',
      submittedAt: '2027-01-03T02:00:00.000Z',
    };

    expect(await recordUsageReport(report)).toEqual({
      key: report.key,
      repeated: false,
      retainUntil: '2030-11-30T15:59:59.999Z',
    });
    expect(await recordUsageReport({ ...report, report: { ...report.report, records: 1 } })).toMatchObject({
      key: report.key,
      repeated: true,
    });

    const stored = await UsageReportModel.find({ agreementId: agreement.agreementId }).lean();
    expect(stored).toEqual([
      expect.objectContaining({
        _id: report.key,
        partnerId: agreement.partnerId,
        requestingUnit: 'unit-network',
        period: { start: '2026-12-01', end: '2026-12-31' },
        records: 98_000,
        people: 12_000,
        personalInfoPeople: 12_000,
        controlsAttested: ['masking', 'encryption_in_transit'],
        violations: [{ code: 'usage.control_not_attested', params: { control: 'encryption_at_rest' } }],
        submittedAt: new Date('2027-01-03T02:00:00.000Z'),
      }),
    ]);
    expect(stored[0]).not.toHaveProperty('onwardProvision');
  });
});

describe('recordDeletionAttestation', () => {
  it('run twice is one attestation: what, when, by whom, how (R9)', async () => {
    const agreement = agreementOf(aProvision());
    const attestation = {
      key: deletionAttestationKeyOf(agreement.agreementId, 9),
      agreement,
      deleted: [{ assetId: 'a-cells', fields: ['cell_id', 'longitude', 'latitude'] }],
      description: '生产库、分析库及两份离线备份中的全部数据',
      includesBackups: true,
      deletedAt: '2027-12-02T08:00:00.000Z',
      deletedBy: { name: '赵磊', title: '数据安全负责人' },
      method: 'crypto_erase' as const,
      methodDetail: '销毁数据加密密钥',
      attestedBy: 'user@partner',
      attestedAt: '2027-12-03T01:00:00.000Z',
    };

    const first = await recordDeletionAttestation(attestation);
    const second = await recordDeletionAttestation(attestation);

    expect(first).toEqual({ key: attestation.key, repeated: false, retainUntil: '2030-12-03T01:00:00.000Z' });
    expect(second).toEqual({ ...first, repeated: true });
    expect(await DeletionAttestationModel.find({ agreementId: agreement.agreementId }).lean()).toEqual([
      expect.objectContaining({
        _id: attestation.key,
        deleted: attestation.deleted,
        description: attestation.description,
        includesBackups: true,
        deletedAt: new Date('2027-12-02T08:00:00.000Z'),
        deletedBy: { name: '赵磊', title: '数据安全负责人' },
        method: 'crypto_erase',
        attestedBy: 'user@partner',
      }),
    ]);
  });
});

describe('openCatalogRefilingTasks (R3)', () => {
  it('run twice opens one task per important or core asset, none for general data, due in 3 months', async () => {
    const agreementId = randomUUID();
    const request = {
      agreementId,
      partnerId: 'p1',
      requestingUnit: 'unit-network',
      change: 'sharing_started' as const,
      at: '2026-11-30T04:00:00.000Z',
      assets: [
        { assetId: `core-${agreementId}`, grade: 'core' as const },
        { assetId: `general-${agreementId}`, grade: 'general' as const },
        { assetId: `important-${agreementId}`, grade: 'important' as const },
      ],
    };

    const first = await openCatalogRefilingTasks(request);
    const second = await openCatalogRefilingTasks(request);

    expect(second).toEqual(first);
    expect(first).toEqual({
      keys: [
        `catalog-refiling:core-${agreementId}:${agreementId}:sharing_started`,
        `catalog-refiling:important-${agreementId}:${agreementId}:sharing_started`,
      ],
      dueAt: '2027-02-28T04:00:00.000Z',
    });
    const tasks = await CatalogRefilingTaskModel.find({ agreementId }).lean();
    expect(tasks).toHaveLength(2);
    expect(tasks).toContainEqual(
      expect.objectContaining({
        assetId: `core-${agreementId}`,
        grade: 'core',
        change: 'sharing_started',
        field: 'external_sharing',
        status: 'open',
        dueAt: new Date('2027-02-28T04:00:00.000Z'),
      }),
    );

    await openCatalogRefilingTasks({ ...request, change: 'sharing_ended', at: '2027-11-30T16:00:00.000Z' });
    expect(await CatalogRefilingTaskModel.countDocuments({ agreementId })).toBe(4);
  });
});

describe('provisionListCsv', () => {
  /** Reads the whole stream: the CSV a regulator downloads. */
  async function csvOf(query: Parameters<typeof provisionListCsv>[1]): Promise<string> {
    let text = '';
    for await (const chunk of provisionListCsv(ProvisionReportModel, query)) text += chunk;
    return text;
  }
  const unit = `unit-${randomUUID()}`;
  const scope = { requestingUnit: unit };

  beforeAll(async () => {
    const dated = (startDate: string, endDate: string, approvedAt: string, purpose: string) =>
      recordProvision(provisionOf(aProvision({ requestingUnit: unit, startDate, endDate, approvedAt, purpose })));
    await dated('2026-10-01', '2026-12-31', '2026-09-20T02:00:00.000Z', 'runs through Q4');
    await dated('2027-01-01', '2027-06-30', '2026-12-15T02:00:00.000Z', 'approved in Q4, starts later');
    await dated('2026-01-01', '2026-09-30', '2025-12-20T02:00:00.000Z', 'ended before Q4');
    await dated('2027-02-01', '2027-12-31', '2027-01-10T02:00:00.000Z', 'after Q4');
  });

  it('lists the provisions of a period — in effect or approved in it — with a BOM and Chinese headers', async () => {
    const csv = await csvOf({ from: '2026-10-01', to: '2026-12-31', language: 'zh-CN', scope });

    expect(csv.startsWith('\uFEFF提供日期,协议编号,')).toBe(true);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['提供目的']).sort()).toEqual(['approved in Q4, starts later', 'runs through Q4']);
    expect(rows[0]).toMatchObject({ 数据级别: '重要数据', 责任部门: unit, 保存至: expect.stringMatching(/^20\d\d-/) });
  });

  it('writes the same list with English headers and values', async () => {
    const csv = await csvOf({ from: '2026-10-01', to: '2026-12-31', language: 'en', scope });
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      grade: 'important data',
      'legal basis': 'necessary to conclude or perform a contract',
    });
  });

  it('streams every record of a period larger than one batch of the cursor', async () => {
    const bigUnit = `unit-${randomUUID()}`;
    const many = 600;
    await ProvisionReportModel.insertMany(
      Array.from({ length: many }, (_, i) => {
        const facts = aProvision({ requestingUnit: bigUnit, agreementId: `bulk-${bigUnit}-${i}` });
        return {
          _id: provisionRecordKeyOf(facts.agreementId, 1),
          ...facts,
          approvedAt: new Date(facts.approvedAt),
          categories: ['网络数据'],
          reportableReasons: [],
          recordedAt: new Date(),
          retainUntil: new Date('2030-11-30T15:59:59.999Z'),
        };
      }),
    );

    const csv = await csvOf({
      from: '2026-11-01',
      to: '2026-11-30',
      language: 'en',
      scope: { requestingUnit: bigUnit },
    });

    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(many);
    expect(new Set(rows.map((r) => r.agreement)).size).toBe(many);
  });

  it('refuses a period that is not two dates in order', async () => {
    await expect(csvOf({ from: '2026-12-31', to: '2026-10-01', language: 'en' })).rejects.toMatchObject({
      code: 'request.invalid',
    });
  });
});
