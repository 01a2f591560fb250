import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { restartablePort } from './free-port';

describe('free ports', () => {
  it('a port for a service restarted in place lies below the range outgoing connections take theirs from', async () => {
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const port = await restartablePort();
    assert.ok(port < low!, `${port} is below ${low}`);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
