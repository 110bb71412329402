import { subject } from '@casl/ability';
import { Alert, App, Button, Card, Descriptions, Input, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { describeError } from '../errors';
import { useI18n, type MessageKey } from '../i18n';
import { useSignedIn } from '../session';
import { formatTime } from '../time';

interface Partner {
  id: string;
  legalName: string;
  creditCode: string;
  nominatedBy: string;
  nominatingUnit?: string;
  status: string;
  checkReasons: string[];
  decision?: { outcome: string; reviewer: string; reason?: string };
  workflowId: string;
  createdAt: string;
}

/** One partner as its workflow last wrote it, with the review decision for those who may take it. */
export function PartnerPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { ability } = useSignedIn();
  const { message } = App.useApp();
  const [partner, setPartner] = useState<Partner | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(() => {
    api<Partner>(`/api/partners/${encodeURIComponent(id)}`)
      .then(setPartner)
      .catch((err: unknown) => setError(describeError(err, t)));
  }, [id, t]);
  useEffect(load, [load]);

  const decide = async (outcome: 'approve' | 'reject') => {
    try {
      const body =
        outcome === 'reject' || reason.trim() ? { outcome, reason: reason.trim() || undefined } : { outcome };
      setPartner(
        await api<Partner>(`/api/partners/${encodeURIComponent(id)}/decision`, { method: 'POST', json: body }),
      );
    } catch (err) {
      message.error(describeError(err, t));
    }
  };

  const target = partner ? subject('Partner', { _id: partner.id, nominatedBy: partner.nominatedBy }) : null;
  const mayDecide = partner?.status === 'vetting' && target !== null && ability.can('approve', target);

  return (
    <Card title={t('partner.title')} data-testid="partner">
      {error && <Alert type="error" title={error} />}
      {partner && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('partner.legalName')}>{partner.legalName}</Descriptions.Item>
            <Descriptions.Item label={t('partner.creditCode')}>{partner.creditCode}</Descriptions.Item>
            <Descriptions.Item label={t('partner.status')}>
              <Tag data-testid="partner-status">{t(`partner.status.${partner.status}` as MessageKey)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('partner.nominatedBy')}>
              {partner.nominatedBy}
              {partner.nominatingUnit ? ` · ${partner.nominatingUnit}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('partner.nominatedAt')}>{formatTime(partner.createdAt)}</Descriptions.Item>
            {partner.decision && (
              <Descriptions.Item label={t('partner.decision')}>
                {t(`partner.outcome.${partner.decision.outcome}` as MessageKey)} · {partner.decision.reviewer}
                {partner.decision.reason ? ` · ${partner.decision.reason}` : ''}
              </Descriptions.Item>
            )}
          </Descriptions>
          {mayDecide && (
            <Space wrap style={{ marginTop: 16 }}>
              <Input
                placeholder={t('partner.reason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                data-testid="partner-reason"
              />
              <Button type="primary" onClick={() => void decide('approve')} data-testid="partner-approve">
                {t('partner.approve')}
              </Button>
              <Button
                danger
                disabled={!reason.trim()}
                onClick={() => void decide('reject')}
                data-testid="partner-reject"
              >
                {t('partner.reject')}
              </Button>
            </Space>
          )}
        </>
      )}
    </Card>
  );
}
