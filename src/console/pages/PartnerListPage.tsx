import { Button, DatePicker, Input, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { PARTNER_STATUSES, RISK_TIERS, type PartnerStatus, type RiskTier } from '../../../policies/vocabulary';
import { useI18n } from '../i18n';
import { byText, CodeFilter, DueDate, ListPage, Unbroken, type ListColumn } from '../ListPage';
import { partnerHolder, STATUS_COLOURS, TIER_COLOURS, wordFor, type Partner } from '../partners';
import { useSignedIn } from '../session';
import { formatDate, isOverdue } from '../time';
import { NominatePartnerDrawer } from './NominatePartner';

interface Filters {
  status?: PartnerStatus;
  tier?: RiskTier;
  validUntilBefore?: string;
  nominatingUnit?: string;
  [name: string]: string | undefined;
}

/** Every partner the caller may read: who must act on each and by when. */
export function PartnerListPage() {
  const { t } = useI18n();
  const { ability } = useSignedIn();
  const [nominating, setNominating] = useState(false);
  const showsTier = ability.can('read', 'Partner', 'riskTier');

  const columns: ListColumn<Partner>[] = [
    {
      title: t('partner.legalName'),
      dataIndex: 'legalName',
      sorter: byText((p) => p.legalName),
      render: (name: string, p) => (
        <a href={`#/partners/${encodeURIComponent(p.id)}`} data-testid="partner-link">
          {name}
        </a>
      ),
    },
    {
      title: t('partner.creditCode'),
      dataIndex: 'creditCode',
      sorter: byText((p) => p.creditCode),
      render: (code: string) => <Unbroken>{code}</Unbroken>,
    },
    {
      // A partner being vetted says who holds the ball; any other its status.
      title: t('partner.status'),
      dataIndex: 'status',
      card: true,
      sorter: byText((p) => partnerHolder(t, p) ?? wordFor(t, 'partner.status', p.status)),
      render: (s: PartnerStatus, p) => (
        <Tag color={STATUS_COLOURS[s]} data-testid="partner-row-status">
          {partnerHolder(t, p) ?? wordFor(t, 'partner.status', s)}
        </Tag>
      ),
    },
    {
      title: t('list.due'),
      dataIndex: 'dueAt',
      card: true,
      defaultSortOrder: 'ascend',
      sorter: byText((p) => (partnerHolder(t, p) ? p.dueAt : undefined)),
      render: (d: string | undefined, p) => partnerHolder(t, p) && <DueDate dueAt={d} testId="partner-row-due" />,
    },
    ...(showsTier
      ? [
          {
            title: t('partner.tier'),
            dataIndex: 'riskTier',
            card: true,
            sorter: byText((p: Partner) => p.riskTier),
            render: (tier?: RiskTier) =>
              tier && <Tag color={TIER_COLOURS[tier]}>{wordFor(t, 'partner.tier', tier)}</Tag>,
          },
        ]
      : []),
    {
      title: t('partner.validUntil'),
      dataIndex: 'validUntil',
      sorter: byText((p) => p.validUntil),
      render: (d?: string) => <Unbroken>{formatDate(d)}</Unbroken>,
    },
    { title: t('partner.nominatingUnit'), dataIndex: 'nominatingUnit', sorter: byText((p) => p.nominatingUnit) },
  ];

  return (
    <ListPage<Partner, Filters>
      testId="partners"
      title={t('partners.title')}
      path="/api/partners"
      rowKey="id"
      columns={columns}
      overdue={(p) => partnerHolder(t, p) !== undefined && isOverdue(p.dueAt)}
      empty={t('partners.empty')}
      shown={(count) => t('partners.shown', { count })}
      more={t('partners.loadMore')}
      extra={
        ability.can('nominate', 'Partner') && (
          <Button type="primary" onClick={() => setNominating(true)} data-testid="partner-nominate">
            {t('partners.nominate')}
          </Button>
        )
      }
      filters={(filters, setFilter) => (
        <>
          <CodeFilter
            label={t('partners.filter.status')}
            value={filters.status}
            codes={PARTNER_STATUSES}
            word={(s) => wordFor(t, 'partner.status', s)}
            onChange={(status) => setFilter({ status })}
            testId="partners-filter-status"
            width={200}
          />
          {showsTier && (
            <CodeFilter
              label={t('partners.filter.tier')}
              value={filters.tier}
              codes={RISK_TIERS}
              word={(r) => wordFor(t, 'partner.tier', r)}
              onChange={(tier) => setFilter({ tier })}
              testId="partners-filter-tier"
              width={170}
            />
          )}
          <DatePicker
            placeholder={t('partners.filter.validUntilBefore')}
            onChange={(day: Dayjs | null) =>
              setFilter({ validUntilBefore: day ? day.format('YYYY-MM-DD') : undefined })
            }
            data-testid="partners-filter-valid-until"
          />
          <Input.Search
            placeholder={t('partners.filter.unit')}
            allowClear
            style={{ width: 180 }}
            onSearch={(unit) => setFilter({ nominatingUnit: unit.trim() || undefined })}
            data-testid="partners-filter-unit"
          />
        </>
      )}
    >
      <NominatePartnerDrawer
        open={nominating}
        onClose={() => setNominating(false)}
        onNominated={(partner) => {
          setNominating(false);
          window.location.hash = `#/partners/${encodeURIComponent(partner.id)}`;
        }}
      />
    </ListPage>
  );
}
