import { subject } from '@casl/ability';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { renominationRefusalFor, reviewRefusalFor, type Approval } from '../../../policies/partner-review';
import { api } from '../api';
import { describeError, problemTitle } from '../errors';
import { DetailTabs, EntityTimeline, Section } from '../DetailParts';
import { useI18n, type MessageKey } from '../i18n';
import {
  countryName,
  localised,
  partnerPath,
  STATUS_COLOURS,
  TIER_COLOURS,
  whyText,
  useQuestionnaire,
  useReasonText,
  wordFor,
  type Partner,
  type Reason,
  type TimelineEntry,
} from '../partners';
import { useSignedIn } from '../session';
import { formatDate, formatTime } from '../time';

/** While the workflow runs the automated checks, the page looks again this often. */
const CHECKS_POLL_MS = 1500;

type Action = 'approve' | 'reject' | 'ask' | 'blacklist' | 'renominate';

/**
 * One partner for the company's own people: where its vetting stands, its risk and why, its
 * answers, questions and approvals, its timeline, and the decisions the signed-in user may take.
 */
export function PartnerPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { ability, claims } = useSignedIn();
  const { message } = App.useApp();
  const [partner, setPartner] = useState<Partner | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const { questionnaire } = useQuestionnaire(partner?.questionnaire?.version);
  const reasonText = useReasonText(questionnaire);

  const target = partner ? subject('Partner', { ...partner, _id: partner.id }) : null;
  const internal = target !== null && ability.can('read', target, 'checks');

  const load = useCallback(() => {
    api<Partner>(partnerPath(id))
      .then((p) => {
        setPartner(p);
        setError(null);
      })
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [id, t]);
  useEffect(load, [load]);

  const loadTimeline = useCallback(() => {
    api<{ items: TimelineEntry[] }>(`${partnerPath(id)}/timeline`)
      .then((body) => setTimeline(body.items))
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [id, t]);
  const updatedAt = partner?.updatedAt;
  useEffect(() => {
    if (internal && updatedAt) loadTimeline();
  }, [internal, updatedAt, loadTimeline]);

  // The checks take a moment: the page follows them until the questionnaire goes out.
  const checking = partner?.status === 'nominated' || partner?.stage === 'checks';
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(load, CHECKS_POLL_MS);
    return () => clearTimeout(timer);
  }, [checking, updatedAt, load]);

  const send = async (path: string, body: Record<string, string>) => {
    setActionError(null);
    try {
      setPartner(await api<Partner>(`${partnerPath(id)}/${path}`, { method: 'POST', json: body }));
      setAction(null);
      message.success(t('partner.done'));
    } catch (err) {
      setActionError(describeError(err, t));
      setAction(null);
      // The API had the last word: show the partner as it now is.
      load();
    }
  };

  if (!partner) {
    return (
      <Card title={t('partner.title')} data-testid="partner">
        {error ? <Alert type="error" title={error} data-testid="partner-error" /> : <Spin />}
      </Card>
    );
  }

  const inRound = partner.status === 'vetting' || partner.status === 'revetting';
  const inReview = inRound && (partner.stage === 'review' || partner.stage === 'dso_review');
  const reviewer = target !== null && (ability.can('approve', target) || ability.can('reject', target));
  const refusal =
    inReview && reviewer
      ? reviewRefusalFor(
          {
            id: partner.id,
            status: partner.status,
            stage: partner.stage,
            nominatedBy: partner.nominatedBy ?? '',
            approvals: (partner.approvals ?? []) as Approval[],
          },
          { outcome: 'approve', actor: claims },
        )
      : null;
  const mayReview = inReview && reviewer && refusal === null;
  const mayBlacklist = target !== null && partner.status !== 'blacklisted' && ability.can('blacklist', target);
  const mayRenominate =
    partner.nominatedBy !== undefined &&
    renominationRefusalFor(
      { id: partner.id, status: partner.status, nominatedBy: partner.nominatedBy, approvals: [] },
      claims,
    ) === null;
  const overdue = partner.dueAt !== undefined && new Date(partner.dueAt).getTime() < Date.now();

  return (
    <Card title={partner.legalName} data-testid="partner">
      <Space wrap size={4} style={{ marginBottom: 12 }}>
        <Tag color={STATUS_COLOURS[partner.status]} data-testid="partner-status">
          {wordFor(t, 'partner.status', partner.status)}
        </Tag>
        {inRound && partner.stage && (
          <Tag data-testid="partner-stage">{wordFor(t, 'partner.stage', partner.stage)}</Tag>
        )}
        {partner.riskTier && (
          <Tag color={TIER_COLOURS[partner.riskTier]}>{wordFor(t, 'partner.tier', partner.riskTier)}</Tag>
        )}
      </Space>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="partner-error" />}
      {actionError && (
        <Alert
          type="error"
          closable={{ onClose: () => setActionError(null) }}
          title={actionError}
          style={{ marginBottom: 12 }}
          data-testid="partner-action-error"
        />
      )}
      {mayReview && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('partner.review.yours')}
          data-testid="partner-review"
          description={
            <Space wrap style={{ marginTop: 8 }}>
              <Button type="primary" onClick={() => setAction('approve')} data-testid="partner-approve">
                {t('partner.approve')}
              </Button>
              <Button onClick={() => setAction('ask')} data-testid="partner-ask">
                {t('partner.askInformation')}
              </Button>
              <Button danger onClick={() => setAction('reject')} data-testid="partner-reject">
                {t('partner.reject')}
              </Button>
            </Space>
          }
        />
      )}
      {refusal && (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          data-testid="partner-review-refused"
          title={t('partner.review.waiting', {
            stage: wordFor(t, 'partner.stage', partner.stage),
            reason: problemTitle(refusal.code, t) ?? refusal.message,
          })}
        />
      )}

      <DetailTabs
        testId="partner-tabs"
        tabs={[
          {
            key: 'details',
            label: t('detail.tab.details'),
            children: (
              <>
                <Descriptions
                  size="small"
                  bordered
                  column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
                  data-testid="partner-summary"
                >
                  <Descriptions.Item label={t('partner.creditCode')}>{partner.creditCode}</Descriptions.Item>
                  <Descriptions.Item label={t('partner.status')}>
                    {wordFor(t, 'partner.status', partner.status)}
                    {inRound && partner.stage ? ` · ${wordFor(t, 'partner.stage', partner.stage)}` : ''}
                  </Descriptions.Item>
                  {partner.dueAt && (
                    <Descriptions.Item label={t('partner.dueAt')}>
                      <span data-testid="partner-due">{formatTime(partner.dueAt)}</span>{' '}
                      {overdue && <Tag color="red">{t('work.overdue')}</Tag>}
                    </Descriptions.Item>
                  )}
                  {partner.riskTier && (
                    <Descriptions.Item label={t('partner.tier')}>
                      <Tag color={TIER_COLOURS[partner.riskTier]} data-testid="partner-tier">
                        {wordFor(t, 'partner.tier', partner.riskTier)}
                      </Tag>
                    </Descriptions.Item>
                  )}
                  {partner.riskScore !== undefined && (
                    <Descriptions.Item label={t('partner.score')}>
                      <span data-testid="partner-score">{partner.riskScore}</span>
                    </Descriptions.Item>
                  )}
                  {partner.clearance && (
                    <Descriptions.Item label={t('partner.clearance')}>
                      <span data-testid="partner-clearance">{wordFor(t, 'grade', partner.clearance)}</span>
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('partner.validity')}>
                    {partner.validUntil ? (
                      <span data-testid="partner-validity">
                        {formatDate(partner.validFrom)} –{' '}
                        <span data-testid="partner-valid-until">{formatDate(partner.validUntil)}</span>
                      </span>
                    ) : (
                      t('partner.none')
                    )}
                  </Descriptions.Item>
                  {partner.revettingFrom && (
                    <Descriptions.Item label={t('partner.revettingFrom')}>
                      {formatDate(partner.revettingFrom)}
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('partner.nominatedBy')}>
                    {partner.nominatedBy}
                    {partner.nominatingUnit ? ` · ${partner.nominatingUnit}` : ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('partner.nominatedAt')}>
                    {formatTime(partner.createdAt)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('partner.round')}>{partner.round}</Descriptions.Item>
                  {partner.escalations !== undefined && partner.escalations > 0 && (
                    <Descriptions.Item label={t('partner.escalations')}>{partner.escalations}</Descriptions.Item>
                  )}
                  {partner.decision && (
                    <Descriptions.Item label={t('partner.decision')}>
                      <span data-testid="partner-decision">
                        {wordFor(t, 'partner.outcome', partner.decision.outcome)} · {partner.decision.by}
                        {partner.decision.at ? ` · ${formatTime(partner.decision.at)}` : ''}
                        {partner.decision.reason ? ` · ${partner.decision.reason}` : ''}
                      </span>
                    </Descriptions.Item>
                  )}
                  {partner.blacklisting && (
                    <Descriptions.Item label={t('partner.blacklisting')}>
                      {partner.blacklisting.by} · {formatTime(partner.blacklisting.at)} · {partner.blacklisting.reason}
                    </Descriptions.Item>
                  )}
                </Descriptions>

                {partner.riskReasons && partner.riskReasons.length > 0 && (
                  <Section title={t('partner.riskReasons')}>
                    <Reasons reasons={partner.riskReasons} text={reasonText} testId="partner-risk-reasons" />
                  </Section>
                )}

                <Section title={t('partner.contacts')}>
                  <Table
                    size="small"
                    rowKey={(c) => `${c.name}:${c.email ?? ''}:${c.phone ?? ''}`}
                    pagination={false}
                    dataSource={partner.contacts}
                    columns={[
                      { title: t('contact.name'), dataIndex: 'name' },
                      { title: t('contact.email'), dataIndex: 'email' },
                      { title: t('contact.phone'), dataIndex: 'phone' },
                    ]}
                  />
                </Section>

                {partner.website && (
                  <Section title={t('partner.website')}>
                    <Typography.Link
                      href={partner.website}
                      target="_blank"
                      rel="noopener noreferrer"
                      data-testid="partner-website"
                    >
                      {partner.website}
                    </Typography.Link>
                  </Section>
                )}

                <Section title={t('partner.dataLocations')}>
                  <Space wrap data-testid="partner-locations">
                    {partner.dataLocations.map((code) => (
                      <Tag key={code} color={code === 'CN' ? undefined : 'orange'}>
                        {countryName(code, locale)}
                      </Tag>
                    ))}
                  </Space>
                </Section>

                <Section title={t('partner.certifications')}>
                  {partner.certifications.length === 0 ? (
                    <Typography.Text type="secondary">{t('partner.none')}</Typography.Text>
                  ) : (
                    <Table
                      size="small"
                      rowKey={(c) => `${c.kind}:${c.level ?? ''}:${c.number ?? ''}:${c.expiresAt ?? ''}`}
                      pagination={false}
                      dataSource={partner.certifications}
                      data-testid="partner-certifications"
                      columns={[
                        { title: t('cert.kind'), dataIndex: 'kind', render: (k: string) => wordFor(t, 'cert', k) },
                        { title: t('cert.level'), dataIndex: 'level' },
                        { title: t('cert.number'), dataIndex: 'number' },
                        {
                          title: t('cert.expiresAt'),
                          dataIndex: 'expiresAt',
                          render: (d?: string) => (d ? formatDate(d) : t('cert.noExpiry')),
                        },
                      ]}
                    />
                  )}
                </Section>
              </>
            ),
          },
          {
            key: 'vetting',
            label: t('detail.tab.vetting'),
            shown: Boolean(
              partner.checks ||
              partner.questionnaire ||
              partner.informationRequests.length > 0 ||
              (partner.approvals && partner.approvals.length > 0),
            ),
            children: (
              <>
                {partner.checks && (
                  <Section title={t('partner.checks')}>
                    {partner.checks.length === 0 ? (
                      <Typography.Text type="secondary">
                        {checking ? <Spin size="small" /> : t('partner.none')}
                      </Typography.Text>
                    ) : (
                      <Table
                        size="small"
                        rowKey="check"
                        pagination={false}
                        dataSource={partner.checks}
                        data-testid="partner-checks"
                        columns={[
                          {
                            title: t('check.col.check'),
                            dataIndex: 'check',
                            render: (c: string) => wordFor(t, 'check', c),
                          },
                          {
                            title: t('check.col.outcome'),
                            dataIndex: 'outcome',
                            render: (o: string) => (
                              <Tag color={o === 'pass' ? 'green' : o === 'warn' ? 'orange' : 'red'}>
                                {wordFor(t, 'check.outcome', o)}
                              </Tag>
                            ),
                          },
                          {
                            title: t('check.col.reasons'),
                            dataIndex: 'reasons',
                            render: (reasons: Reason[]) => <Reasons reasons={reasons} text={reasonText} />,
                          },
                        ]}
                      />
                    )}
                  </Section>
                )}

                {partner.questionnaire && (
                  <Section title={questionnaire ? localised(questionnaire.title, locale) : t('partner.questionnaire')}>
                    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
                      <Descriptions.Item label={t('questionnaire.version')}>
                        {partner.questionnaire.version}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('questionnaire.sentAt')}>
                        {formatTime(partner.questionnaire.sentAt)}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('questionnaire.dueAt')}>
                        {formatTime(partner.questionnaire.dueAt)}
                      </Descriptions.Item>
                      {partner.questionnaire.answeredAt && (
                        <Descriptions.Item label={t('questionnaire.answeredAt')}>
                          {formatTime(partner.questionnaire.answeredAt)} · {partner.questionnaire.answeredBy}
                        </Descriptions.Item>
                      )}
                    </Descriptions>
                    {partner.questionnaire.answers ? (
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        loading={!questionnaire}
                        data-testid="partner-answers"
                        dataSource={(questionnaire?.questions ?? []).map((q) => ({
                          id: q.id,
                          area: q.area,
                          question: localised(q.text, locale),
                          answer: q.options.find((o) => o.id === partner.questionnaire?.answers?.[q.id]),
                        }))}
                        columns={[
                          { title: t('questionnaire.question'), dataIndex: 'question' },
                          {
                            title: t('questionnaire.answer'),
                            dataIndex: 'answer',
                            render: (option?: { text: { 'zh-CN': string; en: string } }) =>
                              option ? localised(option.text, locale) : t('questionnaire.notAnswered'),
                          },
                        ]}
                      />
                    ) : (
                      <Typography.Text type="secondary">{t('questionnaire.notAnswered')}</Typography.Text>
                    )}
                  </Section>
                )}

                {partner.informationRequests.length > 0 && (
                  <Section title={t('partner.informationRequests')}>
                    <Flex vertical gap={8} data-testid="partner-information">
                      {partner.informationRequests.map((r) => (
                        <Card size="small" key={r.askedAt}>
                          <Typography.Paragraph style={{ marginBottom: 4 }}>
                            <Typography.Text strong>{t('info.question')}: </Typography.Text>
                            {r.question}
                            <Typography.Text type="secondary">
                              {' '}
                              · {r.askedBy} · {formatTime(r.askedAt)}
                            </Typography.Text>
                          </Typography.Paragraph>
                          {r.answer ? (
                            <Typography.Paragraph style={{ marginBottom: 0 }}>
                              <Typography.Text strong>{t('info.answer')}: </Typography.Text>
                              {r.answer}
                              <Typography.Text type="secondary">
                                {' '}
                                · {r.answeredBy} · {formatTime(r.answeredAt)}
                              </Typography.Text>
                            </Typography.Paragraph>
                          ) : (
                            <Typography.Text type="secondary">{t('info.awaiting')}</Typography.Text>
                          )}
                        </Card>
                      ))}
                    </Flex>
                  </Section>
                )}

                {partner.approvals && partner.approvals.length > 0 && (
                  <Section title={t('partner.approvals')}>
                    <Table
                      size="small"
                      rowKey={(a) => `${a.stage}:${a.by}:${a.at}`}
                      pagination={false}
                      dataSource={partner.approvals}
                      data-testid="partner-approvals"
                      columns={[
                        {
                          title: t('approval.stage'),
                          dataIndex: 'stage',
                          render: (s: string) => wordFor(t, 'partner.stage', s),
                        },
                        { title: t('approval.by'), dataIndex: 'by' },
                        { title: t('approval.at'), dataIndex: 'at', render: formatTime },
                        { title: t('approval.reason'), dataIndex: 'reason' },
                      ]}
                    />
                  </Section>
                )}
              </>
            ),
          },
          {
            key: 'history',
            label: t('detail.tab.history'),
            shown: internal,
            children: (
              <>
                {internal && (
                  <Section title={t('partner.timeline')}>
                    <EntityTimeline
                      entries={timeline}
                      testId="partner-timeline"
                      colourOf={(action) =>
                        /rejected|blacklisted|lapsed|expired|overdue/.test(action)
                          ? 'red'
                          : action === 'partner.approved'
                            ? 'green'
                            : 'blue'
                      }
                      why={(why) => whyText(t, why)}
                      reasonLines={(reason) => (reason ? [reason] : [])}
                    />
                  </Section>
                )}
              </>
            ),
          },
        ]}
      />

      {(mayBlacklist || mayRenominate) && (
        <Flex justify="end" gap={8} style={{ marginTop: 24 }}>
          {mayRenominate && (
            <Button onClick={() => setAction('renominate')} data-testid="partner-renominate">
              {t('partner.renominate')}
            </Button>
          )}
          {mayBlacklist && (
            <Button danger onClick={() => setAction('blacklist')} data-testid="partner-blacklist">
              {t('partner.blacklist')}
            </Button>
          )}
        </Flex>
      )}

      <ActionModal
        action={action}
        onCancel={() => setAction(null)}
        onSubmit={(text) => {
          if (action === 'approve') return send('decision', { outcome: 'approve', ...(text ? { reason: text } : {}) });
          if (action === 'reject') return send('decision', { outcome: 'reject', reason: text });
          if (action === 'ask') return send('information-requests', { question: text });
          if (action === 'renominate') return send('renomination', { reason: text });
          return send('blacklisting', { reason: text });
        }}
      />
    </Card>
  );
}

function Reasons(props: { reasons: Reason[]; text: (r: Reason) => string; testId?: string }) {
  if (props.reasons.length === 0) return null;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={props.testId}>
      {props.reasons.map((r, i) => (
        <li key={`${r.code}:${i}`} data-code={r.code}>
          {props.text(r)}
        </li>
      ))}
    </ul>
  );
}

const ACTION_TEXT: Record<Action, { title: MessageKey; label: MessageKey; required: boolean }> = {
  approve: { title: 'partner.approve', label: 'partner.approveNote', required: false },
  reject: { title: 'partner.reject', label: 'partner.rejectReason', required: true },
  ask: { title: 'partner.askInformation', label: 'partner.question', required: true },
  blacklist: { title: 'partner.blacklist', label: 'partner.blacklistReason', required: true },
  renominate: { title: 'partner.renominate', label: 'partner.renominateReason', required: true },
};

/** One decision with its text: a note, a reason, or the question to the partner. */
function ActionModal(props: {
  action: Action | null;
  onCancel: () => void;
  onSubmit: (text: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  useEffect(() => setText(''), [props.action]);
  const words = props.action ? ACTION_TEXT[props.action] : null;
  const missing = words?.required === true && text.trim() === '';

  return (
    <Modal
      open={props.action !== null}
      title={words ? t(words.title) : ''}
      onCancel={props.onCancel}
      okText={t('partner.submit')}
      cancelText={t('partner.cancel')}
      confirmLoading={sending}
      destroyOnHidden
      okButtonProps={{
        danger: props.action === 'reject' || props.action === 'blacklist',
        disabled: missing,
        'data-testid': 'action-submit',
      }}
      onOk={async () => {
        setSending(true);
        try {
          await props.onSubmit(text.trim());
        } finally {
          setSending(false);
        }
      }}
    >
      {props.action === 'blacklist' && (
        <Alert type="warning" title={t('partner.blacklistWarning')} style={{ marginBottom: 12 }} />
      )}
      {words && (
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder={t(words.label)}
          aria-label={t(words.label)}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="action-text"
        />
      )}
    </Modal>
  );
}
