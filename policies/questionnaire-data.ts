/**
 * The partner data-security capability questionnaire (合作方数据安全能力评估问卷), as versioned data:
 * questions, answer options and weights in zh-CN and en. A new version is a new entry; an answered
 * questionnaire keeps the version it was answered in, so its score can always be recomputed.
 */
export interface QuestionOption {
  id: string;
  text: { 'zh-CN': string; en: string };
  /** Points towards the capability score; the option a capable partner picks scores the most. */
  points: number;
}

export interface Question {
  id: string;
  /** The control family the question belongs to, for reviewers. */
  area: 'governance' | 'access' | 'encryption' | 'logging' | 'retention' | 'incident' | 'subprocessing';
  text: { 'zh-CN': string; en: string };
  options: readonly QuestionOption[];
}

export interface Questionnaire {
  version: string;
  questions: readonly Question[];
}

const yesPartlyNo = (yes: number, partly: number): QuestionOption[] => [
  { id: 'yes', text: { 'zh-CN': '是，已全面落实', en: 'Yes, fully in place' }, points: yes },
  { id: 'partly', text: { 'zh-CN': '部分落实', en: 'Partly in place' }, points: partly },
  { id: 'no', text: { 'zh-CN': '否', en: 'No' }, points: 0 },
];

export const QUESTIONNAIRES: readonly Questionnaire[] = [
  {
    version: 'dsq-2026.1',
    questions: [
      {
        id: 'q1-officer',
        area: 'governance',
        text: {
          'zh-CN': '是否设立数据安全负责人和管理机构？',
          en: 'Is there a named data-security officer and a responsible department?',
        },
        options: yesPartlyNo(10, 4),
      },
      {
        id: 'q2-classification',
        area: 'governance',
        text: { 'zh-CN': '是否对所处理的数据进行分类分级管理？', en: 'Is the data you process classified and graded?' },
        options: yesPartlyNo(10, 4),
      },
      {
        id: 'q3-access',
        area: 'access',
        text: {
          'zh-CN': '是否按最小必要原则实施访问控制并定期复核权限？',
          en: 'Is access least-privilege and reviewed periodically?',
        },
        options: yesPartlyNo(10, 4),
      },
      {
        id: 'q4-encryption',
        area: 'encryption',
        text: { 'zh-CN': '数据在传输和存储时是否加密？', en: 'Is the data encrypted in transit and at rest?' },
        options: yesPartlyNo(10, 4),
      },
      {
        id: 'q5-masking',
        area: 'encryption',
        text: {
          'zh-CN': '个人信息在使用中是否去标识化或脱敏？',
          en: 'Is personal information de-identified or masked in use?',
        },
        options: yesPartlyNo(10, 4),
      },
      {
        id: 'q6-logging',
        area: 'logging',
        text: {
          'zh-CN': '数据操作日志是否留存不少于六个月？',
          en: 'Are data-operation logs kept for at least six months?',
        },
        options: yesPartlyNo(10, 3),
      },
      {
        id: 'q7-deletion',
        area: 'retention',
        text: {
          'zh-CN': '合作结束后能否删除数据并出具删除证明？',
          en: 'Can you delete the data when the cooperation ends and attest to it?',
        },
        options: yesPartlyNo(10, 3),
      },
      {
        id: 'q8-incident',
        area: 'incident',
        text: {
          'zh-CN': '是否有数据安全事件应急预案并定期演练？',
          en: 'Is there a data-security incident plan, drilled regularly?',
        },
        options: yesPartlyNo(10, 4),
      },
      {
        id: 'q9-subprocessors',
        area: 'subprocessing',
        text: {
          'zh-CN': '是否会将数据转委托或提供给其他第三方？',
          en: 'Will you pass the data on to sub-processors or other third parties?',
        },
        options: [
          { id: 'never', text: { 'zh-CN': '不会', en: 'Never' }, points: 10 },
          { id: 'approved', text: { 'zh-CN': '仅在书面同意后', en: 'Only with written approval' }, points: 6 },
          { id: 'yes', text: { 'zh-CN': '会', en: 'Yes' }, points: 0 },
        ],
      },
      {
        id: 'q10-audit',
        area: 'governance',
        text: {
          'zh-CN': '是否接受我方数据安全审计与检查？',
          en: 'Do you accept our data-security audits and inspections?',
        },
        options: yesPartlyNo(10, 3),
      },
    ],
  },
];

export const CURRENT_QUESTIONNAIRE_VERSION = 'dsq-2026.1';
