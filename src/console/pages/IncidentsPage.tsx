import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { AGREEMENT_TERMS } from '../../../policies/texts/agreement';
import {
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  type IncidentGrade,
  type IncidentStatus,
} from '../../../policies/vocabulary';
import { api } from '../api';
import { describeError } from '../errors';
import { useI18n, type MessageKey } from '../i18n';
import {
  DEADLINE_COLOURS,
  GRADE_COLOURS,
  incidentHolder,
  incidentPath,
  incidentWord,
  type Incident,
  type IncidentDeadline,
  type IncidentRow,
} from '../incidents';
import { useSignedIn } from '../session';
import { byNumber, byText, CodeFilter, DueDate, ListPage, Unbroken, type ListColumn } from '../ListPage';
import { formatTime, isOverdue } from '../time';
import { ReportIncidentDrawer } from './ReportIncident';

/** How often an incident's page reads it again while its workflow still has answers to take. */
const FOLLOW_MS = 1000;

interface Filters {
  status?: IncidentStatus;
  grade?: IncidentGrade;
  drill?: 'true' | 'false';
  [name: string]: string | undefined;
}

/** The incidents the caller may read: who must act on each and its next report's deadline. */
export function IncidentListPage() {
  const { t, locale } = useI18n();
  const { ability } = useSignedIn();
  const [reporting, setReporting] = useState(false);
  const columns: ListColumn<IncidentRow>[] = [
    {
      title: t('incident.title'),
      dataIndex: 'title',
      sorter: byText((row) => row.title),
      render: (title: string, row) => (
        <Space size={4} wrap>
          <a href={`#/incidents/${encodeURIComponent(row.id)}`} data-testid="incident-link">
            {title}
          </a>
          {row.drill && <Tag>{t('incident.drillTag')}</Tag>}
        </Space>
      ),
    },
    { title: t('incident.partner'), dataIndex: 'partnerName', sorter: byText((row) => row.partnerName) },
    {
      title: t('incident.kind'),
      dataIndex: 'kind',
      render: (k: string) => incidentWord(locale, 'incidentKind', k),
    },
    {
      title: t('incident.grade'),
      dataIndex: 'grade',
      card: true,
      sorter: byText((row) => row.grade),
      render: (g: string) => <Tag color={GRADE_COLOURS[g]}>{incidentWord(locale, 'incidentGrade', g)}</Tag>,
    },
    {
      // An open incident says who must act; a closed one its status.
      title: t('incident.status'),
      dataIndex: 'status',
      card: true,
      sorter: byText((row) => row.status),
      render: (s: string) => (
        <span data-testid="incident-row-status">{incidentHolder(t, s) ?? incidentWord(locale, 'status', s)}</span>
      ),
    },
    {
      title: t('incident.nextDueAt'),
      dataIndex: 'nextDueAt',
      card: true,
      defaultSortOrder: 'ascend',
      sorter: byText((row) => row.nextDueAt),
      render: (d?: string) => <DueDate dueAt={d} testId="incident-row-due" />,
    },
    { title: t('incident.agreements'), dataIndex: 'agreements', sorter: byNumber((row) => row.agreements) },
    {
      title: t('incident.missed'),
      dataIndex: 'missed',
      sorter: byNumber((row) => row.missed),
      render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n),
    },
    {
      title: t('incident.reportedAt'),
      dataIndex: 'reportedAt',
      sorter: byText((row) => row.reportedAt),
      render: (d: string) => <Unbroken>{formatTime(d)}</Unbroken>,
    },
  ];

  return (
    <ListPage<IncidentRow, Filters>
      testId="incidents"
      title={t('incidents.title')}
      path="/api/incidents"
      rowKey="id"
      columns={columns}
      overdue={(row) => isOverdue(row.nextDueAt)}
      empty={t('incidents.empty')}
      shown={(count) => t('incidents.shown', { count })}
      more={t('incidents.loadMore')}
      extra={
        ability.can('create', 'Incident') && (
          <Button type="primary" danger onClick={() => setReporting(true)} data-testid="incident-report">
            {t('incidents.report')}
          </Button>
        )
      }
      filters={(filters, setFilter) => (
        <>
          <CodeFilter
            label={t('incidents.filter.status')}
            value={filters.status}
            codes={INCIDENT_STATUSES}
            word={(s) => incidentWord(locale, 'status', s)}
            onChange={(status) => setFilter({ status })}
            testId="incidents-filter-status"
          />
          <CodeFilter
            label={t('incidents.filter.grade')}
            value={filters.grade}
            codes={INCIDENT_GRADES}
            word={(g) => incidentWord(locale, 'incidentGrade', g)}
            onChange={(grade) => setFilter({ grade })}
            testId="incidents-filter-grade"
            width={200}
          />
          <CodeFilter
            label={t('incidents.filter.drill')}
            value={filters.drill}
            codes={['false', 'true'] as const}
            word={(d) => t(`incidents.drill.${d}`)}
            onChange={(drill) => setFilter({ drill })}
            testId="incidents-filter-drill"
            width={160}
          />
        </>
      )}
    >
      <ReportIncidentDrawer
        open={reporting}
        onClose={() => setReporting(false)}
        onReported={(incident) => {
          setReporting(false);
          window.location.hash = `#/incidents/${encodeURIComponent(incident.id)}`;
        }}
      />
    </ListPage>
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
