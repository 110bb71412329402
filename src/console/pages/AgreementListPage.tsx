import { Checkbox, DatePicker, Button, Input, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { AGREEMENT_STATUSES, DATA_GRADES, type AgreementStatus, type DataGrade } from '../../../policies/vocabulary';
import {
  AGREEMENT_STATUS_COLOURS,
  agreementLink,
  awaitingText,
  statusWord,
  termText,
  type AgreementRow,
} from '../agreements';
import { api, query } from '../api';
import { describeError } from '../errors';
import { useI18n } from '../i18n';
import { byText, CodeFilter, DueDate, ListPage, Unbroken, type ListColumn } from '../ListPage';
import { wordFor, type Partner } from '../partners';
import { useSignedIn } from '../session';
import { isOverdue } from '../time';

interface Filters {
  status?: AgreementStatus;
  partnerId?: string;
  unit?: string;
  grade?: DataGrade;
  endMonth?: string;
  awaitingMe?: 'true';
  [name: string]: string | undefined;
}

/** The partners offered in the filter: the first ones by id (the filter is for finding, not for browsing). */
const PARTNER_OPTIONS = 200;

/** Every agreement the caller may read: who must act on each and by when. */
export function AgreementListPage() {
  const { t } = useI18n();
  const { ability, claims } = useSignedIn();
  const [partners, setPartners] = useState<Partner[]>([]);
  const [partnersError, setPartnersError] = useState<string | null>(null);

  useEffect(() => {
    if (!ability.can('read', 'Partner')) return;
    api<{ items: Partner[] }>(`/api/partners${query({ limit: PARTNER_OPTIONS })}`)
      .then((page) => setPartners(page.items))
      .catch((err: unknown) => setPartnersError(describeError(err, t)));
  }, [ability, t]);

  const mayRequest = Boolean(claims.unit) && ability.can('create', 'Agreement');
  const holder = (row: AgreementRow) => (row.awaiting ? awaitingText(t, row.awaiting, row.partnerName) : undefined);
  const columns: ListColumn<AgreementRow>[] = [
    {
      title: t('agreement.title'),
      dataIndex: 'title',
      sorter: byText((row) => row.title),
      render: (title: string, row) => (
        <a href={agreementLink(row.id)} data-testid="agreement-link">
          {title}
        </a>
      ),
    },
    { title: t('agreement.partner'), dataIndex: 'partnerName', sorter: byText((row) => row.partnerName) },
    { title: t('agreement.requestingUnit'), dataIndex: 'requestingUnit', sorter: byText((row) => row.requestingUnit) },
    {
      title: t('agreement.status'),
      dataIndex: 'status',
      card: true,
      sorter: byText((row) => statusWord(t, row.status)),
      render: (s: AgreementStatus) => (
        <Tag color={AGREEMENT_STATUS_COLOURS[s]} data-testid="agreement-row-status">
          {statusWord(t, s)}
        </Tag>
      ),
    },
    {
      title: t('agreement.awaiting'),
      key: 'awaiting',
      card: true,
      sorter: byText(holder),
      render: (_: unknown, row) => holder(row),
    },
    {
      title: t('list.due'),
      dataIndex: 'dueAt',
      card: true,
      defaultSortOrder: 'ascend',
      sorter: byText((row) => row.dueAt),
      render: (d?: string) => <DueDate dueAt={d} testId="agreement-row-due" />,
    },
    {
      title: t('agreement.grade'),
      dataIndex: 'effectiveGrade',
      sorter: byText((row) => row.effectiveGrade),
      render: (g: string) => wordFor(t, 'grade', g),
    },
    {
      title: t('agreement.term'),
      key: 'term',
      sorter: byText((row) => row.endsAt),
      render: (_: unknown, row) => <Unbroken>{termText(row)}</Unbroken>,
    },
    {
      title: t('agreement.attestation'),
      dataIndex: 'attestation',
      render: (a?: string) =>
        a ? (
          <Tag color={a === 'overdue' ? 'red' : undefined}>{wordFor(t, 'agreement.attestationStatus', a)}</Tag>
        ) : null,
    },
  ];

  return (
    <ListPage<AgreementRow, Filters>
      testId="agreements"
      title={t('agreements.title')}
      path="/api/agreements"
      rowKey="id"
      columns={columns}
      overdue={(row) => isOverdue(row.dueAt)}
      empty={t('agreements.empty')}
      shown={(count) => t('agreements.shown', { count })}
      more={t('partners.loadMore')}
      extra={
        mayRequest && (
          <Button type="primary" href="#/agreements/new" data-testid="agreement-new">
            {t('agreements.new')}
          </Button>
        )
      }
      filters={(filters, setFilter) => (
        <>
          <CodeFilter
            label={t('agreements.filter.status')}
            value={filters.status}
            codes={AGREEMENT_STATUSES}
            word={(s) => statusWord(t, s)}
            onChange={(status) => setFilter({ status })}
            testId="agreements-filter-status"
            width={200}
          />
          <Select<string>
            style={{ width: 240 }}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={partnersError ?? t('agreements.filter.partner')}
            status={partnersError ? 'error' : undefined}
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
          <CodeFilter
            label={t('agreements.filter.grade')}
            value={filters.grade}
            codes={DATA_GRADES}
            word={(g) => wordFor(t, 'grade', g)}
            onChange={(grade) => setFilter({ grade })}
            testId="agreements-filter-grade"
            width={170}
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
        </>
      )}
    />
  );
}
