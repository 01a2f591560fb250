import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startTemporalDevServer, type DevServerOptions, type RunningDevServer } from '../../src/infra/temporal-dev-server';
import { findTemporalCli } from '../../src/infra/tools';
import { onCleanup } from './cleanup';

export interface TestTemporal {
  server: RunningDevServer;
  address: string;
  namespace: string;
  client: Client;
  connection: NativeConnection;
}

export async function startTestTemporal(opts: Partial<DevServerOptions> = {}): Promise<TestTemporal> {
  const cli = findTemporalCli();
  if (!cli) throw new Error('Temporal CLI not provisioned: run `npm run setup` first');
  const server = await startTemporalDevServer({ cli, ...opts });
  onCleanup(() => server.stop());
  const clientConnection = await Connection.connect({ address: server.address });
  const connection = await NativeConnection.connect({ address: server.address });
  onCleanup(() => clientConnection.close());
  onCleanup(() => connection.close());
  const namespace = opts.namespace ?? 'default';
  return { server, address: server.address, namespace, client: new Client({ connection: clientConnection, namespace }), connection };
}

let shared: Promise<TestTemporal> | undefined;

/** One Temporal dev server for the run (in memory, search attributes registered). */
export function sharedTemporal(): Promise<TestTemporal> {
  shared ??= startTestTemporal();
  return shared;
}
