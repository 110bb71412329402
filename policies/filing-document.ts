/**
 * The filing (备案/报告) of an external provision of data with the regulator (S4), in Chinese — the text
 * that is submitted — and in English for the people who read it in English. Its fields are those R22 and
 * R52 ask to record (date, scale, purpose, recipient, categories, fields, legal basis, controls) and those
 * of the catalog filing R3 names that a provision touches (级别, 规模, 处理目的和方式, 使用范围, 责任主体,
 * 对外共享, 跨境传输, 安全保护措施). Never the data itself. Pure: built from plain data, dates included.
 */
import { shanghaiDateOf } from './calendar';
import type { ProvisionFacts, ReportableReason } from './provision-records';
import { categoriesOf } from './provision-records';
import {
  CONSENT_BASIS_LABELS,
  CONTROL_LABELS,
  EXPORT_PATHWAY_LABELS,
  FREQUENCY_LABELS,
  GRADE_LABELS,
  LEGAL_BASIS_LABELS,
  RECIPIENT_TYPE_LABELS,
  RELATIONSHIP_LABELS,
  REPORTABLE_REASON_LABELS,
  TRANSFER_METHOD_LABELS,
  labelOf,
  listIn,
  type DocumentLanguage,
} from './record-labels';

export interface FilingInput {
  /** The filing's key (`filing:<agreementId>:v<n>`): its number. */
  key: string;
  /** When the filing was prepared (an ISO instant, workflow time): the date it bears. */
  preparedAt: string;
  /** The company that files (报送单位). */
  organisation: string;
  contact?: { name: string; phone?: string; email?: string };
  facts: ProvisionFacts;
  /** Why the provision is filed (the routing policy's reportability); at least one. */
  reasons: ReportableReason[];
}

export type FilingDocument = Record<DocumentLanguage, string>;

export const FILING_TITLE: Record<DocumentLanguage, string> = {
  'zh-CN': '数据对外提供情况报告（备案）',
  en: 'Report on an external provision of data (filing)',
};

/** The filing in Chinese and English. */
export function filingDocumentOf(input: FilingInput): FilingDocument {
  return { 'zh-CN': render(input, 'zh-CN'), en: render(input, 'en') };
}

/** 2026-11-25 → 2026年11月25日 (zh-CN) or 2026-11-25 (en). */
export function documentDateOf(isoDate: string, language: DocumentLanguage): string {
  if (language === 'en') return isoDate;
  const [y, m, d] = isoDate.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** A whole number with group separators, the same in both languages: 1200000 → 1,200,000. */
function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function render(input: FilingInput, lang: DocumentLanguage): string {
  const zh = lang === 'zh-CN';
  const say = (chinese: string, english: string) => (zh ? chinese : english);
  const colon = say('：', ': ');
  const line = (label: [string, string], value: string) => `  ${say(...label)}${colon}${value}`;
  const { facts } = input;
  const date = (iso: string) => documentDateOf(iso, lang);
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const heading = (i: number, chinese: string, english: string) =>
    zh ? `${numerals[i]}、${chinese}` : `${i + 1}. ${english}`;

  const contact = input.contact
    ? [input.contact.name, input.contact.phone, input.contact.email].filter(Boolean).join(zh ? '，' : ', ')
    : say('（未填写）', '(not given)');
  const personalInfo = facts.personalInfo
    ? facts.sensitivePersonalInfo
      ? say('是（含敏感个人信息）', 'yes (including sensitive personal information)')
      : say('是', 'yes')
    : say('否', 'no');
  const paren = (inner: string) => (zh ? `（${inner}）` : ` (${inner})`);
  const assetLines = facts.assets.map(
    (a, i) =>
      `    ${i + 1}. ${a.name}${paren(listIn(lang, [a.category, labelOf(GRADE_LABELS, a.grade, lang)]))}${colon}` +
      listIn(lang, a.fields),
  );
  const { records, people, personalInfoPeople, sensitivePersonalInfoPeople } = facts.scale;
  const ofWhom = facts.personalInfo
    ? say(
        `（其中个人信息 ${count(personalInfoPeople)} 人，敏感个人信息 ${count(sensitivePersonalInfoPeople)} 人）`,
        ` (personal information of ${count(personalInfoPeople)}, sensitive of ${count(sensitivePersonalInfoPeople)})`,
      )
    : '';
  const scale = say(
    `约 ${count(records)} 条记录，涉及 ${count(people)} 人${ofWhom}`,
    `about ${count(records)} records, concerning ${count(people)} people${ofWhom}`,
  );
  const controls = facts.controls.length
    ? listIn(
        lang,
        facts.controls.map((c) => labelOf(CONTROL_LABELS, c, lang)),
      )
    : say('无', 'none');
  const crossBorder = facts.crossBorder
    ? [
        line(['是否跨境', 'Cross-border'], say('是', 'yes')),
        line(['目的地国家/地区', 'Destination country or region'], facts.crossBorder.destinationCountry),
        line(['出境路径', 'Export pathway'], labelOf(EXPORT_PATHWAY_LABELS, facts.crossBorder.pathway, lang)),
      ]
    : [line(['是否跨境', 'Cross-border'], say('否，数据不出境', 'no, the data stays in China'))];

  return [
    FILING_TITLE[lang],
    '',
    line(['备案编号', 'Filing number'], input.key),
    line(['报送日期', 'Date'], date(shanghaiDateOf(new Date(input.preparedAt)))),
    '',
    heading(0, '报送单位', 'Filed by'),
    line(['单位名称', 'Organisation'], input.organisation),
    line(['责任部门', 'Responsible unit'], facts.requestingUnit),
    line(['联系人', 'Contact'], contact),
    '',
    heading(1, '报告事由', 'Why this provision is filed'),
    ...input.reasons.map((r) => `  - ${labelOf(REPORTABLE_REASON_LABELS, r.code, lang)}`),
    '',
    heading(2, '数据接收方', 'Recipient'),
    line(['名称', 'Name'], facts.recipient.name),
    line(['统一社会信用代码', 'Unified social credit code'], facts.recipient.creditCode),
    ...(facts.recipient.type
      ? [line(['接收方类型', 'Type'], labelOf(RECIPIENT_TYPE_LABELS, facts.recipient.type, lang))]
      : []),
    '',
    heading(3, '提供的数据', 'Data provided'),
    line(['数据级别', 'Grade'], labelOf(GRADE_LABELS, facts.grade, lang)),
    line(['数据类别', 'Categories'], listIn(lang, categoriesOf(facts.assets))),
    line(['是否含个人信息', 'Personal information'], personalInfo),
    line(['数据规模', 'Scale'], scale),
    `  ${say('数据项：', 'Fields:')}`,
    ...assetLines,
    '',
    heading(4, '提供的目的、方式和范围', 'Purpose, method and scope'),
    line(['提供关系', 'Relationship'], labelOf(RELATIONSHIP_LABELS, facts.relationship ?? 'provision', lang)),
    line(['提供目的', 'Purpose'], facts.purpose),
    line(['提供方式', 'Method'], labelOf(TRANSFER_METHOD_LABELS, facts.method, lang)),
    line(['提供频率', 'Frequency'], labelOf(FREQUENCY_LABELS, facts.frequency, lang)),
    line(
      ['提供期限', 'Term'],
      say(`${date(facts.startDate)}至${date(facts.endDate)}`, `${facts.startDate} to ${facts.endDate}`),
    ),
    line(['批准日期', 'Approved on'], date(shanghaiDateOf(new Date(facts.approvedAt)))),
    line(['协议编号', 'Agreement'], `${facts.agreementId}${paren(`v${facts.agreementVersion}`)}`),
    '',
    heading(5, '合法性基础', 'Legal basis'),
    line(['处理依据', 'Basis'], labelOf(LEGAL_BASIS_LABELS, facts.legalBasis, lang)),
    ...(facts.personalInfo
      ? [
          line(
            ['个人信息同意方式', 'Consent for personal information'],
            facts.consentBasis ? labelOf(CONSENT_BASIS_LABELS, facts.consentBasis, lang) : say('未填写', 'not given'),
          ),
        ]
      : []),
    '',
    heading(6, '安全保护措施', 'Security controls'),
    line(['约定措施', 'Agreed controls'], controls),
    '',
    heading(7, '跨境传输', 'Cross-border transfer'),
    ...crossBorder,
    '',
    say(
      '本报告不含所提供数据的内容。',
      'This report does not contain the data provided. The Chinese text is the one filed.',
    ),
    '',
  ].join('\n');
}
