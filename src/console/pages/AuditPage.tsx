import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { agreementWhyText } from '../agreements';
import { api, query } from '../api';
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

type Verdict = { valid: true; events: number } | { valid: false; firstBrokenSeq: number; problem: string };

interface Filters {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
}

export function AuditPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ items: AuditEvent[]; nextCursor?: string } | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(() => {
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

  return (
    <Card
      title={t('audit.title')}
      data-testid="audit"
      extra={
        <Button type="primary" onClick={verify} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
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
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        {(['actor', 'action', 'subjectType', 'subjectId'] as const).map((key) => (
          <Input
            key={key}
            allowClear
            style={{ width: 160 }}
            placeholder={t(`audit.filter.${key}`)}
            onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value || undefined }))}
          />
        ))}
        <Button
          onClick={() => {
            setFilters(draft);
            setCursors([undefined]);
          }}
        >
          {t('audit.search')}
        </Button>
      </Space>
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        loading={page === null && !error}
        dataSource={page?.items ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        expandable={{
          expandedRowRender: (event) => (
            <Space align="start" wrap>
              <div>
                <Typography.Text strong>{t('audit.before')}</Typography.Text>
                <pre style={{ margin: 0 }}>{JSON.stringify(event.before ?? null, null, 2)}</pre>
              </div>
              <div>
                <Typography.Text strong>{t('audit.after')}</Typography.Text>
                <pre style={{ margin: 0 }}>{JSON.stringify(event.after ?? null, null, 2)}</pre>
              </div>
            </Space>
          ),
        }}
        columns={[
          { title: t('audit.col.seq'), dataIndex: 'seq', width: 70 },
          { title: t('audit.col.at'), dataIndex: 'at', render: formatTime },
          { title: t('audit.col.actor'), render: (_, e) => e.actor.sub },
          {
            title: t('audit.col.action'),
            render: (_, e) => <span data-testid="audit-action">{timelineAction(t, e.action)}</span>,
          },
          {
            title: t('audit.col.subject'),
            render: (_, e) => (
              <>
                <span data-testid="audit-subject-type">{wordFor(t, 'audit.subject', e.subject.type)}</span>{' '}
                {e.subject.id}
              </>
            ),
          },
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
