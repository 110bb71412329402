/**
 * The words of the monthly report (S10; policies/monthly-report-document.ts) in zh-CN and en: the texts of
 * its problem and suggestion codes with `{name}` for their params, its headings and column titles. Figure
 * and section labels, rules and severities are `OVERSIGHT_LABELS` (policies/texts/oversight.ts). Pure data.
 */
import type { MonthlyProblemCode, MonthlySuggestionCode } from '../monthly-report-document';
import type { TextLocale } from './agreement';

interface MonthlyReportTexts {
  subtitle: string;
  generatedFrom: { snapshot: string; live: string };
  figure: string;
  value: string;
  breakdown: string;
  findingsRaised: string;
  key: string;
  findings: string;
  none: string;
  separator: string;
  problem: Record<MonthlyProblemCode, string>;
  suggestion: Record<MonthlySuggestionCode, string>;
}

export const MONTHLY_REPORT_TEXTS: Record<TextLocale, MonthlyReportTexts> = {
  'zh-CN': {
    subtitle: '报告期：{month}（{start} 至 {end}，北京时间）；截至 {cutoff}；生成于 {generatedAt}',
    generatedFrom: { snapshot: '月末定时生成并存档的报告', live: '按当前数据即时计算的报告' },
    figure: '指标',
    value: '数值',
    breakdown: '分项',
    findingsRaised: '本月发现的问题',
    key: '分类',
    findings: '问题数',
    none: '无',
    separator: '，',
    problem: {
      findings_overdue: '有 {count} 项排查发现的问题逾期未整改',
      critical_findings_open: '有 {count} 项严重问题尚未整改完毕',
      attestations_overdue: '有 {count} 项已终止协议的合作方逾期未提交数据删除证明',
      incident_reports_missed: '本月有 {count} 项数据安全事件报告或通知未按时完成',
      rectification_rate_low: '问题整改完成率为 {percent}%，低于 {threshold}% 的目标',
      no_inspection: '本月未完成专项排查',
    },
    suggestion: {
      escalate_overdue: '督促责任部门限期完成逾期问题的整改，逾期严重问题由数据安全负责人决定是否终止协议',
      resolve_critical: '优先处置严重问题：核实数据对外提供是否已暂停，并跟踪整改证据的核验',
      chase_attestations: '催促合作方提交数据删除证明，必要时依合同追究责任',
      review_incident_reporting: '复盘逾期的事件报告，明确报告责任人和时限提醒，必要时开展应急演练',
      raise_rectification_rate: '加强整改跟踪，对整改缓慢的责任部门开展约谈',
      run_inspection: '按计划开展专项排查，覆盖全部生效中的数据对外提供',
      keep_course: '本月未发现需要特别关注的问题，继续按计划开展排查和监督',
    },
  },
  en: {
    subtitle: 'Period: {month} ({start} to {end}, Beijing time); as at {cutoff}; generated {generatedAt}',
    generatedFrom: {
      snapshot: 'The report generated and kept at month end',
      live: 'The report computed now from the current records',
    },
    figure: 'Figure',
    value: 'Value',
    breakdown: 'Breakdown',
    findingsRaised: 'Findings raised in the month',
    key: 'Group',
    findings: 'Findings',
    none: 'None',
    separator: ', ',
    problem: {
      findings_overdue: '{count} inspection findings are past their rectification deadline',
      critical_findings_open: '{count} critical findings are not yet rectified',
      attestations_overdue: '{count} revoked agreements wait for an overdue deletion attestation from the partner',
      incident_reports_missed: '{count} incident reports or notices were missed this month',
      rectification_rate_low: 'The rectification rate is {percent}%, below the {threshold}% target',
      no_inspection: 'No special inspection was completed this month',
    },
    suggestion: {
      escalate_overdue:
        'Press the owner units to rectify overdue findings; the DSO decides on revoking agreements with overdue critical findings',
      resolve_critical:
        'Handle the critical findings first: confirm the sharing is suspended and follow the verification of their evidence',
      chase_attestations: 'Chase the partners for their deletion attestations, invoking the contract where needed',
      review_incident_reporting:
        'Review the missed incident reports: name who reports, set reminders, and hold a drill if needed',
      raise_rectification_rate: 'Follow rectification more closely and meet the owner units that lag behind',
      run_inspection: 'Run the special inspection as planned, over every active sharing',
      keep_course: 'No problem needs particular attention this month: keep inspecting and supervising as planned',
    },
  },
};
