/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that verifies every message with
 * the Standard Webhooks reference verifier (`standardwebhooks`), and can be told to fail, hang,
 * redirect or be down. Not shipped; imported only by `*.test.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { WebhookPayload } from '../../../protocol/index.ts';

export type ReceiverMode = 'ok' | 'fail' | 'hang' | 'redirect';

export interface Received {
  id: string;
  payload: WebhookPayload;
}

export interface Receiver {
  url: string;
  mode: ReceiverMode;
  /** Messages that verified, in arrival order (a repeat of an id included). */
  received: Received[];
  /** Requests whose signature or body did not verify. */
  rejected: string[];
  /** Requests seen in any mode. */
  requests: number;
  /** The secret to verify with; set once the endpoint is made. */
  secret: string;
  /** Stops listening (connections refused) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(redirectTo = 'http://127.0.0.1:9/'): Promise<Receiver> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.requests += 1;
      if (receiver.mode === 'hang') return;
      if (receiver.mode === 'redirect') return void res.writeHead(307, { location: redirectTo }).end();
      if (receiver.mode === 'fail') return void res.writeHead(500).end('try later');
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const verified = new Webhook(receiver.secret).verify(body, req.headers as Record<string, string>);
        receiver.received.push({ id: String(req.headers['webhook-id']), payload: WebhookPayload.parse(verified) });
        res.writeHead(204).end();
      } catch (error) {
        receiver.rejected.push(String(error));
        res.writeHead(400).end('bad signature');
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    mode: 'ok',
    received: [],
    rejected: [],
    requests: 0,
    secret: '',
    down: stop,
    up: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
  return receiver;
}
