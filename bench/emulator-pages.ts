/**
 * How cheaply the Stripe emulator serves list pages: 100-object pages of customers (and of
 * subscriptions, whose objects embed prices), over keep-alive HTTP, with the emulator in a child
 * process so that its CPU is measured apart from the client's.
 *
 *   npm run build && node dist/bench/emulator-pages.js [--customers 20000] [--pages 3000] [--concurrency 4]
 *
 * Once the emulator has serialized the seeded objects (it does so in the background after
 * seeding), for each list: a first read of the whole list by one client, then pages read again
 * by several lists walked at once. Reports wall-clock pages/s, the emulator's CPU per
 * page (from its /_emulator/stats), the pages/s that allows on one core, and the client's CPU
 * to JSON.parse a page, for comparison.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { spawnEmulator, type EmulatorProcess } from './lib/emulator-process';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    pages: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '4' },
  },
});
const CUSTOMERS = Number(values.customers);
const PAGES = Number(values.pages);
const CONCURRENCY = Number(values.concurrency);

interface Emulator extends EmulatorProcess {
  key: string;
}

const SECRET_KEY = /secret key \(everything\): +(\S+)/;

/** The emulator in its own process with a seeded account; its full secret key is read from stdout. */
async function startEmulator(): Promise<Emulator> {
  const emulator = await spawnEmulator({
    args: ['--rate-limits', 'off', '--seed', '1', '--customers', String(CUSTOMERS)],
    nodeFlags: (process.env.EMU_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    until: SECRET_KEY,
  });
  return { ...emulator, key: SECRET_KEY.exec(emulator.output())![1]! };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(emulator: Emulator, pathAndQuery: string, auth = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const headers = auth ? { authorization: `Bearer ${emulator.key}` } : {};
    const request = http.get({ host: '127.0.0.1', port: emulator.port, path: pathAndQuery, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${pathAndQuery}: ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}

interface Stats {
  cpu: { userMs: number; systemMs: number };
  prewarm: { pending: number; objects: number; ms: number };
}

const stats = async (emulator: Emulator) => JSON.parse((await get(emulator, '/_emulator/stats', false)).toString()) as Stats;

async function serverCpuMs(emulator: Emulator): Promise<number> {
  const { cpu } = await stats(emulator);
  return cpu.userMs + cpu.systemMs;
}

/** Waits until the emulator has serialized the seeded objects in the background; returns its cost. */
async function prewarmed(emulator: Emulator): Promise<Stats['prewarm']> {
  for (;;) {
    const { prewarm } = await stats(emulator);
    if (prewarm.pending === 0) return prewarm;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Reading {
  pages: number;
  bytes: number;
  parseMs: number;
}

/**
 * Walks a list page by page with `starting_after`, at most `maxPages` pages, starting over at
 * the top when it ends if `wrap` is set. Adds what it read to `reading`.
 */
async function walk(emulator: Emulator, list: string, reading: Reading, maxPages: () => boolean, wrap: boolean): Promise<void> {
  let cursor: string | undefined;
  while (maxPages()) {
    const body = await get(emulator, `${list}${cursor ? `&starting_after=${cursor}` : ''}`);
    const before = process.cpuUsage();
    const page = JSON.parse(body.toString()) as { data: { id: string }[]; has_more: boolean };
    const spent = process.cpuUsage(before);
    reading.pages += 1;
    reading.bytes += body.length;
    reading.parseMs += (spent.user + spent.system) / 1000;
    cursor = page.has_more ? page.data[page.data.length - 1]!.id : undefined;
    if (!cursor && !wrap) return;
  }
}

/** Runs `read` and reports it from both sides: wall time, the emulator's CPU, the client's parsing. */
async function measure(emulator: Emulator, run: string, read: (reading: Reading) => Promise<void>) {
  const reading: Reading = { pages: 0, bytes: 0, parseMs: 0 };
  const cpuBefore = await serverCpuMs(emulator);
  const started = process.hrtime.bigint();
  await read(reading);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const serverMsPerPage = ((await serverCpuMs(emulator)) - cpuBefore) / reading.pages;
  return {
    run,
    pages: reading.pages,
    kbPerPage: +(reading.bytes / reading.pages / 1024).toFixed(1),
    pagesPerSecondWall: Math.round((reading.pages / wallMs) * 1000),
    serverCpuMsPerPage: +serverMsPerPage.toFixed(3),
    pagesPerSecondOneCore: Math.round(1000 / serverMsPerPage),
    clientParseMsPerPage: +(reading.parseMs / reading.pages).toFixed(3),
  };
}

async function measureList(emulator: Emulator, resource: string, query = '') {
  const list = `/v1/${resource}?limit=100${query}`;
  const first = await measure(emulator, `${resource}: first read`, (reading) => walk(emulator, list, reading, () => true, false));
  let remaining = PAGES;
  const cached = await measure(emulator, `${resource}: repeated`, (reading) =>
    Promise.all(Array.from({ length: CONCURRENCY }, () => walk(emulator, list, reading, () => remaining-- > 0, true))).then(() => undefined),
  );
  return [first, cached];
}

/**
 * The same list read with the official SDK's auto-pagination, for the client's side of the
 * comparison: its whole CPU per page (HTTP, parsing, the SDK), the least an integration spends.
 */
async function measureSdk(emulator: Emulator) {
  const stripe = new Stripe(emulator.key, { host: '127.0.0.1', port: emulator.port, protocol: 'http', telemetry: false });
  const serverBefore = await serverCpuMs(emulator);
  const clientBefore = process.cpuUsage();
  let objects = 0;
  for await (const customer of stripe.customers.list({ limit: 100 })) objects += customer.id ? 1 : 0;
  const client = process.cpuUsage(clientBefore);
  const pages = Math.ceil(objects / 100);
  return {
    pages,
    serverCpuMsPerPage: +(((await serverCpuMs(emulator)) - serverBefore) / pages).toFixed(3),
    sdkClientCpuMsPerPage: +((client.user + client.system) / 1000 / pages).toFixed(3),
  };
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  try {
    const prewarm = await prewarmed(emulator);
    // Not measured: lets the JIT compile the list path first, as it is in a long-running emulator.
    let warmUp = 50;
    await walk(emulator, '/v1/charges?limit=100', { pages: 0, bytes: 0, parseMs: 0 }, () => warmUp-- > 0, true);
    console.log(`node ${process.version}, ${CUSTOMERS} seeded customers, ${CONCURRENCY} lists walked at once for repeated pages`);
    console.log(
      `background JSON build after seeding: ${prewarm.objects} objects in ${Math.round(prewarm.ms)} ms ` +
        `(${((prewarm.ms * 1000) / prewarm.objects).toFixed(1)} µs per object, once)`,
    );
    console.table([...(await measureList(emulator, 'customers')), ...(await measureList(emulator, 'subscriptions', '&status=all'))]);
    console.log('customers read with stripe-node auto-pagination (for await, limit 100):');
    console.table([await measureSdk(emulator)]);
  } finally {
    agent.destroy();
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
