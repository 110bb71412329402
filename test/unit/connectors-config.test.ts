import { connectorsFrom } from '../../activities';
import { UNNAMED_ORGANISATION } from '../../activities/connectors';
import { loadConfig } from '../../src/config';
import { TEST_PAYLOAD_CONFIG } from '../support/env';

const base = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/datapact',
  ...TEST_PAYLOAD_CONFIG,
};
const SECRET = 'a-shared-secret-of-at-least-32-characters';

describe('the connectors a deployment configures', () => {
  it('are the ledger and the outbox by default', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      ACCESS_CONNECTOR: 'ledger',
      REGULATOR_FILING_CONNECTOR: 'outbox',
      CONNECTOR_TIMEOUT_MS: 10_000,
    });
    const connectors = connectorsFrom(config);
    expect([connectors.access.name, connectors.filing.name]).toEqual(['ledger', 'outbox']);
    expect(connectors.organisation).toBeUndefined();
    expect(UNNAMED_ORGANISATION).toContain('ORGANISATION_NAME');
  });

  it('are the signed webhook and the HTTP filing endpoint when configured so', () => {
    const config = loadConfig({
      ...base,
      ACCESS_CONNECTOR: 'webhook',
      ACCESS_WEBHOOK_URL: 'https://gateway.partner.example/datapact',
      ACCESS_WEBHOOK_SECRET: SECRET,
      REGULATOR_FILING_CONNECTOR: 'http',
      REGULATOR_FILING_URL: 'https://filing.example.gov.cn/api/filings',
      ORGANISATION_NAME: '某省移动通信有限公司',
      CONNECTOR_TIMEOUT_MS: '3000',
    });
    const connectors = connectorsFrom(config);
    expect(connectors.access.name).toBe('webhook:gateway.partner.example');
    expect(connectors.filing.name).toBe('http:filing.example.gov.cn');
    expect(connectors.organisation).toBe('某省移动通信有限公司');
  });

  it('refuses a webhook without its URL and secret, and an HTTP filing without its URL and the filing company', () => {
    expect(() => loadConfig({ ...base, ACCESS_CONNECTOR: 'webhook', REGULATOR_FILING_CONNECTOR: 'http' })).toThrow(
      /ACCESS_WEBHOOK_URL[\s\S]*ACCESS_WEBHOOK_SECRET[\s\S]*REGULATOR_FILING_URL[\s\S]*ORGANISATION_NAME/,
    );
  });

  it('refuses a short secret, a URL that is not http(s), an unknown connector, and lists them with any other problem', () => {
    expect(() =>
      loadConfig({
        ...base,
        PORT: 'eighty',
        ACCESS_CONNECTOR: 'webhook',
        ACCESS_WEBHOOK_URL: 'ftp://gateway.example/',
        ACCESS_WEBHOOK_SECRET: 'short',
        REGULATOR_FILING_CONNECTOR: 'fax',
      }),
    ).toThrow(
      /PORT[\s\S]*ACCESS_WEBHOOK_URL: must be an http:\/\/ or https:\/\/ URL[\s\S]*ACCESS_WEBHOOK_SECRET must have at least 32 characters[\s\S]*REGULATOR_FILING_CONNECTOR/,
    );
  });
});
