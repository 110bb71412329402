import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AGREEMENT_STATUSES, DATA_GRADES, type AgreementStatus, type DataGrade } from '../../../policies/vocabulary';
import {
  AGREEMENT_STATUS_COLOURS,
  agreementLink,
  awaitingText,
  isOverdue,
  statusWord,
  termText,
  type AgreementRow,
} from '../agreements';
import { api, query } from '../api';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import { wordFor, type Partner } from '../partners';
import { useSignedIn } from '../session';
import { formatTime } from '../time';

interface Filters {
  status?: AgreementStatus;
  partnerId?: string;
  unit?: string;
  grade?: DataGrade;
  endMonth?: string;
  awaitingMe?: 'true';
}

const PAGE_SIZE = 20;
const OVERDUE_BACKGROUND = '#fff1f0';
/** The partners offered in the filter: the first ones by id (the filter is for finding, not for browsing). */
const PARTNER_OPTIONS = 200;

/** Every agreement the caller may read, filtered on the server, a page at a time ("load more"). */
export function AgreementListPage() {
  const { t } = useI18n();
  const { ability, claims } = useSignedIn();
  const [filters, setFilters] = useState<Filters>({});
  const [items, setItems] = useState<AgreementRow[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [partners, setPartners] = useState<Partner[]>([]);
  // A page that comes back after the filters changed belongs to the old query: it is dropped.
  const generation = useRef(0);

  const load = useCallback(
    (cursor?: string) => {
      const mine = cursor ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      api<{ items: AgreementRow[]; nextCursor?: string }>(
        `/api/agreements${query({ ...filters, limit: PAGE_SIZE, cursor })}`,
      )
        .then((page) => {
          if (mine !== generation.current) return;
          setItems((shown) => (cursor ? [...shown, ...page.items] : page.items));
          setNextCursor(page.nextCursor);
        })
        .catch((err: unknown) => mine === generation.current && setError(describeError(err, t)))
        .finally(() => mine === generation.current && setLoading(false));
    },
    [filters, t],
  );
  useEffect(() => load(), [load]);

  useEffect(() => {
    if (!ability.can('read', 'Partner')) return;
    api<{ items: Partner[] }>(`/api/partners${query({ limit: PARTNER_OPTIONS })}`)
      .then((page) => setPartners(page.items))
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [ability, t]);

  const setFilter = (patch: Filters) => setFilters((f) => ({ ...f, ...patch }));
  const any = t('inventory.filter.any');
  const mayRequest = Boolean(claims.unit) && ability.can('create', 'Agreement');

  return (
    <Card
      title={t('agreements.title')}
      data-testid="agreements"
      extra={
        mayRequest && (
          <Button type="primary" href="#/agreements/new" data-testid="agreement-new">
            {t('agreements.new')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<AgreementStatus | ''>
          style={{ width: 200 }}
          value={filters.status ?? ''}
          onChange={(status) => setFilter({ status: status || undefined })}
          options={[
            { value: '', label: `${t('agreements.filter.status')}: ${any}` },
            ...AGREEMENT_STATUSES.map((s) => ({ value: s, label: statusWord(t, s) })),
          ]}
          data-testid="agreements-filter-status"
        />
        <Select<string>
          style={{ width: 240 }}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('agreements.filter.partner')}
          value={filters.partnerId}
          onChange={(partnerId) => setFilter({ partnerId: partnerId || undefined })}
          options={partners.map((p) => ({ value: p.id, label: p.legalName }))}
          data-testid="agreements-filter-partner"
        />
        <Input.Search
          placeholder={t('agreements.filter.unit')}
          allowClear
          style={{ width: 180 }}
          onSearch={(unit) => setFilter({ unit: unit.trim() || undefined })}
          data-testid="agreements-filter-unit"
        />
        <Select<DataGrade | ''>
          style={{ width: 170 }}
          value={filters.grade ?? ''}
          onChange={(grade) => setFilter({ grade: grade || undefined })}
          options={[
            { value: '', label: `${t('agreements.filter.grade')}: ${any}` },
            ...DATA_GRADES.map((g) => ({ value: g, label: wordFor(t, 'grade', g) })),
          ]}
          data-testid="agreements-filter-grade"
        />
        <DatePicker
          picker="month"
          placeholder={t('agreements.filter.endMonth')}
          onChange={(month: Dayjs | null) => setFilter({ endMonth: month ? month.format('YYYY-MM') : undefined })}
          data-testid="agreements-filter-end-month"
        />
        <Checkbox
          checked={filters.awaitingMe === 'true'}
          onChange={(e) => setFilter({ awaitingMe: e.target.checked ? 'true' : undefined })}
          data-testid="agreements-filter-awaiting-me"
        >
          {t('agreements.filter.awaitingMe')}
        </Checkbox>
      </Space>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="agreements-error" />}
      <Table<AgreementRow>
        rowKey="id"
        size="small"
        loading={loading && items.length === 0}
        dataSource={items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty description={t('agreements.empty')} /> }}
        data-testid="agreements-table"
        // An overdue step stands out in the list.
        onRow={(row) => (isOverdue(row.dueAt) ? { style: { background: OVERDUE_BACKGROUND } } : {})}
        columns={[
          {
            title: t('agreement.title'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <a href={agreementLink(row.id)} data-testid="agreement-link">
                {title}
              </a>
            ),
          },
          { title: t('agreement.partner'), dataIndex: 'partnerName' },
          { title: t('agreement.requestingUnit'), dataIndex: 'requestingUnit' },
          {
            title: t('agreement.status'),
            dataIndex: 'status',
            render: (s: AgreementStatus) => (
              <Tag color={AGREEMENT_STATUS_COLOURS[s]} data-testid="agreement-row-status">
                {statusWord(t, s)}
              </Tag>
            ),
          },
          { title: t('agreement.grade'), dataIndex: 'effectiveGrade', render: (g: string) => wordFor(t, 'grade', g) },
          { title: t('agreement.term'), key: 'term', render: (_: unknown, row) => termText(row) },
          {
            title: t('agreement.awaiting'),
            key: 'awaiting',
            render: (_: unknown, row) =>
              row.awaiting ? (
                <Flex vertical>
                  <span>{awaitingText(t, row.awaiting, row.partnerName)}</span>
                  {row.dueAt && (
                    <span data-testid="agreement-row-due">
                      {isOverdue(row.dueAt) ? (
                        <Tag color="red">
                          {t('work.overdue')} · {formatTime(row.dueAt)}
                        </Tag>
                      ) : (
                        <Typography.Text type="secondary">
                          {t('work.due')}: {formatTime(row.dueAt)}
                        </Typography.Text>
                      )}
                    </span>
                  )}
                </Flex>
              ) : null,
          },
          {
            title: t('agreement.attestation'),
            dataIndex: 'attestation',
            render: (a?: string) =>
              a ? (
                <Tag color={a === 'overdue' ? 'red' : undefined}>{wordFor(t, 'agreement.attestationStatus', a)}</Tag>
              ) : null,
          },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="agreements-shown">
          {t('agreements.shown', { count: items.length })}
        </Typography.Text>
        {nextCursor && (
          <Button loading={loading} onClick={() => load(nextCursor)} data-testid="agreements-more">
            {t('partners.loadMore')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
