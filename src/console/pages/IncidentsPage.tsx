import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AGREEMENT_TERMS } from '../../../policies/texts/agreement';
import {
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  type IncidentGrade,
  type IncidentStatus,
} from '../../../policies/vocabulary';
import { api, query } from '../api';
import { describeError } from '../errors';
import { useI18n, type MessageKey } from '../i18n';
import {
  DEADLINE_COLOURS,
  GRADE_COLOURS,
  incidentPath,
  incidentWord,
  type Incident,
  type IncidentDeadline,
  type IncidentRow,
} from '../incidents';
import { useSignedIn } from '../session';
import { formatTime } from '../time';
import { ReportIncidentDrawer } from './ReportIncident';

const PAGE_SIZE = 20;
/** How often an incident's page reads it again while its workflow still has answers to take. */
const FOLLOW_MS = 1000;

interface Filters {
  status?: IncidentStatus;
  grade?: IncidentGrade;
  drill?: 'true' | 'false';
}

/** The incidents the caller may read, filtered on the server (status, grade, drill), a page at a time. */
export function IncidentListPage() {
  const { t, locale } = useI18n();
  const { ability } = useSignedIn();
  const [reporting, setReporting] = useState(false);
  const [filters, setFilters] = useState<Filters>({});
  const [items, setItems] = useState<IncidentRow[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // A page that comes back after the filters changed belongs to the old query: it is dropped.
  const generation = useRef(0);

  const load = useCallback(
    (cursor?: string) => {
      const mine = cursor ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      api<{ items: IncidentRow[]; nextCursor?: string }>(
        `/api/incidents${query({ ...filters, limit: PAGE_SIZE, cursor })}`,
      )
        .then((page) => {
          if (mine !== generation.current) return;
          setItems((shown) => (cursor ? [...shown, ...page.items] : page.items));
          setNextCursor(page.nextCursor);
        })
        .catch((err: unknown) => mine === generation.current && setError(describeError(err, t)))
        .finally(() => mine === generation.current && setLoading(false));
    },
    [filters, t],
  );
  useEffect(() => load(), [load]);

  const any = t('incidents.filter.any');
  const setFilter = (patch: Filters) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <Card
      title={t('incidents.title')}
      data-testid="incidents"
      extra={
        ability.can('create', 'Incident') && (
          <Button type="primary" danger onClick={() => setReporting(true)} data-testid="incident-report">
            {t('incidents.report')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<IncidentStatus | ''>
          style={{ width: 180 }}
          value={filters.status ?? ''}
          onChange={(status) => setFilter({ status: status || undefined })}
          options={[
            { value: '', label: `${t('incidents.filter.status')}: ${any}` },
            ...INCIDENT_STATUSES.map((s) => ({ value: s, label: incidentWord(locale, 'status', s) })),
          ]}
          data-testid="incidents-filter-status"
        />
        <Select<IncidentGrade | ''>
          style={{ width: 200 }}
          value={filters.grade ?? ''}
          onChange={(grade) => setFilter({ grade: grade || undefined })}
          options={[
            { value: '', label: `${t('incidents.filter.grade')}: ${any}` },
            ...INCIDENT_GRADES.map((g) => ({ value: g, label: incidentWord(locale, 'incidentGrade', g) })),
          ]}
          data-testid="incidents-filter-grade"
        />
        <Select<'true' | 'false' | ''>
          style={{ width: 160 }}
          value={filters.drill ?? ''}
          onChange={(drill) => setFilter({ drill: drill || undefined })}
          options={[
            { value: '', label: `${t('incidents.filter.drill')}: ${any}` },
            { value: 'false', label: t('incidents.drill.false') },
            { value: 'true', label: t('incidents.drill.true') },
          ]}
          data-testid="incidents-filter-drill"
        />
      </Space>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="incidents-error" />}
      <Table<IncidentRow>
        rowKey="id"
        size="small"
        loading={loading && items.length === 0}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('incidents.empty')} /> }}
        data-testid="incidents-table"
        columns={[
          {
            title: t('incident.title'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Space size={4}>
                <a href={`#/incidents/${encodeURIComponent(row.id)}`} data-testid="incident-link">
                  {title}
                </a>
                {row.drill && <Tag>{t('incident.drillTag')}</Tag>}
              </Space>
            ),
          },
          { title: t('incident.partner'), dataIndex: 'partnerName' },
          {
            title: t('incident.kind'),
            dataIndex: 'kind',
            render: (k: string) => incidentWord(locale, 'incidentKind', k),
          },
          {
            title: t('incident.grade'),
            dataIndex: 'grade',
            render: (g: string) => <Tag color={GRADE_COLOURS[g]}>{incidentWord(locale, 'incidentGrade', g)}</Tag>,
          },
          {
            title: t('incident.status'),
            dataIndex: 'status',
            render: (s: string) => incidentWord(locale, 'status', s),
          },
          { title: t('incident.agreements'), dataIndex: 'agreements' },
          {
            title: t('incident.missed'),
            dataIndex: 'missed',
            render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n),
          },
          { title: t('incident.nextDueAt'), dataIndex: 'nextDueAt', render: (d?: string) => formatTime(d) },
          { title: t('incident.reportedAt'), dataIndex: 'reportedAt', render: (d: string) => formatTime(d) },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="incidents-shown">
          {t('incidents.shown', { count: items.length })}
        </Typography.Text>
        {nextCursor && (
          <Button loading={loading} onClick={() => load(nextCursor)} data-testid="incidents-more">
            {t('incidents.loadMore')}
          </Button>
        )}
      </Flex>
      <ReportIncidentDrawer
        open={reporting}
        onClose={() => setReporting(false)}
        onReported={(incident) => {
          setReporting(false);
          window.location.hash = `#/incidents/${encodeURIComponent(incident.id)}`;
        }}
      />
    </Card>
  );
}

/**
 * One incident: its containment agreement by agreement, its reports and their deadlines (met, due, missed),
 * its investigation, and the investigation and closure actions offered only to who may take them (the API
 * and the workflow check again).
 */
export function IncidentPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { ability } = useSignedIn();
  const [incident, setIncident] = useState<Incident | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [closeReason, setCloseReason] = useState('');
  const lang = locale === 'en-US' ? 'en' : 'zh-CN';

  const load = useCallback(() => {
    api<Incident>(incidentPath(id))
      .then(setIncident)
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [id, t]);
  useEffect(load, [load]);
  // Containment, resumption and revocation are answered by the agreements' workflows: followed until done.
  const following =
    incident !== null &&
    (incident.status === 'open' ||
      incident.agreements.some(
        (a) => a.containment === 'pending' || (incident.status === 'closed' && a.containment === 'contained'),
      ));
  useEffect(() => {
    if (!following) return;
    const timer = setTimeout(load, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [following, incident, load]);

  /** Sends a step; its answer is the incident as it now is. */
  const step = (path: string, body: unknown) => {
    setBusy(true);
    setError(null);
    api<Incident>(`${incidentPath(id)}/${path}`, { method: 'POST', json: body })
      .then(setIncident)
      .catch((err: unknown) => setError(describeError(err, t)))
      .finally(() => setBusy(false));
  };

  if (!incident) {
    return (
      <Card loading={!error} data-testid="incident">
        {error && <Alert type="error" title={error} data-testid="incident-error" />}
      </Card>
    );
  }
  const open = incident.status !== 'closed';
  const mayUpdate = open && ability.can('update', 'Incident');
  const mayClose = open && ability.can('close', 'Incident');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <a href="#/incidents">{t('incident.back')}</a>
      <Card
        title={
          <Space wrap>
            <span data-testid="incident-title">{incident.title}</span>
            <Tag color={GRADE_COLOURS[incident.grade]} data-testid="incident-grade">
              {incidentWord(locale, 'incidentGrade', incident.grade)}
            </Tag>
            <Tag data-testid="incident-status">{incidentWord(locale, 'status', incident.status)}</Tag>
            {incident.drill && <Tag>{t('incident.drillTag')}</Tag>}
          </Space>
        }
        data-testid="incident"
      >
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="incident-error" />}
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('incident.partner')}>{incident.partnerName}</Descriptions.Item>
          <Descriptions.Item label={t('incident.kind')}>
            {incidentWord(locale, 'incidentKind', incident.kind)}
          </Descriptions.Item>
          <Descriptions.Item label={t('incident.detectedAt')}>{formatTime(incident.detectedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('incident.reportedAt')}>{formatTime(incident.reportedAt)}</Descriptions.Item>
        </Descriptions>
        <Descriptions size="small" column={1} data-testid="incident-description">
          <Descriptions.Item label={t('incident.description')}>{incident.description}</Descriptions.Item>
        </Descriptions>
        {incident.closure && (
          <Alert
            type="info"
            data-testid="incident-closed"
            title={t('incident.closed', {
              outcome: incidentWord(locale, 'outcome', incident.closure.outcome),
              by: incident.closure.by,
              at: formatTime(incident.closure.at),
            })}
          />
        )}
      </Card>

      <Card title={t('incident.containment')} size="small">
        <Table
          rowKey="agreementId"
          size="small"
          pagination={false}
          dataSource={incident.agreements}
          data-testid="incident-agreements"
          columns={[
            { title: t('incident.agreement.title'), dataIndex: 'title' },
            { title: t('incident.agreement.unit'), dataIndex: 'requestingUnit' },
            {
              title: t('incident.agreement.status'),
              dataIndex: 'status',
              render: (s?: string) => (s ? (AGREEMENT_TERMS[lang].status?.[s] ?? s) : ''),
            },
            {
              title: t('incident.agreement.containment'),
              dataIndex: 'containment',
              render: (c: string) => (
                <Tag data-testid="incident-agreement-containment">{t(`incident.containment.${c}` as MessageKey)}</Tag>
              ),
            },
            {
              title: t('incident.agreement.containedAt'),
              dataIndex: 'containedAt',
              render: (d?: string) => formatTime(d),
            },
          ]}
        />
      </Card>

      {incident.deadlines && (
        <Card title={t('incident.deadlines')} size="small">
          {incident.deadlines.length === 0 ? (
            <Typography.Text type="secondary">{t('incident.noDeadlines')}</Typography.Text>
          ) : (
            <Table<IncidentDeadline>
              rowKey="kind"
              size="small"
              pagination={false}
              dataSource={incident.deadlines}
              data-testid="incident-deadlines"
              columns={[
                {
                  title: t('incident.deadline.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => incidentWord(locale, 'deadlineKind', k),
                },
                {
                  title: t('incident.deadline.recipient'),
                  dataIndex: 'recipient',
                  render: (r: string) => incidentWord(locale, 'recipient', r),
                },
                { title: t('incident.deadline.dueAt'), dataIndex: 'dueAt', render: (d?: string) => formatTime(d) },
                {
                  title: t('incident.deadline.state'),
                  dataIndex: 'state',
                  render: (s: string) => (
                    <Tag color={DEADLINE_COLOURS[s]}>{incidentWord(locale, 'deadlineState', s)}</Tag>
                  ),
                },
                { title: t('incident.deadline.madeAt'), dataIndex: 'madeAt', render: (d?: string) => formatTime(d) },
              ]}
            />
          )}
        </Card>
      )}

      {incident.investigation && (
        <Card title={t('incident.investigation')} size="small">
          <InvestigationForm
            incident={incident}
            editable={mayUpdate}
            busy={busy}
            onSave={(body) => step('investigation', body)}
          />
        </Card>
      )}

      {mayClose && (
        <Card title={t('incident.close')} size="small" data-testid="incident-close">
          <Input.TextArea
            rows={2}
            value={closeReason}
            onChange={(e) => setCloseReason(e.target.value)}
            placeholder={t('incident.close.reason')}
            data-testid="incident-close-reason"
          />
          <Space wrap style={{ marginTop: 8 }}>
            <Button
              type="primary"
              disabled={!closeReason.trim()}
              loading={busy}
              onClick={() => step('closure', { outcome: 'resume', reason: closeReason.trim() })}
              data-testid="incident-close-resume"
            >
              {t('incident.close.resume')}
            </Button>
            <Button
              danger
              disabled={!closeReason.trim()}
              loading={busy}
              onClick={() => step('closure', { outcome: 'revoke', reason: closeReason.trim() })}
              data-testid="incident-close-revoke"
            >
              {t('incident.close.revoke')}
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}

type InvestigationFields = 'findings' | 'rootCause' | 'responsibility' | 'measures';
const INVESTIGATION_FIELDS: InvestigationFields[] = ['findings', 'rootCause', 'responsibility', 'measures'];

/** The investigation as it stands, and for who may update it a form that sends what changed. */
function InvestigationForm(props: {
  incident: Incident;
  editable: boolean;
  busy: boolean;
  onSave: (body: Partial<Record<InvestigationFields, string>> & { handlingEnded?: boolean }) => void;
}) {
  const { t } = useI18n();
  const { incident, editable, busy, onSave } = props;
  const investigation = incident.investigation!;
  const [form] = Form.useForm();
  const ended = incident.handlingEndedAt !== undefined;
  if (!editable) {
    return (
      <Descriptions size="small" column={1}>
        {INVESTIGATION_FIELDS.map((field) => (
          <Descriptions.Item key={field} label={t(`incident.investigation.${field}`)}>
            {investigation[field] ?? ''}
          </Descriptions.Item>
        ))}
      </Descriptions>
    );
  }
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ ...investigation, handlingEnded: ended }}
      onFinish={(values: Record<string, string | boolean | undefined>) => {
        const body: Partial<Record<InvestigationFields, string>> & { handlingEnded?: boolean } = {};
        for (const field of INVESTIGATION_FIELDS) {
          const value = String(values[field] ?? '').trim();
          if (value && value !== investigation[field]) body[field] = value;
        }
        if (values.handlingEnded && !ended) body.handlingEnded = true;
        if (Object.keys(body).length > 0) onSave(body);
      }}
      data-testid="incident-investigation"
    >
      {INVESTIGATION_FIELDS.map((field) => (
        <Form.Item key={field} name={field} label={t(`incident.investigation.${field}`)}>
          <Input.TextArea rows={2} data-testid={`incident-investigation-${field}`} />
        </Form.Item>
      ))}
      <Form.Item name="handlingEnded" valuePropName="checked">
        <Checkbox disabled={ended} data-testid="incident-handling-ended">
          {t('incident.investigation.handlingEnded')}
        </Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="incident-investigation-save">
        {t('incident.investigation.save')}
      </Button>
    </Form>
  );
}
