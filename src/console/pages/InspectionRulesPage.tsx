import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Empty,
  Flex,
  InputNumber,
  Select,
  Space,
  Spin,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { INSPECTION_RULE_IDS, type InspectionRuleId } from '../../../policies/inspection-parameters';
import { SEVERITIES, type Severity } from '../../../policies/vocabulary';
import { api } from '../api';
import { describeError } from '../errors';
import { useI18n, type MessageKey } from '../i18n';
import { SEVERITY_COLOURS, oversightWord, type RuleSet, type WhatIf } from '../inspections';
import { useSignedIn } from '../session';
import { formatTime } from '../time';

type Rules = RuleSet['rules'];
type RuleConfig = Rules[InspectionRuleId];
/** At most this many affected agreements and decisions are listed (all are counted). */
const LISTED = 100;

/** Adds the numbers of `from` into `into`, nested records included: the tallies of a what-if's slices. */
function addInto(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(from)) {
    if (typeof value === 'number') into[key] = ((into[key] as number | undefined) ?? 0) + value;
    else if (value && typeof value === 'object') {
      if (!into[key] || typeof into[key] !== 'object') into[key] = {};
      addInto(into[key] as Record<string, unknown>, value as Record<string, unknown>);
    }
  }
}

/** The what-if over the whole store: slice after slice until the API says it is done, tallies added. */
function mergedWhatIf(first: WhatIf, next: WhatIf): WhatIf {
  const tally = structuredClone(first.tally);
  addInto(tally as Record<string, unknown>, next.tally as Record<string, unknown>);
  return {
    ...next,
    tally,
    agreements: [...first.agreements, ...next.agreements].slice(0, LISTED),
    decisions: [...first.decisions, ...next.decisions].slice(0, LISTED),
    decisionsWithoutSnapshot: first.decisionsWithoutSnapshot + next.decisionsWithoutSnapshot,
    truncated:
      first.truncated ||
      next.truncated ||
      first.agreements.length + next.agreements.length > LISTED ||
      first.decisions.length + next.decisions.length > LISTED,
    partitions: {
      from: first.partitions.from,
      done: first.partitions.done + next.partitions.done,
      total: next.partitions.total,
    },
  };
}

/**
 * The inspection rules (the DSO): each rule enabled or not, its severity and its parameters, edited here;
 * "see the effect" runs the what-if over the whole store (the live agreements that would gain or lose
 * findings, the approvals that would have gone otherwise) before "save" makes the edit a new version.
 */
export function InspectionRulesPage() {
  const { t, locale } = useI18n();
  const { ability } = useSignedIn();
  const { message } = AntApp.useApp();
  const mayEdit = ability.can('update', 'Inspection');
  const [ruleSet, setRuleSet] = useState<RuleSet | null>(null);
  const [rules, setRules] = useState<Rules | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [effect, setEffect] = useState<WhatIf | null>(null);
  const [looking, setLooking] = useState<{ done: number; total: number } | null>(null);
  const [saving, setSaving] = useState(false);
  // A what-if whose rules were edited since it started is dropped.
  const generation = useRef(0);

  const load = useCallback(() => {
    api<RuleSet>('/api/inspection-rules')
      .then((set) => {
        setRuleSet(set);
        setRules(structuredClone(set.rules));
      })
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [t]);
  useEffect(load, [load]);

  if (!ruleSet || !rules) return error ? <Alert type="error" title={error} /> : <Spin style={{ margin: 48 }} />;

  const edit = (ruleId: InspectionRuleId, patch: Partial<RuleConfig>) => {
    generation.current += 1;
    setEffect(null);
    setLooking(null);
    setRules({ ...rules, [ruleId]: { ...rules[ruleId], ...patch } } as Rules);
  };
  const changed = INSPECTION_RULE_IDS.filter((id) => JSON.stringify(rules[id]) !== JSON.stringify(ruleSet.rules[id]));

  const seeEffect = async () => {
    const mine = ++generation.current;
    setError(null);
    setEffect(null);
    let merged: WhatIf | null = null;
    let cursor: string | undefined;
    try {
      do {
        const slice: WhatIf = await api<WhatIf>('/api/inspections/what-if', {
          method: 'POST',
          json: { rules, limit: LISTED, ...(cursor ? { cursor } : {}) },
        });
        if (mine !== generation.current) return;
        merged = merged ? mergedWhatIf(merged, slice) : slice;
        setLooking({ done: merged.partitions.done, total: merged.partitions.total });
        cursor = slice.nextCursor;
      } while (cursor);
      setEffect(merged);
    } catch (err) {
      if (mine === generation.current) setError(describeError(err, t));
    } finally {
      if (mine === generation.current) setLooking(null);
    }
  };

  const save = () => {
    setSaving(true);
    setError(null);
    api<RuleSet>('/api/inspection-rules', { method: 'PUT', json: { version: ruleSet.version, rules } })
      .then((saved) => {
        void message.success(t('rules.saved', { version: saved.version }));
        setRuleSet(saved);
        setRules(structuredClone(saved.rules));
        setEffect(null);
      })
      .catch((err: unknown) => setError(describeError(err, t)))
      .finally(() => setSaving(false));
  };

  const paramLabel = (name: string) => t(`rules.param.${name}` as MessageKey);
  const verdicts = effect?.tally.decisionsByVerdict ?? {};
  const changedDecisions = Object.entries(verdicts)
    .filter(([v]) => v !== 'unchanged')
    .reduce((sum, [, n]) => sum + n, 0);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={t('rules.title')}
        data-testid="inspection-rules"
        extra={
          <Typography.Text type="secondary" data-testid="rules-version">
            {ruleSet.version === 0 ? t('rules.fromFile') : t('rules.version', { version: ruleSet.version })}
            {ruleSet.savedBy && ` · ${t('rules.savedBy', { by: ruleSet.savedBy, at: formatTime(ruleSet.savedAt) })}`}
          </Typography.Text>
        }
      >
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="rules-error" />}
        <Table<{ id: InspectionRuleId }>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 760 }}
          dataSource={INSPECTION_RULE_IDS.map((id) => ({ id }))}
          data-testid="rules-table"
          rowClassName={({ id }) => (changed.includes(id) ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('rules.rule'), dataIndex: 'id', render: (id: string) => oversightWord(locale, 'rule', id) },
            {
              title: t('rules.enabled'),
              render: (_, { id }) => (
                <Switch
                  size="small"
                  checked={rules[id].enabled}
                  disabled={!mayEdit}
                  onChange={(enabled) => edit(id, { enabled })}
                  data-testid={`rule-enabled-${id}`}
                />
              ),
            },
            {
              title: t('rules.severity'),
              render: (_, { id }) => (
                <Select<Severity>
                  size="small"
                  style={{ width: 110 }}
                  value={rules[id].severity}
                  disabled={!mayEdit}
                  onChange={(severity) => edit(id, { severity })}
                  options={SEVERITIES.map((s) => ({ value: s, label: oversightWord(locale, 'severity', s) }))}
                  data-testid={`rule-severity-${id}`}
                />
              ),
            },
            {
              title: t('rules.params'),
              render: (_, { id }) => (
                <Space wrap size={8}>
                  {Object.entries(rules[id].params as Record<string, number>).map(([name, value]) => (
                    <Space key={name} size={4}>
                      <Typography.Text type="secondary">{paramLabel(name)}</Typography.Text>
                      <InputNumber
                        size="small"
                        min={0}
                        max={3650}
                        precision={0}
                        value={value}
                        disabled={!mayEdit}
                        onChange={(next) =>
                          next !== null && edit(id, { params: { ...rules[id].params, [name]: next } } as never)
                        }
                        data-testid={`rule-param-${id}-${name}`}
                      />
                    </Space>
                  ))}
                </Space>
              ),
            },
          ]}
        />
        {mayEdit && (
          <Flex justify="end" align="center" wrap gap={8} style={{ marginTop: 12 }}>
            <Typography.Text type="secondary" data-testid="rules-changed">
              {t('rules.changed', { count: changed.length })}
            </Typography.Text>
            <Button disabled={changed.length === 0} onClick={() => load()} data-testid="rules-reset">
              {t('rules.reset')}
            </Button>
            <Button
              disabled={changed.length === 0}
              loading={looking !== null}
              onClick={() => void seeEffect()}
              data-testid="rules-what-if"
            >
              {t('rules.tryIt')}
            </Button>
            <Button
              type="primary"
              disabled={changed.length === 0}
              loading={saving}
              onClick={save}
              data-testid="rules-save"
            >
              {t('rules.save')}
            </Button>
          </Flex>
        )}
      </Card>

      {looking && (
        <Alert type="info" title={t('rules.scanning', { done: looking.done, total: looking.total })} showIcon />
      )}

      {effect && (
        <Card title={t('whatIf.title')} data-testid="what-if">
          <Flex wrap gap={24}>
            <Statistic title={t('whatIf.agreements')} value={effect.tally.agreements} />
            <Statistic
              title={t('whatIf.gaining')}
              value={effect.tally.agreementsGaining}
              data-testid="what-if-gaining"
            />
            <Statistic title={t('whatIf.losing')} value={effect.tally.agreementsLosing} data-testid="what-if-losing" />
            <Statistic title={t('whatIf.decisions')} value={effect.tally.decisions} />
            <Statistic title={t('whatIf.changedDecisions')} value={changedDecisions} data-testid="what-if-decisions" />
            <Statistic title={t('whatIf.withoutSnapshot')} value={effect.decisionsWithoutSnapshot} />
          </Flex>
          {effect.truncated && (
            <Alert type="warning" style={{ marginTop: 12 }} title={t('whatIf.truncated', { limit: LISTED })} />
          )}
          <Table
            style={{ marginTop: 16 }}
            rowKey="agreementId"
            size="small"
            pagination={false}
            scroll={{ x: 760 }}
            dataSource={effect.agreements}
            locale={{ emptyText: <Empty description={t('whatIf.none')} /> }}
            data-testid="what-if-agreements"
            columns={[
              {
                title: t('finding.agreement'),
                dataIndex: 'title',
                render: (title: string, row: { agreementId: string }) => (
                  <a href={`#/agreements/${encodeURIComponent(row.agreementId)}`}>{title}</a>
                ),
              },
              { title: t('finding.unit'), dataIndex: 'requestingUnit' },
              { title: t('finding.partner'), dataIndex: 'partnerName' },
              {
                title: t('whatIf.gained'),
                dataIndex: 'gained',
                render: (found: { ruleId: string; severity: string }[]) =>
                  found.map((f) => (
                    <Tag key={f.ruleId} color={SEVERITY_COLOURS[f.severity]}>
                      {oversightWord(locale, 'rule', f.ruleId)}
                    </Tag>
                  )),
              },
              {
                title: t('whatIf.lost'),
                dataIndex: 'lost',
                render: (found: { ruleId: string }[]) =>
                  found.map((f) => <Tag key={f.ruleId}>{oversightWord(locale, 'rule', f.ruleId)}</Tag>),
              },
              {
                title: t('whatIf.severityChanged'),
                dataIndex: 'severityChanged',
                render: (changes: { ruleId: string; from: string; to: string }[]) =>
                  changes.map((c) => (
                    <div key={c.ruleId}>
                      {oversightWord(locale, 'rule', c.ruleId)}: {oversightWord(locale, 'severity', c.from)} →{' '}
                      {oversightWord(locale, 'severity', c.to)}
                    </div>
                  )),
              },
            ]}
          />
          <Table
            style={{ marginTop: 16 }}
            rowKey="key"
            size="small"
            pagination={false}
            scroll={{ x: 760 }}
            dataSource={effect.decisions}
            locale={{ emptyText: <Empty description={t('whatIf.noDecisions')} /> }}
            data-testid="what-if-decisions-table"
            columns={[
              {
                title: t('finding.agreement'),
                dataIndex: 'agreementId',
                render: (id: string) => <a href={`#/agreements/${encodeURIComponent(id)}`}>{id.slice(0, 8)}</a>,
              },
              { title: t('whatIf.decidedAt'), dataIndex: 'at', render: (d: string) => formatTime(d) },
              {
                title: t('whatIf.verdict'),
                dataIndex: 'verdict',
                render: (v: string) => oversightWord(locale, 'decisionVerdict', v),
              },
              {
                title: t('whatIf.aspects'),
                dataIndex: 'changes',
                render: (changes: { aspect: string }[]) =>
                  changes.map((c) => <Tag key={c.aspect}>{t(`whatIf.aspect.${c.aspect}` as MessageKey)}</Tag>),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
