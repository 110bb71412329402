import {
  NOTHING_RECEIVED,
  approvedScopeOf,
  receivedAfter,
  usageViolationsOf,
  type UsageReport,
} from '../../../policies/usage-reports';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';
import { aRequest, shareOf } from './agreement-factory';

const approved = approvedScopeOf(
  aRequest({
    assets: [...shareOf('cells'), { assetId: 'a-subscribers', fields: ['plan'] }],
    volume: { records: 10_000, people: 1_000, personalInfoPeople: 500, sensitivePersonalInfoPeople: 0 },
    controls: ['access_control', 'encryption_in_transit'],
    onwardProvision: { subRecipientPartnerId: 'p2' },
  }),
);

function aReport(overrides: Partial<UsageReport> = {}): UsageReport {
  return {
    period: { start: '2026-12-01', end: '2026-12-31' },
    records: 4_000,
    people: 400,
    personalInfoPeople: 400,
    sensitivePersonalInfoPeople: 0,
    fieldsUsed: [{ assetId: 'a-cells', fields: ['cell_id'] }],
    controlsAttested: ['access_control', 'encryption_in_transit'],
    onwardProvision: null,
    ...overrides,
  };
}

const params = DEFAULT_PARAMETERS;

describe('usageViolationsOf', () => {
  it('finds nothing in a report within the approval, onward provision to the approved sub-recipient included', () => {
    expect(usageViolationsOf(aReport(), approved, { params })).toEqual([]);
    expect(
      usageViolationsOf(aReport({ onwardProvision: { subRecipientPartnerId: 'p2' } }), approved, { params }),
    ).toEqual([]);
  });

  it.each([
    [
      'more records than approved, counting earlier periods',
      aReport({ records: 4_001 }),
      { code: 'usage.records_beyond_approval', params: { received: 10_001, approved: 10_000 } },
    ],
    [
      'more people than approved',
      aReport({ people: 1_001 }),
      { code: 'usage.people_beyond_approval', params: { received: 1_001, approved: 1_000 } },
    ],
    [
      'PI of more people than approved',
      aReport({ personalInfoPeople: 501, people: 600 }),
      { code: 'usage.personal_info_people_beyond_approval', params: { received: 501, approved: 500 } },
    ],
    [
      'sensitive PI where none was approved',
      aReport({ sensitivePersonalInfoPeople: 1 }),
      { code: 'usage.sensitive_people_beyond_approval', params: { received: 1, approved: 0 } },
    ],
    [
      'an asset not approved',
      aReport({ fieldsUsed: [{ assetId: 'a-routes', fields: ['route_id'] }] }),
      { code: 'usage.asset_not_approved', params: { assetId: 'a-routes' } },
    ],
    [
      'fields not approved',
      aReport({ fieldsUsed: [{ assetId: 'a-subscribers', fields: ['plan', 'msisdn'] }] }),
      { code: 'usage.field_not_approved', params: { asset: 'a-subscribers', fields: 'msisdn' } },
    ],
    [
      'a control not attested',
      aReport({ controlsAttested: ['access_control'] }),
      { code: 'usage.control_not_attested', params: { control: 'encryption_in_transit' } },
    ],
    [
      'onward provision to someone else',
      aReport({ onwardProvision: { subRecipientPartnerId: 'p7' } }),
      { code: 'usage.onward_provision_not_approved', params: { subRecipient: 'p7' } },
    ],
  ])('finds %s, which suspends by default', (_name, report, expected) => {
    const receivedBefore = { ...NOTHING_RECEIVED, records: 6_000, people: 300, personalInfoPeople: 300 };
    expect(usageViolationsOf(report, approved, { receivedBefore, params })).toEqual([{ ...expected, suspends: true }]);
  });

  it('lists every violation at once, each suspending or not as configured', () => {
    const lenient = parametersFrom({ suspendingUsageViolations: ['usage.onward_provision_not_approved'] });
    const report = aReport({
      records: 20_000,
      controlsAttested: [],
      onwardProvision: { subRecipientPartnerId: 'p7' },
    });
    expect(usageViolationsOf(report, approved, { params: lenient }).map((v) => [v.code, v.suspends])).toEqual([
      ['usage.records_beyond_approval', false],
      ['usage.control_not_attested', false],
      ['usage.control_not_attested', false],
      ['usage.onward_provision_not_approved', true],
    ]);
  });

  it('forbids onward provision when the approval names no sub-recipient', () => {
    const none = approvedScopeOf(aRequest());
    expect(
      usageViolationsOf(
        aReport({ ...NOTHING_RECEIVED, records: 10, fieldsUsed: [], onwardProvision: { subRecipientPartnerId: 'p2' } }),
        none,
        { params },
      ).map((v) => v.code),
    ).toEqual(['usage.onward_provision_not_approved']);
  });
});

describe('receivedAfter', () => {
  it('adds records up and keeps the largest count of people, who recur from period to period', () => {
    const after = receivedAfter(
      { records: 6_000, people: 300, personalInfoPeople: 300, sensitivePersonalInfoPeople: 0 },
      aReport(),
    );
    expect(after).toEqual({ records: 10_000, people: 400, personalInfoPeople: 400, sensitivePersonalInfoPeople: 0 });
  });
});
