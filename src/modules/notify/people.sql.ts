// The rules that say who is told, as one statement over a batch of log
// entries (the changes each entry records), and the notification queue.
import type { EntityManager } from '@mikro-orm/postgresql';
import { incidentVisibility } from '../incident/incident.access.js';
import { memberSql } from '../member/member.sql.js';
import { NotificationStatus } from './people.entity.js';

export enum NotifyReason {
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  TASK_REASSIGNED = 'TASK_REASSIGNED',
  /** reassignTask took a task from this member: told it left them, nothing else of the case. */
  TASK_REASSIGNED_AWAY = 'TASK_REASSIGNED_AWAY',
  INCIDENT_REPORTED = 'INCIDENT_REPORTED',
  TASK_ESCALATED = 'TASK_ESCALATED',
  /** A NOTIFY duty's task created: the holders of the role the plan names to be told (通知角色). */
  DUTY_NOTIFY = 'DUTY_NOTIFY',
}

export interface ClaimedNotification {
  id: string;
  member_id: string;
  reason: NotifyReason;
  subject_id: string;
  incident_id: string | null;
  task_id: string | null;
  attempts: number;
}

export const peopleSql = {
  /**
   * Who is told of entries (from, to]: a task created with an assignee, or
   * its assignee changed (reassignTask) → that member, and the member it was
   * taken from (TASK_REASSIGNED_AWAY); an incident opened → the
   * member on duty and the leader on call it recorded; an escalation of a missed
   * duty → the members it names; a NOTIFY duty's task created → the active
   * holders of the role its plan names to be told (the duty's notifyRoleKey)
   * whose jurisdiction covers the incident's unit, besides its assignee.
   * Never a member kept out of the case (举报).
   */
  async derive(em: EntityManager, tenantId: string, from: number, to: number, now: Date): Promise<number> {
    const rows = await em.execute<{ id: string }[]>(
      `insert into notification (tenant_id, id, created_at, log_seq, member_id, reason, subject_id, incident_id, task_id, status, attempts, next_attempt_at)
       select l.tenant_id, gen_random_uuid(), ?, l.seq, x.member_id, x.reason, x.subject_id, l.incident_id, x.task_id, '${NotificationStatus.PENDING}', 0, ?
       from log_entry l
       cross join lateral (
         select (c->'after'->>'assignee')::uuid as member_id,
                case when c->>'op' = 'create' then '${NotifyReason.TASK_ASSIGNED}' else '${NotifyReason.TASK_REASSIGNED}' end as reason,
                (c->>'id')::uuid as subject_id, (c->>'id')::uuid as task_id
           from jsonb_array_elements(l.changes) c
          where c->>'type' = 'IncidentTask' and c->>'op' in ('create', 'update') and coalesce(c->'after'->>'assignee', '') <> ''
         union all
         select (c->'before'->>'assignee')::uuid, '${NotifyReason.TASK_REASSIGNED_AWAY}', (c->>'id')::uuid, (c->>'id')::uuid
           from jsonb_array_elements(l.changes) c
          where c->>'type' = 'IncidentTask' and c->>'op' = 'update' and jsonb_exists(c->'after', 'assignee')
            and coalesce(c->'before'->>'assignee', '') <> '' and c->'before'->>'assignee' <> coalesce(c->'after'->>'assignee', '')
         union all
         select m.v::uuid, '${NotifyReason.INCIDENT_REPORTED}', (c->>'id')::uuid, null
           from jsonb_array_elements(l.changes) c
           cross join lateral (values (c->'after'->>'onDutyMember'), (c->'after'->>'leaderOnCall')) m(v)
          where c->>'type' = 'Incident' and c->>'op' = 'create' and coalesce(m.v, '') <> ''
         union all
         select r::uuid, '${NotifyReason.TASK_ESCALATED}', (c->>'id')::uuid, null
           from jsonb_array_elements(l.changes) c
           cross join lateral jsonb_array_elements_text(coalesce(c->'after'->'recipientIds', '[]'::jsonb)) r
          where c->>'type' = 'FindingEscalation' and c->>'op' = 'create'
         union all
         select nm.id, '${NotifyReason.DUTY_NOTIFY}', (c->>'id')::uuid, (c->>'id')::uuid
           from jsonb_array_elements(l.changes) c
           -- The task's escalation json is logged as a string (a json property's payload) or an object.
           cross join lateral (select case jsonb_typeof(c->'after'->'escalation') when 'string' then (c->'after'->>'escalation')::jsonb
                                      else c->'after'->'escalation' end ->> 'notifyRoleKey' as role_key) nk
           join incident ni on ni.tenant_id = l.tenant_id and ni.id = coalesce((c->'after'->>'incident')::uuid, l.incident_id)
           join unit nu on nu.tenant_id = ni.tenant_id and nu.id = ni.unit_id
           join member nm on nm.tenant_id = l.tenant_id and nm.status = 'ACTIVE'
           join unit nmu on nmu.tenant_id = nm.tenant_id and nmu.id = nm.unit_id
          where c->>'type' = 'IncidentTask' and c->>'op' = 'create' and c->'after'->>'dutyKind' = 'NOTIFY'
            and coalesce(nk.role_key, '') <> ''
            and nm.id::text <> coalesce(c->'after'->>'assignee', '')
            and exists (select 1 from member_role nmr join role nr on nr.tenant_id = nmr.tenant_id and nr.id = nmr.role_id
                         where nmr.tenant_id = nm.tenant_id and nmr.member_id = nm.id
                           and (nr.key = nk.role_key or nr.id::text = nk.role_key))
            and ${memberSql.coveringDepth('nm', 'nmu', 'nu.path')} is not null
       ) x
       where l.tenant_id = ? and l.seq > ? and l.seq <= ?
         and exists (select 1 from member mm where mm.tenant_id = l.tenant_id and mm.id = x.member_id)
         and ${incidentVisibility.notExcludedSql('l.tenant_id', 'l.incident_id', { member: 'x.member_id', nullable: true })}
       on conflict do nothing
       returning id`,
      [now, now, tenantId, from, to],
    );
    return rows.length;
  },

  async claim(em: EntityManager, tenantId: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedNotification[]> {
    return em.execute<ClaimedNotification[]>(
      `update notification n set lease_until = ?::timestamptz + (? * interval '1 millisecond'), attempts = n.attempts + 1
       from (select c.tenant_id, c.id from notification c
             where c.tenant_id = ? and c.status = '${NotificationStatus.PENDING}' and c.next_attempt_at <= ? and (c.lease_until is null or c.lease_until <= ?)
             order by c.log_seq, c.id limit ? for update of c skip locked) picked
       where n.tenant_id = picked.tenant_id and n.id = picked.id
       returning n.id, n.member_id, n.reason, n.subject_id, n.incident_id, n.task_id, n.attempts`,
      [now, leaseMs, tenantId, now, now, limit],
    );
  },

  async channels(em: EntityManager, tenantId: string): Promise<{ kind: string; url: string; secret: string | null; corp_id: string | null; agent_id: number | null }[]> {
    return em.execute(
      `select kind, url, secret, corp_id, agent_id from notification_channel where tenant_id = ? and enabled order by priority, kind`,
      [tenantId],
    );
  },

  async recipient(em: EntityManager, tenantId: string, memberId: string): Promise<{ display_name: string; mobile: string | null; wecom_user_id: string | null; dingtalk_user_id: string | null } | null> {
    const [row] = await em.execute<{ display_name: string; mobile: string | null; wecom_user_id: string | null; dingtalk_user_id: string | null }[]>(
      `select coalesce(u.display_name, '') as display_name, c.mobile, c.wecom_user_id, c.dingtalk_user_id
       from member m join app_user u on u.id = m.user_id
       left join member_contact c on c.tenant_id = m.tenant_id and c.member_id = m.id
       where m.tenant_id = ? and m.id = ?`,
      [tenantId, memberId],
    );
    return row ?? null;
  },

  async task(em: EntityManager, tenantId: string, taskId: string): Promise<{ action: string; due_at: Date; receipt_number: string; confidential: boolean } | null> {
    const [row] = await em.execute<{ action: string; due_at: Date; receipt_number: string; confidential: boolean }[]>(
      `select t.action, t.due_at, i.receipt_number, ${incidentVisibility.confidentialSql('t.tenant_id', 't.incident_id')} as confidential
       from incident_task t join incident i on i.tenant_id = t.tenant_id and i.id = t.incident_id where t.tenant_id = ? and t.id = ?`,
      [tenantId, taskId],
    );
    return row ? { ...row, due_at: new Date(row.due_at) } : null;
  },

  async settle(em: EntityManager, tenantId: string, id: string, attempt: number, o: { status: NotificationStatus; channel: string | null; detail: string; nextAttemptAt: Date | null; sentAt: Date | null }): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `update notification set status = ?, channel = ?, detail = ?, next_attempt_at = coalesce(?, next_attempt_at), sent_at = ?, lease_until = null
       where tenant_id = ? and id = ? and attempts = ? returning id`,
      [o.status, o.channel, o.detail.slice(0, 2000), o.nextAttemptAt, o.sentAt, tenantId, id, attempt],
    );
    return rows.length > 0;
  },
};
