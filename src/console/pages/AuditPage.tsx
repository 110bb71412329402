/**
 * The audit trail as auditors use it (issue 16): newest first; filters from fixed lists (action, subject
 * type, actor from the directory) and a date range; subjects by name, linked to their pages; each
 * change as "field: old → new" in the reader's words; the filtered trail exported as CSV or XLSX; and the
 * hash chain verified.
 */
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AUDIT_ACTIONS } from '../../../policies/audit-actions';
import { changesOf, valueText, type FieldChange } from '../../../policies/audit-diff';
import { SUBJECTS } from '../../../policies/vocabulary';
import { agreementWhyText } from '../agreements';
import { api, ApiError, query, tokenStore } from '../api';
import { useDirectory } from '../directory';
import { describeError } from '../errors';
import { useI18n, type Translate } from '../i18n';
import { timelineAction, whyText, wordFor } from '../partners';
import { formatTime } from '../time';

interface AuditEvent {
  seq: number;
  at: string;
  actor: { sub: string; roles: string[] };
  action: string;
  subject: { type: string; id: string };
  subjectName?: string;
  before?: unknown;
  after?: unknown;
  /** A person's own words. */
  reason?: string;
  /** The system's reason, as a code with its parameters. */
  why?: { code: string; params?: Record<string, string | number> };
  hash: string;
}

/** Why an event happened, in the reader's words: the system's reason (from its code), then a person's own words. */
function reasonOf(t: Translate, event: AuditEvent): string {
  const why = event.why
    ? event.why.code.startsWith('agreement.')
      ? agreementWhyText(t, event.why)
      : whyText(t, event.why)
    : undefined;
  return [why, event.reason].filter(Boolean).join(' · ');
}

/** The console's page of a subject, where it has one. */
function subjectLink(subject: AuditEvent['subject']): string | undefined {
  const id = encodeURIComponent(subject.id);
  if (subject.type === 'Partner') return `#/partners/${id}`;
  if (subject.type === 'Agreement') return `#/agreements/${id}`;
  if (subject.type === 'Incident') return `#/incidents/${id}`;
  return undefined;
}

/** The words of a changed value where the console knows its codes (a status, a stage, a tier, a grade). */
function valueWords(t: Translate, subjectType: string, field: string, value: unknown): string {
  if (typeof value !== 'string') return valueText(value);
  if (field === 'status' && subjectType === 'Partner') return wordFor(t, 'partner.status', value);
  if (field === 'status' && subjectType === 'Agreement') return wordFor(t, 'agreement.status', value);
  if (field === 'stage' && subjectType === 'Partner') return wordFor(t, 'partner.stage', value);
  if (field === 'riskTier') return wordFor(t, 'partner.tier', value);
  if (field === 'clearance' || field === 'effectiveGrade' || field === 'grade') return wordFor(t, 'grade', value);
  return valueText(value);
}

function ChangeList({ event, t }: { event: AuditEvent; t: Translate }) {
  const changes: FieldChange[] = changesOf(event.before, event.after);
  if (changes.length === 0) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid="audit-changes">
      {changes.map((c) => (
        <li key={c.field} data-testid="audit-change">
          {c.field && <Typography.Text strong>{wordFor(t, 'audit.field', c.field)}: </Typography.Text>}
          <Typography.Text delete type="secondary">
            {valueWords(t, event.subject.type, c.field, c.before)}
          </Typography.Text>
          {' → '}
          <Typography.Text>{valueWords(t, event.subject.type, c.field, c.after)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

type Verdict = { valid: true; events: number } | { valid: false; firstBrokenSeq: number; problem: string };

interface Filters {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
}

/** A day range in Asia/Shanghai as the API's instants: from the first day's start to the day after the last. */
function rangeOf(range: [Dayjs | null, Dayjs | null] | null): Pick<Filters, 'from' | 'to'> {
  const [first, last] = range ?? [null, null];
  const dayStart = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T00:00:00+08:00`;
  return {
    ...(first ? { from: dayStart(first) } : {}),
    ...(last ? { to: dayStart(last.add(1, 'day')) } : {}),
  };
}

export function AuditPage() {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  const [draft, setDraft] = useState<Filters>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ items: AuditEvent[]; nextCursor?: string } | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(() => {
    setPage(null);
    api<{ items: AuditEvent[]; nextCursor?: string }>(`/api/audit${query({ ...filters, limit: 50, cursor })}`)
      .then(setPage)
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [filters, cursor, t]);
  useEffect(load, [load]);

  const verify = () => {
    setVerdict(null);
    api<Verdict>('/api/audit/verify')
      .then(setVerdict)
      .catch((err: unknown) => setError(describeError(err, t)));
  };

  /** Downloads the filtered trail: fetched with the bearer token, then saved under the server's file name. */
  const download = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const lang = locale === 'en-US' ? 'en' : 'zh-CN';
      const res = await fetch(`/api/audit/export${query({ ...filters, format, lang })}`, {
        headers: { authorization: `Bearer ${tokenStore.get() ?? ''}` },
      });
      if (!res.ok) throw new ApiError({ status: res.status, code: 'unknown', ...(await res.json().catch(() => ({}))) });
      const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `audit.${format}`;
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setExporting(null);
    }
  };

  const actionOptions = useMemo(() => AUDIT_ACTIONS.map((a) => ({ value: a, label: timelineAction(t, a) })), [t]);
  const subjectOptions = useMemo(() => SUBJECTS.map((s) => ({ value: s, label: wordFor(t, 'audit.subject', s) })), [t]);
  const actorOptions = directory.people.map((p) => ({
    value: p.sub,
    label: `${directory.personName(p.sub)}（${p.sub}）`,
  }));
  const search = () => {
    setError(null);
    setFilters({ ...draft, ...rangeOf(range) });
    setCursors([undefined]);
  };

  return (
    <Card
      title={t('audit.title')}
      data-testid="audit"
      extra={
        <Space wrap>
          <Button onClick={() => void download('csv')} loading={exporting === 'csv'} data-testid="audit-export-csv">
            {t('audit.export.csv')}
          </Button>
          <Button onClick={() => void download('xlsx')} loading={exporting === 'xlsx'} data-testid="audit-export-xlsx">
            {t('audit.export.xlsx')}
          </Button>
          <Button type="primary" onClick={verify} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
        </Space>
      }
    >
      {verdict && (
        <Alert
          style={{ marginBottom: 12 }}
          type={verdict.valid ? 'success' : 'error'}
          data-testid="audit-verdict"
          title={
            verdict.valid
              ? t('audit.valid', { events: verdict.events })
              : t('audit.broken', { seq: verdict.firstBrokenSeq, problem: verdict.problem })
          }
        />
      )}
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="audit-error" />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220 }}
          placeholder={t('audit.filter.action')}
          options={actionOptions}
          value={draft.action}
          onChange={(action?: string) => setDraft((d) => ({ ...d, action }))}
          data-testid="audit-filter-action"
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('audit.filter.subjectType')}
          options={subjectOptions}
          value={draft.subjectType}
          onChange={(subjectType?: string) => setDraft((d) => ({ ...d, subjectType }))}
          data-testid="audit-filter-subject-type"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          placeholder={t('audit.filter.actor')}
          options={actorOptions}
          value={draft.actor}
          onChange={(actor?: string) => setDraft((d) => ({ ...d, actor }))}
          data-testid="audit-filter-actor"
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={[t('audit.filter.from'), t('audit.filter.to')]}
          value={range}
          onChange={(value) => setRange(value)}
          data-testid="audit-filter-range"
        />
        <Input
          allowClear
          style={{ width: 160 }}
          placeholder={t('audit.filter.subjectId')}
          value={draft.subjectId ?? ''}
          onChange={(e) => setDraft((d) => ({ ...d, subjectId: e.target.value || undefined }))}
          data-testid="audit-filter-subject-id"
        />
        <Button type="primary" onClick={search} data-testid="audit-search">
          {t('audit.search')}
        </Button>
        <Button
          onClick={() => {
            setDraft({});
            setRange(null);
            setFilters({});
            setCursors([undefined]);
          }}
          data-testid="audit-reset"
        >
          {t('audit.reset')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('audit.newestFirst')}
      </Typography.Paragraph>
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        loading={page === null && !error}
        dataSource={page?.items ?? []}
        pagination={false}
        scroll={{ x: 960 }}
        onRow={(event) => ({ 'data-testid': 'audit-row', 'data-seq': event.seq }) as object}
        columns={[
          { title: t('audit.col.seq'), dataIndex: 'seq', width: 70 },
          {
            title: t('audit.col.at'),
            dataIndex: 'at',
            width: 150,
            render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(at)}</span>,
          },
          {
            title: t('audit.col.actor'),
            width: 150,
            render: (_, e) => <span data-testid="audit-actor">{directory.personName(e.actor.sub)}</span>,
          },
          {
            title: t('audit.col.action'),
            render: (_, e) => <span data-testid="audit-action">{timelineAction(t, e.action)}</span>,
          },
          {
            title: t('audit.col.subject'),
            render: (_, e) => {
              const link = subjectLink(e.subject);
              const name = e.subjectName ?? e.subject.id;
              return (
                <>
                  <span data-testid="audit-subject-type">{wordFor(t, 'audit.subject', e.subject.type)}</span>{' '}
                  {link ? (
                    <a href={link} data-testid="audit-subject">
                      {name}
                    </a>
                  ) : (
                    <span data-testid="audit-subject">{name}</span>
                  )}
                </>
              );
            },
          },
          { title: t('audit.col.changes'), render: (_, e) => <ChangeList event={e} t={t} /> },
          { title: t('audit.col.reason'), render: (_, e) => reasonOf(t, e) },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors([undefined])}>
          {t('inventory.first')}
        </Button>
        <Button disabled={!page?.nextCursor} onClick={() => setCursors((c) => [...c, page?.nextCursor])}>
          {t('inventory.next')}
        </Button>
      </Space>
    </Card>
  );
}
