// What tenant administrators see of the pipe: how far the log is ahead of
// the outbox, the oldest entry not delivered yet, deliveries per status and
// each endpoint's health. A handful of aggregate statements, whatever the size.
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { toGlobalId } from '../../platform/ids.js';
import { DeliveryStatus } from './notify.enums.js';
import { DeliveryStatusCount, OutboxStatus, WebhookEndpointHealth } from './webhook.types.js';

export const outboxStatusService = {
  async status(ctx: Ctx): Promise<OutboxStatus> {
    const tenantId = requireMember(ctx).tenant.id;
    const conn = ctx.em;
    const [head] = await conn.execute<{ behind: string | number; oldest: Date | null }[]>(
      `select greatest(coalesce((select seq from log_head where tenant_id = ?), 0) - coalesce((select seq from outbox_cursor where tenant_id = ?), 0), 0) as behind,
         (select min(logged_at) from webhook_delivery where tenant_id = ? and status = '${DeliveryStatus.PENDING}') as oldest`,
      [tenantId, tenantId, tenantId],
    );
    const byStatus = await conn.execute<{ status: DeliveryStatus; n: string | number }[]>(
      `select status, count(*) as n from webhook_delivery where tenant_id = ? group by status order by status`,
      [tenantId],
    );
    const health = await conn.execute<{ id: string; enabled: boolean; pending: string | number; failed: string | number; last_success: Date | null; last_failure: Date | null; since: string | number }[]>(
      `select e.id, e.enabled,
         (select count(*) from webhook_delivery d where d.tenant_id = e.tenant_id and d.endpoint_id = e.id and d.status = '${DeliveryStatus.PENDING}') as pending,
         (select count(*) from webhook_delivery d where d.tenant_id = e.tenant_id and d.endpoint_id = e.id and d.status = '${DeliveryStatus.FAILED}') as failed,
         a.last_success, a.last_failure,
         (select count(*) from webhook_attempt x join webhook_delivery d on d.tenant_id = x.tenant_id and d.id = x.delivery_id
            where x.tenant_id = e.tenant_id and d.endpoint_id = e.id and not x.success and x.started_at > coalesce(a.last_success, '-infinity')) as since
       from webhook_endpoint e
       left join lateral (
         select max(x.started_at) filter (where x.success) as last_success, max(x.started_at) filter (where not x.success) as last_failure
         from webhook_attempt x join webhook_delivery d on d.tenant_id = x.tenant_id and d.id = x.delivery_id
         where x.tenant_id = e.tenant_id and d.endpoint_id = e.id
       ) a on true
       where e.tenant_id = ? and e.deleted_at is null order by e.id`,
      [tenantId],
    );
    const oldest = head?.oldest ? new Date(head.oldest) : null;
    const date = (v: Date | string | null) => (v ? new Date(v) : null);
    return Object.assign(new OutboxStatus(), {
      entriesBehind: Number(head?.behind ?? 0),
      oldestUndeliveredAt: oldest,
      lagSeconds: oldest ? Math.max(0, Math.round((Date.now() - oldest.getTime()) / 1000)) : 0,
      deliveriesByStatus: byStatus.map((r) => Object.assign(new DeliveryStatusCount(), { status: r.status, count: Number(r.n) })),
      endpoints: health.map((h) => Object.assign(new WebhookEndpointHealth(), {
        endpointId: toGlobalId('WebhookEndpoint', h.id), enabled: h.enabled, pending: Number(h.pending), failed: Number(h.failed),
        lastSuccessAt: date(h.last_success), lastFailureAt: date(h.last_failure), failuresSinceSuccess: Number(h.since),
      })),
    });
  },
};
