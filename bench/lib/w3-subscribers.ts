// W3's subscribers, in a worker thread of their own (or a child process, for
// counts one thread of the bench process cannot hold) so that receiving does
// not share an event loop with the mutation driver. Each client is a real
// graphql-ws client (test/support/ws.ts) subscribed to `incidentEvents`; on
// each message it notes only the cursor and the wall-clock receipt time.
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WsSession } from '../../test/support/ws.js';
import { INCIDENT_EVENTS_FULL } from '../../test/support/realtime.js';

export interface WorkerClient {
  key: string;
  wsUrl: string;
  token: string;
}

export type ToWorker = { type: 'connect'; clients: WorkerClient[] } | { type: 'counts' } | { type: 'collect' } | { type: 'close' };

export interface Received {
  key: string;
  cursors: string[];
  /** Event kind of each receipt (a report's entry is also a TASK_ASSIGNED event per task it assigned, under the same cursor). */
  kinds: string[];
  /** Wall-clock ms (sub-millisecond), same clock as the main thread's. */
  receivedAt: number[];
  errors: string[];
  closed: string | null;
}

export type FromWorker =
  | { type: 'connected'; failed: { key: string; error: string }[] }
  /** Events held per client, and the log position of the last one (0 when none). */
  | { type: 'counts'; counts: number[]; lastSeqs: number[] }
  | { type: 'collected'; received: Received[] }
  | { type: 'closed' };

interface Live {
  key: string;
  session: WsSession;
  cursors: string[];
  kinds: string[];
  receivedAt: number[];
  errors: string[];
}

const now = () => performance.timeOrigin + performance.now();
// Worker thread or forked child: the same messages either way.
const port = parentPort ?? {
  on: (event: 'message', listener: (msg: ToWorker) => void) => process.on(event, listener),
  postMessage: (m: FromWorker) => process.send!(m),
};
// A forked child goes with its parent.
if (!parentPort) process.once('disconnect', () => process.exit(0));
let live: Live[] = [];

async function connect(clients: WorkerClient[]): Promise<{ key: string; error: string }[]> {
  const failed: { key: string; error: string }[] = [];
  // Handshakes in waves: 1,000 simultaneous auth transactions would only queue on the pools.
  for (let i = 0; i < clients.length; i += 50) {
    const wave = clients.slice(i, i + 50).map(async (c) => {
      const session = new WsSession(c.wsUrl, c.token);
      const entry: Live = { key: c.key, session, cursors: [], kinds: [], receivedAt: [], errors: [] };
      try {
        await session.connected(60_000);
      } catch (error) {
        failed.push({ key: c.key, error: String(error) });
      }
      session.client.subscribe(
        { query: INCIDENT_EVENTS_FULL, variables: {} },
        {
          next: (value) => {
            const at = now();
            const event = (value.data as { incidentEvents?: { cursor?: string; kind?: string } } | null | undefined)?.incidentEvents;
            if (value.errors?.length || !event?.cursor) entry.errors.push(JSON.stringify(value.errors ?? value).slice(0, 300));
            else {
              entry.cursors.push(event.cursor);
              entry.kinds.push(event.kind ?? '');
              entry.receivedAt.push(at);
            }
          },
          error: (error) => entry.errors.push(String(error instanceof Error ? error.message : JSON.stringify(error)).slice(0, 300)),
          complete: () => entry.errors.push('subscription completed'),
        },
      );
      return entry;
    });
    live.push(...(await Promise.all(wave)));
  }
  return failed;
}

port.on('message', async (msg: ToWorker) => {
  const reply = (m: FromWorker) => port.postMessage(m);
  switch (msg.type) {
    case 'connect':
      reply({ type: 'connected', failed: await connect(msg.clients) });
      break;
    case 'counts':
      reply({
        type: 'counts',
        counts: live.map((l) => l.cursors.length),
        lastSeqs: live.map((l) => (l.cursors.length ? (JSON.parse(Buffer.from(l.cursors[l.cursors.length - 1]!, 'base64url').toString('utf8')) as [string, number])[1] : 0)),
      });
      break;
    case 'collect': {
      const received = live.map((l) => {
        const closed = l.session.closedWith;
        const out: Received = {
          key: l.key,
          cursors: l.cursors,
          kinds: l.kinds,
          receivedAt: l.receivedAt,
          errors: l.errors,
          closed: closed ? `${closed.code} ${closed.reason}` : null,
        };
        l.cursors = [];
        l.kinds = [];
        l.receivedAt = [];
        l.errors = [];
        return out;
      });
      reply({ type: 'collected', received });
      break;
    }
    case 'close':
      await Promise.all(live.map((l) => l.session.dispose().catch(() => undefined)));
      live = [];
      reply({ type: 'closed' });
      break;
  }
});
