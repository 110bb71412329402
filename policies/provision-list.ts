/**
 * The list (清单) of a period's external provisions a regulator asks for (S4): one row per provision
 * record, headers and values in zh-CN or en. Pure: the rows come from the caller, who streams them.
 */
import { shanghaiDateOf } from './calendar';
import { csvLine } from './csv';
import { categoriesOf, type ProvisionFacts, type ReportableReason } from './provision-records';
import {
  CONTROL_LABELS,
  EXPORT_PATHWAY_LABELS,
  FREQUENCY_LABELS,
  GRADE_LABELS,
  LEGAL_BASIS_LABELS,
  RELATIONSHIP_LABELS,
  REPORTABLE_REASON_LABELS,
  TRANSFER_METHOD_LABELS,
  labelOf,
  listIn,
  type DocumentLanguage,
} from './record-labels';

/** A provision record as the list reads it. */
export interface ProvisionListEntry extends ProvisionFacts {
  reportableReasons: ReportableReason[];
  retainUntil: string;
}

type Column = { 'zh-CN': string; en: string; value: (e: ProvisionListEntry, lang: DocumentLanguage) => string };

const yesNo = (value: boolean, lang: DocumentLanguage) =>
  lang === 'zh-CN' ? (value ? '是' : '否') : value ? 'yes' : 'no';
const day = (instant: string) => shanghaiDateOf(new Date(instant));

const COLUMNS: readonly Column[] = [
  { 'zh-CN': '提供日期', en: 'date', value: (e) => day(e.approvedAt) },
  { 'zh-CN': '协议编号', en: 'agreement', value: (e) => e.agreementId },
  { 'zh-CN': '协议版本', en: 'version', value: (e) => String(e.agreementVersion) },
  { 'zh-CN': '责任部门', en: 'requesting unit', value: (e) => e.requestingUnit },
  { 'zh-CN': '接收方', en: 'recipient', value: (e) => e.recipient.name },
  { 'zh-CN': '统一社会信用代码', en: 'credit code', value: (e) => e.recipient.creditCode },
  { 'zh-CN': '提供目的', en: 'purpose', value: (e) => e.purpose },
  { 'zh-CN': '数据类别', en: 'categories', value: (e, l) => listIn(l, categoriesOf(e.assets)) },
  { 'zh-CN': '数据级别', en: 'grade', value: (e, l) => labelOf(GRADE_LABELS, e.grade, l) },
  {
    'zh-CN': '数据项',
    en: 'fields',
    value: (e) => e.assets.map((a) => `${a.name}: ${a.fields.join(' ')}`).join('; '),
  },
  { 'zh-CN': '记录数', en: 'records', value: (e) => String(e.scale.records) },
  { 'zh-CN': '涉及人数', en: 'people', value: (e) => String(e.scale.people) },
  { 'zh-CN': '个人信息人数', en: 'PI people', value: (e) => String(e.scale.personalInfoPeople) },
  { 'zh-CN': '敏感个人信息人数', en: 'sensitive PI people', value: (e) => String(e.scale.sensitivePersonalInfoPeople) },
  { 'zh-CN': '含个人信息', en: 'personal information', value: (e, l) => yesNo(e.personalInfo, l) },
  { 'zh-CN': '含敏感个人信息', en: 'sensitive PI', value: (e, l) => yesNo(e.sensitivePersonalInfo, l) },
  { 'zh-CN': '合法性基础', en: 'legal basis', value: (e, l) => labelOf(LEGAL_BASIS_LABELS, e.legalBasis, l) },
  {
    'zh-CN': '安全措施',
    en: 'controls',
    value: (e, l) =>
      listIn(
        l,
        e.controls.map((c) => labelOf(CONTROL_LABELS, c, l)),
      ),
  },
  {
    'zh-CN': '提供关系',
    en: 'relationship',
    value: (e, l) => labelOf(RELATIONSHIP_LABELS, e.relationship ?? 'provision', l),
  },
  { 'zh-CN': '提供方式', en: 'method', value: (e, l) => labelOf(TRANSFER_METHOD_LABELS, e.method, l) },
  { 'zh-CN': '提供频率', en: 'frequency', value: (e, l) => labelOf(FREQUENCY_LABELS, e.frequency, l) },
  { 'zh-CN': '开始日期', en: 'start', value: (e) => e.startDate },
  { 'zh-CN': '结束日期', en: 'end', value: (e) => e.endDate },
  { 'zh-CN': '跨境目的地', en: 'destination', value: (e) => e.crossBorder?.destinationCountry ?? '' },
  {
    'zh-CN': '出境路径',
    en: 'export pathway',
    value: (e, l) => (e.crossBorder ? labelOf(EXPORT_PATHWAY_LABELS, e.crossBorder.pathway, l) : ''),
  },
  {
    'zh-CN': '报送事由',
    en: 'filed because',
    value: (e, l) =>
      listIn(
        l,
        e.reportableReasons.map((r) => labelOf(REPORTABLE_REASON_LABELS, r.code, l)),
      ),
  },
  { 'zh-CN': '保存至', en: 'kept until', value: (e) => day(e.retainUntil) },
];

/** The header line of the list. */
export function provisionListHeader(language: DocumentLanguage): string {
  return csvLine(COLUMNS.map((c) => c[language]));
}

/** One provision's line of the list. */
export function provisionListLine(entry: ProvisionListEntry, language: DocumentLanguage): string {
  return csvLine(COLUMNS.map((c) => c.value(entry, language)));
}
