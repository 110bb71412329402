import { FILING_TITLE, documentDateOf, filingDocumentOf, type FilingInput } from '../../../policies/filing-document';
import { aProvision, CROSS_BORDER, IMPORTANT_DATA, PI_VOLUME } from '../../support/provisions';

function aFiling(overrides: Partial<FilingInput> = {}): FilingInput {
  return {
    key: 'filing:g1:v4',
    // 2026-11-25T17:00Z is already 26 November in Shanghai: the date the filing bears.
    preparedAt: '2026-11-25T17:00:00.000Z',
    organisation: '某省移动通信有限公司',
    contact: { name: '李工', phone: '010-5555-0101' },
    facts: aProvision({ agreementId: 'g1' }),
    reasons: [IMPORTANT_DATA, PI_VOLUME],
    ...overrides,
  };
}

describe('filingDocumentOf', () => {
  it('writes every field R22, R52 and R3 ask for, in Chinese', () => {
    const zh = filingDocumentOf(aFiling())['zh-CN'];

    expect(zh.startsWith(FILING_TITLE['zh-CN'])).toBe(true);
    for (const expected of [
      '备案编号：filing:g1:v4',
      '报送日期：2026年11月26日',
      '单位名称：某省移动通信有限公司',
      '责任部门：unit-network',
      '联系人：李工，010-5555-0101',
      '- 提供重要数据',
      '- 提供的个人信息达到报告规模',
      '名称：星河智联科技有限公司',
      '统一社会信用代码：91110000710925462X',
      '接收方类型：境内企业',
      '数据级别：重要数据',
      '数据类别：网络数据、用户数据',
      '是否含个人信息：是',
      '数据规模：约 1,200,000 条记录，涉及 150,000 人（其中个人信息 150,000 人，敏感个人信息 0 人）',
      '提供关系：向其他处理者提供',
      '1. 基站工参（网络数据、重要数据）：cell_id、longitude、latitude',
      '2. 用户位置汇总（用户数据、一般数据）：grid_id、user_count',
      '提供目的：基站覆盖优化分析',
      '提供方式：接口调用',
      '提供频率：每月',
      '提供期限：2026年12月1日至2027年11月30日',
      '批准日期：2026年11月25日',
      '处理依据：订立、履行合同所必需',
      '个人信息同意方式：取得个人单独同意',
      '约定措施：数据脱敏、传输加密、存储加密',
      '是否跨境：否，数据不出境',
    ]) {
      expect(zh).toContain(expected);
    }
  });

  it('renders the same filing in English', () => {
    const en = filingDocumentOf(aFiling()).en;

    expect(en.startsWith(FILING_TITLE.en)).toBe(true);
    for (const expected of [
      'Filing number: filing:g1:v4',
      'Date: 2026-11-26',
      'Organisation: 某省移动通信有限公司',
      '- important data is provided',
      'Grade: important data',
      'Scale: about 1,200,000 records, concerning 150,000 people (personal information of 150,000, sensitive of 0)',
      'Frequency: monthly',
      '1. 基站工参 (网络数据, important data): cell_id, longitude, latitude',
      'Method: API',
      'Term: 2026-12-01 to 2027-11-30',
      'Basis: necessary to conclude or perform a contract',
      'Consent for personal information: separate consent of the individuals',
      'Agreed controls: masking, encryption in transit, encryption at rest',
      'Cross-border: no, the data stays in China',
    ]) {
      expect(en).toContain(expected);
    }
    expect(en).not.toMatch(/[：（）]/);
  });

  it('names the destination and the export pathway of a cross-border provision', () => {
    const document = filingDocumentOf(
      aFiling({
        facts: aProvision({ crossBorder: { destinationCountry: 'SG', pathway: 'standard_contract' } }),
        reasons: [CROSS_BORDER],
      }),
    );

    expect(document['zh-CN']).toContain('是否跨境：是');
    expect(document['zh-CN']).toContain('目的地国家/地区：SG');
    expect(document['zh-CN']).toContain('出境路径：个人信息出境标准合同');
    expect(document['zh-CN']).toContain('- 向境外提供数据');
    expect(document.en).toContain('Export pathway: standard contract for PI export');
  });

  it('leaves the consent line out when no personal information is provided, and says when no control is agreed', () => {
    const zh = filingDocumentOf(
      aFiling({ facts: aProvision({ personalInfo: false, controls: [] }), contact: undefined }),
    )['zh-CN'];

    expect(zh).not.toContain('个人信息同意方式');
    expect(zh).toContain('数据规模：约 1,200,000 条记录，涉及 150,000 人\n');
    expect(zh).toContain('是否含个人信息：否');
    expect(zh).toContain('约定措施：无');
    expect(zh).toContain('联系人：（未填写）');
  });

  it('prints a code it has no label for as it is, so a new vocabulary value still shows', () => {
    const zh = filingDocumentOf(
      aFiling({
        facts: aProvision({ crossBorder: { destinationCountry: 'DE', pathway: 'future_pathway' } }),
        reasons: [{ code: 'sharing.future_reason', params: {} }],
      }),
    )['zh-CN'];
    expect(zh).toContain('出境路径：future_pathway');
    expect(zh).toContain('- sharing.future_reason');
  });

  it('names entrusted processing as such (条例 Art 12)', () => {
    const document = filingDocumentOf(aFiling({ facts: aProvision({ relationship: 'entrusted_processing' }) }));
    expect(document['zh-CN']).toContain('提供关系：委托处理');
    expect(document.en).toContain('Relationship: entrusted processing');
  });

  it('is the same text for the same input (the filing of a retry is the filing of the first attempt)', () => {
    expect(filingDocumentOf(aFiling())).toEqual(filingDocumentOf(aFiling()));
  });
});

describe('documentDateOf', () => {
  it('writes a date the Chinese way without leading zeros, and as ISO in English', () => {
    expect(documentDateOf('2027-01-05', 'zh-CN')).toBe('2027年1月5日');
    expect(documentDateOf('2027-01-05', 'en')).toBe('2027-01-05');
  });
});
