/**
 * The words of the incident reports (policies/incident-report.ts) in zh-CN and en: headings, sentences with
 * `{name}` for their figures, column titles, statuses and outcomes. Grades, kinds, report kinds and deadline
 * states are `OVERSIGHT_LABELS` (policies/texts/oversight.ts). Pure data.
 */
import type { IncidentOutcome, IncidentStatus } from '../vocabulary';
import type { TextLocale } from './agreement';

interface IncidentReportTexts {
  separator: string;
  listSeparator: string;
  colon: string;
  brackets: string;
  units: { seconds: string; minutes: string; hours: string };
  status: Record<IncidentStatus, string>;
  outcome: Record<IncidentOutcome, string>;
  columns: { incident: readonly string[]; drill: readonly string[] };
  annual: Record<
    | 'title'
    | 'subtitle'
    | 'ciio'
    | 'notCiio'
    | 'overview'
    | 'totals'
    | 'byGrade'
    | 'byKind'
    | 'containment'
    | 'reports'
    | 'outcomes'
    | 'selfReports'
    | 'incidents'
    | 'causes'
    | 'cause'
    | 'drills'
    | 'drillTotals'
    | 'drillOverdue'
    | 'none',
    string
  >;
  monthly: Record<'subtitle' | 'figures' | 'incidents', string>;
}

export const INCIDENT_REPORT_TEXTS: Record<TextLocale, IncidentReportTexts> = {
  'zh-CN': {
    separator: '，',
    listSeparator: '；',
    colon: '：',
    brackets: '（{inner}）',
    units: { seconds: '秒', minutes: '分钟', hours: '小时' },
    status: { open: '处置中', contained: '已控制', investigated: '处置结束', closed: '已关闭' },
    outcome: { resume: '恢复数据对外提供', revoke: '终止协议并列入不良名单' },
    columns: {
      incident: [
        '事件',
        '合作方',
        '类型',
        '级别',
        '发现时间',
        '报告时间',
        '涉及协议 · 控制用时',
        '报告和通知',
        '状态',
        '处置结论',
      ],
      drill: ['演练', '时间', '模拟级别', '按时完成的报告', '逾期的报告', '状态'],
    },
    annual: {
      title: '{year} 年度数据安全事件处置情况报告',
      subtitle: '报送单位：{organisation}；运营者类型：{profile}；生成时间：{generatedAt}（北京时间）',
      ciio: '关键信息基础设施运营者',
      notCiio: '非关键信息基础设施运营者',
      overview: '总体情况',
      totals:
        '本年度共发生涉及数据对外合作的数据安全事件 {incidents} 起，已处置完毕 {closed} 起，处置中 {open} 起，涉及合作方 {partners} 家。',
      byGrade: '按级别',
      byKind: '按类型',
      containment:
        '共暂停数据对外提供协议 {agreements} 项；自事件报告至全部协议暂停的用时中位数为 {median}，最长 {max}。',
      reports:
        '应报告和通知 {owed} 项，按时完成 {met} 项，逾期 {missed} 项（其中未完成并经数据安全负责人说明原因 {explained} 项），尚待完成 {outstanding} 项。',
      outcomes:
        '处置结论：恢复数据对外提供 {resumed} 起，终止协议并将合作方列入不良名单 {revoked} 起；定级调整 {regraded} 起。',
      selfReports: '合作方主动报告 {count} 起，其中超过约定报告时限 {late} 起。',
      incidents: '事件清单',
      causes: '原因分析和改进措施',
      cause: '{title}：原因：{cause}；改进措施：{measures}',
      drills: '应急演练',
      drillTotals: '本年度开展应急演练 {count} 次；最近一次 {last}；下一次应于 {next} 前开展。',
      drillOverdue: '应急演练已逾期，请尽快组织。',
      none: '无。',
    },
    monthly: {
      subtitle: '报告期：{month}；截至 {cutoff}（北京时间）',
      figures: '主要数据',
      incidents: '本月发生、关闭或仍在处置的事件',
    },
  },
  en: {
    separator: ', ',
    listSeparator: '; ',
    colon: ': ',
    brackets: ' ({inner})',
    units: { seconds: 's', minutes: 'min', hours: 'h' },
    status: { open: 'being handled', contained: 'contained', investigated: 'handling ended', closed: 'closed' },
    outcome: { resume: 'sharing resumed', revoke: 'agreements revoked, partner blacklisted' },
    columns: {
      incident: [
        'Incident',
        'Partner',
        'Kind',
        'Grade',
        'Detected',
        'Reported',
        'Agreements · time to contain',
        'Reports and notices',
        'Status',
        'Outcome',
      ],
      drill: ['Drill', 'Held', 'Simulated grade', 'Reports on time', 'Reports missed', 'Status'],
    },
    annual: {
      title: 'Data-security incident handling report {year}',
      subtitle: 'Reporting company: {organisation}; operator: {profile}; generated {generatedAt} (Beijing time)',
      ciio: 'critical information infrastructure operator',
      notCiio: 'not a critical information infrastructure operator',
      overview: 'Overview',
      totals:
        'In the year {incidents} data-security incidents involved external data cooperation: {closed} closed, {open} still being handled, involving {partners} partners.',
      byGrade: 'By grade',
      byKind: 'By kind',
      containment:
        '{agreements} sharing agreements were suspended; from the report to every agreement suspended took {median} at the median and {max} at most.',
      reports:
        '{owed} reports and notices were owed: {met} on time, {missed} missed ({explained} of them never made, explained by the DSO), {outstanding} still due.',
      outcomes:
        'Outcomes: sharing resumed after {resumed}; agreements revoked and the partner blacklisted after {revoked}; {regraded} re-graded.',
      selfReports: 'Partners reported {count} themselves, {late} of them after their contractual deadline.',
      incidents: 'Incidents',
      causes: 'Causes and improvements',
      cause: '{title}: cause: {cause}; improvements: {measures}',
      drills: 'Emergency drills',
      drillTotals: '{count} emergency drills were held in the year; the last on {last}; the next is due by {next}.',
      drillOverdue: 'An emergency drill is overdue.',
      none: 'None.',
    },
    monthly: {
      subtitle: 'Period: {month}; as at {cutoff} (Beijing time)',
      figures: 'Figures',
      incidents: 'Incidents reported, closed or still open this month',
    },
  },
};
