/**
 * The landing page of the company's people (issue 16): counts by status, what is overdue or due this week
 * with links, partners by tier, agreements by grade and status, findings by severity and incidents, each
 * counted by the API over what the reader may read (a business unit: its own unit's), drawn as charts
 * whose every label is in the reader's language.
 */
import { Alert, Card, Col, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { OVERSIGHT_LABELS } from '../../../policies/texts/oversight';
import {
  AGREEMENT_STATUSES,
  DATA_GRADES,
  FINDING_STATUSES,
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  PARTNER_STATUSES,
  RISK_TIERS,
  SEVERITIES,
} from '../../../policies/vocabulary';
import type { DueItem, OverviewView } from '../../schemas/overview.schema';
import { api } from '../api';
import { Chart } from '../components/Chart';
import { useDirectory } from '../directory';
import { describeError } from '../errors';
import { useI18n, type Locale, type MessageKey, type Translate } from '../i18n';
import { incidentWord } from '../incidents';
import { wordFor } from '../partners';
import { useSignedIn } from '../session';
import { formatDate, formatTime } from '../time';

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const lang = (locale: Locale) => (locale === 'en-US' ? 'en' : 'zh-CN');

/** The words of a due item's status, by the type of its record. */
function statusWord(t: Translate, locale: Locale, item: DueItem): string | undefined {
  switch (item.type) {
    case 'Partner':
      return wordFor(t, 'partner.status', item.status);
    case 'Agreement':
      return wordFor(t, 'agreement.status', item.status);
    case 'Incident':
      return incidentWord(locale, 'status', item.status);
    case 'Finding':
      return (OVERSIGHT_LABELS[lang(locale)].findingStatus as Record<string, string>)[item.status] ?? item.status;
  }
}

export function OverviewPage() {
  const { t, locale } = useI18n();
  const { claims } = useSignedIn();
  const directory = useDirectory();
  const [view, setView] = useState<OverviewView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<OverviewView>('/api/overview')
      .then(setView)
      .catch((err: unknown) => setError(describeError(err, t)));
    // Counted once per visit: the figures do not follow the language.
  }, []);

  const labels = OVERSIGHT_LABELS[lang(locale)];
  const unitScoped = claims.roles.every((r) => r === 'requester' || r === 'unit_head') && claims.unit;

  return (
    <Card title={t('overview.title')} data-testid="overview">
      {error && <Alert type="error" title={error} data-testid="overview-error" style={{ marginBottom: 12 }} />}
      {!view && !error && <Spin />}
      {view && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Text type="secondary" data-testid="overview-scope">
            {unitScoped
              ? t('overview.scope.unit', { unit: directory.unitName(claims.unit!) })
              : t('overview.scope.all')}
            {' · '}
            <span data-testid="overview-as-of">{t('overview.asOf', { time: formatTime(view.asOf) })}</span>
          </Typography.Text>
          <Row gutter={[12, 12]}>
            {view.partners && (
              <Total title={t('overview.partners')} value={sum(view.partners.byStatus)} id="partners" />
            )}
            {view.agreements && (
              <Total title={t('overview.agreements')} value={sum(view.agreements.byStatus)} id="agreements" />
            )}
            {view.findings && (
              <Total title={t('overview.findings')} value={sum(view.findings.byStatus)} id="findings" />
            )}
            {view.incidents && (
              <Total title={t('overview.incidents')} value={sum(view.incidents.byStatus)} id="incidents" />
            )}
            <Total title={t('overview.due.overdue')} value={view.due.overdue} id="overdue" danger />
            <Total title={t('overview.due.thisWeek')} value={view.due.dueThisWeek} id="due-this-week" />
          </Row>
          <DueList view={view} />
          <Row gutter={[16, 16]}>
            {view.partners && (
              <>
                <ChartCol>
                  <Chart
                    testId="chart-partners-status"
                    title={t('overview.chart.partnersByStatus')}
                    kind="bar"
                    categories={PARTNER_STATUSES.map((s) => wordFor(t, 'partner.status', s))}
                    series={[
                      { name: t('overview.count'), data: PARTNER_STATUSES.map((s) => view.partners!.byStatus[s]) },
                    ]}
                    emptyText={t('overview.chart.empty')}
                  />
                </ChartCol>
                <ChartCol>
                  <Chart
                    testId="chart-partners-tier"
                    title={t('overview.chart.partnersByTier')}
                    kind="pie"
                    categories={RISK_TIERS.map((tier) => wordFor(t, 'partner.tier', tier))}
                    series={[
                      { name: t('overview.count'), data: RISK_TIERS.map((tier) => view.partners!.byTier[tier]) },
                    ]}
                    emptyText={t('overview.chart.empty')}
                  />
                </ChartCol>
              </>
            )}
            {view.agreements && (
              <ChartCol wide>
                <Chart
                  testId="chart-agreements-grade"
                  title={t('overview.chart.agreementsByGrade')}
                  kind="bar"
                  stacked
                  // Only the statuses some agreement is in: fourteen mostly empty columns say nothing.
                  categories={heldStatuses(view).map((s) => wordFor(t, 'agreement.status', s))}
                  // A grade no agreement has gets no bar and no legend entry.
                  series={DATA_GRADES.map((grade) => ({
                    name: wordFor(t, 'grade', grade),
                    data: heldStatuses(view).map((s) => view.agreements!.byGrade[grade][s]),
                  })).filter((series) => series.data.some((n) => n > 0))}
                  emptyText={t('overview.chart.empty')}
                />
              </ChartCol>
            )}
            {view.findings && (
              <>
                <ChartCol>
                  <Chart
                    testId="chart-findings-severity"
                    title={t('overview.chart.findingsBySeverity')}
                    kind="pie"
                    categories={SEVERITIES.map((s) => labels.severity[s])}
                    series={[{ name: t('overview.count'), data: SEVERITIES.map((s) => view.findings!.bySeverity[s]) }]}
                    emptyText={t('overview.chart.empty')}
                  />
                </ChartCol>
                <ChartCol>
                  <Chart
                    testId="chart-findings-status"
                    title={t('overview.chart.findingsByStatus')}
                    kind="bar"
                    categories={FINDING_STATUSES.map((s) => (labels.findingStatus as Record<string, string>)[s] ?? s)}
                    series={[
                      { name: t('overview.count'), data: FINDING_STATUSES.map((s) => view.findings!.byStatus[s]) },
                    ]}
                    emptyText={t('overview.chart.empty')}
                  />
                </ChartCol>
              </>
            )}
            {view.incidents && (
              <>
                <ChartCol>
                  <Chart
                    testId="chart-incidents-status"
                    title={t('overview.chart.incidentsByStatus')}
                    kind="bar"
                    categories={INCIDENT_STATUSES.map((s) => incidentWord(locale, 'status', s))}
                    series={[
                      { name: t('overview.count'), data: INCIDENT_STATUSES.map((s) => view.incidents!.byStatus[s]) },
                    ]}
                    emptyText={t('overview.chart.empty')}
                  />
                </ChartCol>
                <ChartCol>
                  <Chart
                    testId="chart-incidents-grade"
                    title={t('overview.chart.incidentsByGrade')}
                    kind="pie"
                    categories={INCIDENT_GRADES.map((g) => incidentWord(locale, 'incidentGrade', g))}
                    series={[
                      { name: t('overview.count'), data: INCIDENT_GRADES.map((g) => view.incidents!.byGrade[g]) },
                    ]}
                    emptyText={t('overview.chart.empty')}
                  />
                </ChartCol>
              </>
            )}
          </Row>
        </Space>
      )}
    </Card>
  );
}

const heldStatuses = (view: OverviewView) => AGREEMENT_STATUSES.filter((s) => view.agreements!.byStatus[s] > 0);

function ChartCol({ children, wide }: { children: React.ReactNode; wide?: boolean }) {
  return (
    <Col xs={24} lg={wide ? 24 : 12} xl={wide ? 12 : 12}>
      <Card size="small">{children}</Card>
    </Col>
  );
}

function Total({ title, value, id, danger }: { title: string; value: number; id: string; danger?: boolean }) {
  return (
    <Col xs={12} sm={8} lg={4}>
      <Card size="small">
        <Statistic
          title={title}
          value={value}
          data-testid={`overview-total-${id}`}
          styles={danger && value > 0 ? { content: { color: '#cf1322' } } : undefined}
        />
      </Card>
    </Col>
  );
}

function DueList({ view }: { view: OverviewView }) {
  const { t, locale } = useI18n();
  const total = view.due.overdue + view.due.dueThisWeek;
  return (
    <Card
      size="small"
      title={t('overview.due.title')}
      extra={
        <Typography.Text type="secondary">
          {t('overview.due.weekEnds', {
            date: formatDate(new Date(new Date(view.weekEndsAt).getTime() - 1).toISOString()),
          })}
        </Typography.Text>
      }
      data-testid="overview-due"
    >
      <Table<DueItem>
        rowKey={(item) => `${item.type}:${item.id}`}
        size="small"
        pagination={false}
        dataSource={view.due.items}
        locale={{ emptyText: t('overview.due.none') }}
        scroll={{ x: 560 }}
        onRow={(item) => ({ 'data-testid': 'due-item', 'data-type': item.type, 'data-id': item.id }) as object}
        columns={[
          {
            title: t('overview.due.col.type'),
            render: (_, item) => wordFor(t, 'audit.subject', item.type),
            width: 110,
          },
          {
            title: t('overview.due.col.title'),
            render: (_, item) => (
              <a href={item.link} data-testid="due-link">
                {item.title}
              </a>
            ),
          },
          { title: t('overview.due.col.status'), render: (_, item) => statusWord(t, locale, item), width: 140 },
          {
            title: t('overview.due.col.dueAt'),
            width: 200,
            render: (_, item) => (
              <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                <span>{formatTime(item.dueAt)}</span>
                {item.overdue && <Tag color="red">{t('overview.due.overdue')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      {total > view.due.items.length && (
        <Typography.Text type="secondary">
          {t('overview.due.more', { shown: view.due.items.length, total })}
        </Typography.Text>
      )}
    </Card>
  );
}

export type { MessageKey };
