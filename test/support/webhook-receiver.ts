// A real HTTP receiver on loopback for webhook tests: records every request
// (headers, raw body, arrival time) and answers as the test decides.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  /** The sender's port: one per connection (keep-alive shows as repeats). */
  remotePort: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Status for the next requests (default 200); a function decides per request. */
  respond: (req: Received) => number | Promise<number>;
  close: () => Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const receiver: Receiver = { url: '', port: 0, received: [], respond: () => 200, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const got: Received = { path: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), remotePort: req.socket.remotePort ?? 0 };
      receiver.received.push(got);
      const status = await receiver.respond(got);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'x'.repeat(3000));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  receiver.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return receiver;
}

export const CREATE_ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  endpoint { id url eventKinds enabled } secret userErrors { code field message } } }`;

export const DELIVERIES = `query($filter: WebhookDeliveryFilter, $first: Int) { webhookDeliveries(filter: $filter, first: $first) {
  edges { node { id endpointId logSeq eventKind status attemptCount nextAttemptAt lastStatusCode deliveredAt
    attempts { attempt startedAt statusCode responseExcerpt error success } } } } }`;
