import { Arg, Ctx as GqlCtx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { IncidentNode } from '../incident/incident.types.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { realtimeService, type IncidentEventsArgs, type SubscriptionCtx } from './realtime.service.js';
import { visibleIncident } from './realtime.loaders.js';
import { IncidentEvent, IncidentEventFilter } from './realtime.types.js';

@Resolver(() => IncidentEvent)
export class RealtimeResolver {
  @Subscription(() => IncidentEvent, {
    description:
      'Events of the incidents you may see, in log order. With `after` (a cursor you received) every matching event since is replayed first, then live ones follow with no gap and no duplicate. graphql-ws on /graphql; see the README. ' +
      '可见信访事项的事件动态；带 after 游标可断线续传。',
    subscribe: ({ args, context, info }) => realtimeService.subscribe(context as SubscriptionCtx, args as IncidentEventsArgs, info),
  })
  @Allow.member(Permission.INCIDENT_READ)
  incidentEvents(
    @Root() event: IncidentEvent,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor. 从此游标之后续传。' }) _after: string | null,
    @Arg('filter', () => IncidentEventFilter, { nullable: true }) _filter: IncidentEventFilter | null,
  ): IncidentEvent {
    return event;
  }

  @FieldResolver(() => IncidentNode, {
    nullable: true,
    description: 'The incident now, as you may see it (your own permissions); null once it is out of your sight. 信访事项（按本人权限）。',
  })
  incident(@Root() event: IncidentEvent, @GqlCtx() ctx: Ctx): Promise<IncidentNode | null> {
    return visibleIncident(ctx, event.incidentUuid);
  }
}
