/** Every model accepts a well-formed record and refuses a state outside the vocabulary (no server: validateSync). */
import { AgreementModel } from '../../src/entities/agreement';
import { AuditEventModel } from '../../src/models/audit-event.model';
import { DataAssetModel } from '../../src/models/data-asset.model';
import { IncidentModel } from '../../src/entities/incident';
import { FindingModel } from '../../src/entities/finding';
import { InspectionModel } from '../../src/entities/inspection';
import { NotificationModel } from '../../src/models/notification.model';
import { PartnerModel } from '../../src/entities/partner';
import { ProvisionReportModel } from '../../src/models/provision-report.model';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { CatalogRefilingTaskModel } from '../../src/models/catalog-refiling-task.model';
import { DeletionAttestationModel } from '../../src/models/deletion-attestation.model';
import { RegulatorFilingModel } from '../../src/models/regulator-filing.model';
import { UsageReportModel } from '../../src/models/usage-report.model';
import { createAgreementBody } from '../../src/schemas/agreement.schema';

const at = new Date('2026-11-25T00:00:00Z');
const CASES: [string, { new (doc: object): { validateSync(): unknown } }, Record<string, unknown>, string, string][] = [
  [
    'Partner',
    PartnerModel,
    { _id: 'p1', legalName: 'x', creditCode: '91110000710925462X', nominatedBy: 'a' },
    'status',
    'trusted',
  ],
  [
    'DataAsset',
    DataAssetModel,
    {
      _id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      code: 'A1',
      name: 'x',
      ownerUnit: 'u',
      category: 'c',
      grade: 'core',
      createdBy: 'a',
    },
    'grade',
    'secret',
  ],
  [
    'Agreement',
    AgreementModel,
    {
      _id: 'g1',
      title: 't',
      requestingUnit: 'u',
      requestedBy: 'a',
      partnerId: 'p1',
      effectiveGrade: 'general',
      startsAt: at,
      endsAt: at,
    },
    'status',
    'live',
  ],
  [
    'ProvisionReport',
    ProvisionReportModel,
    {
      _id: 'provision:g1:v4',
      agreementId: 'g1',
      agreementVersion: 4,
      partnerId: 'p1',
      requestingUnit: 'u',
      approvedAt: at,
      recipient: { name: 'r', creditCode: '91110000710925462X' },
      purpose: 'p',
      method: 'api',
      frequency: 'monthly',
      scale: { records: 1, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
      grade: 'important',
      personalInfo: false,
      sensitivePersonalInfo: false,
      legalBasis: 'contract',
      startDate: '2026-12-01',
      endDate: '2027-11-30',
      recordedAt: at,
      retainUntil: at,
    },
    'grade',
    'secret',
  ],
  [
    'AccessLedgerRow',
    AccessLedgerModel,
    { _id: 'grant:g1:v4', action: 'grant', agreementId: 'g1', version: 4, recordedAt: at },
    'action',
    'suspend',
  ],
  [
    'RegulatorFiling',
    RegulatorFilingModel,
    {
      _id: 'filing:g1:v4',
      agreementId: 'g1',
      agreementVersion: 4,
      partnerId: 'p1',
      requestingUnit: 'u',
      document: { 'zh-CN': '报告', en: 'report' },
      submittedThrough: 'outbox',
      reference: 'OUTBOX-1',
      submittedAt: at,
      status: 'submitted',
      retainUntil: at,
    },
    'status',
    'lost',
  ],
  [
    'UsageReport',
    UsageReportModel,
    {
      _id: 'usage:g1:2026-11',
      agreementId: 'g1',
      partnerId: 'p1',
      requestingUnit: 'u',
      period: { start: '2026-11-01', end: '2026-11-30' },
      records: 1,
      people: 0,
      personalInfoPeople: 0,
      sensitivePersonalInfoPeople: 0,
      submittedBy: 'p',
      submittedAt: at,
      retainUntil: at,
    },
    'records',
    'many',
  ],
  [
    'DeletionAttestation',
    DeletionAttestationModel,
    {
      _id: 'deletion:g1:v5',
      agreementId: 'g1',
      partnerId: 'p1',
      requestingUnit: 'u',
      description: 'd',
      includesBackups: true,
      deletedAt: at,
      deletedBy: { name: 'n' },
      method: 'overwrite',
      attestedBy: 'p',
      attestedAt: at,
      retainUntil: at,
    },
    'method',
    'forgot',
  ],
  [
    'CatalogRefilingTask',
    CatalogRefilingTaskModel,
    {
      _id: 'catalog-refiling:a1:g1:sharing_started',
      assetId: 'a1',
      grade: 'core',
      agreementId: 'g1',
      partnerId: 'p1',
      requestingUnit: 'u',
      change: 'sharing_started',
      openedAt: at,
      dueAt: at,
    },
    'change',
    'renamed',
  ],
  [
    'Inspection',
    InspectionModel,
    {
      _id: '2026-12',
      version: 1,
      period: '2026-12',
      trigger: 'schedule',
      requestedBy: 'system:schedule',
      asOf: at,
      ruleSetVersion: 'inspection-rules@1+0',
      startedAt: at,
      runs: 1,
      progress: { partitions: 256, partitionsDone: 0 },
    },
    'status',
    'paused',
  ],
  [
    'Finding',
    FindingModel,
    {
      _id: '0f0e0d0c-0b0a-4908-8706-050403020100',
      version: 1,
      bucket: '0f',
      period: '2026-12',
      key: 'pipia_missing:agreement:g1',
      ruleId: 'pipia_missing',
      severity: 'high',
      agreementId: 'g1',
      ownerUnit: 'u',
      raisedAt: at,
      dueAt: at,
      live: true,
      escalated: false,
    },
    'status',
    'ignored',
  ],
  [
    'Incident',
    IncidentModel,
    { _id: 'n1', partnerId: 'p1', kind: 'leak', grade: 'III', drill: false, detectedAt: at, reportedBy: 'a' },
    'status',
    'forgotten',
  ],
  [
    'Notification',
    NotificationModel,
    { _id: 'm1', notificationKey: 'k', recipient: 'a', template: 't' },
    'status',
    'lost',
  ],
  [
    'AuditEvent',
    AuditEventModel,
    {
      seq: 1,
      eventKey: 'k',
      at,
      actor: { sub: 'a', roles: [] },
      action: 'x',
      subject: { type: 'T', id: '1' },
      prevHash: '0',
      hash: '1',
    },
    'seq',
    'first',
  ],
];

describe('the models', () => {
  it.each(CASES)('%s accepts a well-formed record', (_name, Model, doc) => {
    expect(new Model(doc).validateSync()).toBeUndefined();
  });

  it.each(CASES)('%s refuses %s = an unknown value', (_name, Model, doc, field, bad) => {
    const error = new Model({ ...doc, [field]: bad }).validateSync() as { errors: Record<string, unknown> } | undefined;
    expect(Object.keys(error?.errors ?? {})).toContain(field);
  });
});

describe('createAgreementBody', () => {
  const good = {
    title: '基站数据共享',
    request: {
      partnerId: '2f1c7a1e-1111-4222-8333-444455556666',
      assets: [{ assetId: '2f1c7a1e-1111-4222-8333-444455556667', fields: ['cell_id'] }],
      purpose: '网络优化',
      scope: '基站工参',
      categories: '网络数据',
      conditions: '仅用于网络优化',
      procedure: 'API 调用',
      securityObligations: '加密传输',
      relationship: 'provision',
      legalBasis: 'contract',
      scenario: 'general',
      recipientType: 'domestic_enterprise',
      crossBorder: false,
      volume: { records: 1000, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
      frequency: 'monthly',
      transferMethod: 'api',
      controls: ['encryption_in_transit'],
      startDate: '2026-12-01',
      endDate: '2027-11-30',
    },
  };
  const paths = (body: object) => createAgreementBody.safeParse(body).error?.issues.map((i) => i.path.join('.'));

  it('accepts a complete request, with no records on file yet', () => {
    expect(createAgreementBody.parse(good).records).toEqual({});
  });

  it('refuses unknown keys, an id that is not one, and a volume below zero', () => {
    expect(paths({ ...good, status: 'approved' })).toEqual(['']);
    expect(paths({ ...good, request: { ...good.request, partnerId: 'p1' } })).toEqual(['request.partnerId']);
    expect(paths({ ...good, request: { ...good.request, volume: { ...good.request.volume, records: -1 } } })).toEqual([
      'request.volume.records',
    ]);
  });
});
