// The body of a delivery, rendered once with the endpoint principal's
// permissions by executing a fixed operation against the API's own schema:
// the same resolvers, visibility rule and personal-data gate as any reader,
// so what the role may not read is not in it, and a petitioner's name read
// for it is logged (petitioner.read_pii) like any other read.
import { parse, execute, type GraphQLSchema } from 'graphql';
import type { Ctx } from '../../platform/context.js';
import { IncidentEvent, type EventRow } from '../realtime/realtime.types.js';
import type { IncidentEventKind } from '../incident/incident.model.js';
import type { ActorKind } from '../../platform/audit/log.entity.js';
import { toGlobalId } from '../../platform/ids.js';
import { WebhookOwnKind } from './notify.enums.js';

const INCIDENT_EVENT = parse(`subscription WebhookIncidentEvent {
  incidentEvents {
    cursor kind time action actor { kind memberId roles } incidentId
    incident {
      id receiptNumber category status levelReached headcount place occurredAt receivedAt summary demands topics
      levelKey levelName confidential unit { id name }
      petitioners { id position representative name contact }
    }
  }
}`);

export interface LoggedEntry {
  seq: number;
  createdAt: Date;
  actorKind: string;
  actorMemberId: string | null;
  actorRoles: string[];
  action: string;
  incidentId: string | null;
  targetId: string | null;
  reason: string | null;
}

/** The body, or null when the principal may not see what happened (nothing is sent). */
export async function renderDelivery(schema: GraphQLSchema, ctx: Ctx, tenantId: string, kind: string, entry: LoggedEntry): Promise<string | null> {
  const envelope = (data: unknown) => JSON.stringify({ type: kind, timestamp: entry.createdAt.toISOString(), seq: entry.seq, data });
  if (kind === WebhookOwnKind.WEBHOOK_TEST || kind === WebhookOwnKind.WEBHOOK_DISABLED) {
    return envelope({ seq: entry.seq, action: entry.action, endpointId: entry.targetId ? toGlobalId('WebhookEndpoint', entry.targetId) : null, reason: entry.reason });
  }
  if (!entry.incidentId) return null;
  const row: EventRow = {
    seq: entry.seq,
    createdAt: entry.createdAt,
    actorKind: entry.actorKind as ActorKind,
    actorMemberId: entry.actorMemberId,
    actorRoles: entry.actorRoles,
    action: entry.action,
    incidentId: entry.incidentId,
    kind: kind as IncidentEventKind,
  };
  const result = await execute({ schema, document: INCIDENT_EVENT, rootValue: IncidentEvent.from(tenantId, row), contextValue: ctx });
  const event = (result.data as { incidentEvents?: { incident: { confidential: boolean } | null } } | null)?.incidentEvents;
  // No read permission (an error), out of sight (null), or — defence in depth — confidential: nothing goes out.
  if (result.errors?.length || !event?.incident || event.incident.confidential) return null;
  return envelope(event);
}
