import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Ctx } from '../../platform/context.js';
import { invalid, unauthenticated } from '../../platform/errors.js';
import { requirePermission } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { unitService } from '../unit/unit.service.js';
import type { RealtimeConnection } from './connection.js';
import type { EventHub } from './event-hub.js';
import { decodeEventCursor } from './realtime.cursor.js';
import { inTenantTransaction, sql } from '../../platform/db/tenant-transaction.js';
import type { IncidentEventFilter } from './realtime.types.js';
import { renderSpecOf } from './event-renderer.js';
import { Subscriber, type ControlStream, type EventFilterSpec } from './subscriber.js';
import { LEVEL_ORDER } from '../incident/incident.model.js';

/** What the websocket server adds to the context of a subscription operation. */
export interface RealtimeOperation {
  hub: EventHub;
  connection: RealtimeConnection;
  /** The graphql-ws operation id: messages for this subscription carry it. */
  operationId: string;
  /** Variables as the client sent them (rendering coerces them again). */
  rawVariables: Record<string, unknown> | null;
}

export type SubscriptionCtx = Ctx & { realtime?: RealtimeOperation };

export interface IncidentEventsArgs {
  after?: string | null;
  filter?: IncidentEventFilter | null;
}

export const realtimeService = {
  /**
   * Registers an `incidentEvents` subscription. Permissions are reloaded now
   * (a socket may be older than a role change); `after` must be a cursor of
   * this tenant not beyond the log's head; the filter's unit must lie in the
   * caller's subtree.
   */
  async subscribe(ctx: SubscriptionCtx, args: IncidentEventsArgs, info: GraphQLResolveInfo): Promise<ControlStream> {
    const rt = ctx.realtime;
    if (!rt) throw new GraphQLError('incidentEvents is served over graphql-ws on /graphql', { extensions: { code: 'BAD_REQUEST' } });
    const { connection, hub } = rt;
    const tenantId = connection.tenantId;
    const { after, filter } = await inTenantTransaction(ctx.orm, tenantId, connection.actor.userId, async (em) => {
      if (!(await connection.refreshActor(em))) throw unauthenticated('The session is no longer valid');
      const tx: Ctx = { ...ctx, em, actor: connection.actor };
      requirePermission(tx, Permission.INCIDENT_READ);
      let after: number | null = null;
      if (args.after !== null && args.after !== undefined) {
        after = decodeEventCursor(args.after, tenantId);
        const [head] = await sql<{ seq: string }>(em, 'select seq from log_head where tenant_id = ?', [tenantId]);
        if (after > Number(head?.seq ?? 0)) throw invalid('after is ahead of the log', ['after']);
      }
      const filter: EventFilterSpec = {
        unitPath: args.filter?.unit ? (await unitService.getInScope(tx, args.filter.unit, ['filter', 'unit'])).path : null,
        minLevelRank: args.filter?.minLevel ? LEVEL_ORDER.indexOf(args.filter.minLevel) : null,
        kinds: args.filter?.kinds?.length ? new Set(args.filter.kinds) : null,
      };
      return { after, filter };
    });
    if (connection.closed) throw unauthenticated('The session is no longer valid');
    // Bound, not a closure: a closure here would keep this call's scope (and its ctx) for the subscription's life.
    const subscriber = new Subscriber(connection, rt.operationId, filter, hub.sharedSpec(renderSpecOf(info, rt.rawVariables)), after, hub.remove.bind(hub));
    connection.subscriptions.add(subscriber);
    hub.add(subscriber);
    return subscriber.stream;
  },
};
