import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  CONSENT_BASES,
  CONTROLS,
  LEGAL_BASES,
  PRE_APPROVAL_RECORDS,
  PROVISION_RELATIONSHIPS,
  RECIPIENT_TYPES,
  SHARING_SCENARIOS,
  TRANSFER_FREQUENCIES,
  TRANSFER_METHODS,
  type Control,
  type PreApprovalRecord,
} from '../../../policies/vocabulary';
import {
  agreementLink,
  agreementPath,
  problemOf,
  requestKey,
  startOfShanghaiDay,
  statusWord,
  termWord,
  type Agreement,
  type AgreementRequest,
  type Preview,
} from '../agreements';
import { api, query } from '../api';
import { describeError } from '../errors';
import { Section } from '../DetailParts';
import { useI18n, type Translate } from '../i18n';
import { wordFor, type Partner } from '../partners';
import { useSignedIn } from '../session';
import { formatDate, TIME_ZONE } from '../time';
import { ProblemAlert, ReasonList, RouteRequirements, RouteStages } from './AgreementRoute';
import type { Asset } from './InventoryPage';
import { StepModal } from './StepModal';

type Mode = 'new' | 'edit' | 'amend';
type Volume = {
  records?: number | null;
  people?: number | null;
  personalInfoPeople?: number | null;
  sensitivePersonalInfoPeople?: number | null;
};

/** The form's values: the request as a person fills it in (dates as days, fields by asset). */
interface Values {
  title?: string;
  partnerId?: string;
  assetIds?: string[];
  fields?: Record<string, string[] | undefined>;
  purpose?: string;
  scope?: string;
  categories?: string;
  conditions?: string;
  procedure?: string;
  securityObligations?: string;
  relationship?: AgreementRequest['relationship'];
  legalBasis?: AgreementRequest['legalBasis'];
  consentBasis?: AgreementRequest['consentBasis'];
  scenario?: AgreementRequest['scenario'];
  recipientType?: AgreementRequest['recipientType'];
  foreignAuthorityApproval?: string;
  crossBorder?: boolean;
  destinationCountry?: string;
  volume?: Volume;
  frequency?: AgreementRequest['frequency'];
  transferMethod?: AgreementRequest['transferMethod'];
  controls?: Control[];
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  onward?: boolean;
  subRecipientPartnerId?: string;
  onwardPurpose?: string;
  records?: Partial<Record<PreApprovalRecord, { reference?: string; issuedAt?: Dayjs | null }>>;
}

type Records = Agreement['records'];

const TEXT_TERMS = ['purpose', 'scope', 'categories', 'conditions', 'procedure', 'securityObligations'] as const;
const CHOICE_TERMS = [
  'relationship',
  'legalBasis',
  'scenario',
  'recipientType',
  'frequency',
  'transferMethod',
] as const;
const VOLUME_MEASURES = ['records', 'people', 'personalInfoPeople', 'sensitivePersonalInfoPeople'] as const;
/** How long the form waits after the last change before it asks the rules again. */
const PREVIEW_DELAY_MS = 400;
/** Assets and approved partners offered at once; more assets on request. */
const ASSET_PAGE = 200;
const PARTNER_OPTIONS = 200;

const trimmed = (value?: string) => (value ?? '').trim();

/**
 * The request the form says, or what is still missing before the rules can read it (as the rules'
 * own words for the terms). What the rules judge (a destination, a consent basis …) is left to them.
 */
function requestOf(v: Values): { request: AgreementRequest | null; missing: string[] } {
  const missing: string[] = [];
  const assetIds = v.assetIds ?? [];
  if (!v.partnerId) missing.push('partner');
  if (assetIds.length === 0) missing.push('assets');
  else if (assetIds.some((id) => (v.fields?.[id] ?? []).length === 0)) missing.push('fields');
  for (const term of TEXT_TERMS) if (!trimmed(v[term])) missing.push(term);
  for (const term of CHOICE_TERMS) if (!v[term]) missing.push(term);
  if (VOLUME_MEASURES.some((m) => typeof v.volume?.[m] !== 'number')) missing.push('volume');
  if (!v.startDate) missing.push('startDate');
  if (!v.endDate) missing.push('endDate');
  if (missing.length > 0) return { request: null, missing };
  const destination = trimmed(v.destinationCountry).toUpperCase();
  const request: AgreementRequest = {
    partnerId: v.partnerId!,
    assets: assetIds.map((assetId) => ({ assetId, fields: v.fields?.[assetId] ?? [] })),
    purpose: trimmed(v.purpose),
    scope: trimmed(v.scope),
    categories: trimmed(v.categories),
    conditions: trimmed(v.conditions),
    procedure: trimmed(v.procedure),
    securityObligations: trimmed(v.securityObligations),
    relationship: v.relationship!,
    legalBasis: v.legalBasis!,
    ...(v.consentBasis ? { consentBasis: v.consentBasis } : {}),
    scenario: v.scenario!,
    recipientType: v.recipientType!,
    ...(v.recipientType === 'foreign_authority' && trimmed(v.foreignAuthorityApproval)
      ? { foreignAuthorityApproval: trimmed(v.foreignAuthorityApproval) }
      : {}),
    crossBorder: v.crossBorder === true,
    ...(v.crossBorder && /^[A-Z]{2}$/.test(destination) ? { destinationCountry: destination } : {}),
    volume: {
      records: v.volume!.records!,
      people: v.volume!.people!,
      personalInfoPeople: v.volume!.personalInfoPeople!,
      sensitivePersonalInfoPeople: v.volume!.sensitivePersonalInfoPeople!,
    },
    frequency: v.frequency!,
    transferMethod: v.transferMethod!,
    controls: CONTROLS.filter((c) => (v.controls ?? []).includes(c)),
    startDate: v.startDate!.format('YYYY-MM-DD'),
    endDate: v.endDate!.format('YYYY-MM-DD'),
    ...(v.onward
      ? {
          onwardProvision: {
            ...(v.subRecipientPartnerId ? { subRecipientPartnerId: v.subRecipientPartnerId } : {}),
            ...(trimmed(v.onwardPurpose) ? { purpose: trimmed(v.onwardPurpose) } : {}),
          },
        }
      : {}),
  };
  return { request, missing: [] };
}

/** The pre-approval records filled in whole (a reference and its day of issue). */
function recordsOf(v: Values): Records {
  const records: Records = {};
  for (const record of PRE_APPROVAL_RECORDS) {
    const given = v.records?.[record];
    if (trimmed(given?.reference) && given?.issuedAt) {
      records[record] = {
        reference: trimmed(given.reference),
        issuedAt: startOfShanghaiDay(given.issuedAt.format('YYYY-MM-DD')),
      };
    }
  }
  return records;
}

/** The form's values of a stored request. */
function valuesOf(title: string, request: AgreementRequest, records: Records | undefined): Values {
  return {
    title,
    partnerId: request.partnerId,
    assetIds: request.assets.map((a) => a.assetId),
    fields: Object.fromEntries(request.assets.map((a) => [a.assetId, [...a.fields]])),
    purpose: request.purpose,
    scope: request.scope,
    categories: request.categories,
    conditions: request.conditions,
    procedure: request.procedure,
    securityObligations: request.securityObligations,
    relationship: request.relationship,
    legalBasis: request.legalBasis,
    consentBasis: request.consentBasis,
    scenario: request.scenario,
    recipientType: request.recipientType,
    foreignAuthorityApproval: request.foreignAuthorityApproval,
    crossBorder: request.crossBorder,
    destinationCountry: request.destinationCountry,
    volume: { ...request.volume },
    frequency: request.frequency,
    transferMethod: request.transferMethod,
    controls: [...request.controls],
    startDate: dayjs(request.startDate),
    endDate: dayjs(request.endDate),
    onward: request.onwardProvision !== undefined,
    subRecipientPartnerId: request.onwardProvision?.subRecipientPartnerId,
    onwardPurpose: request.onwardProvision?.purpose,
    records: Object.fromEntries(
      PRE_APPROVAL_RECORDS.flatMap((r) => {
        const onFile = records?.[r];
        return onFile ? [[r, { reference: onFile.reference, issuedAt: dayjs(onFile.issuedAt).tz(TIME_ZONE) }]] : [];
      }),
    ),
  };
}

const BLANK: Values = {
  crossBorder: false,
  onward: false,
  controls: [],
  volume: { records: 0, people: 0, personalInfoPeople: 0, sensitivePersonalInfoPeople: 0 },
  scenario: 'general',
  recipientType: 'domestic_enterprise',
  relationship: 'provision',
};

/** The options of an enum, each in the console's words. */
const choices = (t: Translate, prefix: string, values: readonly string[]) =>
  values.map((value) => ({ value, label: wordFor(t, prefix, value) }));

/**
 * The sharing request: a new one, a draft or a returned request edited, or an amendment of a running
 * agreement. The rules' judgement of it — its route and why, every refusal, what blocks approval, whether
 * it is reportable — is shown beside it as it is filled in, before anything is submitted.
 */
export function AgreementRequestPage(props: { mode: Mode; id?: string }) {
  const { t, locale } = useI18n();
  const { claims } = useSignedIn();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [values, setValues] = useState<Values>(BLANK);
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [assets, setAssets] = useState<Map<string, Asset>>(new Map());
  const [moreAssets, setMoreAssets] = useState<string | undefined>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ title: string; reasons: string[] } | null>(null);
  const [saving, setSaving] = useState<'save' | 'submit' | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  // The agreement this form writes: the one it edits, or the draft its first save created.
  const [savedId, setSavedId] = useState<string | undefined>(props.id);
  const [key] = useState(requestKey);
  const asked = useRef(0);

  const addAssets = useCallback((found: Asset[]) => {
    setAssets((known) => new Map([...known, ...found.map((a) => [a.id, a] as const)]));
  }, []);

  const loadAssets = useCallback(
    (cursor?: string) => {
      api<{ items: Asset[]; nextCursor?: string }>(
        `/api/assets${query({ status: 'active', limit: ASSET_PAGE, cursor })}`,
      )
        .then((page) => {
          addAssets(page.items);
          setMoreAssets(page.nextCursor);
        })
        .catch((err: unknown) => setLoadError(describeError(err, t)));
    },
    [addAssets, t],
  );

  useEffect(() => {
    loadAssets();
    api<{ items: Partner[] }>(`/api/partners${query({ status: 'approved', limit: PARTNER_OPTIONS })}`)
      .then((page) => setPartners(page.items))
      .catch((err: unknown) => setLoadError(describeError(err, t)));
  }, [loadAssets, t]);

  // A stored request fills the form: a draft or returned request as it stands, an amendment from what runs.
  useEffect(() => {
    if (!props.id) {
      form.setFieldsValue(BLANK);
      return;
    }
    api<Agreement>(agreementPath(props.id))
      .then((found) => {
        setAgreement(found);
        const request = props.mode === 'amend' ? (found.approved ?? found.request) : found.request;
        const filled = valuesOf(found.title, request, found.records);
        form.setFieldsValue(filled);
        setValues(filled);
        // Assets of the request the first page did not bring (or retired since) are fetched by id.
        void Promise.all(
          request.assets.map((a) => api<Asset>(`/api/assets/${encodeURIComponent(a.assetId)}`).catch(() => null)),
        ).then((found) => addAssets(found.filter((a): a is Asset => a !== null)));
      })
      .catch((err: unknown) => setLoadError(describeError(err, t)));
  }, [props.id, props.mode, form, addAssets, t]);

  const { request, missing } = useMemo(() => requestOf(values), [values]);
  const records = useMemo(() => recordsOf(values), [values]);
  const body = request ? JSON.stringify({ request, records }) : null;

  // The rules' judgement of the request as it now stands, a moment after the last change.
  useEffect(() => {
    if (!body) {
      setPreview(null);
      setPreviewError(null);
      return;
    }
    const mine = ++asked.current;
    setPreviewing(true);
    const timer = setTimeout(() => {
      api<Preview>('/api/agreements/preview', { method: 'POST', json: JSON.parse(body) as unknown })
        .then((found) => {
          if (mine !== asked.current) return;
          setPreview(found);
          setPreviewError(null);
        })
        .catch((err: unknown) => mine === asked.current && setPreviewError(problemOf(err, t, locale).title))
        .finally(() => mine === asked.current && setPreviewing(false));
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [body, t, locale]);

  const title = trimmed(values.title);
  const mayWithdraw =
    agreement !== null &&
    agreement.requestedBy === claims.sub &&
    ['draft', 'returned'].includes(agreement.status) &&
    props.mode === 'edit';

  /** Saves the draft (created on the first save) and returns its id. */
  const save = async (): Promise<string> => {
    const json = { title, request: request!, records };
    if (!savedId) {
      const created = await api<Agreement>('/api/agreements', {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        json,
      });
      setSavedId(created.id);
      setAgreement(created);
      // The address is now the draft's: a reload opens it, and the next save changes it.
      window.history.replaceState(null, '', `${agreementLink(created.id)}/edit`);
      return created.id;
    }
    setAgreement(await api<Agreement>(agreementPath(savedId), { method: 'PATCH', json }));
    return savedId;
  };

  const act = async (what: 'save' | 'submit') => {
    setSaving(what);
    setProblem(null);
    try {
      if (props.mode === 'amend') {
        await api<Agreement>(`${agreementPath(props.id!)}/amendments`, { method: 'POST', json: { request } });
        message.success(t('request.amended'));
        window.location.hash = agreementLink(props.id!);
        return;
      }
      const id = await save();
      if (what === 'save') {
        message.success(t('request.saved'));
        return;
      }
      await api<Agreement>(`${agreementPath(id)}/submission`, { method: 'POST', json: {} });
      message.success(t('request.submitted'));
      window.location.hash = agreementLink(id);
    } catch (err) {
      setProblem(problemOf(err, t, locale));
    } finally {
      setSaving(null);
    }
  };

  const withdraw = async (reason: string) => {
    try {
      await api<Agreement>(`${agreementPath(savedId!)}/withdrawal`, { method: 'POST', json: { reason } });
      window.location.hash = agreementLink(savedId!);
    } catch (err) {
      setProblem(problemOf(err, t, locale));
    } finally {
      setWithdrawing(false);
    }
  };

  if (props.id && !agreement) {
    return (
      <Card title={t('request.title.edit')} data-testid="request">
        {loadError ? <Alert type="error" title={loadError} /> : <Spin />}
      </Card>
    );
  }
  const returned = agreement?.status === 'returned' ? lastReturn(agreement) : undefined;
  const partner = partners.find((p) => p.id === values.partnerId);
  const chosenAssets = (values.assetIds ?? []).map((id) => assets.get(id));
  const wide = window.innerWidth >= 992;

  return (
    <Card
      title={
        props.mode === 'new'
          ? t('request.title.new')
          : props.mode === 'amend'
            ? t('request.title.amend', { title: agreement?.title ?? '' })
            : t('request.title.edit')
      }
      data-testid="request"
      extra={
        agreement && (
          <Space wrap>
            <Tag>{statusWord(t, agreement.status)}</Tag>
            <a href={agreementLink(agreement.id)}>{t('request.openAgreement')}</a>
          </Space>
        )
      }
    >
      {loadError && <Alert type="error" title={loadError} style={{ marginBottom: 12 }} />}
      {returned && (
        <Alert
          type="warning"
          style={{ marginBottom: 12 }}
          data-testid="request-returned"
          title={t('request.returned', { by: returned.by, reason: returned.reason ?? '' })}
        />
      )}
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} testId="request-problem" />
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={14}>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={BLANK}
            onValuesChange={(_, all) => setValues(all)}
            data-testid="request-form"
          >
            <Section title={t('request.section.partner')}>
              {props.mode !== 'amend' && (
                <Form.Item label={t('agreement.title')} name="title" required>
                  <Input maxLength={200} data-testid="request-title" />
                </Form.Item>
              )}
              <Form.Item label={t('agreement.partner')} name="partnerId" required>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  disabled={props.mode === 'amend'}
                  placeholder={t('request.partner.placeholder')}
                  options={partners.map((p) => ({ value: p.id, label: p.legalName }))}
                  data-testid="request-partner"
                />
              </Form.Item>
              {partner && (
                <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
                  <Descriptions.Item label={t('partner.clearance')}>
                    {wordFor(t, 'grade', partner.clearance)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('partner.tier')}>
                    {wordFor(t, 'partner.tier', partner.riskTier)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('partner.validUntil')}>
                    {formatDate(partner.validUntil)}
                  </Descriptions.Item>
                </Descriptions>
              )}
            </Section>

            <Section title={t('request.section.data')}>
              <Form.Item label={t('request.assets')} name="assetIds" required>
                <Select
                  mode="multiple"
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('request.assets.placeholder')}
                  options={[...assets.values()]
                    .filter((a) => a.status === 'active' || (values.assetIds ?? []).includes(a.id))
                    .map((a) => ({ value: a.id, label: `${a.code} · ${a.name}` }))}
                  data-testid="request-assets"
                />
              </Form.Item>
              {moreAssets && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => loadAssets(moreAssets)}
                  data-testid="request-assets-more"
                >
                  {t('request.assets.more')}
                </Button>
              )}
              {chosenAssets.map((asset, i) =>
                asset ? (
                  <Form.Item
                    key={asset.id}
                    name={['fields', asset.id]}
                    label={
                      <Space wrap size={4}>
                        <span>{t('request.fieldsOf', { asset: `${asset.code} · ${asset.name}` })}</span>
                        <Tag color={asset.grade === 'general' ? undefined : 'orange'}>
                          {wordFor(t, 'grade', asset.grade)}
                        </Tag>
                        {asset.catalogued && <Tag color="purple">{t('inventory.col.catalogued')}</Tag>}
                        {asset.sensitivePersonalInfo ? (
                          <Tag color="red">{t('inventory.col.sensitivePersonalInfo')}</Tag>
                        ) : asset.personalInfo ? (
                          <Tag color="gold">{t('inventory.col.personalInfo')}</Tag>
                        ) : null}
                      </Space>
                    }
                    required
                  >
                    <Checkbox.Group
                      data-testid={`request-fields-${asset.code}`}
                      options={asset.fields.map((f) => ({
                        value: f.name,
                        label: f.personalInfo ? `${f.name}（${t('inventory.field.personalInfo')}）` : f.name,
                      }))}
                    />
                  </Form.Item>
                ) : (
                  <Spin key={values.assetIds?.[i]} size="small" />
                ),
              )}
              <Typography.Text strong>{termWord('term', 'volume', locale)}</Typography.Text>
              <Row gutter={12}>
                {VOLUME_MEASURES.map((measure) => (
                  <Col xs={12} md={6} key={measure}>
                    <Form.Item label={t(`request.volume.${measure}`)} name={['volume', measure]} required>
                      <InputNumber
                        min={0}
                        precision={0}
                        style={{ width: '100%' }}
                        data-testid={`request-volume-${measure}`}
                      />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Section>

            <Section title={t('request.section.purpose')}>
              {TEXT_TERMS.map((term) => (
                <Form.Item key={term} label={t(`request.${term}`)} name={term} required>
                  <Input.TextArea rows={2} maxLength={2000} data-testid={`request-${term}`} />
                </Form.Item>
              ))}
            </Section>

            <Section title={t('request.section.basis')}>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item label={t('agreement.relationship')} name="relationship" required>
                    <Select
                      options={choices(t, 'agreement.relationship', PROVISION_RELATIONSHIPS)}
                      data-testid="request-relationship"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label={termWord('term', 'legalBasis', locale)} name="legalBasis" required>
                    <Select
                      options={choices(t, 'agreement.legalBasis', LEGAL_BASES)}
                      data-testid="request-legal-basis"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    label={termWord('term', 'consentBasis', locale)}
                    name="consentBasis"
                    tooltip={t('request.consentBasis.help')}
                  >
                    <Select
                      allowClear
                      options={choices(t, 'agreement.consentBasis', CONSENT_BASES)}
                      data-testid="request-consent-basis"
                    />
                  </Form.Item>
                </Col>
              </Row>
            </Section>

            <Section title={t('request.section.recipient')}>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item label={termWord('term', 'scenario', locale)} name="scenario" required>
                    <Select
                      options={SHARING_SCENARIOS.map((s) => ({ value: s, label: termWord('scenario', s, locale) }))}
                      data-testid="request-scenario"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={termWord('term', 'recipientType', locale)} name="recipientType" required>
                    <Select
                      options={RECIPIENT_TYPES.map((r) => ({ value: r, label: termWord('recipientType', r, locale) }))}
                      data-testid="request-recipient-type"
                    />
                  </Form.Item>
                </Col>
              </Row>
              {values.recipientType === 'foreign_authority' && (
                <Form.Item label={t('agreement.foreignApproval')} name="foreignAuthorityApproval">
                  <Input maxLength={200} data-testid="request-foreign-approval" />
                </Form.Item>
              )}
              <Space wrap align="start" size={24}>
                <Form.Item label={t('agreement.crossBorder')} name="crossBorder" valuePropName="checked">
                  <Switch data-testid="request-cross-border" />
                </Form.Item>
                {values.crossBorder && (
                  <Form.Item
                    label={t('agreement.destination')}
                    name="destinationCountry"
                    tooltip={t('nominate.dataLocations.help')}
                  >
                    <Input maxLength={2} style={{ width: 120 }} data-testid="request-destination" />
                  </Form.Item>
                )}
                <Form.Item label={t('request.onward')} name="onward" valuePropName="checked">
                  <Switch data-testid="request-onward" />
                </Form.Item>
              </Space>
              {values.onward && (
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item label={t('request.onward.subRecipient')} name="subRecipientPartnerId">
                      <Select
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        options={partners
                          .filter((p) => p.id !== values.partnerId)
                          .map((p) => ({ value: p.id, label: p.legalName }))}
                        data-testid="request-sub-recipient"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item label={t('request.onward.purpose')} name="onwardPurpose">
                      <Input maxLength={2000} data-testid="request-onward-purpose" />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </Section>

            <Section title={t('request.section.transfer')}>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item label={termWord('term', 'frequency', locale)} name="frequency" required>
                    <Select
                      options={choices(t, 'agreement.frequency', TRANSFER_FREQUENCIES)}
                      data-testid="request-frequency"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={termWord('term', 'transferMethod', locale)} name="transferMethod" required>
                    <Select
                      options={choices(t, 'agreement.transferMethod', TRANSFER_METHODS)}
                      data-testid="request-transfer-method"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={termWord('term', 'controls', locale)} name="controls">
                <Checkbox.Group
                  data-testid="request-controls"
                  options={CONTROLS.map((c) => ({
                    value: c,
                    label: (
                      <span data-control={c}>
                        {termWord('control', c, locale)}
                        {preview?.route.requiredControls.some((r) => r.control === c) && (
                          <Typography.Text type="danger"> *</Typography.Text>
                        )}
                      </span>
                    ),
                  }))}
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={12}>
                  <Form.Item label={termWord('term', 'startDate', locale)} name="startDate" required>
                    <DatePicker
                      style={{ width: '100%' }}
                      disabled={props.mode === 'amend'}
                      data-testid="request-start"
                    />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item label={termWord('term', 'endDate', locale)} name="endDate" required>
                    <DatePicker style={{ width: '100%' }} data-testid="request-end" />
                  </Form.Item>
                </Col>
              </Row>
            </Section>

            {props.mode !== 'amend' && (
              <Section title={t('request.section.records')}>
                <Typography.Paragraph type="secondary">{t('request.records.help')}</Typography.Paragraph>
                {PRE_APPROVAL_RECORDS.map((record) => (
                  <Row gutter={12} key={record}>
                    <Col xs={24} md={12}>
                      <Form.Item
                        label={`${termWord('record', record, locale)} · ${t('request.records.reference')}`}
                        name={['records', record, 'reference']}
                      >
                        <Input maxLength={200} data-testid={`request-record-${record}-reference`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item label={t('request.records.issuedAt')} name={['records', record, 'issuedAt']}>
                        <DatePicker style={{ width: '100%' }} data-testid={`request-record-${record}-issued`} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
              </Section>
            )}
          </Form>
        </Col>

        <Col xs={24} lg={10}>
          <div style={wide ? { position: 'sticky', top: 16 } : undefined}>
            <PreviewPanel
              preview={preview}
              previewing={previewing}
              error={previewError}
              missing={missing}
              controls={request?.controls ?? []}
              records={records}
            />
          </div>
        </Col>
      </Row>

      <Flex justify="end" gap={8} wrap style={{ marginTop: 16 }}>
        {mayWithdraw && (
          <Button danger onClick={() => setWithdrawing(true)} data-testid="request-withdraw">
            {t('agreement.withdraw')}
          </Button>
        )}
        {props.mode !== 'amend' && (
          <Button
            disabled={!request || !title || saving !== null}
            loading={saving === 'save'}
            onClick={() => void act('save')}
            data-testid="request-save"
          >
            {t('request.save')}
          </Button>
        )}
        <Button
          type="primary"
          disabled={!request || (!title && props.mode !== 'amend') || saving !== null}
          loading={saving === 'submit'}
          onClick={() => void act('submit')}
          data-testid="request-submit"
        >
          {props.mode === 'amend' ? t('request.submitAmendment') : t('request.submit')}
        </Button>
      </Flex>
      <StepModal
        open={withdrawing}
        title={t('agreement.withdraw')}
        label={t('agreement.withdrawReason')}
        required
        danger
        onCancel={() => setWithdrawing(false)}
        onSubmit={withdraw}
      />
    </Card>
  );
}

/** The last return of the request for changes: who returned it and why. */
function lastReturn(agreement: Agreement) {
  return [...(agreement.decisions ?? [])].reverse().find((d) => d.outcome === 'return');
}

/** The rules' judgement of the request as it stands, or what is still to fill in before they can judge. */
function PreviewPanel(props: {
  preview: Preview | null;
  previewing: boolean;
  error: string | null;
  missing: string[];
  controls: readonly string[];
  records: Records;
}) {
  const { t, locale } = useI18n();
  const { preview } = props;
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('request.preview.title')}
          {props.previewing && <Spin size="small" />}
        </Space>
      }
      data-testid="request-preview"
    >
      {props.missing.length > 0 ? (
        <Alert
          type="info"
          data-testid="request-preview-missing"
          title={t('request.preview.missing', {
            terms: props.missing.map((term) => termWord('term', term, locale)).join(locale === 'en-US' ? ', ' : '、'),
          })}
        />
      ) : props.error ? (
        <Alert type="error" title={props.error} data-testid="request-preview-error" />
      ) : !preview ? (
        <Empty description={t('request.preview.waiting')} />
      ) : (
        <Flex vertical gap={12}>
          {preview.refusals.length > 0 ? (
            <Alert
              type="error"
              data-testid="request-preview-refusals"
              title={reasonTitle(t, 'request.preview.refusals', preview.refusals.length)}
              description={<ReasonList reasons={preview.refusals} />}
            />
          ) : (
            <Alert type="success" title={t('request.preview.approvable')} data-testid="request-preview-approvable" />
          )}
          {preview.approvalBlockers.length > 0 && (
            <Alert
              type="warning"
              data-testid="request-preview-blockers"
              title={reasonTitle(t, 'request.preview.blockers', preview.approvalBlockers.length)}
              description={<ReasonList reasons={preview.approvalBlockers} />}
            />
          )}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('agreement.grade')}>
              <span data-testid="request-preview-grade">{wordFor(t, 'grade', preview.effectiveGrade)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('agreement.reportable')}>
              <span data-testid="request-preview-reportable">{preview.reportable ? t('yes') : t('no')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('agreement.rulesVersion')}>{preview.rulesVersion}</Descriptions.Item>
          </Descriptions>
          {preview.reportable && (
            <ReasonList reasons={preview.reportableReasons} testId="request-preview-reportable-reasons" />
          )}
          <div>
            <Typography.Text strong>{t('agreement.route')}</Typography.Text>
            <RouteStages route={preview.route} testId="request-preview-route" />
          </div>
          <RouteRequirements route={preview.route} controls={props.controls} records={props.records} />
        </Flex>
      )}
    </Card>
  );
}

const reasonTitle = (t: Translate, key: 'request.preview.refusals' | 'request.preview.blockers', count: number) =>
  t(key, { count });
