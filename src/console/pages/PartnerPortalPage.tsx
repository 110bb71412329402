import { Alert, App, Button, Card, Descriptions, Flex, Input, Radio, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import {
  localised,
  partnerHolder,
  partnerPath,
  STATUS_COLOURS,
  useQuestionnaire,
  wordFor,
  type Partner,
} from '../partners';
import { useSignedIn } from '../session';
import { formatDate, formatTime, isOverdue } from '../time';
import { PortalAgreements } from './PortalAgreements';
import { PortalIncidents } from './PortalIncidents';

/** While the automated checks run, the portal looks again this often for the questionnaire. */
const CHECKS_POLL_MS = 2000;

/**
 * The partner's own page: its organisation only (the partnerId of its token), never the company's
 * risk notes. It answers what is asked of it: the questionnaire, or a reviewer's question.
 */
export function PartnerPortalPage() {
  const { t } = useI18n();
  const { claims } = useSignedIn();
  const [partner, setPartner] = useState<Partner | null>(null);
  const [error, setError] = useState<string | null>(null);
  const partnerId = claims.partnerId;

  const load = useCallback(() => {
    if (!partnerId) return;
    api<Partner>(partnerPath(partnerId))
      .then((p) => {
        setPartner(p);
        setError(null);
      })
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [partnerId, t]);
  useEffect(load, [load]);

  const checking = partner?.status === 'nominated' || partner?.stage === 'checks';
  const updatedAt = partner?.updatedAt;
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(load, CHECKS_POLL_MS);
    return () => clearTimeout(timer);
  }, [checking, updatedAt, load]);

  if (!partnerId) {
    return (
      <Card title={t('portal.title')} data-testid="portal">
        <Alert type="warning" title={t('portal.noPartner')} data-testid="portal-no-partner" />
      </Card>
    );
  }
  if (!partner) {
    return (
      <Card title={t('portal.title')} data-testid="portal">
        {error ? <Alert type="error" title={error} data-testid="portal-error" /> : <Spin />}
      </Card>
    );
  }

  const inRound = partner.status === 'vetting' || partner.status === 'revetting';
  const openRequest = partner.informationRequests.find((r) => r.answer === undefined);
  // What the partner itself must do now: its questionnaire, or a reviewer's question.
  const awaitsAnswer =
    inRound &&
    ((partner.stage === 'questionnaire' && !partner.questionnaire?.answers) ||
      (partner.stage === 'more_information' && openRequest !== undefined));

  return (
    <Card
      // The title with the status wrapped under it on a phone: a card's header would squeeze either out.
      title={
        <Flex wrap gap={8} align="center">
          <span>{t('portal.title')}</span>
          <Tag color={STATUS_COLOURS[partner.status]} data-testid="portal-status">
            {partnerHolder(t, partner) ?? wordFor(t, 'partner.status', partner.status)}
          </Tag>
        </Flex>
      }
      styles={{ title: { whiteSpace: 'normal' } }}
      data-testid="portal"
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('partner.legalName')}>{partner.legalName}</Descriptions.Item>
        <Descriptions.Item label={t('partner.creditCode')}>{partner.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('partner.status')}>
          {partnerHolder(t, partner) ?? wordFor(t, 'partner.status', partner.status)}
        </Descriptions.Item>
        {partner.validUntil && (
          <Descriptions.Item label={t('partner.validity')}>
            <span data-testid="portal-validity">
              {formatDate(partner.validFrom)} – {formatDate(partner.validUntil)}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>

      <PortalDeadline partner={partner} awaitsAnswer={awaitsAnswer} />
      {inRound && checking && <Alert type="info" title={t('portal.checks')} data-testid="portal-checks" />}
      {inRound && partner.stage === 'questionnaire' && !partner.questionnaire?.answers && (
        <QuestionnaireForm partner={partner} onAnswered={setPartner} />
      )}
      {inRound && partner.questionnaire?.answers && partner.stage !== 'more_information' && (
        <Alert
          type="success"
          data-testid="portal-answered"
          title={
            partner.stage === 'questionnaire'
              ? t('portal.questionnaire.received', { answeredAt: formatTime(partner.questionnaire.answeredAt) })
              : t('portal.review')
          }
        />
      )}
      {inRound && partner.stage === 'more_information' && openRequest && (
        <InformationForm partner={partner} question={openRequest.question} onAnswered={setPartner} />
      )}
      {partner.status === 'approved' && (
        <Alert
          type="success"
          data-testid="portal-approved"
          title={t('portal.approved', {
            validFrom: formatDate(partner.validFrom),
            validUntil: formatDate(partner.validUntil),
          })}
        />
      )}
      {partner.status === 'revetting' && partner.validUntil && (
        <Alert
          type="info"
          style={{ marginTop: 12 }}
          title={t('portal.revetting', { validUntil: formatDate(partner.validUntil) })}
        />
      )}
      {!inRound && partner.status !== 'approved' && partner.status !== 'nominated' && (
        <Alert
          type="warning"
          data-testid="portal-closed"
          title={t('portal.closed', { status: wordFor(t, 'partner.status', partner.status) })}
        />
      )}
      {/* A partner approved once may have agreements, and owe their reports and attestations after it lapsed. */}
      {partner.validFrom && <PortalAgreements partnerId={partner.id} />}
      {/* Its agreements oblige it to report the incidents it detects, and show it how they stand. */}
      {partner.validFrom && <PortalIncidents partnerId={partner.id} />}
    </Card>
  );
}

/** The partner's own deadline, above everything else while it holds the ball: red once it has passed. */
function PortalDeadline({ partner, awaitsAnswer }: { partner: Partner; awaitsAnswer: boolean }) {
  const { t } = useI18n();
  if (!awaitsAnswer || !partner.dueAt) return null;
  const params = { dueAt: formatTime(partner.dueAt), what: wordFor(t, 'partner.stage', partner.stage) };
  const overdue = isOverdue(partner.dueAt);
  return (
    <Alert
      type={overdue ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="portal-deadline"
      data-overdue={String(overdue)}
      title={
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t(overdue ? 'portal.deadline.overdue' : 'portal.deadline', params)}
        </Typography.Text>
      }
    />
  );
}

function QuestionnaireForm({ partner, onAnswered }: { partner: Partner; onAnswered: (p: Partner) => void }) {
  const { t, locale } = useI18n();
  const { questionnaire, error } = useQuestionnaire(partner.questionnaire?.version);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { sending, refusal, reply } = useReply(partner, onAnswered);

  if (error) return <Alert type="error" title={describeError(error, t)} />;
  if (!questionnaire) return <Spin />;
  const remaining = questionnaire.questions.filter((q) => !answers[q.id]).length;
  const submit = () => reply('answers', { answers });

  return (
    <section data-testid="portal-questionnaire">
      <Typography.Title level={5}>{localised(questionnaire.title, locale)}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('portal.questionnaire.intro', { dueAt: formatTime(partner.questionnaire?.dueAt) })}
      </Typography.Paragraph>
      <Flex vertical gap={16}>
        {questionnaire.questions.map((q, index) => (
          <div key={q.id} data-testid={`question-${q.id}`} role="group" aria-label={localised(q.text, locale)}>
            <Typography.Text strong>
              {index + 1}. {localised(q.text, locale)}
            </Typography.Text>
            <div style={{ marginTop: 4 }}>
              <Radio.Group
                orientation="vertical"
                value={answers[q.id]}
                onChange={(e) => setAnswers((a) => ({ ...a, [q.id]: e.target.value as string }))}
                options={q.options.map((o) => ({ value: o.id, label: localised(o.text, locale) }))}
              />
            </div>
          </div>
        ))}
      </Flex>
      {refusal && <Alert type="error" title={refusal} style={{ marginTop: 12 }} data-testid="portal-refusal" />}
      <Flex align="center" gap={12} wrap style={{ marginTop: 16 }}>
        <Button
          type="primary"
          disabled={remaining > 0}
          loading={sending}
          onClick={() => void submit()}
          data-testid="questionnaire-submit"
        >
          {t('portal.questionnaire.submit')}
        </Button>
        {remaining > 0 && (
          <Typography.Text type="secondary" data-testid="questionnaire-remaining">
            {t('portal.questionnaire.remaining', { count: remaining })}
          </Typography.Text>
        )}
      </Flex>
    </section>
  );
}

function InformationForm(props: { partner: Partner; question: string; onAnswered: (p: Partner) => void }) {
  const { t } = useI18n();
  const [answer, setAnswer] = useState('');
  const { sending, refusal, reply } = useReply(props.partner, props.onAnswered);
  const submit = () => reply('information-responses', { answer: answer.trim() });

  return (
    <section data-testid="portal-information">
      <Typography.Paragraph>
        {t('portal.information.intro', { dueAt: formatTime(props.partner.dueAt) })}
      </Typography.Paragraph>
      <Alert type="info" title={props.question} style={{ marginBottom: 12 }} data-testid="portal-question" />
      <Input.TextArea
        rows={4}
        maxLength={4000}
        placeholder={t('portal.information.answer')}
        aria-label={t('portal.information.answer')}
        value={answer}
        onChange={(e) => setAnswer(e.target.value)}
        data-testid="information-answer"
      />
      {refusal && <Alert type="error" title={refusal} style={{ marginTop: 12 }} data-testid="portal-refusal" />}
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={!answer.trim()}
        loading={sending}
        onClick={() => void submit()}
        data-testid="information-submit"
      >
        {t('portal.information.submit')}
      </Button>
    </section>
  );
}

/** Sends the partner's reply to one of its partner routes; shows the API's refusal, or thanks. */
function useReply(partner: Partner, onAnswered: (p: Partner) => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const reply = async (route: 'answers' | 'information-responses', json: unknown) => {
    setSending(true);
    setRefusal(null);
    try {
      onAnswered(await api<Partner>(`${partnerPath(partner.id)}/${route}`, { method: 'POST', json }));
      message.success(t('partner.done'));
    } catch (err) {
      setRefusal(describeError(err, t));
    } finally {
      setSending(false);
    }
  };
  return { sending, refusal, reply };
}
