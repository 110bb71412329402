/**
 * The words of the documents DataPact produces outside the console (the regulator filing, the list of
 * provisions), in zh-CN and en. A code without a label is shown as it is, so a value added to the
 * vocabulary later still prints; codes a past vocabulary used (`encryption`) keep their label, because
 * records are read for years.
 */
import type { DataGrade, DeletionMethod } from './vocabulary';

export const DOCUMENT_LANGUAGES = ['zh-CN', 'en'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

type Labels = Readonly<Record<string, { 'zh-CN': string; en: string }>>;

export const GRADE_LABELS = {
  general: { 'zh-CN': '一般数据', en: 'general data' },
  important: { 'zh-CN': '重要数据', en: 'important data' },
  core: { 'zh-CN': '核心数据', en: 'core data' },
} as const satisfies Record<DataGrade, unknown>;

export const LEGAL_BASIS_LABELS: Labels = {
  consent: { 'zh-CN': '取得个人同意', en: 'consent of the individuals' },
  contract: { 'zh-CN': '订立、履行合同所必需', en: 'necessary to conclude or perform a contract' },
  legal_obligation: { 'zh-CN': '履行法定职责或者法定义务所必需', en: 'necessary for a legal duty or obligation' },
  public_interest: { 'zh-CN': '为公共利益实施', en: 'in the public interest' },
  other: { 'zh-CN': '法律、行政法规规定的其他情形', en: 'another case laws and regulations provide for' },
};

export const CONSENT_BASIS_LABELS: Labels = {
  separate_consent: { 'zh-CN': '取得个人单独同意', en: 'separate consent of the individuals' },
  other_legal_basis: {
    'zh-CN': '依据个人同意以外的合法性基础',
    en: 'a legal basis other than consent',
  },
  anonymised: { 'zh-CN': '经匿名化处理，不属于个人信息', en: 'anonymised: no longer personal information' },
};

export const CONTROL_LABELS: Labels = {
  masking: { 'zh-CN': '数据脱敏', en: 'masking' },
  encryption_in_transit: { 'zh-CN': '传输加密', en: 'encryption in transit' },
  encryption_at_rest: { 'zh-CN': '存储加密', en: 'encryption at rest' },
  encryption: { 'zh-CN': '传输和存储加密', en: 'encryption in transit and at rest' },
  access_control: { 'zh-CN': '访问控制', en: 'access control' },
  watermark: { 'zh-CN': '数字水印', en: 'watermarking' },
};

export const TRANSFER_METHOD_LABELS: Labels = {
  api: { 'zh-CN': '接口调用', en: 'API' },
  file: { 'zh-CN': '文件传输', en: 'file transfer' },
  database_link: { 'zh-CN': '数据库直连', en: 'database link' },
  on_premise: { 'zh-CN': '本地化部署（数据不出场）', en: 'on premises (data stays on site)' },
};

export const FREQUENCY_LABELS: Labels = {
  once: { 'zh-CN': '一次性', en: 'once' },
  daily: { 'zh-CN': '每日', en: 'daily' },
  weekly: { 'zh-CN': '每周', en: 'weekly' },
  monthly: { 'zh-CN': '每月', en: 'monthly' },
  quarterly: { 'zh-CN': '每季度', en: 'quarterly' },
  yearly: { 'zh-CN': '每年', en: 'yearly' },
  continuous: { 'zh-CN': '持续（实时）', en: 'continuous' },
};

export const RECIPIENT_TYPE_LABELS: Labels = {
  domestic_enterprise: { 'zh-CN': '境内企业', en: 'enterprise in China' },
  domestic_public_body: { 'zh-CN': '境内国家机关或事业单位', en: 'public body in China' },
  foreign_enterprise: { 'zh-CN': '境外企业', en: 'enterprise abroad' },
  foreign_authority: { 'zh-CN': '境外司法或执法机构', en: 'foreign judicial or law-enforcement authority' },
};

/** 条例 Art 12 (R22): providing data, entrusting its processing, or processing it jointly. */
export const RELATIONSHIP_LABELS: Labels = {
  provision: { 'zh-CN': '向其他处理者提供', en: 'provision to another processor' },
  entrusted_processing: { 'zh-CN': '委托处理', en: 'entrusted processing' },
  joint_processing: { 'zh-CN': '共同处理', en: 'joint processing' },
};

export const EXPORT_PATHWAY_LABELS: Labels = {
  exempt: { 'zh-CN': '免予申报（《促进和规范数据跨境流动规定》）', en: 'exempt (CAC Order No. 16)' },
  standard_contract_or_certification: {
    'zh-CN': '个人信息出境标准合同或个人信息保护认证',
    en: 'standard contract or PI protection certification',
  },
  standard_contract: { 'zh-CN': '个人信息出境标准合同', en: 'standard contract for PI export' },
  certification: { 'zh-CN': '个人信息保护认证', en: 'PI protection certification' },
  security_assessment: { 'zh-CN': '数据出境安全评估', en: 'CAC security assessment' },
};

/** Why a provision is filed: the codes of the routing policy's reportability, without their params. */
export const REPORTABLE_REASON_LABELS: Labels = {
  'sharing.important_data': { 'zh-CN': '提供重要数据', en: 'important data is provided' },
  'sharing.core_data': { 'zh-CN': '提供核心数据', en: 'core data is provided' },
  'sharing.cross_border': { 'zh-CN': '向境外提供数据', en: 'data is provided abroad' },
  'sharing.foreign_recipient': { 'zh-CN': '接收方位于境外', en: 'the recipient is abroad' },
  'sharing.personal_info_volume': {
    'zh-CN': '提供的个人信息达到报告规模',
    en: 'personal information is provided at the reportable volume',
  },
  'sharing.sensitive_volume': {
    'zh-CN': '提供的敏感个人信息达到报告规模',
    en: 'sensitive personal information is provided at the reportable volume',
  },
};

export const DELETION_METHOD_LABELS = {
  overwrite: { 'zh-CN': '覆写删除', en: 'overwritten' },
  crypto_erase: { 'zh-CN': '密钥销毁（加密擦除）', en: 'cryptographic erasure' },
  physical_destruction: { 'zh-CN': '介质物理销毁', en: 'physical destruction of the media' },
  logical_delete: { 'zh-CN': '逻辑删除', en: 'logical deletion' },
  returned: { 'zh-CN': '返还后删除', en: 'returned, then deleted' },
  other: { 'zh-CN': '其他方式', en: 'another method' },
} as const satisfies Record<DeletionMethod, unknown>;

/** The label of a code in a language, or the code itself when it has none. */
export function labelOf(labels: Labels, code: string, language: DocumentLanguage): string {
  return labels[code]?.[language] ?? code;
}

/** A list in a language's own way: 、 between Chinese items, a comma in English. */
export function listIn(language: DocumentLanguage, items: readonly string[]): string {
  return items.join(language === 'zh-CN' ? '、' : ', ');
}
