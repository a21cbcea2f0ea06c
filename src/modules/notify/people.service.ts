// Contact points (personal data: values never logged, every read logged),
// the tenant's channels, the notification record and the acknowledgement
// a notification's link allows.
import type { Ctx } from '../../platform/context.js';
import { DomainError, forbidden, notFound } from '../../platform/errors.js';
import { audited, precheck, type Outcome } from '../../platform/audit/mutation.js';
import { appendTenantLog } from '../../platform/audit/log-writer.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { validateInput } from '../../platform/validation.js';
import { idOf, toGlobalId } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { jwtSecret } from '../../platform/config/secrets.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { incidentVisibility } from '../incident/incident.access.js';
import { Member } from '../member/member.entity.js';
import { MemberContact, Notification, NotificationChannel } from './people.entity.js';
import { NotifyAckErrorCode, NotifyErrorCode } from './notify.errors.js';
import { outboxSql } from './outbox.sql.js';
import { allowList, RefusedUrl, resolveTarget } from './webhook-ssrf.js';
import { verifyAck } from './ack-token.js';
import { CONTACT_READ_ACTION } from './people.worker.js';
import {
  ContactPointsNode, NotificationConnection, NotificationNode,
  type ConfigureNotificationChannelInput, type NotificationFilter, type SetContactPointsInput,
} from './people.types.js';

/** The member whose contact points are asked for: oneself, or anyone of the tenant with MEMBER_MANAGE. */
async function contactMember(ctx: Ctx, globalId: string | null | undefined, field: string[]): Promise<string> {
  const actor = requireMember(ctx);
  const id = globalId ? idOf('Member', globalId, field) : actor.memberId;
  if (id !== actor.memberId && !actor.permissions.has(Permission.MEMBER_MANAGE)) throw forbidden('Only tenant administrators set or read another member\'s contact points');
  const member = await ctx.em.findOne(Member, { tenant: actor.tenant.id, id });
  if (!member) throw notFound('Member', field);
  return member.id;
}

export const peopleService = {
  async setContactPoints(ctx: Ctx, input: SetContactPointsInput): Promise<Outcome<string>> {
    // Whose points first: another tenant's member is NOT_FOUND whatever else is wrong with the input.
    const checked = await precheck(async () => {
      const memberId = await contactMember(ctx, input.memberId, ['input', 'memberId']);
      await validateInput(input);
      return memberId;
    });
    if (!checked.ok) return checked;
    const memberId = checked.value;
    return audited(ctx, 'member.set_contact', async (tx) => {
      const tenantId = requireMember(tx).tenant.id;
      const row = (await tx.em.findOne(MemberContact, { tenant: tenantId, member: { id: memberId } })) ?? tx.em.create(MemberContact, { tenant: tenantId, member: tx.em.getReference(Member, [tenantId, memberId] as never) });
      if (input.mobile !== undefined) row.mobile = input.mobile || null;
      if (input.wecomUserId !== undefined) row.wecomUserId = input.wecomUserId || null;
      if (input.dingtalkUserId !== undefined) row.dingtalkUserId = input.dingtalkUserId || null;
      return { result: memberId, target: { type: 'Member', id: memberId } };
    });
  },

  /** Reading a member's numbers is a read of personal data: one log entry, in this operation's transaction. */
  async contactPoints(ctx: Ctx, memberGlobalId: string | null): Promise<ContactPointsNode> {
    const actor = requireMember(ctx);
    const memberId = await contactMember(ctx, memberGlobalId, ['memberId']);
    const row = await ctx.em.findOne(MemberContact, { tenant: actor.tenant.id, member: { id: memberId } });
    await appendTenantLog(ctx.em, {
      tenantId: actor.tenant.id, actorKind: ActorKind.USER, actorUserId: actor.userId, actorMemberId: actor.memberId, actorRoles: actor.roleLabels,
      action: CONTACT_READ_ACTION, targetType: 'Member', targetId: memberId, reason: 'read contact points',
      requestId: ctx.request.requestId, clientAddress: ctx.request.clientAddress,
    });
    return Object.assign(new ContactPointsNode(), {
      memberId: toGlobalId('Member', memberId), mobile: row?.mobile ?? null, wecomUserId: row?.wecomUserId ?? null, dingtalkUserId: row?.dingtalkUserId ?? null,
    });
  },

  async configureChannel(ctx: Ctx, input: ConfigureNotificationChannelInput): Promise<Outcome<NotificationChannel>> {
    const checked = await precheck(async () => {
      await validateInput(input);
      try {
        await resolveTarget(input.url, allowList(ctx.config.webhooks.allowPrivateNetworks));
      } catch (err) {
        if (err instanceof RefusedUrl) throw new DomainError(NotifyErrorCode.URL_REFUSED, `URL refused: ${err.message}`, ['input', 'url']);
        throw err;
      }
    });
    if (!checked.ok) return checked;
    return audited(ctx, 'notify.configure_channel', async (tx) => {
      const tenantId = requireMember(tx).tenant.id;
      const channel = (await tx.em.findOne(NotificationChannel, { tenant: tenantId, kind: input.kind })) ?? tx.em.create(NotificationChannel, { tenant: tenantId, kind: input.kind, url: input.url });
      channel.url = input.url;
      if (input.secret !== undefined) channel.secret = input.secret ?? null;
      if (input.corpId !== undefined) channel.corpId = input.corpId ?? null;
      if (input.agentId !== undefined) channel.agentId = input.agentId ?? null;
      if (input.priority != null) channel.priority = input.priority;
      if (input.enabled != null) channel.enabled = input.enabled;
      await tx.em.flush();
      await outboxSql.syncCursor(tx.em, tenantId);
      return { result: channel, target: { type: 'NotificationChannel', id: channel.id } };
    });
  },

  async channels(ctx: Ctx): Promise<NotificationChannel[]> {
    return ctx.em.find(NotificationChannel, { tenant: requireMember(ctx).tenant.id }, { orderBy: { priority: 'asc', kind: 'asc' } });
  },

  /** The record, newest first; notifications about confidential cases are left out of this administrators' view. */
  async list(ctx: Ctx, filter: NotificationFilter | null, page: PageArgs) {
    const tenantId = requireMember(ctx).tenant.id;
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const confidential = ctx.em.getKnex().select('ci2.id').from('incident as ci2').where('ci2.tenant_id', tenantId).whereRaw(incidentVisibility.confidentialSql('ci2.tenant_id', 'ci2.id'));
    const where: Record<string, unknown> = { tenant: tenantId, $or: [{ incidentId: null }, { incidentId: { $nin: confidential } }] };
    if (filter?.memberId) {
      const member = await ctx.em.findOne(Member, { tenant: tenantId, id: idOf('Member', filter.memberId, ['filter', 'memberId']) });
      if (!member) throw notFound('Member', ['filter', 'memberId']);
      where.member = { id: member.id };
    }
    if (filter?.status) where.status = filter.status;
    const pageWhere = after ? { $and: [where, { $or: [{ logSeq: { $lt: Number(after[0]) } }, { logSeq: Number(after[0]), id: { $gt: String(after[1]) } }] }] } : where;
    const rows = await ctx.em.find(Notification, pageWhere, { orderBy: { logSeq: 'desc', id: 'asc' }, limit: limit + 1 });
    return toConnection(NotificationConnection, rows, limit, !!after, (n) => [n.logSeq, n.id], (n) => NotificationNode.from(n), () => ctx.em.count(Notification, where));
  },

  /**
   * The one act a notification's link allows: its member acknowledges its
   * task, logged as that member's act. Nothing else is granted.
   */
  async acknowledge(ctx: Ctx, token: string): Promise<Outcome<{ taskId: string; at: Date }>> {
    const secret = jwtSecret(ctx.config.dataDir, ctx.config.jwt.secret);
    const claims = verifyAck(secret, token, new Date());
    const invalid = new DomainError(NotifyAckErrorCode.ACK_INVALID, 'The link is invalid or has expired', ['input', 'token']);
    if (!claims) return { ok: false, errors: [invalid] };
    const conn = ctx.orm.em.fork();
    // Who the member is (the log names the acting user), read under the tenant's scope.
    const member = await conn.transactional(async (em) => {
      await setTenantScope(em as never, claims.tenantId, null);
      const [row] = await em.execute<{ user_id: string; status: string; assignee: string | null; incident_id: string | null }[]>(
        `select m.user_id, m.status, t.assignee_id as assignee, t.incident_id from member m
         left join incident_task t on t.tenant_id = m.tenant_id and t.id = ?
         where m.tenant_id = ? and m.id = ?`,
        [claims.taskId, claims.tenantId, claims.memberId],
      );
      return row ?? null;
    });
    if (!member || member.status !== 'ACTIVE' || member.assignee !== claims.memberId) return { ok: false, errors: [invalid] };
    const at = new Date();
    return audited(ctx, 'task.acknowledge_notification', async (tx) => {
      await tx.em.execute(`update notification set acknowledged_at = coalesce(acknowledged_at, ?) where tenant_id = ? and task_id = ? and member_id = ?`, [at, claims.tenantId, claims.taskId, claims.memberId]);
      return { result: { taskId: claims.taskId, at }, target: { type: 'IncidentTask', id: claims.taskId }, incidentId: member.incident_id, reason: 'acknowledged from the notification link' };
    }, { tenantId: claims.tenantId, actorKind: ActorKind.USER, actor: { userId: member.user_id, memberId: claims.memberId, roles: [] } });
  },
};
