import { Alert, App, Button, Empty, Flex, Grid, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../api';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import { GRADE_COLOURS, incidentWord, type IncidentRow } from '../incidents';
import { byText, ListCards, Unbroken, type ListColumn } from '../ListPage';
import { useSignedIn } from '../session';
import { formatTime } from '../time';
import { ReportIncidentDrawer } from './ReportIncident';

/** The incidents a partner's portal lists at once: an organisation has few. */
const INCIDENTS_SHOWN = 100;

/** How often the list is read again until the incident just reported is in it. */
const AWAIT_MS = 1000;

/** Newest first: the one just reported on top. */
const newestFirst = (a: IncidentRow, b: IncidentRow) => b.reportedAt.localeCompare(a.reportedAt);

/**
 * The partner's own incidents in its portal (reported by it or by the company), newest first, and its own
 * report of one (R20 Art 5: it must report what it detects, within the hours its agreement gives). It sees
 * how each stands and whether its own report came late; the company's reports to the authorities are not
 * shown to it (the API leaves them out).
 */
export function PortalIncidents({ partnerId }: { partnerId: string }) {
  const { t, locale } = useI18n();
  const { ability } = useSignedIn();
  const { message } = App.useApp();
  const [rows, setRows] = useState<IncidentRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  // The incident just reported, until the list shows it.
  const [awaited, setAwaited] = useState<string | null>(null);
  // Below 576 px a row is a card, as in the console's lists.
  const phone = Grid.useBreakpoint().xs === true;

  const load = useCallback(() => {
    api<{ items: IncidentRow[] }>(`/api/incidents${query({ partnerId, limit: INCIDENTS_SHOWN })}`)
      .then((page) => {
        setRows([...page.items].sort(newestFirst));
        setError(null);
      })
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [partnerId, t]);
  useEffect(load, [load]);
  const listed = awaited !== null && rows?.some((row) => row.id === awaited) === true;
  useEffect(() => {
    if (awaited === null || listed) return;
    const timer = setTimeout(load, AWAIT_MS);
    return () => clearTimeout(timer);
  }, [awaited, listed, rows, load]);

  const columns: ListColumn<IncidentRow>[] = [
    { title: t('incident.title'), dataIndex: 'title' },
    {
      title: t('incident.kind'),
      dataIndex: 'kind',
      card: true,
      render: (k: string) => incidentWord(locale, 'incidentKind', k),
    },
    {
      title: t('incident.grade'),
      dataIndex: 'grade',
      card: true,
      render: (g: string) => <Tag color={GRADE_COLOURS[g]}>{incidentWord(locale, 'incidentGrade', g)}</Tag>,
    },
    {
      title: t('incident.status'),
      dataIndex: 'status',
      card: true,
      render: (s: string) => <span data-testid="portal-incident-status">{incidentWord(locale, 'status', s)}</span>,
    },
    {
      title: t('incident.reportedAt'),
      dataIndex: 'reportedAt',
      card: true,
      sorter: byText((row) => row.reportedAt),
      render: (d: string) => <Unbroken>{formatTime(d)}</Unbroken>,
    },
    {
      // Only for the incidents the partner reported itself.
      title: t('portal.incidents.ownReport'),
      dataIndex: 'partnerReportLate',
      card: true,
      render: (late?: boolean) =>
        late === undefined ? undefined : (
          <Tag color={late ? 'red' : 'green'} data-testid="portal-incident-late" data-late={String(late)}>
            {t(late ? 'portal.incidents.late' : 'portal.incidents.onTime')}
          </Tag>
        ),
    },
  ];

  return (
    <section style={{ marginTop: 24 }} data-testid="portal-incidents">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('portal.incidents.title')}
        </Typography.Title>
        {ability.can('create', 'Incident') && (
          <Button danger onClick={() => setReporting(true)} data-testid="portal-incident-report">
            {t('incidents.report')}
          </Button>
        )}
      </Flex>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="portal-incidents-error" />}
      {rows === null && !error && <Spin />}
      {rows?.length === 0 && <Empty description={t('portal.incidents.empty')} />}
      {rows &&
        rows.length > 0 &&
        (phone ? (
          <ListCards items={rows} columns={columns} rowKey="id" testId="portal-incidents">
            {null}
          </ListCards>
        ) : (
          <Table<IncidentRow>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            data-testid="portal-incidents-table"
            columns={columns}
          />
        ))}
      <ReportIncidentDrawer
        ownPartnerId={partnerId}
        open={reporting}
        onClose={() => setReporting(false)}
        onReported={(incident) => {
          setReporting(false);
          message.success(t('portal.incidents.reported'));
          setAwaited(incident.id);
          load();
        }}
      />
    </section>
  );
}
