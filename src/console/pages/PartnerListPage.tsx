import { Alert, Button, Card, DatePicker, Empty, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { PARTNER_STATUSES, RISK_TIERS, type PartnerStatus, type RiskTier } from '../../../policies/vocabulary';
import { api, query } from '../api';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import { STATUS_COLOURS, TIER_COLOURS, wordFor, type Partner } from '../partners';
import { useSignedIn } from '../session';
import { formatDate } from '../time';
import { NominatePartnerDrawer } from './NominatePartner';

interface Filters {
  status?: PartnerStatus;
  tier?: RiskTier;
  validUntilBefore?: string;
  nominatingUnit?: string;
}

const PAGE_SIZE = 20;

/** Every partner the caller may read, filtered on the server, a page at a time ("load more"). */
export function PartnerListPage() {
  const { t } = useI18n();
  const { ability } = useSignedIn();
  const [filters, setFilters] = useState<Filters>({});
  const [items, setItems] = useState<Partner[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [nominating, setNominating] = useState(false);
  // A page that comes back after the filters changed belongs to the old query: it is dropped.
  const generation = useRef(0);
  const showsTier = ability.can('read', 'Partner', 'riskTier');

  const load = useCallback(
    (cursor?: string) => {
      const mine = cursor ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      api<{ items: Partner[]; nextCursor?: string }>(`/api/partners${query({ ...filters, limit: PAGE_SIZE, cursor })}`)
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

  const setFilter = (patch: Filters) => setFilters((f) => ({ ...f, ...patch }));
  const any = t('inventory.filter.any');

  return (
    <Card
      title={t('partners.title')}
      data-testid="partners"
      extra={
        ability.can('nominate', 'Partner') && (
          <Button type="primary" onClick={() => setNominating(true)} data-testid="partner-nominate">
            {t('partners.nominate')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<PartnerStatus | ''>
          style={{ width: 200 }}
          value={filters.status ?? ''}
          onChange={(status) => setFilter({ status: status || undefined })}
          options={[
            { value: '', label: `${t('partners.filter.status')}: ${any}` },
            ...PARTNER_STATUSES.map((s) => ({ value: s, label: wordFor(t, 'partner.status', s) })),
          ]}
          data-testid="partners-filter-status"
        />
        {showsTier && (
          <Select<RiskTier | ''>
            style={{ width: 170 }}
            value={filters.tier ?? ''}
            onChange={(tier) => setFilter({ tier: tier || undefined })}
            options={[
              { value: '', label: `${t('partners.filter.tier')}: ${any}` },
              ...RISK_TIERS.map((r) => ({ value: r, label: wordFor(t, 'partner.tier', r) })),
            ]}
            data-testid="partners-filter-tier"
          />
        )}
        <DatePicker
          placeholder={t('partners.filter.validUntilBefore')}
          onChange={(day: Dayjs | null) => setFilter({ validUntilBefore: day ? day.format('YYYY-MM-DD') : undefined })}
          data-testid="partners-filter-valid-until"
        />
        <Input.Search
          placeholder={t('partners.filter.unit')}
          allowClear
          style={{ width: 180 }}
          onSearch={(unit) => setFilter({ nominatingUnit: unit.trim() || undefined })}
          data-testid="partners-filter-unit"
        />
      </Space>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid="partners-error" />}
      <Table<Partner>
        rowKey="id"
        size="small"
        loading={loading && items.length === 0}
        dataSource={items}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty description={t('partners.empty')} /> }}
        data-testid="partners-table"
        columns={[
          {
            title: t('partner.legalName'),
            dataIndex: 'legalName',
            render: (name: string, p) => (
              <a href={`#/partners/${encodeURIComponent(p.id)}`} data-testid="partner-link">
                {name}
              </a>
            ),
          },
          { title: t('partner.creditCode'), dataIndex: 'creditCode' },
          {
            title: t('partner.status'),
            dataIndex: 'status',
            render: (s: PartnerStatus) => <Tag color={STATUS_COLOURS[s]}>{wordFor(t, 'partner.status', s)}</Tag>,
          },
          { title: t('partner.stage'), dataIndex: 'stage', render: (s?: string) => wordFor(t, 'partner.stage', s) },
          ...(showsTier
            ? [
                {
                  title: t('partner.tier'),
                  dataIndex: 'riskTier',
                  render: (tier?: RiskTier) =>
                    tier && <Tag color={TIER_COLOURS[tier]}>{wordFor(t, 'partner.tier', tier)}</Tag>,
                },
              ]
            : []),
          { title: t('partner.validUntil'), dataIndex: 'validUntil', render: (d?: string) => formatDate(d) },
          { title: t('partner.nominatingUnit'), dataIndex: 'nominatingUnit' },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="partners-shown">
          {t('partners.shown', { count: items.length })}
        </Typography.Text>
        {nextCursor && (
          <Button loading={loading} onClick={() => load(nextCursor)} data-testid="partners-more">
            {t('partners.loadMore')}
          </Button>
        )}
      </Flex>
      <NominatePartnerDrawer
        open={nominating}
        onClose={() => setNominating(false)}
        onNominated={(partner) => {
          setNominating(false);
          window.location.hash = `#/partners/${encodeURIComponent(partner.id)}`;
        }}
      />
    </Card>
  );
}
