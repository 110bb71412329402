import { Alert, Button, Card, Empty, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  AGREEMENT_STATUS_COLOURS,
  agreementLink,
  agreementNotificationParams,
  awaitingText,
  isOverdue,
  statusWord,
  type AgreementRow,
} from '../agreements';
import { api, query } from '../api';
import { describeError } from '../errors';
import { isMessageKey, useI18n, type Locale, type MessageKey, type Translate } from '../i18n';
import { incidentWord } from '../incidents';
import { wordFor } from '../partners';
import { useSignedIn } from '../session';
import { formatTime } from '../time';

interface WorkItem {
  kind: 'partner_review' | 'partner_questionnaire' | 'partner_information' | 'notification';
  params: Record<string, string>;
  subject?: { type: string; id: string };
  dueAt?: string;
  overdue: boolean;
  link: string;
  notificationId?: string;
}

/** Agreements awaiting the caller shown at once; the agreements list has them all. */
const AGREEMENTS_SHOWN = 50;

/** An incident notice's params in words: its report kind, recipient, grades and outcome; instants in Shanghai time. */
function incidentParams(params: Record<string, string>, locale: Locale): Record<string, string> {
  const words: Record<string, string> = {};
  if (params.kind) words.kind = incidentWord(locale, 'deadlineKind', params.kind);
  if (params.recipient) words.recipient = incidentWord(locale, 'recipient', params.recipient);
  for (const grade of ['grade', 'from', 'to'] as const) {
    if (params[grade]) words[grade] = incidentWord(locale, 'incidentGrade', params[grade]);
  }
  if (params.outcome) words.outcome = incidentWord(locale, 'outcome', params.outcome);
  if (params.dueAt) words.dueAt = formatTime(params.dueAt);
  return words;
}

/** The item's sentence: its kind, or for a notification its template, with the parameters in words. */
function describeItem(item: WorkItem, t: Translate, locale: Locale): string {
  // An agreement's notification says its stage, cause or trigger in the agreement's words.
  const params: Record<string, string> =
    item.subject?.type === 'Agreement'
      ? agreementNotificationParams(t, item.params)
      : {
          ...item.params,
          ...(item.params.stage ? { stage: wordFor(t, 'partner.stage', item.params.stage) } : {}),
          // A notification names the partner by its legal name; older ones by id, whose first block tells them apart.
          ...(item.params.partnerId ? { partner: item.params.legalName ?? item.params.partnerId.split('-')[0]! } : {}),
          // An incident's notices name its report, recipient and grade in words, its instants in Shanghai time.
          ...(item.params.incidentId ? incidentParams(item.params, locale) : {}),
        };
  if (item.kind === 'notification') {
    const key = `notification.${item.params.template}`;
    return isMessageKey(key) ? t(key, params) : t('work.kind.notification', params);
  }
  return t(`work.kind.${item.kind}` as MessageKey, params);
}

export function MyWorkPage() {
  const { t, locale } = useI18n();
  const { claims } = useSignedIn();
  const [items, setItems] = useState<WorkItem[] | null>(null);
  const [agreements, setAgreements] = useState<AgreementRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api<{ items: WorkItem[] }>('/api/me/work')
      .then((body) => setItems(body.items))
      .catch((err: unknown) => setError(describeError(err, t)));
    // The agreements whose next step is the caller's (a stage, a resumption, a report, an attestation).
    api<{ items: AgreementRow[] }>(`/api/agreements${query({ awaitingMe: 'true', limit: AGREEMENTS_SHOWN })}`)
      .then((body) => setAgreements(body.items))
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [t]);
  useEffect(load, [load]);

  const markRead = (id: string) =>
    api(`/api/me/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' })
      .then(load)
      .catch((err: unknown) => setError(describeError(err, t)));

  // A partner's own user answers in the portal, whatever page a notification points to; an agreement's
  // notification opens the agreement.
  const linkOf = (item: WorkItem) =>
    claims.partnerId && item.subject?.type === 'Partner' && item.subject.id === claims.partnerId
      ? '#/portal'
      : item.subject?.type === 'Agreement'
        ? claims.partnerId
          ? '#/portal'
          : agreementLink(item.subject.id)
        : item.link;
  const agreementHref = (row: AgreementRow) => (claims.partnerId ? '#/portal' : agreementLink(row.id));
  // Overdue first, then by due date.
  const waiting = [...(agreements ?? [])].sort(
    (a, b) =>
      Number(isOverdue(b.dueAt)) - Number(isOverdue(a.dueAt)) || (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'),
  );

  return (
    <Card title={t('work.title')} data-testid="my-work">
      {error && <Alert type="error" title={error} />}
      {(items === null || agreements === null) && !error && <Spin />}
      {items?.length === 0 && agreements?.length === 0 && <Empty description={t('work.empty')} />}
      <Flex vertical gap={8}>
        {waiting.map((row) => (
          <Flex key={row.id} justify="space-between" align="center" wrap data-testid="work-agreement" data-id={row.id}>
            <Space wrap>
              {isOverdue(row.dueAt) && <Tag color="red">{t('work.overdue')}</Tag>}
              <Tag color={AGREEMENT_STATUS_COLOURS[row.status]}>{statusWord(t, row.status)}</Tag>
              <Typography.Text>
                {t('work.kind.agreement', {
                  title: row.title,
                  partner: row.partnerName,
                  who: awaitingText(t, row.awaiting, row.partnerName),
                })}
              </Typography.Text>
              {row.dueAt && (
                <Typography.Text type="secondary">
                  {t('work.due')}: {formatTime(row.dueAt)}
                </Typography.Text>
              )}
            </Space>
            <Button type="link" href={agreementHref(row)} data-testid="work-agreement-open">
              {t('work.open')}
            </Button>
          </Flex>
        ))}
        {(items ?? []).map((item, index) => (
          <Flex
            // Reminders of one questionnaire share everything but their place in the list.
            key={`${index}:${item.kind}:${item.params.template ?? ''}:${item.link}`}
            justify="space-between"
            align="center"
            wrap
            data-testid="work-item"
            data-kind={item.kind}
          >
            <Space wrap>
              {item.overdue && <Tag color="red">{t('work.overdue')}</Tag>}
              {item.kind === 'partner_review' && item.params.stage && (
                <Tag color="blue">{wordFor(t, 'partner.stage', item.params.stage)}</Tag>
              )}
              <Typography.Text>{describeItem(item, t, locale)}</Typography.Text>
              {item.dueAt && (
                <Typography.Text type="secondary">
                  {t('work.due')}: {formatTime(item.dueAt)}
                </Typography.Text>
              )}
            </Space>
            <Space>
              {item.notificationId && (
                <Button type="link" onClick={() => void markRead(item.notificationId!)} data-testid="mark-read">
                  {t('work.markRead')}
                </Button>
              )}
              <Button type="link" href={linkOf(item)}>
                {t('work.open')}
              </Button>
            </Space>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
