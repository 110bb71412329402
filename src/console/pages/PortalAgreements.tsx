import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { DELETION_METHODS, type Control, type DeletionMethod } from '../../../policies/vocabulary';
import {
  AGREEMENT_STATUS_COLOURS,
  agreementPath,
  dayOf,
  isOverdue,
  problemOf,
  statusWord,
  termText,
  termWord,
  type Agreement,
  type AgreementRow,
  type UsagePeriod,
} from '../agreements';
import { api, query } from '../api';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import { wordFor } from '../partners';
import { formatTime, TIME_ZONE } from '../time';
import { AttestationView, UsagePeriods } from './AgreementPage';
import { ProblemAlert, ReasonList } from './AgreementRoute';

/** The agreements a partner's portal lists at once. */
const AGREEMENTS_SHOWN = 100;
/** Agreements whose reports or attestation the partner may owe: their detail is fetched for the forms. */
const OWING = ['active', 'suspended', 'revoked', 'expired'];
const VOLUME_MEASURES = ['records', 'people', 'personalInfoPeople', 'sensitivePersonalInfoPeople'] as const;

/** Today in Shanghai, `YYYY-MM-DD`: a usage period is reported once it has begun. */
const today = () => dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');

/**
 * The partner's own agreements in its portal: where each stands, and what it owes with the deadline —
 * a usage report for each period that has begun (S4, 条例 Art 12), the deletion attestation once an
 * agreement is ended (R9, PIPL Art 21). It sees no internal field (how the company decided, and who).
 */
export function PortalAgreements({ partnerId }: { partnerId: string }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<AgreementRow[] | null>(null);
  const [details, setDetails] = useState<Map<string, Agreement>>(new Map());
  // The agreements shown on cards: those owing something when the page loaded (they stay, with the answer given).
  const [cards, setCards] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const loadRows = useCallback(
    () =>
      api<{ items: AgreementRow[] }>(`/api/agreements${query({ partnerId, limit: AGREEMENTS_SHOWN })}`).then((page) => {
        setRows(page.items);
        return page.items;
      }),
    [partnerId],
  );

  useEffect(() => {
    loadRows()
      .then(async (items) => {
        const candidates = items.filter((r) => OWING.includes(r.status) || r.attestation === 'awaiting');
        const found = await Promise.all(candidates.map((r) => api<Agreement>(agreementPath(r.id))));
        setDetails(new Map(found.map((a) => [a.id, a])));
        // What the partner owes, and a suspension it must know of, each on a card of its own.
        setCards(
          found
            .filter(
              (a) => a.attestation?.status === 'awaiting' || openPeriodsOf(a).length > 0 || a.status === 'suspended',
            )
            .map((a) => a.id),
        );
      })
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [loadRows, t]);

  const replace = (agreement: Agreement) => {
    setDetails((known) => new Map(known).set(agreement.id, agreement));
    loadRows().catch((err: unknown) => setError(describeError(err, t)));
  };

  return (
    <section style={{ marginTop: 24 }} data-testid="portal-agreements">
      <Typography.Title level={5}>{t('portal.agreements.title')}</Typography.Title>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      {rows === null && !error && <Spin />}
      {rows?.length === 0 && <Empty description={t('portal.agreements.empty')} />}
      {rows && rows.length > 0 && (
        <Table<AgreementRow>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 640 }}
          data-testid="portal-agreements-table"
          columns={[
            { title: t('agreement.title'), dataIndex: 'title' },
            {
              title: t('agreement.status'),
              dataIndex: 'status',
              render: (s: AgreementRow['status']) => <Tag color={AGREEMENT_STATUS_COLOURS[s]}>{statusWord(t, s)}</Tag>,
            },
            { title: t('agreement.term'), key: 'term', render: (_: unknown, row) => termText(row) },
            {
              title: t('portal.agreements.yourStep'),
              key: 'due',
              render: (_: unknown, row) =>
                row.awaiting === `partner:${partnerId}` && row.dueAt ? (
                  <Tag color={isOverdue(row.dueAt) ? 'red' : 'orange'}>
                    {t('work.due')}: {formatTime(row.dueAt)}
                  </Tag>
                ) : null,
            },
          ]}
        />
      )}
      <Flex vertical gap={16} style={{ marginTop: 16 }}>
        {cards.map((id) => {
          const agreement = details.get(id);
          return agreement && <OwedByPartner key={id} agreement={agreement} onChanged={replace} />;
        })}
      </Flex>
    </section>
  );
}

/** The periods that have begun and have no report yet, earliest first. */
function openPeriodsOf(agreement: Agreement): UsagePeriod[] {
  if (!['active', 'suspended'].includes(agreement.status)) return [];
  const now = today();
  return agreement.usage.periods.filter((p) => !p.reportedAt && p.start <= now);
}

/** One agreement the partner owes something on: its deadlines first, then the forms. */
function OwedByPartner({ agreement, onChanged }: { agreement: Agreement; onChanged: (a: Agreement) => void }) {
  const { t } = useI18n();
  const open = openPeriodsOf(agreement);
  const next = open[0];
  const attestation = agreement.attestation;
  return (
    <Card
      size="small"
      title={agreement.title}
      data-testid="portal-agreement"
      data-id={agreement.id}
      extra={
        <Tag color={AGREEMENT_STATUS_COLOURS[agreement.status]} data-testid="portal-agreement-status">
          {statusWord(t, agreement.status)}
        </Tag>
      }
    >
      <Typography.Paragraph type="secondary">{termText(agreement)}</Typography.Paragraph>
      {next && (
        <Alert
          type={next.overdue || isOverdue(next.dueAt) ? 'error' : 'warning'}
          style={{ marginBottom: 12 }}
          data-testid="portal-usage-deadline"
          title={t('portal.usage.deadline', {
            start: dayOf(next.start),
            end: dayOf(next.end),
            dueAt: formatTime(next.dueAt),
            suspendAt: formatTime(next.suspendAt),
          })}
        />
      )}
      {agreement.status === 'suspended' && agreement.suspension && (
        <Alert
          type="error"
          style={{ marginBottom: 12 }}
          title={t('portal.suspended', { cause: wordFor(t, 'agreement.suspension', agreement.suspension.cause) })}
          description={
            agreement.suspension.cause === 'usage_violation' && (
              <ReasonList reasons={agreement.violations} testId="portal-violations" />
            )
          }
        />
      )}
      {attestation?.status === 'awaiting' && (
        <Alert
          type={attestation.overdue || isOverdue(attestation.dueAt) ? 'error' : 'warning'}
          style={{ marginBottom: 12 }}
          data-testid="portal-attestation-deadline"
          title={t('portal.attestation.deadline', { dueAt: formatTime(attestation.dueAt) })}
        />
      )}
      {open.length > 0 && <UsageReportForm agreement={agreement} periods={open} onReported={onChanged} />}
      {attestation?.status === 'awaiting' && <AttestationForm agreement={agreement} onAttested={onChanged} />}
      {attestation && attestation.status !== 'awaiting' && <AttestationView attestation={attestation} />}
      {['active', 'suspended'].includes(agreement.status) && agreement.usage.periods.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('agreement.usage')}</Typography.Text>
          <UsagePeriods agreement={agreement} />
        </div>
      )}
    </Card>
  );
}

interface UsageValues {
  periodStart?: string;
  records?: number | null;
  people?: number | null;
  personalInfoPeople?: number | null;
  sensitivePersonalInfoPeople?: number | null;
  fields?: Record<string, string[] | undefined>;
  controlsAttested?: Control[];
  onward?: 'none' | 'named';
  subRecipientPartnerId?: string;
  remarks?: string;
}

/** The usage report of one period: what the partner received and used, and the controls it attests. */
function UsageReportForm(props: { agreement: Agreement; periods: UsagePeriod[]; onReported: (a: Agreement) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UsageValues>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<{ title: string; reasons: string[] } | null>(null);
  const approved = props.agreement.approved ?? props.agreement.request;
  const onward = Form.useWatch('onward', form);

  const submit = async () => {
    const v = form.getFieldsValue(true) as UsageValues;
    setSending(true);
    setProblem(null);
    try {
      const body = {
        periodStart: v.periodStart ?? props.periods[0]!.start,
        ...Object.fromEntries(VOLUME_MEASURES.map((m) => [m, v[m] ?? 0])),
        fieldsUsed: approved.assets
          .map((a) => ({ assetId: a.assetId, fields: v.fields?.[a.assetId] ?? [] }))
          .filter((a) => a.fields.length > 0),
        controlsAttested: v.controlsAttested ?? [],
        onwardProvision:
          v.onward === 'named' && v.subRecipientPartnerId
            ? { subRecipientPartnerId: v.subRecipientPartnerId.trim() }
            : null,
        ...(v.remarks?.trim() ? { remarks: v.remarks.trim() } : {}),
      };
      props.onReported(
        await api<Agreement>(`${agreementPath(props.agreement.id)}/usage-reports`, { method: 'POST', json: body }),
      );
      message.success(t('portal.usage.done'));
      form.resetFields();
    } catch (err) {
      setProblem(problemOf(err, t, locale));
    } finally {
      setSending(false);
    }
  };

  return (
    <section data-testid="usage-form" style={{ marginBottom: 12 }}>
      <Typography.Title level={5}>{t('portal.usage.title')}</Typography.Title>
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} testId="usage-problem" />
      <Form<UsageValues>
        form={form}
        layout="vertical"
        initialValues={{
          periodStart: props.periods[0]?.start,
          records: 0,
          people: 0,
          personalInfoPeople: 0,
          sensitivePersonalInfoPeople: 0,
          onward: 'none',
        }}
      >
        <Form.Item label={t('agreement.usage.period')} name="periodStart" required>
          <Select
            options={props.periods.map((p) => ({
              value: p.start,
              label: `${dayOf(p.start)} – ${dayOf(p.end)}`,
            }))}
            data-testid="usage-period"
          />
        </Form.Item>
        <Row gutter={12}>
          {VOLUME_MEASURES.map((measure) => (
            <Col xs={12} md={6} key={measure}>
              <Form.Item label={t(`portal.usage.${measure}`)} name={measure} required>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`usage-${measure}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph type="secondary">
          {t('portal.usage.approvedVolume', { ...approved.volume })}
        </Typography.Paragraph>
        {approved.assets.map((asset, i) => (
          <Form.Item
            key={asset.assetId}
            label={t('portal.usage.fieldsUsed', { n: i + 1 })}
            name={['fields', asset.assetId]}
          >
            <Checkbox.Group options={[...asset.fields]} data-testid={`usage-fields-${i}`} />
          </Form.Item>
        ))}
        <Form.Item label={t('portal.usage.controlsAttested')} name="controlsAttested">
          <Checkbox.Group
            data-testid="usage-controls"
            options={approved.controls.map((c) => ({ value: c, label: termWord('control', c, locale) }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={termWord('term', 'onwardProvision', locale)} name="onward">
            <Radio.Group
              data-testid="usage-onward"
              options={[
                { value: 'none', label: t('portal.usage.onwardNone') },
                { value: 'named', label: t('portal.usage.onwardNamed') },
              ]}
            />
          </Form.Item>
          {onward === 'named' && (
            <Form.Item label={t('request.onward.subRecipient')} name="subRecipientPartnerId">
              <Input style={{ width: 320 }} data-testid="usage-sub-recipient" />
            </Form.Item>
          )}
        </Space>
        <Form.Item label={t('portal.usage.remarks')} name="remarks">
          <Input.TextArea rows={2} maxLength={2000} data-testid="usage-remarks" />
        </Form.Item>
        <Button type="primary" loading={sending} onClick={() => void submit()} data-testid="usage-submit">
          {t('portal.usage.submit')}
        </Button>
      </Form>
    </section>
  );
}

interface AttestationValues {
  what?: string;
  deletedAt?: Dayjs | null;
  deletedBy?: string;
  method?: DeletionMethod;
  includesBackups?: boolean;
}

/** The partner's attestation that it deleted the data: what, when, by whom, how, and whether backups too. */
function AttestationForm(props: { agreement: Agreement; onAttested: (a: Agreement) => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AttestationValues>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<{ title: string; reasons: string[] } | null>(null);
  const values = Form.useWatch((all: AttestationValues) => all, form);
  const complete = Boolean(values?.what?.trim() && values.deletedAt && values.deletedBy?.trim() && values.method);

  const submit = async () => {
    const v = form.getFieldsValue(true) as AttestationValues;
    setSending(true);
    setProblem(null);
    try {
      props.onAttested(
        await api<Agreement>(`${agreementPath(props.agreement.id)}/deletion-attestation`, {
          method: 'POST',
          json: {
            what: v.what!.trim(),
            // The picked day and time are Shanghai's, as the console shows every time.
            deletedAt: dayjs.tz(v.deletedAt!.format('YYYY-MM-DD HH:mm'), TIME_ZONE).toISOString(),
            deletedBy: v.deletedBy!.trim(),
            method: v.method,
            includesBackups: v.includesBackups === true,
          },
        }),
      );
      message.success(t('portal.attestation.done'));
    } catch (err) {
      setProblem(problemOf(err, t, locale));
    } finally {
      setSending(false);
    }
  };

  return (
    <section data-testid="attestation-form" style={{ marginBottom: 12 }}>
      <Typography.Title level={5}>{t('portal.attestation.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.attestation.intro')}</Typography.Paragraph>
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} testId="attestation-problem" />
      <Form<AttestationValues> form={form} layout="vertical" initialValues={{ includesBackups: false }}>
        <Form.Item label={t('attestation.what')} name="what" required>
          <Input.TextArea rows={2} maxLength={2000} data-testid="attestation-what" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item label={t('attestation.deletedAt')} name="deletedAt" required>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                needConfirm={false}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                // Days after Shanghai's today: the picked day is Shanghai's, whatever the browser's zone.
                disabledDate={(d) => d.format('YYYY-MM-DD') > today()}
                data-testid="attestation-deleted-at"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('attestation.deletedBy')} name="deletedBy" required>
              <Input maxLength={200} data-testid="attestation-deleted-by" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('attestation.method')} name="method" required>
              <Select
                options={DELETION_METHODS.map((m) => ({ value: m, label: wordFor(t, 'agreement.deletionMethod', m) }))}
                data-testid="attestation-method"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('attestation.includesBackups')} name="includesBackups" valuePropName="checked">
          <Switch data-testid="attestation-backups" />
        </Form.Item>
        <Button
          type="primary"
          disabled={!complete}
          loading={sending}
          onClick={() => void submit()}
          data-testid="attestation-submit"
        >
          {t('portal.attestation.submit')}
        </Button>
      </Form>
    </section>
  );
}
