import fs from 'node:fs';
import net from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (prefer `preferred` when it is free). */
export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: actual } = server.address() as net.AddressInfo;
        server.close(() => resolve(actual));
      });
    });
  if (preferred !== undefined) {
    const got = await tryListen(preferred);
    if (got) return got;
  }
  const any = await tryListen(0);
  if (!any) throw new Error('no free port on 127.0.0.1');
  return any;
}

/** Where the kernel's range for the local ports of outgoing connections (and of `listen(0)`) begins. */
function ephemeralRangeStart(): number {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 0) return low;
  } catch {
    // not Linux: the range IANA suggests
  }
  return 49152;
}

/**
 * A free port below the ephemeral range, for a service that is stopped and started again on the
 * same port: a port `listen(0)` gave may meanwhile be taken as the local port of any outgoing
 * connection, and the restart would fail with EADDRINUSE.
 */
export async function restartablePort(): Promise<number> {
  const low = ephemeralRangeStart();
  const floor = Math.min(20_000, low - 1_000);
  for (let i = 0; i < 100; i++) {
    const candidate = floor + Math.floor(Math.random() * (low - floor));
    if ((await freePort(candidate)) === candidate) return candidate;
  }
  throw new Error(`no free port on 127.0.0.1 between ${floor} and ${low}`);
}
