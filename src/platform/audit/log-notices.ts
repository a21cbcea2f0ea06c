// The log notifications this process hears, fanned out in memory: the
// realtime module's one LISTEN connection reports them, and background jobs
// that follow the log (the outbox) wake on them instead of waiting for their
// next poll. A notice is only a hint to read the table.
export type LogNoticeHandler = (tenantId: string | null) => void;

export class LogNotices {
  private readonly handlers = new Set<LogNoticeHandler>();

  /** `tenantId` null: the listener reconnected, anything may have been missed. */
  notify(tenantId: string | null): void {
    for (const handler of this.handlers) handler(tenantId);
  }

  /** Returns the unsubscribe. */
  on(handler: LogNoticeHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
