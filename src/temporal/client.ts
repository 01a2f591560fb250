import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

export async function connectTemporalClient(config: Config, address = config.temporal.address): Promise<Client> {
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set');
  const connection = await Connection.connect({
    address,
    tls: config.temporal.tls || undefined,
    apiKey: config.temporal.apiKey,
  });
  return new Client({ connection, namespace: config.temporal.namespace });
}
