import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../../platform/config/config.js';
import type { Ctx } from '../../platform/context.js';
import { Loaders } from '../../platform/loaders.js';
import type { Services } from '../../platform/context.js';
import type { MemberActor } from './connection.js';
import { LogListener } from './log-listener.js';
import type { IncidentEvent } from './realtime.types.js';
import { renderEvents, type ErrorFormatter, type RenderSpec } from './event-renderer.js';
import { ShapeLoaders } from './shape-loaders.js';
import type { Subscriber } from './subscriber.js';
import { TenantFeed, type FeedHost, type FeedStats } from './tenant-feed.js';

export interface EventHubDeps {
  orm: MikroORM;
  config: Config;
  logger: Logger;
  services: Services;
  schema: GraphQLSchema;
  databaseUrl: string;
  formatError: ErrorFormatter;
}

export interface RealtimeStats extends FeedStats {
  wakeups: number;
  resyncs: number;
  listenerConnections: number;
  listenerConnected: boolean;
  feeds: number;
  subscribers: number;
}

const SHARED_SPECS = 1_000;

/**
 * The instance's realtime core: one LISTEN connection, one feed per tenant
 * that has subscribers here. Notifications carry only "tenant T reached
 * sequence S"; content always comes from the table.
 */
export class EventHub implements FeedHost {
  readonly orm: MikroORM;
  readonly logger: Logger;
  readonly stats: FeedStats & { wakeups: number; resyncs: number } = { logReads: 0, renders: 0, delivered: 0, wakeups: 0, resyncs: 0 };
  readonly listener: LogListener;
  private readonly feeds = new Map<string, TenantFeed>();
  /** Render specs by key: subscriptions of one shape share one (its document and key are read-only). */
  private readonly specs = new Map<string, RenderSpec>();

  constructor(private readonly deps: EventHubDeps) {
    this.orm = deps.orm;
    this.logger = deps.logger;
    this.listener = new LogListener(deps.databaseUrl, deps.logger, {
      wake: (tenantId, seq) => {
        this.stats.wakeups += 1;
        this.feeds.get(tenantId)?.wake(seq);
        deps.services.logNotices.notify(tenantId);
      },
      resync: () => {
        this.stats.resyncs += 1;
        for (const feed of this.feeds.values()) feed.poke();
        deps.services.logNotices.notify(null);
      },
    });
  }

  start(): void {
    this.listener.start();
  }

  async stop(): Promise<void> {
    await this.listener.stop();
    await Promise.all([...this.feeds.values()].map((f) => f.stop()));
  }

  /** The spec already held for this key, else this one (bounded: oldest out; dropping one only costs a copy). */
  sharedSpec(spec: RenderSpec): RenderSpec {
    const held = this.specs.get(spec.key);
    if (held) return held;
    if (this.specs.size >= SHARED_SPECS) this.specs.delete(this.specs.keys().next().value!);
    this.specs.set(spec.key, spec);
    return spec;
  }

  add(subscriber: Subscriber): void {
    let feed = this.feeds.get(subscriber.tenantId);
    if (!feed) this.feeds.set(subscriber.tenantId, (feed = new TenantFeed(subscriber.tenantId, this)));
    feed.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    this.feeds.get(subscriber.tenantId)?.remove(subscriber);
  }

  dropFeed(feed: TenantFeed): void {
    if (this.feeds.get(feed.tenantId) === feed && !feed.subscribers.size) this.feeds.delete(feed.tenantId);
  }

  render(em: EntityManager, shared: Loaders, spec: RenderSpec, actor: MemberActor, subscriber: Subscriber, events: IncidentEvent[]): Promise<Map<string, Buffer>> {
    const ctx: Ctx = {
      orm: this.deps.orm,
      config: this.deps.config,
      log: this.deps.logger,
      request: subscriber.connection.request,
      actor,
      em,
      loaders: new ShapeLoaders(shared),
      services: this.deps.services,
    };
    return renderEvents(this.deps.schema, spec, ctx, events, this.deps.formatError);
  }

  snapshot(): RealtimeStats {
    let subscribers = 0;
    for (const feed of this.feeds.values()) subscribers += feed.subscribers.size;
    return {
      ...this.stats,
      listenerConnections: this.listener.connections,
      listenerConnected: this.listener.connected,
      feeds: this.feeds.size,
      subscribers,
    };
  }
}
