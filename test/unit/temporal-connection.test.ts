import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { temporalConnectionOptions } from '../../src/temporal/client';
import { TEST_PAYLOAD_CONFIG } from '../support/env';

const base = { TEMPORAL_ADDRESS: 'temporal:7233', MONGODB_URI: 'mongodb://mongo/datapact', ...TEST_PAYLOAD_CONFIG };

describe('temporalConnectionOptions', () => {
  it('connects in the clear when no TLS is configured (the dev stack)', () => {
    expect(temporalConnectionOptions(loadConfig(base))).toEqual({ address: 'temporal:7233' });
  });

  it("presents this process's certificate, trusts the configured CA and sends the authorizer's token", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'datapact-tls-'));
    const file = (name: string) => {
      writeFileSync(path.join(dir, name), `-----${name}-----`);
      return path.join(dir, name);
    };
    const config = loadConfig({
      ...base,
      TEMPORAL_TLS_CERT_FILE: file('worker.crt'),
      TEMPORAL_TLS_KEY_FILE: file('worker.key'),
      TEMPORAL_TLS_CA_FILE: file('ca.crt'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'eyJ.token',
    });

    const options = temporalConnectionOptions(config);

    expect(options).toMatchObject({ address: 'temporal:7233', apiKey: 'eyJ.token' });
    expect(options.tls).toEqual({
      serverRootCACertificate: Buffer.from('-----ca.crt-----'),
      serverNameOverride: 'temporal.internal',
      clientCertPair: { crt: Buffer.from('-----worker.crt-----'), key: Buffer.from('-----worker.key-----') },
    });
  });

  it('refuses to start with a certificate but no key', () => {
    expect(() => loadConfig({ ...base, TEMPORAL_TLS_CERT_FILE: '/etc/datapact/worker.crt' })).toThrow(
      /TEMPORAL_TLS_CERT_FILE: mutual TLS needs both/,
    );
  });
});
