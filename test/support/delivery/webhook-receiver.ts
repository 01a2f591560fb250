import http from 'node:http';
import { onCleanup } from '../cleanup';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestWebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** statuses to answer with, in order; 200 once they run out */
  answers: number[];
}

/** An HTTP endpoint on a free loopback port that records each POST and answers as told. */
export async function startWebhookReceiver(): Promise<TestWebhookReceiver> {
  const receiver: TestWebhookReceiver = { url: '', received: [], answers: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(receiver.answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/billing`;
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return receiver;
}
