import { subject } from '@casl/ability';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Grid,
  Input,
  Radio,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import {
  attestationWaiverRefusalFor,
  earlyEndRefusalFor,
  emergencyRevokeRefusalFor,
  regulatorDecisionRefusalFor,
  requesterActionRefusalFor,
  stageDecisionRefusalFor,
  type Commitment,
} from '../../../policies/agreement-decisions';
import type { Refusal } from '../../../policies/refusal';
import { PRE_APPROVAL_RECORDS, type ApprovalStage, type StageOutcome } from '../../../policies/vocabulary';
import {
  AGREEMENT_STATUS_COLOURS,
  agreementPath,
  dayOf,
  agreementWhyText,
  awaitingText,
  decisionStateOf,
  isOverdue,
  problemOf,
  reasonLines,
  reasonText,
  stageWord,
  startOfShanghaiDay,
  statusWord,
  termText,
  termWord,
  type Agreement,
  type Decision,
  type Reason,
  type TimelineEntry,
} from '../agreements';
import { api } from '../api';
import { describeError } from '../errors';
import { DetailTabs, EntityTimeline, Section } from '../DetailParts';
import { useI18n, type Translate } from '../i18n';
import { countryName, wordFor } from '../partners';
import { useSignedIn } from '../session';
import { formatDate, formatTime } from '../time';
import { ProblemAlert, ReasonList, RouteRequirements, RouteStages } from './AgreementRoute';
import type { Asset } from './InventoryPage';
import { StepModal } from './StepModal';

/** While the workflow moves on by itself (provisioning, revoking), the page looks again this often. */
const FOLLOW_MS = 1500;
const MOVING = ['submitted', 'approved', 'revoking'];

type Step =
  | { kind: 'decide'; outcome: StageOutcome }
  | { kind: 'regulator' }
  | { kind: 'filing' }
  | { kind: 'resume' }
  | { kind: 'recertify' }
  | { kind: 'submit' }
  | { kind: 'withdraw' }
  | { kind: 'end' }
  | { kind: 'revoke' }
  | { kind: 'waive' };

/** Refusals that say why an approver of this stage may not decide it now (and not merely that it is not theirs). */
const PERSONAL_REFUSALS = [
  'auth.own_request',
  'agreement.same_approver',
  'agreement.commitment_missing',
  'agreement.commitment_expired',
  'agreement.not_head_of_requesting_unit',
];

/**
 * One agreement for the company's own people: where it stands and who must act by when, its route with
 * each stage's decision, its terms, provision record and filing, access, usage reports, violations,
 * suspension, ending and deletion attestation, its timeline, and the steps the signed-in user may take.
 */
export function AgreementPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { ability, claims } = useSignedIn();
  const { message } = App.useApp();
  // On a phone the long labels of the terms go above their values.
  const screens = Grid.useBreakpoint();
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [assets, setAssets] = useState<Map<string, Asset>>(new Map());
  const [commitment, setCommitment] = useState<Commitment | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ title: string; reasons: string[] } | null>(null);
  const [step, setStep] = useState<Step | null>(null);

  const load = useCallback(() => {
    api<Agreement>(agreementPath(id))
      .then((found) => {
        setAgreement(found);
        setError(null);
      })
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [id, t]);
  useEffect(load, [load]);

  const target = agreement ? subject('Agreement', { ...agreement, _id: agreement.id }) : null;
  const internal = target !== null && ability.can('read', target, 'decisions');
  const updatedAt = agreement?.updatedAt;
  const status = agreement?.status;

  useEffect(() => {
    if (!internal || !updatedAt) return;
    api<{ items: TimelineEntry[] }>(`${agreementPath(id)}/timeline`)
      .then((body) => setTimeline(body.items))
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [internal, updatedAt, id, t]);

  // The page follows the workflow while it moves on by itself.
  useEffect(() => {
    if (!status || !MOVING.includes(status)) return;
    const timer = setTimeout(load, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [status, updatedAt, load]);

  // The names and grades of the shared assets, for the company's readers of the inventory.
  const assetIds = (agreement?.request.assets ?? []).map((a) => a.assetId).join(',');
  useEffect(() => {
    if (!assetIds || !ability.can('read', 'DataAsset')) return;
    void Promise.all(
      assetIds.split(',').map((assetId) => api<Asset>(`/api/assets/${encodeURIComponent(assetId)}`).catch(() => null)),
    ).then((found) => setAssets(new Map(found.filter((a): a is Asset => a !== null).map((a) => [a.id, a]))));
  }, [assetIds, ability]);

  // An approval of important or core data needs the approver's commitment on file (R5): the console asks once.
  const needsCommitment = agreement?.effectiveGrade === 'important' || agreement?.effectiveGrade === 'core';
  useEffect(() => {
    if (!needsCommitment || !ability.can('approve', 'Agreement')) return;
    api<{ commitment: Commitment | null }>('/api/me/commitment')
      .then((body) => setCommitment(body.commitment))
      .catch(() => setCommitment(null));
  }, [needsCommitment, ability]);

  const send = async (path: string, body: Record<string, unknown>) => {
    setProblem(null);
    try {
      setAgreement(await api<Agreement>(`${agreementPath(id)}/${path}`, { method: 'POST', json: body }));
      message.success(t('partner.done'));
    } catch (err) {
      setProblem(problemOf(err, t, locale));
      // The API had the last word: show the agreement as it now is.
      load();
    } finally {
      setStep(null);
    }
  };

  if (!agreement || !target) {
    return (
      <Card title={t('agreement.page')} data-testid="agreement">
        {error ? <Alert type="error" title={error} data-testid="agreement-error" /> : <Spin />}
      </Card>
    );
  }

  const state = decisionStateOf(agreement);
  const now = new Date();
  const review = agreement.review ?? null;
  const stage = review && review.current !== 'regulator' ? review.current : null;
  const reason = 'x';
  const decisionRefusal = (outcome: StageOutcome): Refusal | null =>
    stage
      ? stageDecisionRefusalFor(state, {
          stage,
          outcome,
          actor: claims,
          reason,
          ...(commitment !== undefined ? { commitment } : {}),
          at: now,
        })
      : null;
  const approveRefusal = decisionRefusal('approve');
  const mayDecide = stage !== null && decisionRefusal('return') === null;
  const mayApprove = mayDecide && approveRefusal === null;
  const personalRefusal = [approveRefusal, decisionRefusal('return')].find(
    (r) => r && PERSONAL_REFUSALS.includes(r.code),
  );
  const mayRecordRegulator =
    review?.current === 'regulator' &&
    regulatorDecisionRefusalFor(state, { outcome: 'approve', reference: 'x', actor: claims, at: now }) === null;
  const running = ['approved', 'active', 'suspended'].includes(agreement.status);
  const reviewerOrDso = claims.roles.includes('security_reviewer') || claims.roles.includes('dso');
  const filing = agreement.provision?.filing;
  const mayConfirmFiling =
    running && filing !== undefined && !filing.confirmedAt && reviewerOrDso && ability.can('approve', target);
  const mayResume = agreement.status === 'suspended' && reviewerOrDso && ability.can('approve', target);
  // The unit head confirms once asked (the reminder went out), or to lift a suspension for want of it.
  const recertification = agreement.recertification;
  const recertificationAsked =
    recertification !== undefined &&
    (recertification.reminded === true ||
      now.getTime() >= new Date(recertification.remindAt).getTime() ||
      agreement.suspension?.cause === 'recertification_missed');
  const mayRecertify =
    recertificationAsked &&
    ['active', 'suspended'].includes(agreement.status) &&
    claims.roles.includes('unit_head') &&
    claims.unit === agreement.requestingUnit &&
    ability.can('approve', target);
  const mayEdit = requesterActionRefusalFor(state, 'edit', claims) === null;
  const mayWithdraw = requesterActionRefusalFor(state, 'withdraw', claims) === null;
  const mayAmend = ['approved', 'active'].includes(agreement.status) && !review && ability.can('amend', target);
  const mayRevoke = emergencyRevokeRefusalFor(state, { actor: claims, reason }) === null;
  // The DSO, who may also end it early, is offered the emergency revoke alone: one way to end it each.
  const mayEnd = !mayRevoke && earlyEndRefusalFor(state, { actor: claims, reason }) === null;
  const mayWaive = attestationWaiverRefusalFor(state, { actor: claims, reason }) === null;
  const request = agreement.approved ?? agreement.request;
  // The route shows the decisions of the request's last round; an amendment in review, those of its own round.
  const decisionsOf = (kind: Decision['kind']) => {
    const ofKind = (agreement.decisions ?? []).filter((d) => d.kind === kind);
    const round = review?.kind === kind ? review.round : Math.max(0, ...ofKind.map((d) => d.round));
    return ofKind.filter((d) => d.round === round);
  };
  const requestDecisions = decisionsOf('request');
  const amendmentDecisions = review?.kind === 'amendment' ? decisionsOf('amendment') : [];

  return (
    <Card
      title={agreement.title}
      data-testid="agreement"
      extra={
        <Space wrap size={4}>
          <Tag color={AGREEMENT_STATUS_COLOURS[agreement.status]} data-testid="agreement-status">
            {statusWord(t, agreement.status)}
          </Tag>
          <Tag color={agreement.effectiveGrade === 'general' ? undefined : 'orange'}>
            {wordFor(t, 'grade', agreement.effectiveGrade)}
          </Tag>
        </Space>
      }
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="agreement-error" />}
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} testId="agreement-problem" />
      {agreement.awaiting && (
        <Alert
          type={isOverdue(agreement.dueAt) ? 'error' : 'info'}
          style={{ marginBottom: 12 }}
          data-testid="agreement-awaiting"
          title={t(agreement.dueAt ? 'agreement.awaitingBy' : 'agreement.awaitingNow', {
            who: awaitingText(t, agreement.awaiting, agreement.partnerName),
            dueAt: formatTime(agreement.dueAt),
          })}
          description={isOverdue(agreement.dueAt) ? t('work.overdue') : undefined}
        />
      )}

      {mayDecide && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          data-testid="agreement-decide"
          title={t(review?.kind === 'amendment' ? 'agreement.decide.yoursAmendment' : 'agreement.decide.yours', {
            stage: stageWord(t, stage ?? ''),
          })}
          description={
            <Space wrap style={{ marginTop: 8 }}>
              <Button
                type="primary"
                disabled={!mayApprove}
                onClick={() => setStep({ kind: 'decide', outcome: 'approve' })}
                data-testid="agreement-approve"
              >
                {t('partner.approve')}
              </Button>
              <Button onClick={() => setStep({ kind: 'decide', outcome: 'return' })} data-testid="agreement-return">
                {t('agreement.return')}
              </Button>
              <Button
                danger
                onClick={() => setStep({ kind: 'decide', outcome: 'reject' })}
                data-testid="agreement-reject"
              >
                {t('partner.reject')}
              </Button>
            </Space>
          }
        />
      )}
      {personalRefusal && (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          data-testid="agreement-decide-refused"
          title={reasonText(personalRefusal, locale)}
        />
      )}
      {mayRecordRegulator && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('agreement.regulator.yours')}
          action={
            <Button type="primary" onClick={() => setStep({ kind: 'regulator' })} data-testid="agreement-regulator">
              {t('agreement.regulator.record')}
            </Button>
          }
        />
      )}

      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="agreement-actions">
        {mayEdit && (
          <Button href={`#/agreements/${encodeURIComponent(agreement.id)}/edit`} data-testid="agreement-edit">
            {t('agreement.edit')}
          </Button>
        )}
        {mayEdit && (
          <Button type="primary" onClick={() => setStep({ kind: 'submit' })} data-testid="agreement-submit">
            {t('request.submit')}
          </Button>
        )}
        {mayAmend && (
          <Button href={`#/agreements/${encodeURIComponent(agreement.id)}/amend`} data-testid="agreement-amend">
            {t('agreement.amend')}
          </Button>
        )}
        {mayConfirmFiling && (
          <Button onClick={() => setStep({ kind: 'filing' })} data-testid="agreement-confirm-filing">
            {t('agreement.filing.confirm')}
          </Button>
        )}
        {mayResume && (
          <Button type="primary" onClick={() => setStep({ kind: 'resume' })} data-testid="agreement-resume">
            {t('agreement.resume')}
          </Button>
        )}
        {mayRecertify && (
          <Button onClick={() => setStep({ kind: 'recertify' })} data-testid="agreement-recertify">
            {t('agreement.recertify')}
          </Button>
        )}
        {mayWaive && (
          <Button onClick={() => setStep({ kind: 'waive' })} data-testid="agreement-waive">
            {t('agreement.attestation.waive')}
          </Button>
        )}
        {mayWithdraw && (
          <Button danger onClick={() => setStep({ kind: 'withdraw' })} data-testid="agreement-withdraw">
            {t('agreement.withdraw')}
          </Button>
        )}
        {mayEnd && (
          <Button danger onClick={() => setStep({ kind: 'end' })} data-testid="agreement-end-early">
            {t('agreement.endEarly')}
          </Button>
        )}
        {mayRevoke && (
          <Button danger type="primary" onClick={() => setStep({ kind: 'revoke' })} data-testid="agreement-revoke">
            {t('agreement.emergencyRevoke')}
          </Button>
        )}
      </Flex>

      <DetailTabs
        testId="agreement-tabs"
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
                  data-testid="agreement-summary"
                >
                  <Descriptions.Item label={t('agreement.partner')}>
                    <a href={`#/partners/${encodeURIComponent(agreement.partnerId)}`}>{agreement.partnerName}</a>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('agreement.requestingUnit')}>
                    {agreement.requestingUnit}
                    {agreement.requestedBy ? ` · ${agreement.requestedBy}` : ''}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('agreement.term')}>
                    <span data-testid="agreement-term">{termText(agreement)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('agreement.grade')}>
                    {wordFor(t, 'grade', agreement.effectiveGrade)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('agreement.personalInfo')}>
                    {agreement.sensitivePersonalInfo
                      ? t('inventory.col.sensitivePersonalInfo')
                      : agreement.personalInfo
                        ? t('yes')
                        : t('no')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('agreement.crossBorder')}>
                    {agreement.crossBorder && request.destinationCountry
                      ? countryName(request.destinationCountry, locale)
                      : agreement.crossBorder
                        ? t('yes')
                        : t('no')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('agreement.createdAt')}>
                    {formatTime(agreement.createdAt)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('agreement.updatedAt')}>
                    {formatTime(agreement.updatedAt)}
                  </Descriptions.Item>
                </Descriptions>

                {agreement.route && (
                  <Section title={t('agreement.route')}>
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                      {t('agreement.route.rules', { version: agreement.route.rulesVersion })}
                    </Typography.Paragraph>
                    <RouteStages
                      route={agreement.route}
                      review={review?.kind === 'request' ? review : null}
                      decisions={requestDecisions}
                      testId="agreement-route"
                    />
                    <RouteRequirements
                      route={agreement.route}
                      controls={request.controls}
                      records={agreement.records}
                    />
                  </Section>
                )}

                {agreement.amendment && (
                  <Section title={t('agreement.amendment')}>
                    <Alert
                      type="info"
                      data-testid="agreement-amendment"
                      title={t('agreement.amendment.inReview', {
                        by: agreement.amendment.by,
                        at: formatTime(agreement.amendment.at),
                        stage: review ? stageWord(t, review.current) : '',
                      })}
                      description={<AmendmentChanges current={request} proposed={agreement.amendment.proposed} />}
                    />
                    {review?.kind === 'amendment' && (
                      <ol
                        style={{ margin: '12px 0 0', paddingInlineStart: 20 }}
                        data-testid="agreement-amendment-stages"
                      >
                        {review.stages.map((stage) => {
                          const decision = amendmentDecisions.find((d) => d.stage === stage);
                          return (
                            <li key={stage} data-stage={stage}>
                              <Space wrap size={4}>
                                <Typography.Text strong>{stageWord(t, stage)}</Typography.Text>
                                {review.current === stage && (
                                  <Tag color="processing">{t('agreement.route.current')}</Tag>
                                )}
                                {decision && (
                                  <Typography.Text type="secondary">
                                    {wordFor(t, 'agreement.outcome', decision.outcome)} · {decision.by} ·{' '}
                                    {formatTime(decision.at)}
                                  </Typography.Text>
                                )}
                              </Space>
                            </li>
                          );
                        })}
                      </ol>
                    )}
                  </Section>
                )}

                <Section title={t('agreement.terms')}>
                  <Table
                    size="small"
                    rowKey="assetId"
                    pagination={false}
                    dataSource={request.assets}
                    data-testid="agreement-assets"
                    columns={[
                      {
                        title: t('request.assets'),
                        dataIndex: 'assetId',
                        render: (assetId: string) => {
                          const asset = assets.get(assetId);
                          return asset ? `${asset.code} · ${asset.name}` : assetId;
                        },
                      },
                      {
                        title: t('agreement.grade'),
                        key: 'grade',
                        render: (_: unknown, a: { assetId: string }) =>
                          wordFor(t, 'grade', assets.get(a.assetId)?.grade),
                      },
                      {
                        title: termWord('term', 'fields', locale),
                        dataIndex: 'fields',
                        render: (fields: string[]) => fields.join(', '),
                      },
                    ]}
                  />
                  <Descriptions
                    size="small"
                    column={{ xs: 1, md: 2 }}
                    layout={screens.md ? 'horizontal' : 'vertical'}
                    style={{ marginTop: 12 }}
                    data-testid="agreement-request"
                  >
                    {(
                      ['purpose', 'scope', 'categories', 'conditions', 'procedure', 'securityObligations'] as const
                    ).map((term) => (
                      <Descriptions.Item key={term} label={termWord('term', term, locale)}>
                        {request[term]}
                      </Descriptions.Item>
                    ))}
                    <Descriptions.Item label={t('agreement.relationship')}>
                      {wordFor(t, 'agreement.relationship', request.relationship)}
                    </Descriptions.Item>
                    <Descriptions.Item label={termWord('term', 'legalBasis', locale)}>
                      {wordFor(t, 'agreement.legalBasis', request.legalBasis)}
                    </Descriptions.Item>
                    {request.consentBasis && (
                      <Descriptions.Item label={termWord('term', 'consentBasis', locale)}>
                        {wordFor(t, 'agreement.consentBasis', request.consentBasis)}
                      </Descriptions.Item>
                    )}
                    <Descriptions.Item label={termWord('term', 'scenario', locale)}>
                      {termWord('scenario', request.scenario, locale)}
                    </Descriptions.Item>
                    <Descriptions.Item label={termWord('term', 'recipientType', locale)}>
                      {termWord('recipientType', request.recipientType, locale)}
                      {request.foreignAuthorityApproval ? ` · ${request.foreignAuthorityApproval}` : ''}
                    </Descriptions.Item>
                    <Descriptions.Item label={termWord('term', 'volume', locale)}>
                      {t('agreement.volumeText', { ...request.volume })}
                    </Descriptions.Item>
                    <Descriptions.Item label={termWord('term', 'frequency', locale)}>
                      {wordFor(t, 'agreement.frequency', request.frequency)}
                    </Descriptions.Item>
                    <Descriptions.Item label={termWord('term', 'transferMethod', locale)}>
                      {wordFor(t, 'agreement.transferMethod', request.transferMethod)}
                    </Descriptions.Item>
                    <Descriptions.Item label={termWord('term', 'controls', locale)}>
                      {request.controls
                        .map((c) => termWord('control', c, locale))
                        .join(locale === 'en-US' ? ', ' : '、') || t('partner.none')}
                    </Descriptions.Item>
                    <Descriptions.Item label={termWord('term', 'onwardProvision', locale)}>
                      {request.onwardProvision
                        ? t('agreement.onward.to', {
                            partner: request.onwardProvision.subRecipientPartnerId ?? '—',
                            purpose: request.onwardProvision.purpose ?? '',
                          })
                        : t('agreement.onward.none')}
                    </Descriptions.Item>
                  </Descriptions>
                </Section>

                {agreement.records && (
                  <Section title={t('request.section.records')}>
                    <Descriptions
                      size="small"
                      column={{ xs: 1, md: 3 }}
                      layout={screens.md ? 'horizontal' : 'vertical'}
                      data-testid="agreement-records"
                    >
                      {PRE_APPROVAL_RECORDS.map((record) => {
                        const onFile = agreement.records?.[record];
                        return (
                          <Descriptions.Item key={record} label={termWord('record', record, locale)}>
                            {onFile ? `${onFile.reference} · ${formatDate(onFile.issuedAt)}` : t('partner.none')}
                          </Descriptions.Item>
                        );
                      })}
                    </Descriptions>
                  </Section>
                )}
              </>
            ),
          },
          {
            key: 'operation',
            label: t('detail.tab.operation'),
            shown: Boolean(
              agreement.provision ||
              agreement.access.grants > 0 ||
              agreement.access.revokes > 0 ||
              agreement.usage.periods.length > 0 ||
              (agreement.recertification && running) ||
              agreement.violations.length > 0 ||
              (agreement.suspension && agreement.status === 'suspended') ||
              agreement.ending ||
              agreement.attestation,
            ),
            children: (
              <>
                {agreement.provision && (
                  <Section title={t('agreement.provision')}>
                    <Descriptions
                      size="small"
                      bordered
                      column={{ xs: 1, md: 2 }}
                      layout={screens.md ? 'horizontal' : 'vertical'}
                      data-testid="agreement-provision"
                    >
                      <Descriptions.Item label={t('agreement.provision.recordedAt')}>
                        {formatTime(agreement.provision.recordedAt)}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('agreement.reportable')}>
                        <span data-testid="agreement-reportable">
                          {agreement.provision.reportable ? t('yes') : t('no')}
                        </span>
                      </Descriptions.Item>
                      {filing && (
                        <Descriptions.Item label={t('agreement.filing')}>
                          <span data-testid="agreement-filing">
                            {filing.confirmedAt ? (
                              <Tag color="green">{t('agreement.filing.confirmed')}</Tag>
                            ) : (
                              <Tag color="processing">{t('agreement.filing.submitted')}</Tag>
                            )}
                            {filing.reference} · {formatTime(filing.submittedAt)}
                            {filing.confirmedAt
                              ? ` · ${t('agreement.filing.confirmedAt', {
                                  at: formatDate(filing.confirmedAt),
                                  reference: filing.regulatorReference ?? '—',
                                })}`
                              : ''}
                          </span>
                        </Descriptions.Item>
                      )}
                    </Descriptions>
                    <ReasonList reasons={agreement.provision.reasons} />
                  </Section>
                )}

                {(agreement.access.grants > 0 || agreement.access.revokes > 0) && (
                  <Section title={t('agreement.access')}>
                    <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} data-testid="agreement-access">
                      <Descriptions.Item label={t('agreement.access.granted')}>
                        <Tag
                          color={agreement.access.granted ? 'green' : undefined}
                          data-testid="agreement-access-granted"
                        >
                          {agreement.access.granted ? t('yes') : t('no')}
                        </Tag>
                      </Descriptions.Item>
                      <Descriptions.Item label={t('agreement.access.grants')}>
                        {agreement.access.grants}
                        {agreement.access.grantedAt ? ` · ${formatTime(agreement.access.grantedAt)}` : ''}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('agreement.access.revokes')}>
                        {agreement.access.revokes}
                        {agreement.access.revokedAt ? ` · ${formatTime(agreement.access.revokedAt)}` : ''}
                      </Descriptions.Item>
                    </Descriptions>
                  </Section>
                )}

                {agreement.usage.periods.length > 0 && (
                  <Section title={t('agreement.usage')}>
                    <UsagePeriods agreement={agreement} />
                    <Typography.Paragraph
                      type="secondary"
                      style={{ marginTop: 8 }}
                      data-testid="agreement-usage-received"
                    >
                      {t('agreement.usage.received', { ...agreement.usage.received })}
                    </Typography.Paragraph>
                  </Section>
                )}

                {agreement.recertification && running && (
                  <Section title={t('agreement.recertification')}>
                    <Typography.Text data-testid="agreement-recertification">
                      {agreement.recertification.confirmedAt
                        ? t('agreement.recertification.confirmed', {
                            at: formatTime(agreement.recertification.confirmedAt),
                            dueAt: formatDate(agreement.recertification.dueAt),
                          })
                        : t('agreement.recertification.due', { dueAt: formatDate(agreement.recertification.dueAt) })}
                    </Typography.Text>
                  </Section>
                )}

                {agreement.violations.length > 0 && (
                  <Section title={t('agreement.violations')}>
                    <Table
                      size="small"
                      rowKey={(v) => `${v.code}:${v.at}:${JSON.stringify(v.params)}`}
                      pagination={false}
                      dataSource={agreement.violations}
                      data-testid="agreement-violations"
                      columns={[
                        {
                          title: t('agreement.violation'),
                          key: 'code',
                          render: (_: unknown, v) => reasonText(v, locale),
                        },
                        {
                          title: t('agreement.usage.period'),
                          dataIndex: 'period',
                          render: (p?: string) => dayOf(p),
                        },
                        { title: t('approval.at'), dataIndex: 'at', render: formatTime },
                        {
                          title: t('agreement.violation.suspends'),
                          dataIndex: 'suspends',
                          render: (s: boolean) => (s ? <Tag color="red">{t('yes')}</Tag> : t('no')),
                        },
                      ]}
                    />
                  </Section>
                )}

                {agreement.suspension && agreement.status === 'suspended' && (
                  <Section title={t('agreement.suspension')}>
                    <Alert
                      type="warning"
                      data-testid="agreement-suspension"
                      title={t('agreement.suspension.text', {
                        cause: wordFor(t, 'agreement.suspension', agreement.suspension.cause),
                        at: formatTime(agreement.suspension.at),
                      })}
                      description={[
                        ...detailOf(t, agreement.suspension.why),
                        ...reasonLines(agreement.suspension.reason, locale, agreement.violations),
                      ].map((line) => (
                        <div key={line}>{line}</div>
                      ))}
                    />
                  </Section>
                )}

                {agreement.ending && (
                  <Section title={t('agreement.ending')}>
                    <Typography.Paragraph data-testid="agreement-ending">
                      {t('agreement.ending.text', {
                        trigger: wordFor(t, 'agreement.trigger', agreement.ending.trigger),
                        at: formatTime(agreement.ending.at),
                        by: agreement.ending.by,
                      })}
                      {[
                        ...detailOf(t, agreement.ending.why),
                        ...reasonLines(agreement.ending.reason, locale, agreement.violations),
                      ].map((line) => ` · ${line}`)}
                    </Typography.Paragraph>
                  </Section>
                )}

                {agreement.attestation && (
                  <Section title={t('agreement.attestation')}>
                    <AttestationView attestation={agreement.attestation} />
                  </Section>
                )}
              </>
            ),
          },
          {
            key: 'history',
            label: t('detail.tab.history'),
            shown: internal || (agreement.decisions?.length ?? 0) > 0,
            children: (
              <>
                {agreement.decisions && agreement.decisions.length > 0 && (
                  <Section title={t('agreement.decisions')}>
                    <DecisionTable decisions={agreement.decisions} testId="agreement-decisions" />
                  </Section>
                )}

                {internal && (
                  <Section title={t('partner.timeline')}>
                    <EntityTimeline
                      entries={timeline}
                      testId="agreement-timeline"
                      colourOf={(action) =>
                        /rejected|revoked|suspended|overdue|withdrawn/.test(action)
                          ? 'red'
                          : /approved|activated|closed|received/.test(action)
                            ? 'green'
                            : 'blue'
                      }
                      why={(why) => agreementWhyText(t, why)}
                      reasonLines={(reason) => reasonLines(reason, locale, agreement.violations)}
                    />
                  </Section>
                )}
              </>
            ),
          },
        ]}
      />

      <StepModals
        step={step}
        stage={stage}
        onCancel={() => setStep(null)}
        send={send}
        filingReference={filing?.reference}
      />
    </Card>
  );
}

/** The modal of each step, and what it sends. */
function StepModals(props: {
  step: Step | null;
  stage: ApprovalStage | null;
  filingReference?: string;
  onCancel: () => void;
  send: (path: string, body: Record<string, unknown>) => Promise<void>;
}) {
  const { t } = useI18n();
  const { step, stage, send } = props;
  const [regulator, setRegulator] = useState<{ outcome: 'approve' | 'reject'; reference: string }>({
    outcome: 'approve',
    reference: '',
  });
  const [confirmedAt, setConfirmedAt] = useState<Dayjs | null>(null);
  const [regulatorReference, setRegulatorReference] = useState('');
  const kind = step?.kind;
  const common = { open: step !== null, onCancel: props.onCancel };

  if (step?.kind === 'decide') {
    const words = {
      approve: { title: 'partner.approve', label: 'partner.approveNote', required: false },
      reject: { title: 'partner.reject', label: 'partner.rejectReason', required: true },
      return: { title: 'agreement.return', label: 'agreement.returnReason', required: true },
    } as const;
    const w = words[step.outcome];
    return (
      <StepModal
        {...common}
        title={`${t(w.title)} · ${stageWord(t, stage ?? '')}`}
        label={t(w.label)}
        required={w.required}
        danger={step.outcome === 'reject'}
        onSubmit={(reason) => send('decisions', { stage, outcome: step.outcome, ...(reason ? { reason } : {}) })}
      />
    );
  }
  if (kind === 'regulator') {
    return (
      <StepModal
        {...common}
        title={t('agreement.regulator.record')}
        label={t('agreement.regulator.reason')}
        incomplete={regulator.reference.trim() === ''}
        onSubmit={(reason) =>
          send('regulator-decision', {
            outcome: regulator.outcome,
            reference: regulator.reference.trim(),
            ...(reason ? { reason } : {}),
          })
        }
      >
        <Form layout="vertical">
          <Form.Item label={t('agreement.regulator.outcome')}>
            <Radio.Group
              value={regulator.outcome}
              onChange={(e) => setRegulator((r) => ({ ...r, outcome: e.target.value as 'approve' | 'reject' }))}
              options={[
                { value: 'approve', label: t('partner.approve') },
                { value: 'reject', label: t('partner.reject') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('agreement.regulator.reference')} required>
            <Input
              maxLength={200}
              value={regulator.reference}
              onChange={(e) => setRegulator((r) => ({ ...r, reference: e.target.value }))}
              data-testid="step-reference"
            />
          </Form.Item>
        </Form>
      </StepModal>
    );
  }
  if (kind === 'filing') {
    return (
      <StepModal
        {...common}
        title={t('agreement.filing.confirm')}
        incomplete={confirmedAt === null}
        onSubmit={() =>
          send('filing-confirmation', {
            confirmedAt: startOfShanghaiDay(confirmedAt!.format('YYYY-MM-DD')),
            ...(regulatorReference.trim() ? { regulatorReference: regulatorReference.trim() } : {}),
          })
        }
      >
        <Form layout="vertical">
          <Typography.Paragraph type="secondary">
            {t('agreement.filing.ours', { reference: props.filingReference ?? '' })}
          </Typography.Paragraph>
          <Form.Item label={t('agreement.filing.confirmedOn')} required>
            <DatePicker value={confirmedAt} onChange={setConfirmedAt} data-testid="step-confirmed-at" />
          </Form.Item>
          <Form.Item label={t('agreement.filing.regulatorReference')}>
            <Input
              maxLength={200}
              value={regulatorReference}
              onChange={(e) => setRegulatorReference(e.target.value)}
              data-testid="step-regulator-reference"
            />
          </Form.Item>
        </Form>
      </StepModal>
    );
  }
  if (kind === 'submit') {
    return <StepModal {...common} title={t('request.submit')} onSubmit={() => send('submission', {})} />;
  }
  if (kind === 'recertify') {
    return (
      <StepModal
        {...common}
        title={t('agreement.recertify')}
        warning={t('agreement.recertify.confirm')}
        onSubmit={() => send('recertification', {})}
      />
    );
  }
  const reasoned = {
    resume: { title: 'agreement.resume', path: 'resumption', danger: false, warning: undefined },
    withdraw: { title: 'agreement.withdraw', path: 'withdrawal', danger: true, warning: undefined },
    end: { title: 'agreement.endEarly', path: 'early-end', danger: true, warning: 'agreement.endEarly.warning' },
    revoke: {
      title: 'agreement.emergencyRevoke',
      path: 'emergency-revocation',
      danger: true,
      warning: 'agreement.endEarly.warning',
    },
    waive: { title: 'agreement.attestation.waive', path: 'attestation-waiver', danger: false, warning: undefined },
  } as const;
  const chosen = kind && kind in reasoned ? reasoned[kind as keyof typeof reasoned] : null;
  return (
    <StepModal
      {...common}
      open={chosen !== null}
      title={chosen ? t(chosen.title) : ''}
      label={t('agreement.stepReason')}
      required
      danger={chosen?.danger}
      {...(chosen?.warning ? { warning: t(chosen.warning) } : {})}
      onSubmit={(reason) => (chosen ? send(chosen.path, { reason }) : Promise.resolve())}
    />
  );
}

/** What an amendment widens, in words. */
function AmendmentChanges({ current, proposed }: { current: Agreement['request']; proposed: Agreement['request'] }) {
  const { t, locale } = useI18n();
  const lines: string[] = [];
  const before = new Map(current.assets.map((a) => [a.assetId, new Set(a.fields)]));
  for (const asset of proposed.assets) {
    const had = before.get(asset.assetId);
    const added = asset.fields.filter((f) => !had?.has(f));
    if (added.length > 0) lines.push(t('agreement.amendment.fields', { fields: added.join(', ') }));
  }
  if (proposed.endDate !== current.endDate) {
    lines.push(t('agreement.amendment.endDate', { from: current.endDate, to: proposed.endDate }));
  }
  for (const measure of ['records', 'people', 'personalInfoPeople', 'sensitivePersonalInfoPeople'] as const) {
    if (proposed.volume[measure] !== current.volume[measure]) {
      lines.push(
        t('agreement.amendment.volume', {
          measure: t(`request.volume.${measure}`),
          from: current.volume[measure],
          to: proposed.volume[measure],
        }),
      );
    }
  }
  const controls = proposed.controls.filter((c) => !current.controls.includes(c));
  if (controls.length > 0) {
    lines.push(
      t('agreement.amendment.controls', { controls: controls.map((c) => termWord('control', c, locale)).join(', ') }),
    );
  }
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function DecisionTable({ decisions, testId }: { decisions: readonly Decision[]; testId: string }) {
  const { t } = useI18n();
  return (
    <Table
      size="small"
      rowKey={(d) => `${d.kind}:${d.round}:${d.stage}:${d.at}`}
      pagination={false}
      dataSource={[...decisions]}
      data-testid={testId}
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('agreement.decision.round'),
          key: 'round',
          render: (_: unknown, d) => `${wordFor(t, 'agreement.reviewKind', d.kind)} · ${d.round}`,
        },
        { title: t('approval.stage'), dataIndex: 'stage', render: (s: string) => stageWord(t, s) },
        {
          title: t('agreement.decision.outcome'),
          dataIndex: 'outcome',
          render: (o: string) => wordFor(t, 'agreement.outcome', o),
        },
        { title: t('approval.by'), dataIndex: 'by' },
        { title: t('approval.at'), dataIndex: 'at', render: formatTime },
        {
          title: t('approval.reason'),
          key: 'reason',
          render: (_: unknown, d) => [d.reference, d.reason].filter(Boolean).join(' · '),
        },
      ]}
    />
  );
}

/**
 * The usage periods with their reports and deadlines, overdue ones marked; of an agreement that has
 * ended, the periods begun before its end, an unreported one as not reported.
 */
export function UsagePeriods({ agreement }: { agreement: Agreement }) {
  const { t } = useI18n();
  const endedOn = agreement.ending ? formatDate(agreement.ending.at) : undefined;
  const periods = endedOn ? agreement.usage.periods.filter((p) => p.start <= endedOn) : agreement.usage.periods;
  return (
    <Table
      size="small"
      rowKey="start"
      pagination={false}
      dataSource={periods}
      data-testid="agreement-usage"
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('agreement.usage.period'),
          key: 'period',
          render: (_: unknown, p) => `${dayOf(p.start)} – ${dayOf(p.end)}`,
        },
        { title: t('agreement.usage.dueAt'), dataIndex: 'dueAt', render: formatTime },
        { title: t('agreement.usage.suspendAt'), dataIndex: 'suspendAt', render: formatTime },
        {
          title: t('agreement.status'),
          key: 'state',
          render: (_: unknown, p) =>
            p.reportedAt ? (
              <Tag color="green" data-testid="usage-reported">
                {t('agreement.usage.reported', { at: formatTime(p.reportedAt), by: p.reportedBy ?? '' })}
              </Tag>
            ) : endedOn ? (
              <Tag>{t('agreement.usage.notReported')}</Tag>
            ) : p.overdue || isOverdue(p.dueAt) ? (
              <Tag color="red">{t('work.overdue')}</Tag>
            ) : (
              <Tag>{t('agreement.usage.open')}</Tag>
            ),
        },
      ]}
    />
  );
}

/** Where the partner's deletion attestation stands: awaited by when, received (what, when, by whom, how), or waived. */
export function AttestationView({ attestation }: { attestation: NonNullable<Agreement['attestation']> }) {
  const { t } = useI18n();
  const { received, waived } = attestation;
  return (
    <div data-testid="agreement-attestation" data-status={attestation.status}>
      {attestation.status === 'awaiting' && (
        <Alert
          type={attestation.overdue || isOverdue(attestation.dueAt) ? 'error' : 'warning'}
          title={t('agreement.attestation.awaitingBy', { dueAt: formatTime(attestation.dueAt) })}
          description={attestation.overdue ? t('agreement.attestation.overdue') : undefined}
        />
      )}
      {received && (
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('attestation.what')}>{received.what}</Descriptions.Item>
          <Descriptions.Item label={t('attestation.deletedAt')}>{formatTime(received.deletedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('attestation.deletedBy')}>{received.deletedBy}</Descriptions.Item>
          <Descriptions.Item label={t('attestation.method')}>
            {wordFor(t, 'agreement.deletionMethod', received.method)}
          </Descriptions.Item>
          <Descriptions.Item label={t('attestation.includesBackups')}>
            {received.includesBackups ? t('yes') : t('no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('attestation.attestedBy')}>
            {received.attestedBy} · {formatTime(received.at)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {waived && (
        <Alert
          type="info"
          title={t('agreement.attestation.waived', { by: waived.by, at: formatTime(waived.at) })}
          description={waived.reason}
        />
      )}
    </div>
  );
}

/** Reasons that only repeat the cause or trigger the sentence already names. */
const SAID_BY_CAUSE = new Set(['agreement.suspended', 'agreement.ended_by', 'agreement.partner_blacklisted']);

/** The system's reason of a suspension or an ending in words, when it says more than its cause. */
const detailOf = (t: Translate, why: Reason | undefined): string[] =>
  why && !SAID_BY_CAUSE.has(why.code) ? [agreementWhyText(t, why)] : [];
