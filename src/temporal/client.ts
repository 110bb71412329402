import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { dataConverterFrom, type PayloadConfig } from './data-converter';

/** One Temporal connection per process; its client seals and opens every payload (src/temporal/codec.ts). */
export async function connectTemporal(config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'> & PayloadConfig) {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFrom(config) });
}
