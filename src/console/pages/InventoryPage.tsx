import { subject } from '@casl/ability';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { DATA_GRADES } from '../../../policies/vocabulary';
import { api, ApiError, query, tokenStore, type Problem } from '../api';
import { describeError } from '../errors';
import { fieldReason } from '../field-reason';
import { PageHeader } from '../PageHeader';
import { isMessageKey, useI18n, type MessageKey } from '../i18n';
import { useSignedIn } from '../session';

export interface Asset {
  id: string;
  code: string;
  name: string;
  description?: string;
  ownerUnit: string;
  category: string;
  grade: (typeof DATA_GRADES)[number];
  personalInfo: boolean;
  sensitivePersonalInfo: boolean;
  catalogued: boolean;
  fields: { name: string; description?: string; personalInfo: boolean }[];
  status: 'active' | 'retired';
  version: number;
}

interface Filters {
  unit?: string;
  grade?: string;
  personalInfo?: string;
  catalogued?: string;
}

const PAGE_SIZE = 20;

export function InventoryPage() {
  const { t } = useI18n();
  const { claims, ability } = useSignedIn();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ items: Asset[]; nextCursor?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Asset | null>(null);
  const [editing, setEditing] = useState<Asset | 'new' | null>(null);
  const [importing, setImporting] = useState(false);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(() => {
    setError(null);
    api<{ items: Asset[]; nextCursor?: string }>(`/api/assets${query({ ...filters, limit: PAGE_SIZE, cursor })}`)
      .then(setPage)
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [filters, cursor, t]);
  useEffect(load, [load]);

  const yesNo = (value: boolean) => (value ? t('yes') : t('no'));
  const anyYesNo = [
    { value: '', label: t('inventory.filter.any') },
    { value: 'true', label: t('yes') },
    { value: 'false', label: t('no') },
  ];
  const setFilter = (patch: Filters) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([undefined]);
  };

  const exportCsv = async () => {
    const res = await fetch(`/api/assets/export.csv${query({ ...filters, headers: 'zh-CN' })}`, {
      headers: { authorization: `Bearer ${tokenStore.get()}` },
    });
    if (!res.ok) return message.error(describeError(new ApiError({ ...(await res.json()), status: res.status }), t));
    const url = URL.createObjectURL(await res.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: 'data-assets.csv' });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    // The title above the card with its actions beside it (below it on a phone): a card's header would squeeze it out.
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="inventory">
      <PageHeader
        title={t('inventory.title')}
        crumbs={[{ title: t('nav.work'), href: '#/work' }, { title: t('inventory.title') }]}
        extra={
          <>
            {ability.can('create', subject('DataAsset', { ownerUnit: claims.unit })) && (
              <Button type="primary" onClick={() => setEditing('new')} data-testid="asset-new">
                {t('inventory.new')}
              </Button>
            )}
            {ability.can('import', 'DataAsset') && (
              <Button onClick={() => setImporting(true)} data-testid="asset-import">
                {t('inventory.import')}
              </Button>
            )}
            {ability.can('export', 'DataAsset') && (
              <Button onClick={() => void exportCsv()} data-testid="asset-export">
                {t('inventory.export')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder={t('inventory.filter.unit')}
            allowClear
            onSearch={(unit) => setFilter({ unit: unit || undefined })}
            style={{ width: 180 }}
            data-testid="filter-unit"
          />
          <Select
            style={{ width: 150 }}
            value={filters.grade ?? ''}
            onChange={(grade) => setFilter({ grade: grade || undefined })}
            options={[
              { value: '', label: `${t('inventory.filter.grade')}: ${t('inventory.filter.any')}` },
              ...DATA_GRADES.map((g) => ({ value: g, label: t(`grade.${g}` as MessageKey) })),
            ]}
            data-testid="filter-grade"
          />
          <Select
            style={{ width: 150 }}
            value={filters.personalInfo ?? ''}
            onChange={(v) => setFilter({ personalInfo: v || undefined })}
            options={anyYesNo.map((o) => ({ ...o, label: `${t('inventory.filter.pi')}: ${o.label}` }))}
          />
          <Select
            style={{ width: 170 }}
            value={filters.catalogued ?? ''}
            onChange={(v) => setFilter({ catalogued: v || undefined })}
            options={anyYesNo.map((o) => ({ ...o, label: `${t('inventory.filter.catalogued')}: ${o.label}` }))}
          />
        </Space>
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="inventory-error" />}
        <Table<Asset>
          rowKey="id"
          size="small"
          loading={page === null && !error}
          dataSource={page?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          onRow={(asset) => ({ onClick: () => setSelected(asset), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('inventory.col.code'), dataIndex: 'code' },
            { title: t('inventory.col.name'), dataIndex: 'name' },
            { title: t('inventory.col.ownerUnit'), dataIndex: 'ownerUnit' },
            { title: t('inventory.col.grade'), dataIndex: 'grade', render: (g: string) => <GradeTag grade={g} /> },
            { title: t('inventory.col.personalInfo'), dataIndex: 'personalInfo', render: yesNo },
            { title: t('inventory.col.catalogued'), dataIndex: 'catalogued', render: yesNo },
            {
              title: t('inventory.col.status'),
              dataIndex: 'status',
              render: (s: string) => t(`status.${s}` as MessageKey),
            },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={cursors.length === 1} onClick={() => setCursors([undefined])}>
            {t('inventory.first')}
          </Button>
          <Button
            disabled={!page?.nextCursor}
            onClick={() => setCursors((c) => [...c, page?.nextCursor])}
            data-testid="page-next"
          >
            {t('inventory.next')}
          </Button>
        </Space>

        <AssetDrawer
          asset={selected}
          onClose={() => setSelected(null)}
          onEdit={(a) => setEditing(a)}
          onChanged={load}
        />
        {editing && (
          <AssetForm
            asset={editing === 'new' ? null : editing}
            defaultUnit={claims.unit}
            onClose={() => setEditing(null)}
            onSaved={(saved) => {
              setEditing(null);
              setSelected(saved);
              message.success(t('inventory.saved'));
              load();
            }}
          />
        )}
        <ImportModal open={importing} onClose={() => setImporting(false)} onImported={load} />
      </Card>
    </Space>
  );
}

function GradeTag({ grade }: { grade: string }) {
  const { t } = useI18n();
  const color = grade === 'core' ? 'red' : grade === 'important' ? 'orange' : 'default';
  return <Tag color={color}>{t(`grade.${grade}` as MessageKey)}</Tag>;
}

function AssetDrawer(props: {
  asset: Asset | null;
  onClose: () => void;
  onEdit: (a: Asset) => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { ability } = useSignedIn();
  const { message, modal } = App.useApp();
  const asset = props.asset;
  const yesNo = (v: boolean) => (v ? t('yes') : t('no'));

  const retire = () => {
    if (!asset) return;
    let reason = '';
    modal.confirm({
      title: t('inventory.retire'),
      content: (
        <Input
          placeholder={t('inventory.retireReason')}
          onChange={(e) => (reason = e.target.value)}
          data-testid="retire-reason"
        />
      ),
      onOk: async () => {
        try {
          await api(`/api/assets/${asset.id}/retire`, { method: 'POST', json: { reason, version: asset.version } });
          props.onClose();
          props.onChanged();
        } catch (err) {
          message.error(describeError(err, t));
          throw err;
        }
      },
    });
  };

  return (
    <Drawer
      open={asset !== null}
      onClose={props.onClose}
      title={t('inventory.detail')}
      size={window.innerWidth < 680 ? window.innerWidth : 640}
      data-testid="asset-drawer"
    >
      {asset && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('inventory.col.code')}>{asset.code}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.name')}>{asset.name}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.description')}>{asset.description}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.ownerUnit')}>{asset.ownerUnit}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.category')}>{asset.category}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.grade')}>
              <GradeTag grade={asset.grade} />
            </Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.personalInfo')}>{yesNo(asset.personalInfo)}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.sensitivePersonalInfo')}>
              {yesNo(asset.sensitivePersonalInfo)}
            </Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.catalogued')}>{yesNo(asset.catalogued)}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.status')}>
              {t(`status.${asset.status}` as MessageKey)}
            </Descriptions.Item>
            <Descriptions.Item label={t('inventory.col.version')}>{asset.version}</Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={asset.fields}
            columns={[
              { title: t('inventory.field.name'), dataIndex: 'name' },
              { title: t('inventory.field.description'), dataIndex: 'description' },
              { title: t('inventory.field.personalInfo'), dataIndex: 'personalInfo', render: yesNo },
            ]}
          />
          <Space style={{ marginTop: 16 }}>
            {asset.status === 'active' && ability.can('update', subject('DataAsset', { ...asset })) && (
              <Button onClick={() => props.onEdit(asset)} data-testid="asset-edit">
                {t('inventory.edit')}
              </Button>
            )}
            {asset.status === 'active' && ability.can('retire', subject('DataAsset', { ...asset })) && (
              <Button danger onClick={retire} data-testid="asset-retire">
                {t('inventory.retire')}
              </Button>
            )}
          </Space>
        </>
      )}
    </Drawer>
  );
}

type FormValues = Omit<Asset, 'id' | 'status' | 'version'>;

/** Create and edit with the API's own validation: its per-field problems are shown on the fields. */
function AssetForm(props: {
  asset: Asset | null;
  defaultUnit?: string;
  onClose: () => void;
  onSaved: (a: Asset) => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const initial: Partial<FormValues> = props.asset ?? {
    ownerUnit: props.defaultUnit ?? '',
    grade: 'general',
    personalInfo: false,
    sensitivePersonalInfo: false,
    catalogued: false,
    fields: [],
  };

  const save = async () => {
    const values = form.getFieldsValue(true) as FormValues;
    const body = {
      ...values,
      fields: (values.fields ?? []).map((f) => ({ ...f, personalInfo: Boolean(f.personalInfo) })),
    };
    if (!body.description) delete body.description;
    setSaving(true);
    setError(null);
    try {
      const saved = props.asset
        ? await api<Asset>(`/api/assets/${props.asset.id}`, {
            method: 'PATCH',
            json: {
              ...Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'code')),
              version: props.asset.version,
            },
          })
        : await api<Asset>('/api/assets', { method: 'POST', json: body });
      props.onSaved(saved);
    } catch (err) {
      const problem = (err as ApiError).problem as Problem | undefined;
      const params = problem?.['invalid-params'] ?? [];
      const fields: { name: (string | number)[]; errors: string[] }[] = [
        ...form.getFieldsError().map((f) => ({ name: f.name, errors: [] })),
        ...params.map((p) => ({
          name: p.name.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
          errors: [fieldReason(p, t, locale)],
        })),
      ];
      // The API names fields by path; the form's type knows only the paths it declares.
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      if (params.length === 0) setError(describeError(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={props.asset ? t('inventory.edit') : t('inventory.new')}
      onCancel={props.onClose}
      onOk={() => void save()}
      okText={t('inventory.save')}
      cancelText={t('inventory.cancel')}
      confirmLoading={saving}
      width={640}
      okButtonProps={{ 'data-testid': 'asset-save' }}
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="asset-form-error" />}
      <Form form={form} layout="vertical" initialValues={initial} data-testid="asset-form">
        <Form.Item name="code" label={t('inventory.col.code')}>
          <Input disabled={props.asset !== null} data-testid="asset-code" />
        </Form.Item>
        <Form.Item name="name" label={t('inventory.col.name')}>
          <Input data-testid="asset-name" />
        </Form.Item>
        <Form.Item name="description" label={t('inventory.col.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="ownerUnit" label={t('inventory.col.ownerUnit')}>
            <Input data-testid="asset-unit" />
          </Form.Item>
          <Form.Item name="category" label={t('inventory.col.category')}>
            <Input data-testid="asset-category" />
          </Form.Item>
          <Form.Item name="grade" label={t('inventory.col.grade')}>
            <Select
              style={{ width: 140 }}
              options={DATA_GRADES.map((g) => ({ value: g, label: t(`grade.${g}` as MessageKey) }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="personalInfo" valuePropName="checked">
            <Checkbox>{t('inventory.col.personalInfo')}</Checkbox>
          </Form.Item>
          <Form.Item name="sensitivePersonalInfo" valuePropName="checked">
            <Checkbox>{t('inventory.col.sensitivePersonalInfo')}</Checkbox>
          </Form.Item>
          <Form.Item name="catalogued" valuePropName="checked">
            <Checkbox>{t('inventory.col.catalogued')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.List name="fields">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item name={[field.name, 'name']} label={t('inventory.field.name')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} label={t('inventory.field.description')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'personalInfo']} valuePropName="checked" label=" ">
                    <Checkbox>{t('inventory.field.personalInfo')}</Checkbox>
                  </Form.Item>
                  <Form.Item label=" ">
                    <Button onClick={() => remove(field.name)}>{t('inventory.field.remove')}</Button>
                  </Form.Item>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', personalInfo: false })}>{t('inventory.field.add')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function ImportModal(props: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [errors, setErrors] = useState<Problem['errors'] | null>(null);
  const [errorCount, setErrorCount] = useState(0);

  const upload = async (file: File) => {
    setErrors(null);
    try {
      const result = await api<{ imported: number }>('/api/assets/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: await file.text(),
      });
      message.success(t('inventory.import.done', { count: result.imported }));
      props.onImported();
      props.onClose();
    } catch (err) {
      const problem = (err as ApiError).problem;
      if (problem?.errors) {
        setErrors(problem.errors);
        setErrorCount(problem.errorCount ?? problem.errors.length);
      } else message.error(describeError(err, t));
    }
    return false;
  };

  return (
    <Modal open={props.open} title={t('inventory.import.title')} onCancel={props.onClose} footer={null} width={720}>
      <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(file) => upload(file)}>
        <Button data-testid="import-choose">{t('inventory.import.choose')}</Button>
      </Upload>
      {errors && (
        <>
          <Alert
            type="error"
            style={{ marginTop: 12 }}
            title={t('inventory.import.failed', { count: errorCount })}
            description={
              errorCount > errors.length ? t('inventory.import.firstShown', { shown: errors.length }) : undefined
            }
            data-testid="import-failed"
          />
          <Table
            size="small"
            style={{ marginTop: 12 }}
            rowKey={(e) => `${e.line}:${e.column}:${e.message}`}
            dataSource={errors}
            pagination={false}
            data-testid="import-errors"
            columns={[
              { title: t('inventory.import.line'), dataIndex: 'line', width: 70 },
              { title: t('inventory.import.column'), dataIndex: 'column', width: 120 },
              {
                title: t('inventory.import.message'),
                render: (_, e) => (isMessageKey(e.code) ? t(e.code, e.params) : e.message),
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
