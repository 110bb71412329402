import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Input,
  Progress,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { SEVERITIES } from '../../../policies/vocabulary';
import { ApiError, api, query } from '../api';
import { describeError } from '../errors';
import { useI18n, type MessageKey } from '../i18n';
import {
  RUN_STATUS_COLOURS,
  SEVERITY_COLOURS,
  inspectionPath,
  oversightWord,
  type Inspection,
  type RunProgress,
  type RunReport,
} from '../inspections';
import { useSignedIn } from '../session';
import { formatTime } from '../time';
import { FindingsTable } from './FindingsPage';

const PAGE_SIZE = 20;
/** How often a running inspection's page asks for its progress. */
const PROGRESS_POLL_MS = 1000;

/** The inspection runs, newest state from the store, with "Run now" for who may start one (the DSO). */
export function InspectionListPage() {
  const { t } = useI18n();
  const { ability } = useSignedIn();
  const [items, setItems] = useState<Inspection[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [period, setPeriod] = useState('');
  const [starting, setStarting] = useState(false);

  const load = useCallback(
    (cursor?: string) => {
      setLoading(true);
      setError(null);
      api<{ items: Inspection[]; nextCursor?: string }>(`/api/inspections${query({ limit: PAGE_SIZE, cursor })}`)
        .then((page) => {
          setItems((shown) => (cursor ? [...shown, ...page.items] : page.items));
          setNextCursor(page.nextCursor);
        })
        .catch((err: unknown) => setError(describeError(err, t)))
        .finally(() => setLoading(false));
    },
    [t],
  );
  useEffect(() => load(), [load]);

  const runNow = () => {
    setStarting(true);
    setError(null);
    api<{ period: string }>('/api/inspections', {
      method: 'POST',
      json: period.trim() ? { period: period.trim() } : {},
    })
      .then((started) => {
        window.location.hash = `#/inspections/${encodeURIComponent(started.period)}`;
      })
      .catch((err: unknown) => setError(describeError(err, t)))
      .finally(() => setStarting(false));
  };

  return (
    <Card title={t('inspections.title')} data-testid="inspections">
      {ability.can('create', 'Inspection') && (
        // In the body, not the card's head: on a phone the head has no room for a field and a button.
        <Space wrap size={8} style={{ marginBottom: 12 }}>
          <Input
            style={{ width: 220 }}
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            placeholder={t('inspections.periodPlaceholder')}
            data-testid="inspection-period"
          />
          <Button type="primary" loading={starting} onClick={runNow} data-testid="inspection-run-now">
            {t('inspections.runNow')}
          </Button>
        </Space>
      )}
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="inspections-error" />}
      <Table<Inspection>
        rowKey="period"
        size="small"
        loading={loading && items.length === 0}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty description={t('inspections.empty')} /> }}
        data-testid="inspections-table"
        columns={[
          {
            title: t('inspections.period'),
            dataIndex: 'period',
            render: (p: string) => (
              <a href={`#/inspections/${encodeURIComponent(p)}`} data-testid="inspection-link">
                {p}
              </a>
            ),
          },
          {
            title: t('inspections.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={RUN_STATUS_COLOURS[s]}>{t(`inspections.status.${s}` as MessageKey)}</Tag>
            ),
          },
          {
            title: t('inspections.trigger'),
            dataIndex: 'trigger',
            render: (s: string) => t(`inspections.trigger.${s}` as MessageKey),
          },
          { title: t('inspections.scanned'), render: (_, run) => run.progress.scanned },
          { title: t('inspections.findings'), render: (_, run) => run.progress.findings },
          { title: t('inspections.startedAt'), dataIndex: 'startedAt', render: (d: string) => formatTime(d) },
        ]}
      />
      {nextCursor && (
        <Flex justify="end" style={{ marginTop: 12 }}>
          <Button loading={loading} onClick={() => load(nextCursor)} data-testid="inspections-more">
            {t('inspections.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

/** A run: its progress while it runs (asked every second), then its report and its findings. */
export function InspectionRunPage({ period }: { period: string }) {
  const { t, locale } = useI18n();
  const [run, setRun] = useState<Inspection | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [report, setReport] = useState<RunReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = async () => {
      try {
        const now = await api<RunProgress>(`${inspectionPath(period)}/progress`);
        if (!alive.current) return;
        setProgress(now);
        // The run's document is written last: the report follows once the store says the run completed.
        const stored = await api<Inspection>(inspectionPath(period));
        if (!alive.current) return;
        setRun(stored);
        if (stored.status === 'completed') {
          setReport(await api<RunReport>(`${inspectionPath(period)}/report`));
          return;
        }
        if (stored.status === 'failed') return;
      } catch (err) {
        // Just started: the run's workflow writes its document at its start, a moment after "Run now".
        const notYet = err instanceof ApiError && err.problem.status === 404;
        if (!notYet) {
          if (alive.current) setError(describeError(err, t));
          return;
        }
      }
      timer = setTimeout(() => void follow(), PROGRESS_POLL_MS);
    };
    void follow();
    return () => clearTimeout(timer);
  }, [period, t]);

  const p = progress?.progress ?? run?.progress;
  const status = run?.status ?? progress?.status;
  const rows = <G extends { findings: number }>(groups: G[]) => groups.filter((g) => g.findings > 0);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={<span data-testid="run-title">{t('run.title', { period })}</span>}
        extra={<a href="#/inspections">{t('run.back')}</a>}
        data-testid="inspection-run"
      >
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
        {!p ? (
          <Spin />
        ) : (
          <>
            <Flex wrap gap={24} align="center">
              <Tag color={RUN_STATUS_COLOURS[status ?? '']} data-testid="run-status" data-status={status}>
                {t(`inspections.status.${status}` as MessageKey)}
              </Tag>
              <Progress
                type="circle"
                size={64}
                percent={p.partitions ? Math.floor((100 * p.partitionsDone) / p.partitions) : 0}
                data-testid="run-progress"
              />
              <Statistic title={t('inspections.scanned')} value={p.scanned} data-testid="run-scanned" />
              <Statistic title={t('inspections.findings')} value={p.findings} data-testid="run-findings" />
              <Statistic title={t('run.raised')} value={p.raised} />
              <Statistic title={t('run.persisting')} value={p.persisting} />
              <Statistic title={t('run.closed')} value={p.closed} />
            </Flex>
            <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('run.progress')}>
                {t('run.partitions', { done: p.partitionsDone, total: p.partitions })}
              </Descriptions.Item>
              <Descriptions.Item label={t('inspections.startedAt')}>{formatTime(run?.startedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('inspections.completedAt')}>{formatTime(run?.completedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('run.ruleSetVersion')}>
                <Typography.Text code>{run?.ruleSetVersion}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>

      <Card title={t('run.report')} data-testid="run-report">
        {!report ? (
          <Typography.Text type="secondary">{t('run.noReport')}</Typography.Text>
        ) : (
          <Flex wrap gap={16}>
            <Table
              style={{ minWidth: 280, flex: 1 }}
              size="small"
              pagination={false}
              rowKey="ruleId"
              title={() => t('run.byRule')}
              dataSource={report.byRule.filter((r) => r.findings > 0)}
              data-testid="report-by-rule"
              columns={[
                { title: t('run.rule'), dataIndex: 'ruleId', render: (r: string) => oversightWord(locale, 'rule', r) },
                { title: t('run.count'), dataIndex: 'findings' },
              ]}
            />
            <Table
              style={{ minWidth: 200 }}
              size="small"
              pagination={false}
              rowKey="severity"
              title={() => t('run.bySeverity')}
              dataSource={[...SEVERITIES].reverse().map((s) => ({ severity: s, findings: report.bySeverity[s] }))}
              data-testid="report-by-severity"
              columns={[
                {
                  title: t('run.severity'),
                  dataIndex: 'severity',
                  render: (s: string) => <Tag color={SEVERITY_COLOURS[s]}>{oversightWord(locale, 'severity', s)}</Tag>,
                },
                { title: t('run.count'), dataIndex: 'findings' },
              ]}
            />
            <Table
              style={{ minWidth: 200 }}
              size="small"
              pagination={false}
              rowKey="key"
              title={() => t('run.byUnit')}
              dataSource={rows(report.byUnit)}
              data-testid="report-by-unit"
              columns={[
                { title: t('run.unit'), dataIndex: 'key' },
                { title: t('run.count'), dataIndex: 'findings' },
              ]}
            />
            <Table
              style={{ minWidth: 240 }}
              size="small"
              pagination={false}
              rowKey="key"
              title={() => t('run.byPartner')}
              dataSource={rows(report.byPartner)}
              data-testid="report-by-partner"
              columns={[
                {
                  title: t('run.partner'),
                  dataIndex: 'key',
                  render: (key: string, g: { name?: string }) => g.name ?? key,
                },
                { title: t('run.count'), dataIndex: 'findings' },
              ]}
            />
          </Flex>
        )}
      </Card>

      {report && (
        <Card title={t('run.findings')}>
          <FindingsTable fixed={{ period }} />
        </Card>
      )}
    </Space>
  );
}
