import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Input,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { INSPECTION_RULE_IDS, type InspectionRuleId } from '../../../policies/inspection-parameters';
import { evidenceRefusalFor, verificationRefusalFor } from '../../../policies/rectification-steps';
import { FINDING_STATUSES, SEVERITIES, type FindingStatus, type Severity } from '../../../policies/vocabulary';
import { EntityTimeline } from '../DetailParts';
import { api, query } from '../api';
import { describeError } from '../errors';
import { useI18n, type MessageKey } from '../i18n';
import {
  FINDING_STATUS_COLOURS,
  SEVERITY_COLOURS,
  findingPath,
  findingText,
  oversightWord,
  type Finding,
} from '../inspections';
import { whyText, type TimelineEntry } from '../partners';
import { useSignedIn } from '../session';
import { formatDate, formatTime } from '../time';

const PAGE_SIZE = 20;

interface Filters {
  period?: string;
  severity?: Severity;
  ruleId?: InspectionRuleId;
  status?: FindingStatus;
  unit?: string;
}

/**
 * Findings the caller may read (a unit its own), filtered on the server by severity, rule, status and unit,
 * a page at a time; `fixed` filters are set by the page it sits in (a run's findings) and not offered.
 */
export function FindingsTable({ fixed = {} }: { fixed?: Filters }) {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [unit, setUnit] = useState('');
  const [items, setItems] = useState<Finding[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // A page that comes back after the filters changed belongs to the old query: it is dropped.
  const generation = useRef(0);
  const fixedKey = JSON.stringify(fixed);

  const load = useCallback(
    (cursor?: string) => {
      const mine = cursor ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      api<{ items: Finding[]; nextCursor?: string }>(
        `/api/findings${query({ ...filters, ...(JSON.parse(fixedKey) as Filters), limit: PAGE_SIZE, cursor })}`,
      )
        .then((page) => {
          if (mine !== generation.current) return;
          setItems((shown) => (cursor ? [...shown, ...page.items] : page.items));
          setNextCursor(page.nextCursor);
        })
        .catch((err: unknown) => mine === generation.current && setError(describeError(err, t)))
        .finally(() => mine === generation.current && setLoading(false));
    },
    [filters, fixedKey, t],
  );
  useEffect(() => load(), [load]);

  const any = t('findings.filter.any');
  const setFilter = (patch: Filters) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<Severity | ''>
          style={{ width: 160 }}
          value={filters.severity ?? ''}
          onChange={(severity) => setFilter({ severity: severity || undefined })}
          options={[
            { value: '', label: `${t('findings.filter.severity')}: ${any}` },
            ...SEVERITIES.map((s) => ({ value: s, label: oversightWord(locale, 'severity', s) })),
          ]}
          data-testid="findings-filter-severity"
        />
        <Select<InspectionRuleId | ''>
          style={{ width: 240 }}
          value={filters.ruleId ?? ''}
          onChange={(ruleId) => setFilter({ ruleId: ruleId || undefined })}
          popupMatchSelectWidth={false}
          options={[
            { value: '', label: `${t('findings.filter.rule')}: ${any}` },
            ...INSPECTION_RULE_IDS.map((r) => ({ value: r, label: oversightWord(locale, 'rule', r) })),
          ]}
          data-testid="findings-filter-rule"
        />
        <Select<FindingStatus | ''>
          style={{ width: 160 }}
          value={filters.status ?? ''}
          onChange={(status) => setFilter({ status: status || undefined })}
          options={[
            { value: '', label: `${t('findings.filter.status')}: ${any}` },
            ...FINDING_STATUSES.map((s) => ({ value: s, label: oversightWord(locale, 'findingStatus', s) })),
          ]}
          data-testid="findings-filter-status"
        />
        <Input.Search
          style={{ width: 200 }}
          value={unit}
          allowClear
          onChange={(e) => setUnit(e.target.value)}
          onSearch={(value) => setFilter({ unit: value.trim() || undefined })}
          placeholder={t('findings.filter.unit')}
          data-testid="findings-filter-unit"
        />
      </Space>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="findings-error" />}
      <Table<Finding>
        rowKey="id"
        size="small"
        loading={loading && items.length === 0}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('findings.empty')} /> }}
        data-testid="findings-table"
        columns={[
          {
            title: t('finding.rule'),
            dataIndex: 'ruleId',
            render: (ruleId: string, row) => (
              <a href={`#/findings/${encodeURIComponent(row.id)}`} data-testid="finding-link">
                {oversightWord(locale, 'rule', ruleId)}
              </a>
            ),
          },
          { title: t('finding.agreement'), dataIndex: 'agreementTitle' },
          { title: t('finding.partner'), dataIndex: 'partnerName' },
          {
            title: t('finding.severity'),
            dataIndex: 'severity',
            render: (s: string) => <Tag color={SEVERITY_COLOURS[s]}>{oversightWord(locale, 'severity', s)}</Tag>,
          },
          {
            title: t('finding.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={FINDING_STATUS_COLOURS[s]}>{oversightWord(locale, 'findingStatus', s)}</Tag>
            ),
          },
          { title: t('finding.unit'), dataIndex: 'ownerUnit' },
          { title: t('finding.dueAt'), dataIndex: 'dueAt', render: (d: string) => formatDate(d) },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="findings-shown">
          {t('findings.shown', { count: items.length })}
        </Typography.Text>
        {nextCursor && (
          <Button loading={loading} onClick={() => load(nextCursor)} data-testid="findings-more">
            {t('inspections.loadMore')}
          </Button>
        )}
      </Flex>
    </>
  );
}

export function FindingListPage() {
  const { t } = useI18n();
  return (
    <Card title={t('findings.title')} data-testid="findings">
      <FindingsTable />
    </Card>
  );
}

/**
 * One finding: what was found and under which rule, its rectification so far and its timeline, and the
 * step the signed-in person may take now (the owner unit submits evidence; a security reviewer who did not
 * submit it verifies or sends it back). The same policies as the workflow decide what is offered.
 */
export function FindingPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { claims } = useSignedIn();
  const [finding, setFinding] = useState<Finding | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<Finding>(findingPath(id))
      .then(setFinding)
      .catch((err: unknown) => setError(describeError(err, t)));
    api<{ items: TimelineEntry[] }>(`${findingPath(id)}/timeline`)
      .then((page) => setTimeline(page.items))
      .catch(() => setTimeline([]));
  }, [id, t]);
  useEffect(load, [load]);

  const send = (path: 'evidence' | 'verification', json: unknown) => {
    setBusy(true);
    setError(null);
    api<Finding>(`${findingPath(id)}/${path}`, {
      method: 'POST',
      json,
    })
      .then((next) => {
        setFinding(next);
        setText('');
        setReason('');
        load();
      })
      .catch((err: unknown) => setError(describeError(err, t)))
      .finally(() => setBusy(false));
  };

  if (!finding) return error ? <Alert type="error" title={error} /> : <Spin style={{ margin: 48 }} />;

  const state = { ...finding, _id: finding.id };
  const mayEvidence = evidenceRefusalFor(state, claims) === null;
  const mayVerify = verificationRefusalFor(state, claims, { outcome: 'verify' }) === null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={<span data-testid="finding-rule">{oversightWord(locale, 'rule', finding.ruleId)}</span>}
        extra={
          <Space wrap size={4}>
            <Tag color={SEVERITY_COLOURS[finding.severity]} data-testid="finding-severity">
              {oversightWord(locale, 'severity', finding.severity)}
            </Tag>
            <Tag
              color={FINDING_STATUS_COLOURS[finding.status]}
              data-testid="finding-status"
              data-status={finding.status}
            >
              {oversightWord(locale, 'findingStatus', finding.status)}
            </Tag>
          </Space>
        }
        data-testid="finding"
      >
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="finding-error" />}
        <Typography.Paragraph data-testid="finding-text">{findingText(locale, finding)}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('finding.agreement')}>
            <a href={`#/agreements/${encodeURIComponent(finding.agreementId)}`}>{finding.agreementTitle}</a>
          </Descriptions.Item>
          <Descriptions.Item label={t('finding.partner')}>{finding.partnerName}</Descriptions.Item>
          <Descriptions.Item label={t('finding.unit')}>{finding.ownerUnit}</Descriptions.Item>
          <Descriptions.Item label={t('finding.period')}>
            <a href={`#/inspections/${encodeURIComponent(finding.period)}`}>{finding.period}</a>
          </Descriptions.Item>
          <Descriptions.Item label={t('finding.raisedAt')}>{formatTime(finding.raisedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('finding.dueAt')}>{formatDate(finding.dueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('finding.basis')}>{finding.rules.join(' ')}</Descriptions.Item>
          {finding.closure && (
            <Descriptions.Item label={t('finding.closure')}>
              <span data-testid="finding-closure">
                {oversightWord(locale, 'findingClosure', finding.closure.reason)} · {formatTime(finding.closure.at)}
              </span>
            </Descriptions.Item>
          )}
          {finding.escalated && (
            <Descriptions.Item label={t('finding.status')}>{t('finding.escalated')}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {(mayEvidence || mayVerify) && (
        <Card title={mayEvidence ? t('finding.submitEvidence') : t('finding.verify')} data-testid="finding-actions">
          {mayEvidence && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                rows={3}
                maxLength={4000}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={t('finding.evidencePlaceholder')}
                data-testid="finding-evidence-text"
              />
              <Button
                type="primary"
                loading={busy}
                disabled={!text.trim()}
                onClick={() => send('evidence', { text: text.trim() })}
                data-testid="finding-evidence-submit"
              >
                {t('finding.submitEvidence')}
              </Button>
            </Space>
          )}
          {mayVerify && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder={t('finding.sendBackReason')}
                data-testid="finding-send-back-reason"
              />
              <Space wrap>
                <Button
                  type="primary"
                  loading={busy}
                  onClick={() => send('verification', { outcome: 'verify' })}
                  data-testid="finding-verify"
                >
                  {t('finding.verify')}
                </Button>
                <Button
                  danger
                  loading={busy}
                  disabled={!reason.trim()}
                  onClick={() => send('verification', { outcome: 'send_back', reason: reason.trim() })}
                  data-testid="finding-send-back"
                >
                  {t('finding.sendBack')}
                </Button>
              </Space>
            </Space>
          )}
        </Card>
      )}

      {finding.steps.length > 0 && (
        <Card title={t('finding.steps')} data-testid="finding-steps">
          <Timeline
            items={finding.steps.map((s) => ({
              key: s.key,
              color: s.kind === 'verified' ? 'green' : s.kind === 'evidence' ? 'blue' : 'red',
              content: (
                <div data-testid="finding-step" data-kind={s.kind}>
                  <Typography.Text strong>{t(`finding.step.${s.kind}` as MessageKey)}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">
                      {formatTime(s.at)} · {s.by}
                    </Typography.Text>
                  </div>
                  {s.text && <div>{s.text}</div>}
                </div>
              ),
            }))}
          />
        </Card>
      )}

      <Card title={t('finding.timeline')}>
        <EntityTimeline
          entries={timeline}
          testId="finding-timeline"
          colourOf={(action) =>
            /sent_back|escalated|revoked|overdue/.test(action)
              ? 'red'
              : /verified|closed/.test(action)
                ? 'green'
                : 'blue'
          }
          why={(why) => whyText(t, why)}
          reasonLines={(reason) => (reason ? [reason] : [])}
        />
      </Card>
    </Space>
  );
}
