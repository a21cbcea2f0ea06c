// Telling people: each claimed notification is rendered as a short text (no
// petitioner data; a confidential case says only that there is a task) and
// tried on the tenant's channels in priority order until one accepts. Nobody
// reachable on any channel: UNREACHABLE, and a warning entry on the task.
// The send reads the member's contact points, so it is logged as such a read.
import type { SystemDeps } from '../../platform/system-context.js';
import { withSystemContext } from '../../platform/system-context.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { appendTenantLog } from '../../platform/audit/log-writer.js';
import { jwtSecret } from '../../platform/config/secrets.js';
import type { Ctx } from '../../platform/context.js';
import { CHANNEL_ADAPTERS } from './channels/adapters.js';
import { ChannelKind, type Recipient } from './channels/channel.js';
import { httpJson } from './channels/http-json.js';
import { allowList } from './webhook-ssrf.js';
import { NotificationStatus } from './people.entity.js';
import { NotifyReason, peopleSql, type ClaimedNotification } from './people.sql.js';
import { ACK_TTL_SECONDS, signAck } from './ack-token.js';
import { retryDelayMs } from './retry-schedule.js';

export const CONTACT_READ_ACTION = 'member.read_contact';
const MAX_PEOPLE_ATTEMPTS = 4;

export class PeopleSender {
  private readonly http;
  private readonly ackSecret: string;

  constructor(
    private readonly deps: SystemDeps,
    private readonly inTenant: <T>(tenantId: string, work: (ctx: Ctx) => Promise<T>) => Promise<T>,
    private readonly now: () => Date,
    private readonly random: () => number,
  ) {
    this.http = httpJson(allowList(deps.config.webhooks.allowPrivateNetworks), deps.config.webhooks.timeoutMs);
    this.ackSecret = jwtSecret(deps.config.dataDir, deps.config.jwt.secret);
  }

  async pass(tenantId: string): Promise<number> {
    let sent = 0;
    for (let i = 0; i < 20; i++) {
      const claimed = await this.inTenant(tenantId, (ctx) => peopleSql.claim(ctx.em, tenantId, this.now(), this.deps.config.webhooks.leaseMs, 32));
      if (!claimed.length) break;
      const results = await Promise.all(claimed.map((n) => this.send(tenantId, n).catch((err) => {
        this.deps.logger.error({ err, tenantId, notification: n.id }, 'notification failed');
        return false;
      })));
      sent += results.filter(Boolean).length;
    }
    return sent;
  }

  private async text(tenantId: string, n: ClaimedNotification): Promise<string> {
    const task = n.task_id ? await this.inTenant(tenantId, (ctx) => peopleSql.task(ctx.em, tenantId, n.task_id!)) : null;
    // Only the assignee may acknowledge: the people a NOTIFY duty tells get no link.
    // The member a task was taken from: that it left them, nothing else of the case (it may no longer see it).
    if (n.reason === NotifyReason.TASK_REASSIGNED_AWAY) return '【信访】您的一项任务已改由他人承办，无需再办理。';
    const ack = n.task_id && n.reason !== NotifyReason.DUTY_NOTIFY
      ? signAck(this.ackSecret, { tenantId, taskId: n.task_id, memberId: n.member_id, exp: Math.floor(this.now().getTime() / 1000) + ACK_TTL_SECONDS })
      : null;
    const link = ack ? (this.deps.config.notify.ackBaseUrl ? `${this.deps.config.notify.ackBaseUrl}${this.deps.config.notify.ackBaseUrl.includes('?') ? '&' : '?'}token=${ack}` : `确认码 ${ack}`) : '';
    const due = task ? task.due_at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '';
    switch (n.reason) {
      case NotifyReason.TASK_ASSIGNED:
      case NotifyReason.TASK_REASSIGNED:
        return task?.confidential
          ? `【信访】您有一项保密事项的新任务，请登录系统查看。${link}`
          : `【信访】${n.reason === NotifyReason.TASK_REASSIGNED ? '转交给您的任务' : '新任务'}：${task?.action ?? ''}（${task?.receipt_number ?? ''}），截止 ${due}。${link}`;
      case NotifyReason.DUTY_NOTIFY:
        return task?.confidential
          ? '【信访】按预案报您知悉：有一起保密事项，请登录系统查看。'
          : `【信访】按预案报您知悉：${task?.action ?? ''}（${task?.receipt_number ?? ''}），请登录系统查看。`;
      case NotifyReason.TASK_ESCALATED:
        return '【信访】有一项职责逾期未完成，按预案报您知悉，请登录系统查看。';
      default:
        return '【信访】新接报一起信访事项，请登录系统查看并处置。';
    }
  }

  private async send(tenantId: string, n: ClaimedNotification): Promise<boolean> {
    const [channels, person] = await this.inTenant(tenantId, (ctx) => Promise.all([peopleSql.channels(ctx.em, tenantId), peopleSql.recipient(ctx.em, tenantId, n.member_id)]));
    const recipient: Recipient = { displayName: person?.display_name ?? '', mobile: person?.mobile, wecomUserId: person?.wecom_user_id, dingtalkUserId: person?.dingtalk_user_id };
    const usable = channels.filter((c) => CHANNEL_ADAPTERS[c.kind as ChannelKind]?.reaches(recipient));
    const at = this.now();
    if (!usable.length) {
      await this.inTenant(tenantId, async (ctx) => {
        if (!(await peopleSql.settle(ctx.em, tenantId, n.id, n.attempts, { status: NotificationStatus.UNREACHABLE, channel: null, detail: 'no configured channel reaches the member', nextAttemptAt: null, sentAt: null }))) return;
        if (n.task_id) {
          // The warning on the task: an entry of the incident's history.
          await appendTenantLog(ctx.em, {
            tenantId, actorKind: ActorKind.SYSTEM, action: 'task.notify_unreachable', targetType: 'IncidentTask', targetId: n.task_id,
            incidentId: n.incident_id, reason: `member ${n.member_id} cannot be reached on any channel`, requestId: `notify-${n.id}`,
          });
        }
      });
      return false;
    }
    const text = await this.text(tenantId, n);
    const details: string[] = [];
    for (const c of usable) {
      const adapter = CHANNEL_ADAPTERS[c.kind as ChannelKind];
      let ok = false;
      try {
        const out = await adapter.send({ url: c.url, secret: c.secret, corpId: c.corp_id, agentId: c.agent_id }, recipient, text, this.http, at);
        details.push(`${c.kind}: ${out.detail}`);
        ok = out.ok;
      } catch (err) {
        details.push(`${c.kind}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (ok) {
        await this.inTenant(tenantId, async (ctx) => {
          if (!(await peopleSql.settle(ctx.em, tenantId, n.id, n.attempts, { status: NotificationStatus.SENT, channel: c.kind, detail: details.join('; '), nextAttemptAt: null, sentAt: this.now() }))) return;
          // Sending used the member's contact point: a read of personal data, logged.
          await appendTenantLog(ctx.em, {
            tenantId, actorKind: ActorKind.SYSTEM, action: CONTACT_READ_ACTION, targetType: 'Member', targetId: n.member_id,
            incidentId: n.incident_id, reason: `contact point used to notify (${c.kind})`, requestId: `notify-${n.id}`,
          });
        });
        return true;
      }
    }
    const delay = n.attempts < MAX_PEOPLE_ATTEMPTS ? retryDelayMs(n.attempts, this.random) : null;
    await this.inTenant(tenantId, (ctx) =>
      peopleSql.settle(ctx.em, tenantId, n.id, n.attempts, {
        status: delay === null ? NotificationStatus.FAILED : NotificationStatus.PENDING, channel: null, detail: details.join('; '),
        nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay), sentAt: null,
      }),
    );
    return false;
  }
}
