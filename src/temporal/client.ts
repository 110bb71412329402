import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { Config } from '../config';
import { dataConverterFrom, type PayloadConfig } from './data-converter';

export type TemporalConnectionConfig = Pick<
  Config,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_TLS_CA_FILE'
  | 'TEMPORAL_TLS_CERT_FILE'
  | 'TEMPORAL_TLS_KEY_FILE'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

/**
 * How every DataPact process reaches the Temporal frontend (clients and workers alike): in production
 * over mutual TLS with this process's certificate, and with a token for the frontend's authorizer
 * (docker-compose.yml); on the dev stack in the clear on 127.0.0.1.
 */
export function temporalConnectionOptions(config: TemporalConnectionConfig): {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
} {
  const mutual = config.TEMPORAL_TLS_CERT_FILE && config.TEMPORAL_TLS_KEY_FILE;
  const tls: TLSConfig | undefined =
    mutual || config.TEMPORAL_TLS_CA_FILE
      ? {
          ...(config.TEMPORAL_TLS_CA_FILE
            ? { serverRootCACertificate: readFileSync(config.TEMPORAL_TLS_CA_FILE) }
            : {}),
          ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
          ...(mutual
            ? {
                clientCertPair: {
                  crt: readFileSync(config.TEMPORAL_TLS_CERT_FILE!),
                  key: readFileSync(config.TEMPORAL_TLS_KEY_FILE!),
                },
              }
            : {}),
        }
      : undefined;
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(tls ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}

/** One Temporal connection per process; its client seals and opens every payload (src/temporal/codec.ts). */
export async function connectTemporal(
  config: TemporalConnectionConfig & Pick<Config, 'TEMPORAL_NAMESPACE'> & PayloadConfig,
) {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFrom(config) });
}
