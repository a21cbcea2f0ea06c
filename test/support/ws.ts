// Real graphql-ws clients (the graphql-ws package over `ws`) for realtime tests.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

/** Polls until `check` holds; fails with `what` after a generous timeout (never a speed assertion). */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export class EventSubscription {
  readonly events: any[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  dispose: () => void = () => undefined;

  cursors(): string[] {
    return this.events.map((e) => e.cursor);
  }

  lastCursor(): string | null {
    return this.events.length ? this.events[this.events.length - 1].cursor : null;
  }

  async waitFor(count: number, timeoutMs?: number): Promise<any[]> {
    await waitUntil(() => this.events.length >= count || this.errors.length > 0, `${count} events (have ${this.events.length})`, timeoutMs);
    if (this.errors.length && this.events.length < count) throw new Error(`subscription failed: ${JSON.stringify(this.errors)}`);
    return this.events;
  }

  async waitForEnd(timeoutMs?: number): Promise<void> {
    await waitUntil(() => this.completed || this.errors.length > 0, 'the subscription to end', timeoutMs);
  }
}

export interface WsSessionOptions {
  /** connectionParams; defaults to { authorization: `Bearer ${token}` }. */
  connectionParams?: Record<string, unknown>;
}

/**
 * One websocket, eagerly connected, never retried: each test sees exactly
 * the close code the server chose.
 */
export class WsSession {
  readonly client: Client;
  readonly sockets: WebSocket[] = [];
  closedWith: Closed | null = null;
  acknowledged = false;
  ackPayload: unknown = null;
  private readonly closedPromise: Promise<Closed>;

  constructor(url: string, token: string | null, options: WsSessionOptions = {}) {
    const sockets = this.sockets;
    class CapturingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols);
        sockets.push(this);
      }
    }
    let resolveClosed!: (c: Closed) => void;
    this.closedPromise = new Promise((resolve) => (resolveClosed = resolve));
    this.client = createClient({
      url,
      webSocketImpl: CapturingWebSocket,
      lazy: false,
      retryAttempts: 0,
      shouldRetry: () => false,
      connectionParams: options.connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
      onNonLazyError: () => undefined,
      on: {
        connected: (_socket, payload) => {
          this.acknowledged = true;
          this.ackPayload = payload;
        },
        closed: (event) => {
          const e = event as { code: number; reason: string };
          if (!this.closedWith) {
            this.closedWith = { code: e.code, reason: String(e.reason ?? '') };
            resolveClosed(this.closedWith);
          }
        },
      },
    });
  }

  async connected(timeoutMs?: number): Promise<void> {
    await waitUntil(() => this.acknowledged || !!this.closedWith, 'the connection', timeoutMs);
    if (!this.acknowledged) throw new Error(`connection refused: ${JSON.stringify(this.closedWith)}`);
  }

  /** Resolves with the close code and reason (generous timeout: never a speed assertion). */
  async closed(timeoutMs = 20_000): Promise<Closed> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('socket was not closed in time')), timeoutMs);
    });
    try {
      return await Promise.race([this.closedPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  subscribe(query: string, variables: Record<string, unknown> = {}): EventSubscription {
    const sub = new EventSubscription();
    sub.dispose = this.client.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.errors?.length) sub.errors.push(...value.errors);
          const data = value.data as Record<string, unknown> | null | undefined;
          const event = data ? Object.values(data)[0] : null;
          if (event) sub.events.push(event);
        },
        error: (error) => sub.errors.push(error),
        complete: () => {
          sub.completed = true;
        },
      },
    );
    return sub;
  }

  /** Drops the TCP connection without a close handshake (a client that vanished). */
  terminate(): void {
    for (const s of this.sockets) s.terminate();
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

export const INCIDENT_EVENTS = `subscription($after: String, $filter: IncidentEventFilter) {
  incidentEvents(after: $after, filter: $filter) { cursor kind time action incidentId actor { kind memberId roles } }
}`;
