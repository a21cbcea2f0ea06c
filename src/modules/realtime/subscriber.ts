import type { RealtimeConnection } from './connection.js';
import type { RenderSpec } from './event-renderer.js';

/** What a subscriber asked for, resolved at subscribe time. */
export interface EventFilterSpec {
  /** Materialised path of the filter's unit: only incidents of that subtree. */
  unitPath: string | null;
  /** Index in LEVEL_ORDER: only incidents that reached at least that level. */
  minLevelRank: number | null;
  kinds: ReadonlySet<string> | null;
}

/**
 * The iterable graphql-ws drives for one subscription. It yields nothing:
 * payloads are written to the socket directly (pre-serialised, once per
 * shape); it only ends — on the client's "complete", on socket close, or with
 * an error the client receives as an "error" message.
 */
export class ControlStream implements AsyncIterableIterator<never> {
  private done = false;
  private failure: Error | null = null;
  private waiters: { resolve: (r: IteratorResult<never>) => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly onReturn: () => void) {}

  next(): Promise<IteratorResult<never>> {
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.done) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<never>> {
    this.finish();
    this.onReturn();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<never>> {
    this.finish();
    this.onReturn();
    return Promise.reject(error);
  }

  /** Ends the stream from the server side; with an error, the client gets it. */
  finish(error?: Error): void {
    if (this.done) return;
    this.done = true;
    const waiters = this.waiters;
    this.waiters = [];
    if (error && !waiters.length) this.failure = error;
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve({ done: true, value: undefined });
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

const SUFFIX = Buffer.from('}');

/**
 * One `incidentEvents` subscription. `position` is the last log sequence it
 * has been served up to (delivered or filtered out); it only grows, so no
 * event is sent twice or out of order.
 */
export class Subscriber {
  /** Not yet placed: a subscription without `after` starts at the feed's head. */
  static readonly UNPLACED = -1;
  position: number;
  ended = false;
  readonly stream: ControlStream;
  private readonly prefix: Buffer;
  /** Events written to its socket (tests and stats). */
  delivered = 0;

  constructor(
    readonly connection: RealtimeConnection,
    readonly operationId: string,
    readonly filter: EventFilterSpec,
    readonly render: RenderSpec,
    after: number | null,
    private readonly onEnd: (subscriber: Subscriber) => void,
  ) {
    this.position = after ?? Subscriber.UNPLACED;
    this.prefix = Buffer.from(`{"id":${JSON.stringify(operationId)},"type":"next","payload":`);
    this.stream = new ControlStream(() => this.end());
  }

  get tenantId(): string {
    return this.connection.tenantId;
  }

  /**
   * Queues one event (payload already serialised for this subscriber's shape).
   * False when the socket is gone or overflowed: the subscriber then ends.
   */
  deliver(seq: number, sub: number, payload: Buffer, replay: boolean): boolean {
    if (this.ended) return false;
    // The events derived from one entry (sub > 0) share its sequence.
    if (seq < this.position || (seq === this.position && sub === 0)) return true;
    const pushed = this.connection.sendQueue.push(Buffer.concat([this.prefix, payload, SUFFIX]), replay);
    if (!pushed) return false;
    this.position = seq;
    this.delivered += 1;
    return true;
  }

  /** Moves past sequences that held nothing for this subscriber. */
  advance(seq: number): void {
    if (seq > this.position) this.position = seq;
  }

  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.stream.finish(error);
    this.connection.subscriptions.delete(this);
    this.onEnd(this);
  }
}
