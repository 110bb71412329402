import { parse } from 'csv-parse/sync';
import { catalogRefilingTasksFor } from '../../../policies/catalog-refiling';
import { csvCell, csvLine } from '../../../policies/csv';
import { DEFAULT_PARAMETERS, parametersFrom } from '../../../policies/parameters';
import { provisionListHeader, provisionListLine } from '../../../policies/provision-list';
import { retainUntilOf } from '../../../policies/provision-records';
import { aProvision, CROSS_BORDER, IMPORTANT_DATA } from '../../support/provisions';

const at = (iso: string) => new Date(iso);

describe('retainUntilOf', () => {
  const recordedAt = at('2026-11-25T02:00:00.000Z');
  const agreementEndsAt = at('2027-11-30T15:59:59.999Z');

  it('keeps a provision record 3 years after the agreement ends, by default (R22)', () => {
    expect(retainUntilOf({ recordedAt, agreementEndsAt, personalInfo: false, parameters: DEFAULT_PARAMETERS })).toEqual(
      at('2030-11-30T15:59:59.999Z'),
    );
  });

  it('keeps longer when a longer retention is configured, for PI the longer of R22 and R44', () => {
    const parameters = parametersFrom({ provisionRecordRetentionYears: 3, pipiaRecordRetentionYears: 5 });
    expect(retainUntilOf({ recordedAt, agreementEndsAt, personalInfo: false, parameters })).toEqual(
      at('2030-11-30T15:59:59.999Z'),
    );
    expect(retainUntilOf({ recordedAt, agreementEndsAt, personalInfo: true, parameters })).toEqual(
      at('2032-11-30T15:59:59.999Z'),
    );
  });

  it('counts from a record made after the agreement ended (a late deletion attestation)', () => {
    expect(
      retainUntilOf({
        recordedAt: at('2028-02-29T04:00:00.000Z'),
        agreementEndsAt,
        personalInfo: false,
        parameters: DEFAULT_PARAMETERS,
      }),
    ).toEqual(at('2031-02-28T04:00:00.000Z'));
  });

  it('counted from the record date, still never lets a record go before its agreement has ended', () => {
    const parameters = parametersFrom({ provisionRecordRetentionFrom: 'record_date' });
    const longAgreementEnd = at('2031-06-30T15:59:59.999Z');
    expect(retainUntilOf({ recordedAt, agreementEndsAt, personalInfo: false, parameters })).toEqual(
      at('2029-11-25T02:00:00.000Z'),
    );
    expect(retainUntilOf({ recordedAt, agreementEndsAt: longAgreementEnd, personalInfo: false, parameters })).toEqual(
      longAgreementEnd,
    );
  });
});

describe('catalogRefilingTasksFor (R3)', () => {
  const assets = [
    { assetId: 'a-core', grade: 'core' as const },
    { assetId: 'a-general', grade: 'general' as const },
    { assetId: 'a-important', grade: 'important' as const },
    { assetId: 'a-core', grade: 'core' as const },
  ];

  it('opens one task per important or core asset, none for general data, due 3 months after the change', () => {
    const tasks = catalogRefilingTasksFor({
      agreementId: 'g1',
      change: 'sharing_started',
      at: at('2026-11-30T04:00:00.000Z'),
      assets,
      parameters: DEFAULT_PARAMETERS,
    });
    expect(tasks).toEqual([
      {
        key: 'catalog-refiling:a-core:g1:sharing_started',
        assetId: 'a-core',
        grade: 'core',
        change: 'sharing_started',
        openedAt: at('2026-11-30T04:00:00.000Z'),
        // 30 November + 3 months is the last day of February.
        dueAt: at('2027-02-28T04:00:00.000Z'),
      },
      expect.objectContaining({ key: 'catalog-refiling:a-important:g1:sharing_started', grade: 'important' }),
    ]);
  });

  it('keys the end of the sharing apart from its start, and follows a shorter configured deadline', () => {
    const [task] = catalogRefilingTasksFor({
      agreementId: 'g1',
      change: 'sharing_ended',
      at: at('2027-01-10T00:00:00.000Z'),
      assets,
      parameters: parametersFrom({ catalogChangeFilingMonths: 1 }),
    });
    expect(task).toMatchObject({
      key: 'catalog-refiling:a-core:g1:sharing_ended',
      dueAt: at('2027-02-10T00:00:00.000Z'),
    });
  });

  it('opens none for an agreement of general data only', () => {
    expect(
      catalogRefilingTasksFor({
        agreementId: 'g1',
        change: 'sharing_started',
        at: at('2027-01-10T00:00:00.000Z'),
        assets: [{ assetId: 'a', grade: 'general' }],
        parameters: DEFAULT_PARAMETERS,
      }),
    ).toEqual([]);
  });
});

describe('the list of provisions (清单)', () => {
  const entry = {
    ...aProvision({
      agreementId: 'g1',
      purpose: '分析, 含逗号和"引号"',
      crossBorder: { destinationCountry: 'SG', pathway: 'security_assessment' },
    }),
    reportableReasons: [IMPORTANT_DATA, CROSS_BORDER],
    retainUntil: '2030-11-30T15:59:59.999Z',
  };

  it('has headers in Chinese or English', () => {
    expect(provisionListHeader('zh-CN')).toMatch(
      /^提供日期,协议编号,协议版本,责任部门,接收方,统一社会信用代码,提供目的,数据类别,数据级别,/,
    );
    expect(provisionListHeader('en')).toMatch(/^date,agreement,version,requesting unit,recipient,credit code,purpose,/);
    expect(provisionListHeader('en').endsWith('kept until\r\n')).toBe(true);
  });

  it('writes one line per provision with values in the language of the headers, quoted where needed', () => {
    const zh = provisionListLine(entry, 'zh-CN');
    expect(zh).toContain(
      '2026-11-25,g1,4,unit-network,星河智联科技有限公司,91110000710925462X,"分析, 含逗号和""引号""",网络数据、用户数据,重要数据,',
    );
    expect(zh).toContain(
      ',1200000,150000,150000,0,是,否,订立、履行合同所必需,数据脱敏、传输加密、存储加密,向其他处理者提供,接口调用,每月,2026-12-01,2027-11-30,SG,数据出境安全评估,提供重要数据、向境外提供数据,2030-11-30\r\n',
    );
    const en = provisionListLine(entry, 'en');
    expect(en).toContain(',important data,');
    expect(en).toContain(
      ',yes,no,necessary to conclude or perform a contract,"masking, encryption in transit, encryption at rest",provision to another processor,API,monthly,',
    );
    expect(en.split(',').length).toBeGreaterThan(20);
  });

  it('has as many cells in each line as headers', () => {
    const cells = (line: string) => (parse(line) as string[][])[0]!;
    expect(cells(provisionListLine(entry, 'zh-CN'))).toHaveLength(cells(provisionListHeader('zh-CN')).length);
  });
});

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks, and writes a would-be formula as text', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
  });
});
