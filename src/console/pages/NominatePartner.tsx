import {
  App,
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { CERTIFICATION_KINDS, type CertificationKind } from '../../../policies/vocabulary';
import { api, type ApiError, type Problem } from '../api';
import { describeError } from '../errors';
import { fieldReason } from '../field-reason';
import { useI18n, type Translate } from '../i18n';
import { countryName, idempotencyKey, wordFor, type Partner } from '../partners';

interface Values {
  legalName?: string;
  creditCode?: string;
  contacts?: { name?: string; email?: string; phone?: string }[];
  dataLocations?: string[];
  website?: string;
  certifications?: { kind?: CertificationKind; level?: number | null; number?: string; expiresAt?: Dayjs | null }[];
}

/** Places a partner may keep data that are offered by name; any other two-letter code can be typed. */
const SUGGESTED_LOCATIONS = ['CN', 'HK', 'MO', 'SG', 'JP', 'KR', 'DE', 'US'];

const blankToUndefined = (v?: string | null) => (v && v.trim() ? v.trim() : undefined);

/** The nomination as the API takes it; what the form leaves empty is left out, so the API judges the rest. */
function bodyOf(values: Values) {
  return {
    legalName: values.legalName ?? '',
    creditCode: values.creditCode ?? '',
    contacts: (values.contacts ?? []).map((c) => ({
      name: c.name ?? '',
      ...(blankToUndefined(c.email) ? { email: blankToUndefined(c.email) } : {}),
      ...(blankToUndefined(c.phone) ? { phone: blankToUndefined(c.phone) } : {}),
    })),
    dataLocations: values.dataLocations ?? [],
    ...(blankToUndefined(values.website) ? { website: blankToUndefined(values.website) } : {}),
    certifications: (values.certifications ?? []).map((c) => ({
      kind: c.kind,
      ...(c.kind !== 'iso27001' && c.level != null ? { level: c.level } : {}),
      ...(blankToUndefined(c.number) ? { number: blankToUndefined(c.number) } : {}),
      ...(c.expiresAt ? { expiresAt: c.expiresAt.format('YYYY-MM-DD') } : {}),
    })),
  };
}

/** `contacts.0.email` → ['contacts', 0, 'email']; a data location's problem goes on the locations field. */
function fieldOf(name: string): (string | number)[] {
  const path = name.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return path[0] === 'dataLocations' ? ['dataLocations'] : path;
}

const FIELD_WORDS: Record<string, Parameters<Translate>[0]> = {
  legalName: 'partner.legalName',
  creditCode: 'partner.creditCode',
  contacts: 'partner.contacts',
  dataLocations: 'partner.dataLocations',
  website: 'partner.website',
  certifications: 'partner.certifications',
  name: 'contact.name',
  email: 'contact.email',
  phone: 'contact.phone',
  kind: 'cert.kind',
  level: 'cert.level',
  number: 'cert.number',
  expiresAt: 'cert.expiresAt',
};

/** `contacts.0.email` → "联系人 #1 · 邮箱": the field in the form's own words. */
function fieldLabel(name: string, t: Translate): string {
  return name
    .split('.')
    .map((part) => {
      if (/^\d+$/.test(part)) return `#${Number(part) + 1}`;
      const key = FIELD_WORDS[part];
      return key ? t(key) : part;
    })
    .join(' · ')
    .replace(/ · #/g, ' #');
}

export function NominatePartnerDrawer(props: {
  open: boolean;
  onClose: () => void;
  onNominated: (partner: Partner) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  // Untyped: the API's problems name fields by path (`contacts.0.email`), set as they come.
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<{ text: string; params: Problem['invalid-params']; partnerId?: string }>();
  const [saving, setSaving] = useState(false);
  const [key, setKey] = useState(idempotencyKey);
  const certifications = Form.useWatch('certifications', form) as Values['certifications'];

  // Each opening is a new nomination, with its own Idempotency-Key.
  useEffect(() => {
    if (props.open) setKey(idempotencyKey());
  }, [props.open]);

  const submit = async () => {
    const values = form.getFieldsValue(true) as Values;
    setSaving(true);
    setProblem(undefined);
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
    try {
      const partner = await api<Partner>('/api/partners', {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        json: bodyOf(values),
      });
      message.success(t('nominate.done', { legalName: partner.legalName }));
      form.resetFields();
      props.onNominated(partner);
    } catch (err) {
      const found = (err as ApiError).problem as Problem | undefined;
      const params = found?.['invalid-params'] ?? [];
      form.setFields(params.map((p) => ({ name: fieldOf(p.name), errors: [fieldReason(p, t, locale)] })));
      const existing = found?.code === 'partner.already_nominated' ? found.params?.partnerId : undefined;
      setProblem({ text: describeError(err, t), params, ...(existing ? { partnerId: String(existing) } : {}) });
    } finally {
      setSaving(false);
    }
  };

  const wide = window.innerWidth >= 760;
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={t('nominate.title')}
      size={wide ? 720 : window.innerWidth}
      destroyOnHidden
      data-testid="nominate-drawer"
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={props.onClose}>{t('partner.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="nominate-submit">
            {t('nominate.submit')}
          </Button>
        </Flex>
      }
    >
      {problem && (
        <Alert
          type="error"
          style={{ marginBottom: 12 }}
          data-testid="nominate-error"
          title={problem.text}
          description={
            (problem.params?.length || problem.partnerId) && (
              <>
                {problem.params && problem.params.length > 0 && (
                  <>
                    <Typography.Text>{t('nominate.invalid')}</Typography.Text>
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {problem.params.map((p) => (
                        <li key={`${p.name}:${p.reason}`} data-field={p.name}>
                          <Typography.Text strong>{fieldLabel(p.name, t)}</Typography.Text>: {fieldReason(p, t, locale)}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {problem.partnerId && (
                  <a href={`#/partners/${encodeURIComponent(problem.partnerId)}`} data-testid="nominate-existing">
                    {t('nominate.existing')}
                  </a>
                )}
              </>
            )
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ contacts: [{}], dataLocations: ['CN'], certifications: [] }}
        data-testid="nominate-form"
      >
        <Form.Item name="legalName" label={t('partner.legalName')}>
          <Input maxLength={200} data-testid="nominate-legal-name" />
        </Form.Item>
        <Form.Item name="creditCode" label={t('partner.creditCode')}>
          <Input maxLength={18} style={{ maxWidth: 280 }} data-testid="nominate-credit-code" />
        </Form.Item>
        <Form.Item name="website" label={t('partner.website')}>
          <Input type="url" maxLength={200} placeholder="https://" data-testid="nominate-website" />
        </Form.Item>

        <Typography.Title level={5}>{t('partner.contacts')}</Typography.Title>
        <Form.List name="contacts">
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8} style={{ marginBottom: 16 }}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={`#${index + 1}`}
                  data-testid="nominate-contact"
                  extra={
                    fields.length > 1 && (
                      <Button size="small" onClick={() => remove(field.name)}>
                        {t('nominate.remove')}
                      </Button>
                    )
                  }
                >
                  <Row gutter={12}>
                    <Col xs={24} sm={8}>
                      <Form.Item name={[field.name, 'name']} label={t('contact.name')}>
                        <Input maxLength={100} data-testid={`nominate-contact-name-${field.name}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={8}>
                      <Form.Item name={[field.name, 'email']} label={t('contact.email')}>
                        <Input type="email" maxLength={200} data-testid={`nominate-contact-email-${field.name}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={8}>
                      <Form.Item name={[field.name, 'phone']} label={t('contact.phone')}>
                        <Input type="tel" maxLength={20} data-testid={`nominate-contact-phone-${field.name}`} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <div>
                <Button onClick={() => add({})} data-testid="nominate-contact-add">
                  {t('nominate.contact.add')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>

        <Form.Item
          name="dataLocations"
          label={t('partner.dataLocations')}
          extra={t('nominate.dataLocations.help')}
          normalize={(codes: string[]) => [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))]}
        >
          <Select
            mode="tags"
            tokenSeparators={[',', ' ', '，']}
            options={SUGGESTED_LOCATIONS.map((c) => ({ value: c, label: countryName(c, locale) }))}
            data-testid="nominate-locations"
          />
        </Form.Item>

        <Typography.Title level={5}>{t('partner.certifications')}</Typography.Title>
        <Form.List name="certifications">
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8}>
              {fields.map((field, index) => {
                const kind = certifications?.[field.name]?.kind;
                return (
                  <Card
                    key={field.key}
                    size="small"
                    title={`#${index + 1}`}
                    data-testid="nominate-certification"
                    extra={
                      <Button size="small" onClick={() => remove(field.name)}>
                        {t('nominate.remove')}
                      </Button>
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={24} sm={12}>
                        <Form.Item name={[field.name, 'kind']} label={t('cert.kind')}>
                          <Select
                            options={CERTIFICATION_KINDS.map((k) => ({ value: k, label: wordFor(t, 'cert', k) }))}
                            data-testid={`nominate-cert-kind-${field.name}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12}>
                        <Form.Item name={[field.name, 'level']} label={t('cert.level')}>
                          <InputNumber
                            min={1}
                            max={5}
                            precision={0}
                            disabled={kind === 'iso27001'}
                            style={{ width: '100%' }}
                            data-testid={`nominate-cert-level-${field.name}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12}>
                        <Form.Item name={[field.name, 'number']} label={t('cert.number')}>
                          <Input maxLength={100} data-testid={`nominate-cert-number-${field.name}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12}>
                        <Form.Item name={[field.name, 'expiresAt']} label={t('cert.expiresAt')}>
                          <DatePicker style={{ width: '100%' }} data-testid={`nominate-cert-expires-${field.name}`} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                );
              })}
              <Form.ErrorList errors={errors} />
              <div>
                <Button onClick={() => add({ kind: 'iso27001' })} data-testid="nominate-cert-add">
                  {t('nominate.cert.add')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
