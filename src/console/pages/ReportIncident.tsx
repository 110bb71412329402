import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { INCIDENT_MEASURES } from '../../../policies/incident-grading';
import { INCIDENT_KINDS, type IncidentKind } from '../../../policies/vocabulary';
import { api, query, type ApiError } from '../api';
import { describeError } from '../errors';
import { fieldReason } from '../field-reason';
import { useI18n } from '../i18n';
import { incidentWord, type Incident } from '../incidents';
import type { Partner } from '../partners';

interface ReportForm {
  partnerId: string;
  kind: IncidentKind;
  title: string;
  description: string;
  detectedAt: Dayjs;
  importantOrCoreData: boolean;
  drill: boolean;
  estimates: Record<(typeof INCIDENT_MEASURES)[number], number>;
}

/** The approved partners a report may name (the incident contains every live agreement of the one chosen). */
const PARTNER_CHOICES = 100;
const REPORT_WIDTH = 720;

/**
 * A reviewer's or the DSO's report of an incident (or a drill): the partner, what happened, when it was
 * detected, and the estimates it is graded by. The API starts its workflow, which contains every live
 * agreement of the partner at once; the drawer then opens the incident. A partner's own user reports
 * about its own organisation (`ownPartnerId`): no partner to choose, and no drill.
 */
export function ReportIncidentDrawer(props: {
  open: boolean;
  onClose: () => void;
  onReported: (incident: Incident) => void;
  ownPartnerId?: string;
}) {
  const own = props.ownPartnerId;
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ReportForm>();
  const [partners, setPartners] = useState<Partner[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!props.open || own) return;
    api<{ items: Partner[] }>(`/api/partners${query({ status: 'approved', limit: PARTNER_CHOICES })}`)
      .then((page) => setPartners(page.items))
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [props.open, own, t]);

  const submit = (values: ReportForm) => {
    setBusy(true);
    setError(null);
    api<Incident>('/api/incidents', {
      method: 'POST',
      json: {
        partnerId: own ?? values.partnerId,
        kind: values.kind,
        title: values.title.trim(),
        description: values.description.trim(),
        detectedAt: values.detectedAt.toISOString(),
        data: { importantOrCoreData: values.importantOrCoreData },
        estimates: values.estimates,
        drill: own ? false : values.drill,
      },
    })
      .then((incident) => {
        form.resetFields();
        props.onReported(incident);
      })
      .catch((err: unknown) => {
        // The server's word on each field it refused, under the field (`estimates.outageHours`).
        const params = (err as ApiError).problem?.['invalid-params'] ?? [];
        // Untyped: the API names fields by path, set as they come.
        (form as FormInstance).setFields(
          params.map((p) => ({ name: fieldOf(p.name), errors: [fieldReason(p, t, locale)] })),
        );
        setError(describeError(err, t));
      })
      .finally(() => setBusy(false));
  };

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={t('incidents.report')}
      size={Math.min(REPORT_WIDTH, window.innerWidth)}
      destroyOnHidden
      data-testid="report-incident"
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="report-error" />}
      <Form<ReportForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: 'leak',
          detectedAt: dayjs(),
          importantOrCoreData: false,
          drill: false,
          estimates: Object.fromEntries(INCIDENT_MEASURES.map((m) => [m, 0])),
        }}
      >
        {!own && (
          <Form.Item
            name="partnerId"
            label={t('incident.partner')}
            rules={[{ required: true, message: t('report.required') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={partners.map((p) => ({ value: p.id, label: `${p.legalName} (${p.creditCode})` }))}
              data-testid="report-partner"
            />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('incident.kind')}>
          <Select
            options={INCIDENT_KINDS.map((k) => ({ value: k, label: incidentWord(locale, 'incidentKind', k) }))}
            data-testid="report-kind"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('incident.title')}
          rules={[{ required: true, whitespace: true, message: t('report.required') }]}
        >
          <Input maxLength={200} data-testid="report-title" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('incident.description')}
          rules={[{ required: true, whitespace: true, message: t('report.required') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="report-description" />
        </Form.Item>
        <Form.Item
          name="detectedAt"
          label={t('incident.detectedAt')}
          rules={[{ required: true, message: t('report.required') }]}
        >
          <DatePicker showTime disabledDate={(day) => day.isAfter(dayjs(), 'day')} data-testid="report-detected-at" />
        </Form.Item>
        {INCIDENT_MEASURES.map((measure) => (
          <Form.Item key={measure} name={['estimates', measure]} label={incidentWord(locale, 'measure', measure)}>
            <InputNumber min={0} style={{ width: 200 }} data-testid={`report-${measure}`} />
          </Form.Item>
        ))}
        <Space orientation="vertical">
          <Form.Item name="importantOrCoreData" valuePropName="checked" noStyle>
            <Checkbox data-testid="report-important">{t('report.importantOrCoreData')}</Checkbox>
          </Form.Item>
          {!own && (
            <Form.Item name="drill" valuePropName="checked" noStyle>
              <Checkbox data-testid="report-drill">{t('report.drill')}</Checkbox>
            </Form.Item>
          )}
        </Space>
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="report-submit">
            {t('report.submit')}
          </Button>
        </div>
      </Form>
    </Drawer>
  );
}

/** A form field's path from the name the API gives it (`estimates.outageHours`, `data.importantOrCoreData`). */
function fieldOf(name: string): (string | number)[] {
  const path = name.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return path[0] === 'data' ? ['importantOrCoreData'] : path;
}
