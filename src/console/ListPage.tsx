/**
 * The console's one list page: a page header, filters sent to the API, a table with sortable columns
 * at desktop width and cards on a phone (≤ 576 px, so that who must act and by when are in sight without
 * a sideways scroll), a page at a time ("load more"). Partners, agreements and incidents are lists of it.
 */
import { Alert, Button, Card, Empty, Flex, Grid, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, query } from './api';
import { describeError } from './errors';
import { useI18n } from './i18n';
import { PageHeader } from './PageHeader';
import { formatTime, isOverdue } from './time';

const PAGE_SIZE = 20;
const OVERDUE_BACKGROUND = '#fff1f0';

/** A column of the list; `card` shows it on the phone's card too (the first column is the card's title). */
export interface ListColumn<Row> extends ColumnType<Row> {
  card?: boolean;
}

type Params = Record<string, string | undefined>;

export interface ListPageProps<Row, Filters extends Params> {
  /** The prefix of the page's test ids: `partners` gives `partners`, `partners-table`, `partners-more` … */
  testId: string;
  title: string;
  /** The API's list path; the filters and the cursor go in its query. */
  path: string;
  columns: ListColumn<Row>[];
  rowKey: keyof Row & string;
  filters: (filters: Filters, setFilter: (patch: Filters) => void) => ReactNode;
  empty: string;
  shown: (count: number) => string;
  more: string;
  /** The page's own action (nominate, request, report), beside its title. */
  extra?: ReactNode;
  /** A row whose current step is overdue stands out. */
  overdue?: (row: Row) => boolean;
  /** Drawers and dialogs the page opens. */
  children?: ReactNode;
}

/** The rows of a list, filtered on the server; a page that answers after the filters changed is dropped. */
function useListRows<Row>(path: string, filters: Params) {
  const { t } = useI18n();
  const [items, setItems] = useState<Row[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const load = useCallback(
    (cursor?: string) => {
      const mine = cursor ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      api<{ items: Row[]; nextCursor?: string }>(`${path}${query({ ...filters, limit: PAGE_SIZE, cursor })}`)
        .then((page) => {
          if (mine !== generation.current) return;
          setItems((shown) => (cursor ? [...shown, ...page.items] : page.items));
          setNextCursor(page.nextCursor);
        })
        .catch((err: unknown) => mine === generation.current && setError(describeError(err, t)))
        .finally(() => mine === generation.current && setLoading(false));
    },
    [path, filters, t],
  );
  useEffect(() => load(), [load]);
  return { items, nextCursor, loading, error, load };
}

export function ListPage<Row extends object, Filters extends Params>(props: ListPageProps<Row, Filters>) {
  const { t } = useI18n();
  const { testId, columns, rowKey, overdue } = props;
  const [filters, setFilters] = useState<Filters>({} as Filters);
  const { items, nextCursor, loading, error, load } = useListRows<Row>(props.path, filters);
  const screens = Grid.useBreakpoint();
  // xs only: below 576 px a row is a card; from there on a table.
  const phone = screens.xs === true;
  const setFilter = (patch: Filters) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid={testId}>
      <PageHeader
        title={props.title}
        crumbs={[{ title: t('nav.work'), href: '#/work' }, { title: props.title }]}
        extra={props.extra}
      />
      <Card size="small">
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          {props.filters(filters, setFilter)}
        </Flex>
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} data-testid={`${testId}-error`} />}
        {phone ? (
          <ListCards items={items} columns={columns} rowKey={rowKey} overdue={overdue} testId={testId}>
            {loading && items.length === 0 ? <Spin /> : <Empty description={props.empty} />}
          </ListCards>
        ) : (
          <Table<Row>
            rowKey={rowKey}
            size="small"
            loading={loading && items.length === 0}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={props.empty} /> }}
            data-testid={`${testId}-table`}
            onRow={(row) => (overdue?.(row) ? { style: { background: OVERDUE_BACKGROUND } } : {})}
            columns={columns}
          />
        )}
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary" data-testid={`${testId}-shown`}>
            {props.shown(items.length)}
          </Typography.Text>
          {nextCursor && (
            <Button loading={loading} onClick={() => load(nextCursor)} data-testid={`${testId}-more`}>
              {props.more}
            </Button>
          )}
        </Flex>
      </Card>
      {props.children}
    </Space>
  );
}

/** A phone's list: one card a row, its first column as the title, then each `card` column with its label. */
export function ListCards<Row extends object>(props: {
  items: Row[];
  columns: ListColumn<Row>[];
  rowKey: keyof Row & string;
  overdue?: (row: Row) => boolean;
  testId: string;
  children: ReactNode;
}) {
  const { items, columns, rowKey, overdue, testId } = props;
  const [head, ...rest] = columns;
  if (items.length === 0 || !head) return <>{props.children}</>;
  const cell = (column: ListColumn<Row>, row: Row, index: number): ReactNode => {
    const value = column.dataIndex ? row[column.dataIndex as keyof Row] : undefined;
    return column.render ? (column.render(value, row, index) as ReactNode) : (value as ReactNode);
  };
  return (
    <Flex vertical gap={8} data-testid={`${testId}-cards`}>
      {items.map((row, index) => (
        <Card
          key={String(row[rowKey])}
          size="small"
          data-testid={`${testId}-card`}
          style={overdue?.(row) ? { background: OVERDUE_BACKGROUND, borderColor: '#ffa39e' } : undefined}
        >
          <Typography.Text strong>{cell(head, row, index)}</Typography.Text>
          {rest
            .filter((c) => c.card)
            .map((c) => ({ c, value: cell(c, row, index) }))
            // A field with nothing to say takes no line on a phone.
            .filter(({ value }) => value !== undefined && value !== null && value !== '' && value !== false)
            .map(({ c, value }) => (
              <Flex key={String(c.key ?? c.dataIndex)} gap={8} wrap align="baseline" style={{ marginTop: 4 }}>
                <Typography.Text type="secondary">{c.title as ReactNode}</Typography.Text>
                <span>{value}</span>
              </Flex>
            ))}
        </Card>
      ))}
    </Flex>
  );
}

/** A filter of codes: "Status: any" first, then each code in words. */
export function CodeFilter<Code extends string>(props: {
  label: string;
  value: Code | undefined;
  codes: readonly Code[];
  word: (code: Code) => string;
  onChange: (code: Code | undefined) => void;
  testId: string;
  width?: number;
}) {
  const { t } = useI18n();
  return (
    <Select<Code | ''>
      style={{ width: props.width ?? 180 }}
      value={props.value ?? ''}
      onChange={(code) => props.onChange(code || undefined)}
      options={[
        { value: '' as const, label: `${props.label}: ${t('inventory.filter.any')}` },
        ...props.codes.map((code) => ({ value: code, label: props.word(code) })),
      ]}
      data-testid={props.testId}
    />
  );
}

/** A value that must not break mid-way: a code, a date, a time. */
export const Unbroken = ({ children }: { children: ReactNode }) => <span className="dp-unbroken">{children}</span>;

/** When the current step is due: red and marked overdue once it has passed. */
export function DueDate({ dueAt, testId }: { dueAt: string | undefined; testId?: string }) {
  const { t } = useI18n();
  if (!dueAt) return null;
  return isOverdue(dueAt) ? (
    <Tag color="red" data-testid={testId} data-overdue="true">
      <Unbroken>
        {t('work.overdue')} · {formatTime(dueAt)}
      </Unbroken>
    </Tag>
  ) : (
    <span data-testid={testId}>
      <Unbroken>{formatTime(dueAt)}</Unbroken>
    </span>
  );
}

/** Orders rows by a text (codes, names) or an ISO time; rows without one go last. */
export const byText =
  <Row,>(get: (row: Row) => string | undefined) =>
  (a: Row, b: Row) =>
    (get(a) ?? '\uffff').localeCompare(get(b) ?? '\uffff');
export const byNumber =
  <Row,>(get: (row: Row) => number) =>
  (a: Row, b: Row) =>
    get(a) - get(b);
