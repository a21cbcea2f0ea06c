import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { forbidden } from '../../platform/errors.js';
import { Loaders } from '../../platform/loaders.js';
import { Permission } from '../../platform/permissions.js';
import type { ActorKind } from '../../platform/audit/log.entity.js';
import type { MemberActor } from './connection.js';
import { inTenantTransaction, sql } from '../../platform/db/tenant-transaction.js';
import { IncidentEvent, type EventRow } from './realtime.types.js';
import { actorShapeKey, type RenderSpec } from './event-renderer.js';
import { loadRoutes, routeInJurisdiction, routeMatches, routeToldFormerAssignee, routeVisibleTo, type IncidentRoute } from './routing.js';
import { Subscriber } from './subscriber.js';
import { IncidentEventKind } from '../incident/incident.model.js';

/** Log entries read per live wake-up; more are read in the next round. */
const LIVE_PAGE = 500;
/** Events read per replay page of one subscriber (its socket paces the pages). */
const REPLAY_PAGE = 50;
/** Entries after which a member's permissions or scope may differ: reload actors before going on. */
const PERMISSION_ACTIONS = /^(member|role|unit|tenant)\./;
/** Of those, the ones that concern only the member they target. */
const MEMBER_ACTIONS = /^member\./;
const KINDS = new Set<string>(Object.values(IncidentEventKind));

export interface FeedStats {
  /** Statements reading log entries (live and replay). */
  logReads: number;
  /** Operations executed: one per event and distinct shape. */
  renders: number;
  /** Messages queued to sockets. */
  delivered: number;
}

/** What a feed needs from its hub. */
export interface FeedHost {
  orm: MikroORM;
  logger: Logger;
  stats: FeedStats;
  /** Renders the events for one shape inside `em`'s transaction (actor-independent loads shared through `shared`); seq → serialised payload. */
  render(em: EntityManager, shared: Loaders, spec: RenderSpec, actor: MemberActor, subscriber: Subscriber, events: IncidentEvent[]): Promise<Map<string, Buffer>>;
  dropFeed(feed: TenantFeed): void;
}

interface LogRow {
  seq: string | number;
  created_at: Date;
  actor_kind: ActorKind;
  actor_member_id: string | null;
  actor_roles: string[] | null;
  action: string;
  incident_id: string | null;
  event: string | null;
  target_type: string | null;
  target_id: string | null;
  assigned_tasks: string[] | null;
  reason: string | null;
  former_assignee: string | null;
}

const ASSIGNMENTS = new Set<string>([IncidentEventKind.TASK_ASSIGNED, IncidentEventKind.TASK_REASSIGNED]);

/**
 * Tasks an entry created with an assignee (a report's or an escalation's
 * duties): each is also a TASK_ASSIGNED event of that entry, so the mutation
 * stays one log entry. Entries that are themselves an assignment name their task as target.
 */
const ROW_COLUMNS = `seq, created_at, actor_kind, actor_member_id, actor_roles, action, incident_id, event, target_type, target_id,
  case when event not in ('${IncidentEventKind.TASK_ASSIGNED}', '${IncidentEventKind.TASK_REASSIGNED}') then
    (select array_agg(t.c->>'id' order by t.o) from jsonb_array_elements(coalesce(changes, '[]'::jsonb)) with ordinality as t(c, o)
      where t.c->>'type' = 'IncidentTask' and t.c->>'op' = 'create' and coalesce(t.c->'after'->>'assignee', '') <> '')
  end as assigned_tasks, reason,
  case when event = '${IncidentEventKind.TASK_REASSIGNED}' then
    (select f.c->'before'->>'assignee' from jsonb_array_elements(coalesce(changes, '[]'::jsonb)) f(c)
      where f.c->>'type' = 'IncidentTask' and f.c->>'op' = 'update' and f.c->>'id' = target_id::text limit 1)
  end as former_assignee`;

function eventsOf(tenantId: string, row: LogRow): IncidentEvent[] {
  if (!row.incident_id || !row.event || !KINDS.has(row.event)) return [];
  const eventRow: EventRow = {
    seq: Number(row.seq),
    createdAt: new Date(row.created_at),
    actorKind: row.actor_kind,
    actorMemberId: row.actor_member_id,
    actorRoles: row.actor_roles ?? [],
    action: row.action,
    incidentId: row.incident_id,
    kind: row.event as IncidentEventKind,
    taskId: ASSIGNMENTS.has(row.event) && row.target_type === 'IncidentTask' ? row.target_id : null,
    reason: row.reason,
    formerAssigneeId: row.former_assignee || null,
  };
  const derived = (row.assigned_tasks ?? []).map((taskId, i) =>
    IncidentEvent.from(tenantId, { ...eventRow, kind: IncidentEventKind.TASK_ASSIGNED, taskId, sub: i + 1, formerAssigneeId: null }),
  );
  return [IncidentEvent.from(tenantId, eventRow), ...derived];
}

interface Batch {
  subscribers: Subscriber[];
  events: IncidentEvent[];
  /** Every subscriber of the batch has been served up to here. */
  upto: number;
  replay: boolean;
}

/**
 * The pump of one tenant on this instance. Work is strictly sequential per
 * tenant: a wake-up is one transaction that reads the tenant's new log
 * entries once, whatever the number of subscribers, filters them per
 * subscriber, renders once per shape and queues in sequence order. Subscribers behind the head (resuming with
 * `after`) are served from the table page by page, paced by their socket,
 * until they reach the head and join the live group — so replay and live meet
 * with no gap and no duplicate.
 */
export class TenantFeed {
  /** Every entry up to here has been handled for the live subscribers. */
  head: number | null = null;
  readonly subscribers = new Set<Subscriber>();
  private running = false;
  private dirty = false;
  /** Members whose actors must be reloaded before the next entries ('all' after role or unit changes). */
  private refreshActors: Set<string> | 'all' | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private idle: Promise<void> = Promise.resolve();
  private settle: (() => void) | null = null;
  private readonly pokeLater = () => this.poke();

  constructor(
    readonly tenantId: string,
    private readonly host: FeedHost,
  ) {}

  add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    this.poke();
  }

  remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
  }

  /** A notification: only a hint, the table is read for what is new. */
  wake(seq: number): void {
    if (this.head !== null && seq <= this.head) return;
    this.poke();
  }

  poke(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (!this.running && !this.retryTimer) void this.run();
  }

  /** Shutdown: no new rounds; resolves when the current one is over. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    return this.idle;
  }

  private async run(): Promise<void> {
    this.running = true;
    this.idle = new Promise((resolve) => (this.settle = resolve));
    try {
      while (this.dirty && this.subscribers.size && !this.stopped) {
        this.dirty = false;
        await this.step();
        this.failures = 0;
      }
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(5_000, 100 * 2 ** this.failures);
      this.host.logger.error({ err: error, tenantId: this.tenantId, retryInMs: delay }, 'realtime feed failed; retrying');
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.poke();
      }, delay);
      this.retryTimer.unref();
    } finally {
      this.running = false;
      this.settle?.();
      if (!this.subscribers.size) this.host.dropFeed(this);
    }
  }

  private live(): Subscriber[] {
    return [...this.subscribers].filter((s) => !s.ended && s.position !== Subscriber.UNPLACED && s.position >= this.head!);
  }

  private async step(): Promise<void> {
    const { host, tenantId } = this;
    const batches: Batch[] = [];
    await inTenantTransaction(host.orm, tenantId, null, async (em) => {
      if (this.refreshActors) {
        const targets = this.refreshActors;
        const connections = new Set(
          [...this.subscribers].filter((s) => !s.ended && (targets === 'all' || targets.has(s.connection.memberKey))).map((s) => s.connection),
        );
        for (const connection of connections) await connection.refreshActor(em);
        // Only once every reload went through (a failed round retries them).
        this.refreshActors = null;
      }
      if (this.head === null) {
        const [row] = await sql<{ seq: string }>(em, 'select seq from log_head where tenant_id = ?', [tenantId]);
        this.head = Number(row?.seq ?? 0);
      }
      for (const s of this.subscribers) if (s.position === Subscriber.UNPLACED) s.position = this.head;

      // Replay: each subscriber behind the head reads its own page, as far as its socket has room.
      for (const s of this.subscribers) {
        if (s.ended || s.position >= this.head) continue;
        if (!s.connection.sendQueue.hasRoom) {
          s.connection.sendQueue.onceRoom(this.pokeLater);
          continue;
        }
        // TASK_ASSIGNED events are also derived from other entries: read those too, the kind filter below keeps what matches.
        const kinds = s.filter.kinds && !s.filter.kinds.has(IncidentEventKind.TASK_ASSIGNED) ? [...s.filter.kinds] : null;
        const rows = await sql<LogRow>(
          em,
          `select ${ROW_COLUMNS} from log_entry
            where tenant_id = ? and seq > ? and seq <= ? and incident_id is not null and event is not null
              ${kinds ? 'and event = any(?::text[])' : ''}
            order by seq limit ?`,
          [tenantId, s.position, this.head, ...(kinds ? [`{${kinds.join(',')}}`] : []), REPLAY_PAGE],
        );
        host.stats.logReads += 1;
        const full = rows.length === REPLAY_PAGE;
        if (full) this.dirty = true;
        batches.push({
          subscribers: [s],
          events: rows.flatMap((r) => eventsOf(tenantId, r)),
          upto: full ? Number(rows[rows.length - 1]!.seq) : this.head,
          replay: true,
        });
      }

      // Live: the tenant's new entries, once for every subscriber at the head.
      let rows = await sql<LogRow>(em, `select ${ROW_COLUMNS} from log_entry where tenant_id = ? and seq > ? order by seq limit ?`, [tenantId, this.head, LIVE_PAGE]);
      host.stats.logReads += 1;
      if (rows.length === LIVE_PAGE) this.dirty = true;
      const change = rows.findIndex((r) => PERMISSION_ACTIONS.test(r.action));
      if (change >= 0) {
        // Events after a permission change are filtered with the permissions it left.
        if (change < rows.length - 1) rows = rows.slice(0, change + 1);
        const row = rows[change]!;
        this.refreshActors =
          MEMBER_ACTIONS.test(row.action) && row.target_type === 'Member' && row.target_id ? new Set([row.target_id]) : 'all';
        this.dirty = true;
      }
      if (rows.length) {
        batches.push({
          subscribers: [], // decided after replay: whoever reached the head by then
          events: rows.flatMap((r) => eventsOf(tenantId, r)),
          upto: Number(rows[rows.length - 1]!.seq),
          replay: false,
        });
      }
      const ids = new Set(batches.flatMap((b) => b.events.map((e) => e.incidentUuid)));
      const routes = await loadRoutes(em, tenantId, [...ids]);

      // Rendered in the same transaction as the read: one transaction per wake-up.
      const head = this.head!;
      for (const batch of batches) {
        if (!batch.replay) batch.subscribers = this.live();
        const paused = batch.subscribers.length ? await this.deliver(em, batch, routes) : new Set<Subscriber>();
        for (const s of batch.subscribers) {
          if (paused.has(s)) continue;
          s.advance(batch.upto);
        }
        if (!batch.replay) this.head = Math.max(head, batch.upto);
      }
    });
  }

  /**
   * Filters per subscriber, renders once per shape, queues per subscriber in
   * sequence order. Returns the replaying subscribers whose socket filled up
   * before the page was through: they stay where they are and go on when it drains.
   */
  private async deliver(em: EntityManager, batch: Batch, routes: Map<string, IncidentRoute>): Promise<Set<Subscriber>> {
    const paused = new Set<Subscriber>();
    interface Shape { spec: RenderSpec; actor: MemberActor; subscriber: Subscriber; events: Map<string, IncidentEvent>; payloads?: Map<string, Buffer> }
    const shapes = new Map<string, Shape>();
    const plans = new Map<Subscriber, { event: IncidentEvent; shape: Shape }[]>();
    for (const s of batch.subscribers) {
      if (s.ended) continue;
      const actor = s.connection.actor;
      if (!actor.permissions.has(Permission.INCIDENT_READ)) {
        s.end(forbidden(`Missing permission ${Permission.INCIDENT_READ}`));
        continue;
      }
      const baseKey = `${s.render.key}\u0000${actorShapeKey(actor)}`;
      const plan: { event: IncidentEvent; shape: Shape }[] = [];
      for (const event of batch.events) {
        if (event.seq <= s.position) continue;
        const route = routes.get(event.incidentUuid);
        if (!route || !routeMatches(s.filter, route, event.kind)) continue;
        // The member a task was taken from is told even once the case is out of its sight (the event then renders no incident).
        if (!routeVisibleTo(actor, route) && !routeToldFormerAssignee(actor, route, event.formerAssigneeId)) continue;
        // Per member when what it sees of the case is its own (kept out of a confidential case, sight through a task or a notice).
        const key = route.excluded.size || !routeInJurisdiction(actor, route) ? `${baseKey}\u0000${actor.memberId}` : baseKey;
        let shape = shapes.get(key);
        if (!shape) shapes.set(key, (shape = { spec: s.render, actor, subscriber: s, events: new Map() }));
        shape.events.set(event.key, event);
        plan.push({ event, shape });
      }
      if (plan.length) plans.set(s, plan);
    }
    if (!plans.size) return paused;

    // The wake-up's transaction, one tenant: the incident and unit rows are read once for every shape.
    const shared = new Loaders();
    for (const shape of shapes.values()) {
      try {
        shape.payloads = await this.host.render(em, shared, shape.spec, shape.actor, shape.subscriber, [...shape.events.values()]);
        this.host.stats.renders += shape.events.size;
      } catch (error) {
        this.host.logger.error({ err: error, tenantId: this.tenantId }, 'rendering incident events failed');
      }
    }

    for (const [s, plan] of plans) {
      for (const { event, shape } of plan) {
        if (batch.replay && !s.connection.sendQueue.hasRoom) {
          paused.add(s);
          s.connection.sendQueue.onceRoom(this.pokeLater);
          break;
        }
        const payload = shape.payloads?.get(event.key);
        if (!payload) {
          s.end(new Error('Internal server error while rendering an event; resubscribe with the last cursor'));
          break;
        }
        if (!s.deliver(event.seq, event.sub, payload, batch.replay)) break;
        this.host.stats.delivered += 1;
      }
    }
    return paused;
  }
}
