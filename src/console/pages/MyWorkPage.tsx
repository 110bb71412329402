import { Alert, Button, Card, Empty, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { describeError } from '../errors';
import { useI18n, type MessageKey } from '../i18n';
import { formatTime } from '../time';

interface WorkItem {
  kind: 'partner_review' | 'notification';
  params: Record<string, string>;
  dueAt?: string;
  overdue: boolean;
  link: string;
}

export function MyWorkPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<WorkItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<{ items: WorkItem[] }>('/api/me/work')
      .then((body) => setItems(body.items))
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [t]);

  return (
    <Card title={t('work.title')} data-testid="my-work">
      {error && <Alert type="error" title={error} />}
      {items === null && !error && <Spin />}
      {items?.length === 0 && <Empty description={t('work.empty')} />}
      <Flex vertical gap={8}>
        {(items ?? []).map((item) => (
          <Flex
            key={`${item.kind}:${item.link}:${item.dueAt}`}
            justify="space-between"
            align="center"
            wrap
            data-testid="work-item"
          >
            <Space wrap>
              {item.overdue && <Tag color="red">{t('work.overdue')}</Tag>}
              <Typography.Text>{t(`work.kind.${item.kind}` as MessageKey, item.params)}</Typography.Text>
              {item.dueAt && (
                <Typography.Text type="secondary">
                  {t('work.due')}: {formatTime(item.dueAt)}
                </Typography.Text>
              )}
            </Space>
            <Button type="link" href={item.link}>
              {t('work.open')}
            </Button>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
