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
