import type { Config } from '../../src/config';
import { AccessLedgerModel } from '../../src/models/access-ledger.model';
import { FilingOutboxModel } from '../../src/models/filing-outbox.model';
import type { AccessConnector } from './access';
import { ledgerAccessConnector } from './access-ledger';
import { webhookAccessConnector } from './access-webhook';
import { httpFilingConnector, outboxFilingConnector, type RegulatorFilingConnector } from './regulator-filing';

/** Shown as the filing company until ORGANISATION_NAME is configured (with the outbox, a person files by hand). */
export const UNNAMED_ORGANISATION = '（未配置报送单位 ORGANISATION_NAME）';

export type ConnectorConfig = Pick<
  Config,
  | 'ACCESS_CONNECTOR'
  | 'ACCESS_WEBHOOK_URL'
  | 'ACCESS_WEBHOOK_SECRET'
  | 'REGULATOR_FILING_CONNECTOR'
  | 'REGULATOR_FILING_URL'
  | 'REGULATOR_FILING_SECRET'
  | 'ORGANISATION_NAME'
  | 'CONNECTOR_TIMEOUT_MS'
>;

/**
 * The access and filing connectors a deployment configures: the ledger and the outbox by default (on the
 * default mongoose connection), a signed webhook (ACCESS_CONNECTOR=webhook) and an HTTP filing endpoint
 * (REGULATOR_FILING_CONNECTOR=http) when configured.
 */
export function connectorsFrom(config: ConnectorConfig): {
  access: AccessConnector;
  filing: RegulatorFilingConnector;
  organisation?: string;
} {
  const timeoutMs = config.CONNECTOR_TIMEOUT_MS;
  // loadConfig has checked that the webhook has its URL and secret, and an HTTP filing its URL.
  const access =
    config.ACCESS_CONNECTOR === 'webhook'
      ? webhookAccessConnector({ url: config.ACCESS_WEBHOOK_URL!, secret: config.ACCESS_WEBHOOK_SECRET!, timeoutMs })
      : ledgerAccessConnector({ ledger: AccessLedgerModel });
  const filing =
    config.REGULATOR_FILING_CONNECTOR === 'http'
      ? httpFilingConnector({
          url: config.REGULATOR_FILING_URL!,
          ...(config.REGULATOR_FILING_SECRET ? { secret: config.REGULATOR_FILING_SECRET } : {}),
          timeoutMs,
        })
      : outboxFilingConnector({ outbox: FilingOutboxModel });
  return { access, filing, ...(config.ORGANISATION_NAME ? { organisation: config.ORGANISATION_NAME } : {}) };
}
