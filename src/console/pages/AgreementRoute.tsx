import { Alert, Flex, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import type { PreApprovalRecord } from '../../../policies/vocabulary';
import {
  reasonText,
  stageWord,
  termWord,
  type Agreement,
  type Decision,
  type Reason,
  type RouteView,
} from '../agreements';
import { useI18n } from '../i18n';
import { wordFor } from '../partners';
import { formatDate, formatTime } from '../time';

/** A list of the rules' reasons, each in the reader's words; `data-code` names the code for tests and tools. */
export function ReasonList(props: { reasons: readonly Reason[]; testId?: string; type?: 'danger' | 'warning' }) {
  const { locale } = useI18n();
  if (props.reasons.length === 0) return null;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={props.testId}>
      {props.reasons.map((r, i) => (
        <li key={`${r.code}:${i}`} data-code={r.code}>
          {props.type ? (
            <Typography.Text type={props.type}>{reasonText(r, locale)}</Typography.Text>
          ) : (
            reasonText(r, locale)
          )}
        </li>
      ))}
    </ul>
  );
}

const OUTCOME_COLOURS: Record<string, string> = { approve: 'green', reject: 'red', return: 'orange' };

/**
 * The approval route, stage by stage with the reasons that put each on it; on an agreement, each stage's
 * decision (who, when, the outcome and its reason) and which one is awaited.
 */
export function RouteStages(props: {
  route: RouteView;
  review?: Agreement['review'];
  /** The decisions of the round shown: the latest of each stage is its outcome. */
  decisions?: readonly Decision[];
  testId?: string;
}) {
  const { t } = useI18n();
  const { route, review, decisions = [] } = props;
  const stages: { stage: string; roles: readonly string[]; reasons: readonly Reason[] }[] = [
    ...route.stages,
    ...(route.regulatorReview ? [{ stage: 'regulator', roles: [], reasons: route.regulatorReview.reasons }] : []),
  ];
  const decided = new Map(decisions.map((d) => [d.stage, d]));
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid={props.testId}>
      {stages.map(({ stage, roles, reasons }) => {
        const decision = decided.get(stage as Decision['stage']);
        const current = review?.current === stage;
        return (
          <li key={stage} data-stage={stage} data-testid="route-stage" style={{ marginBottom: 8 }}>
            <Space wrap size={4}>
              <Typography.Text strong>{stageWord(t, stage)}</Typography.Text>
              {roles.map((role) => (
                <Tag key={role}>{wordFor(t, 'role', role)}</Tag>
              ))}
              {current && (
                <Tag color="processing" data-testid="route-stage-current">
                  {t('agreement.route.current')}
                </Tag>
              )}
              {current && review?.dueAt && (
                <Typography.Text type="secondary">
                  {t('work.due')}: {formatTime(review.dueAt)}
                </Typography.Text>
              )}
            </Space>
            <ReasonList reasons={reasons} />
            {decision && (
              <div data-testid="route-stage-decision">
                <Tag color={OUTCOME_COLOURS[decision.outcome]}>{wordFor(t, 'agreement.outcome', decision.outcome)}</Tag>
                <Typography.Text type="secondary">
                  {decision.by} · {formatTime(decision.at)}
                  {decision.reference ? ` · ${decision.reference}` : ''}
                </Typography.Text>
                {decision.reason && <div>{decision.reason}</div>}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * What the route asks besides its stages: the records to have on file before approval, the controls,
 * the export pathway of data sent abroad, and what must be in place before data flows.
 */
export function RouteRequirements(props: {
  route: RouteView;
  /** The controls the request commits to: a required one it lacks is marked. */
  controls?: readonly string[];
  /** The records on file: a required one missing is marked. */
  records?: Partial<Record<PreApprovalRecord, { reference: string; issuedAt: string } | undefined>>;
}) {
  const { t, locale } = useI18n();
  const { route, controls, records } = props;
  return (
    <Flex vertical gap={12}>
      {route.checklist.length > 0 && (
        <Part title={t('agreement.route.checklist')}>
          <Table
            size="small"
            rowKey="record"
            pagination={false}
            dataSource={route.checklist}
            scroll={{ x: 480 }}
            data-testid="route-checklist"
            columns={[
              {
                title: t('agreement.record'),
                dataIndex: 'record',
                render: (r: PreApprovalRecord) => termWord('record', r, locale),
              },
              {
                title: t('agreement.route.why'),
                dataIndex: 'reasons',
                render: (reasons: Reason[], item) => (
                  <>
                    <ReasonList reasons={reasons} />
                    <Typography.Text type="secondary">
                      {item.rules.join(', ')} · {t('agreement.route.validFor', { months: item.validForMonths })}
                    </Typography.Text>
                  </>
                ),
              },
              ...(records
                ? [
                    {
                      title: t('agreement.route.onFile'),
                      key: 'onFile',
                      render: (_: unknown, item: { record: PreApprovalRecord }) => {
                        const onFile = records[item.record];
                        return onFile ? (
                          <Tag color="green">
                            {onFile.reference} · {formatDate(onFile.issuedAt)}
                          </Tag>
                        ) : (
                          <Tag color="red" data-testid="route-record-missing">
                            {t('agreement.route.missing')}
                          </Tag>
                        );
                      },
                    },
                  ]
                : []),
            ]}
          />
        </Part>
      )}
      {route.requiredControls.length > 0 && (
        <Part title={t('agreement.route.controls')}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="route-controls">
            {route.requiredControls.map(({ control, reasons }) => (
              <li key={control} data-control={control}>
                <Space wrap size={4}>
                  <Typography.Text strong>{termWord('control', control, locale)}</Typography.Text>
                  {controls && !controls.includes(control) && <Tag color="red">{t('agreement.route.missing')}</Tag>}
                  <Typography.Text type="secondary">
                    {reasons.map((r) => reasonText(r, locale)).join(locale === 'en-US' ? '; ' : '；')}
                  </Typography.Text>
                </Space>
              </li>
            ))}
          </ul>
        </Part>
      )}
      {route.exportPathway && (
        <Part title={t('agreement.route.exportPathway')}>
          <div data-testid="route-export-pathway">
            <Tag color="orange">{termWord('pathway', route.exportPathway.pathway, locale)}</Tag>
            <ReasonList reasons={route.exportPathway.reasons} />
          </div>
        </Part>
      )}
      {route.provisioning.length > 0 && (
        <Part title={t('agreement.route.provisioning')}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="route-provisioning">
            {route.provisioning.map(({ prerequisite, reasons }) => (
              <li key={prerequisite}>
                <Typography.Text strong>{wordFor(t, 'agreement.prerequisite', prerequisite)}</Typography.Text>
                <ReasonList reasons={reasons} />
              </li>
            ))}
          </ul>
        </Part>
      )}
    </Flex>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <div style={{ marginTop: 4 }}>{children}</div>
    </div>
  );
}

/**
 * A refused step: the refusal's title, and every reason when there are several (a request that cannot be
 * approved). It comes into view when it appears, wherever the person was on a long page.
 */
export function ProblemAlert(props: {
  problem: { title: string; reasons: string[] } | null;
  onClose: () => void;
  testId: string;
}) {
  const shown = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.problem) shown.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [props.problem]);
  if (!props.problem) return null;
  return (
    <div ref={shown}>
      <Alert
        type="error"
        closable={{ onClose: props.onClose }}
        style={{ marginBottom: 12 }}
        data-testid={props.testId}
        title={props.problem.title}
        description={
          props.problem.reasons.length > 0 ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {props.problem.reasons.map((r, i) => (
                <li key={i} data-testid={`${props.testId}-reason`}>
                  {r}
                </li>
              ))}
            </ul>
          ) : undefined
        }
      />
    </div>
  );
}
