import dns from 'node:dns';
import net from 'node:net';

/**
 * Automation webhooks go where a project says; without this guard that could be the product's own
 * network (metadata services, databases, the admin port). Addresses are checked after DNS, on the
 * address actually connected to, so a name that resolves to a private address is refused too.
 */
const V4_BLOCKS: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

const v4Number = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

function isPrivateV4(ip: string): boolean {
  const n = v4Number(ip);
  return V4_BLOCKS.some(([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4Number(base) / 2 ** (32 - bits)));
}

function isPrivateV6(ip: string): boolean {
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isPrivateV4(mapped[1]!);
  return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || /^ff/.test(lower);
}

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses. */
export const isPrivateAddress = (ip: string): boolean => (net.isIPv6(ip) ? isPrivateV6(ip) : isPrivateV4(ip));

export class PrivateAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, a private or loopback address; webhooks go to public addresses only`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that fails on private addresses instead of connecting to them. */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) return callback(new PrivateAddressError(hostname, blocked.address), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

/** Literal IP hosts never reach `lookup`, so they are checked here. */
export function assertPublicHost(hostname: string): void {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(bare) && isPrivateAddress(bare)) throw new PrivateAddressError(hostname, bare);
  if (bare === 'localhost' || bare.endsWith('.localhost')) throw new PrivateAddressError(hostname, '127.0.0.1');
}
