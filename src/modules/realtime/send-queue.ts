import type { WebSocket } from 'ws';

/** Bytes handed to the socket whose write has not completed yet; beyond it, messages wait in the queue. */
const IN_FLIGHT_WINDOW = 64 * 1024;

/**
 * The send queue of one socket, shared by its subscriptions (so their
 * messages keep their order). Bounded: when what waits here plus what the
 * socket still buffers exceeds `maxBytes`, the client is not keeping up and
 * `onOverflow` closes it — memory is never held without bound.
 */
export class SocketSendQueue {
  private queue: Buffer[] = [];
  private queued = 0;
  private inFlightBytes = 0;
  private closed = false;
  private readonly drainListeners = new Set<() => void>();

  constructor(
    private readonly socket: WebSocket,
    private readonly maxBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  /** Bytes waiting in the queue (not yet handed to the socket). */
  get queuedBytes(): number {
    return this.queued;
  }

  /** Bytes waiting in this process for the client: the queue and the socket's own buffer. */
  get pendingBytes(): number {
    return this.queued + this.socket.bufferedAmount;
  }

  /** Whether a replay page may be queued now without coming near the limit. */
  get hasRoom(): boolean {
    return !this.closed && this.pendingBytes < this.maxBytes / 2;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Queues one message; false when the socket is gone or just overflowed (and
   * is being closed). Replay pages are paced by `hasRoom` instead of the limit:
   * a client catching up is not a slow one.
   */
  push(message: Buffer, replay = false): boolean {
    if (this.closed) return false;
    if (!replay && this.pendingBytes + message.length > this.maxBytes) {
      this.onOverflow();
      return false;
    }
    this.queue.push(message);
    this.queued += message.length;
    this.flush();
    return true;
  }

  /** Calls `listener` once, when replay may continue (the queue ran low again). */
  onceRoom(listener: () => void): void {
    if (this.closed) return;
    if (this.hasRoom) {
      queueMicrotask(listener);
      return;
    }
    this.drainListeners.add(listener);
  }

  /** Drops everything queued: the socket is closing. */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.queued = 0;
    this.drainListeners.clear();
  }

  private flush(): void {
    while (!this.closed && this.queue.length && this.inFlightBytes < IN_FLIGHT_WINDOW) {
      if (this.socket.readyState !== this.socket.OPEN) {
        this.close();
        return;
      }
      const message = this.queue.shift()!;
      this.queued -= message.length;
      this.inFlightBytes += message.length;
      this.socket.send(message, { binary: false }, () => {
        this.inFlightBytes -= message.length;
        this.flush();
        if (!this.closed && this.drainListeners.size && this.hasRoom) {
          const listeners = [...this.drainListeners];
          this.drainListeners.clear();
          for (const listener of listeners) listener();
        }
      });
    }
  }
}
