/**
 * The monthly report (S10) of a chosen month: its figures section by section, the month's findings by rule,
 * severity, unit and partner, the problems and suggestions — in the reader's language, from the same texts
 * as the report's documents (policies/texts) — and downloads of the XLSX and PDF in that language.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { InspectionRuleId } from '../../../policies/inspection-parameters';
import type { MonthlyFigure, ReportSection } from '../../../policies/monthly-report';
import {
  problemText,
  suggestionText,
  type FindingGroup,
  type MonthlyReport,
} from '../../../policies/monthly-report-document';
import { OVERSIGHT_LABELS } from '../../../policies/texts/oversight';
import type { IncidentGrade, Severity } from '../../../policies/vocabulary';
import { ApiError, api, tokenStore } from '../api';
import { describeError } from '../errors';
import { Chart } from '../components/Chart';
import { useI18n } from '../i18n';
import { formatTime } from '../time';

type Report = MonthlyReport & { source: 'snapshot' | 'live' };
type Format = 'xlsx' | 'pdf';

const FIGURE_SECTIONS: readonly ReportSection[] = ['sharing', 'vetting', 'inspections', 'incidents', 'problems'];

/** The report's file, fetched with the bearer token and saved from a blob (a plain link would carry no token). */
async function download(month: string, format: Format, lang: 'zh-CN' | 'en'): Promise<void> {
  const token = tokenStore.get();
  const res = await fetch(`/api/reports/monthly/${month}?format=${format}&lang=${lang}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({ status: res.status, code: 'unknown' }));
    throw new ApiError({ ...problem, status: res.status });
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `datapact-monthly-report-${month}-${lang}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Numbered sentences, or the words for none. */
function Paragraphs({ texts, empty }: { texts: readonly string[]; empty: string }) {
  if (texts.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }}>
      {texts.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </ol>
  );
}

export function ReportsPage() {
  const { t, locale } = useI18n();
  const lang = locale === 'en-US' ? 'en' : 'zh-CN';
  const labels = OVERSIGHT_LABELS[lang];
  // The last month that has ended: the one the month-end run keeps.
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Format | null>(null);
  const period = month.format('YYYY-MM');

  useEffect(() => {
    setReport(null);
    setError(null);
    api<Report>(`/api/reports/monthly/${period}`)
      .then(setReport)
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [period, t]);

  const save = (format: Format) => {
    setBusy(format);
    download(period, format, lang)
      .catch((err: unknown) => setError(describeError(err, t)))
      .finally(() => setBusy(null));
  };

  const keyLabel = (key: string) =>
    (labels.severity as Record<string, string>)[key as Severity] ??
    (labels.incidentGrade as Record<string, string>)[key as IncidentGrade] ??
    key;
  const figureRows = (section: ReportSection) =>
    (report?.figures ?? [])
      .filter((f) => f.section === section)
      .map((f: MonthlyFigure) => ({
        key: f.id,
        label: labels.figure[f.id],
        value: f.value ?? '—',
        breakdown: f.breakdown?.map((b) => `${keyLabel(b.key)} ${b.value}`).join(lang === 'zh-CN' ? '，' : ', ') ?? '',
      }));
  const groupTable = (
    title: string,
    groups: readonly FindingGroup[],
    name: (g: FindingGroup) => string,
    id: string,
  ) => (
    <Card size="small" title={title} key={id} style={{ flex: '1 1 320px' }}>
      <Table
        size="small"
        pagination={false}
        data-testid={`report-findings-${id}`}
        rowKey="key"
        dataSource={groups.map((g) => ({ key: g.key, name: name(g), findings: g.findings }))}
        columns={[
          { title: t('reports.group'), dataIndex: 'name' },
          { title: t('reports.findings'), dataIndex: 'findings', width: 100 },
        ]}
      />
    </Card>
  );

  return (
    <Card title={t('reports.title')} data-testid="reports">
      {/* The month and the downloads above the report, not in the card's head: on a phone they would squeeze its title out. */}
      <div style={{ marginBottom: 12 }}>
        <Space wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            value={month}
            onChange={(value) => value && setMonth(value)}
            data-testid="report-month"
          />
          <Button
            icon={<DownloadOutlined />}
            loading={busy === 'xlsx'}
            onClick={() => save('xlsx')}
            data-testid="report-download-xlsx"
          >
            {t('reports.downloadXlsx')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            loading={busy === 'pdf'}
            onClick={() => save('pdf')}
            data-testid="report-download-pdf"
          >
            {t('reports.downloadPdf')}
          </Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {report && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={4} data-testid="report-title" style={{ margin: 0 }}>
            {labels.heading.monthly_report}（{report.month}）
          </Typography.Title>
          <Alert
            type={report.source === 'snapshot' ? 'success' : 'info'}
            data-testid="report-source"
            title={t(report.source === 'snapshot' ? 'reports.snapshot' : 'reports.live', {
              at: formatTime(report.generatedAt),
              cutoff: formatTime(report.period.cutoff),
            })}
          />
          <Flex wrap gap={12} data-testid="report-charts">
            <div style={{ flex: '1 1 320px', minWidth: 0 }}>
              <Chart
                kind="pie"
                title={`${t('reports.findingsRaised')} · ${labels.heading.by_severity}`}
                categories={report.findings.bySeverity.map((g) => keyLabel(g.key))}
                series={[{ name: t('reports.findings'), data: report.findings.bySeverity.map((g) => g.findings) }]}
                emptyText={t('reports.noFindings')}
                testId="report-chart-severity"
              />
            </div>
            <div style={{ flex: '1 1 320px', minWidth: 0 }}>
              <Chart
                kind="bar"
                title={`${t('reports.findingsRaised')} · ${labels.heading.by_rule}`}
                categories={report.findings.byRule.map((g) => labels.rule[g.key as InspectionRuleId] ?? g.key)}
                series={[{ name: t('reports.findings'), data: report.findings.byRule.map((g) => g.findings) }]}
                emptyText={t('reports.noFindings')}
                testId="report-chart-rules"
              />
            </div>
          </Flex>
          {FIGURE_SECTIONS.map((section) => (
            <Card size="small" key={section} title={labels.section[section]} data-testid={`report-section-${section}`}>
              <Table
                size="small"
                pagination={false}
                dataSource={figureRows(section)}
                columns={[
                  { title: t('reports.figure'), dataIndex: 'label' },
                  { title: t('reports.value'), dataIndex: 'value', width: 100 },
                  { title: t('reports.breakdown'), dataIndex: 'breakdown' },
                ]}
              />
            </Card>
          ))}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('reports.findingsRaised')}
          </Typography.Title>
          <Flex wrap gap={12}>
            {groupTable(
              labels.heading.by_rule,
              report.findings.byRule,
              (g) => labels.rule[g.key as InspectionRuleId] ?? g.key,
              'rule',
            )}
            {groupTable(labels.heading.by_severity, report.findings.bySeverity, (g) => keyLabel(g.key), 'severity')}
            {groupTable(labels.heading.by_unit, report.findings.byUnit, (g) => g.key, 'unit')}
            {groupTable(labels.heading.by_partner, report.findings.byPartner, (g) => g.name ?? g.key, 'partner')}
          </Flex>
          <Card size="small" title={t('reports.problems')} data-testid="report-problems">
            <Paragraphs texts={report.problems.map((p) => problemText(lang, p))} empty={t('reports.noProblems')} />
          </Card>
          <Card size="small" title={labels.section.suggestions} data-testid="report-suggestions">
            <Paragraphs texts={report.suggestions.map((s) => suggestionText(lang, s))} empty="" />
          </Card>
        </Space>
      )}
    </Card>
  );
}
