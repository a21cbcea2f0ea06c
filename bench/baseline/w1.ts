// Baseline W1: the incidents page with unit, case owner, open tasks and clocks
// in one hand-written statement, shaped like the GraphQL answer.
import type pg from 'pg';
import type { BaselineActor } from './auth.js';

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const iso = (v: string | Date) => new Date(v).toISOString();

const LIST_SQL = `
select i.id, i.receipt_number, i.status, i.category, i.level_key, i.level_name, i.received_at,
       u.id as unit_id, u.name as unit_name, co.id as owner_id, cou.display_name as owner_name,
       (select coalesce(json_agg(json_build_object('id', t.id, 'dutyKey', t.duty_key, 'dutyKind', t.duty_kind, 'status', t.status, 'dueAt', t.due_at)
                 order by t.due_at, t.created_at, t.id), '[]')
          from incident_task t where t.tenant_id = i.tenant_id and t.incident_id = i.id and t.status = 'OPEN') as tasks,
       (select coalesce(json_agg(json_build_object('id', c.id, 'kind', c.kind, 'state', c.state, 'dueAt', c.due_at) order by c.started_at, c.id), '[]')
          from statutory_clock c where c.tenant_id = i.tenant_id and c.incident_id = i.id) as clocks
  from incident i
  join unit u on u.tenant_id = i.tenant_id and u.id = i.unit_id
  left join member co on co.tenant_id = i.tenant_id and co.id = i.case_owner_id
  left join app_user cou on cou.id = co.user_id
 where i.tenant_id = $1 and u.path like $2
   and not exists (select 1 from incident_exclusion x where x.tenant_id = i.tenant_id and x.incident_id = i.id and x.member_id = $3)
 order by i.received_at desc, i.id desc
 limit $4`;

interface Row {
  id: string; receipt_number: string; status: string; category: string; level_key: string | null; level_name: string | null; received_at: Date;
  unit_id: string; unit_name: string; owner_id: string | null; owner_name: string | null;
  tasks: { id: string; dutyKey: string; dutyKind: string; status: string; dueAt: string }[];
  clocks: { id: string; kind: string; state: string; dueAt: string }[];
}

export async function listIncidents(client: pg.PoolClient, actor: BaselineActor, first: number) {
  const limit = Math.min(Math.max(first, 1), 100);
  const { rows } = await client.query<Row>(LIST_SQL, [actor.tenantId, `${actor.unitPath}%`, actor.memberId, limit + 1]);
  const page = rows.slice(0, limit);
  const edges = page.map((r) => ({
    cursor: Buffer.from(JSON.stringify(['RECEIVED_AT', iso(r.received_at), r.id]), 'utf8').toString('base64url'),
    node: {
      id: gid('Incident', r.id),
      receiptNumber: r.receipt_number,
      status: r.status,
      category: r.category,
      levelKey: r.level_key,
      levelName: r.level_name,
      receivedAt: iso(r.received_at),
      unit: { id: gid('Unit', r.unit_id), name: r.unit_name },
      caseOwner: r.owner_id ? { id: gid('Member', r.owner_id), displayName: r.owner_name } : null,
      openTasks: r.tasks.map((t) => ({ id: gid('IncidentTask', t.id), dutyKey: t.dutyKey, dutyKind: t.dutyKind, status: t.status, dueAt: iso(t.dueAt) })),
      clocks: r.clocks.map((c) => ({ id: gid('StatutoryClock', c.id), kind: c.kind, state: c.state, dueAt: iso(c.dueAt) })),
    },
  }));
  return { incidents: { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges[edges.length - 1]?.cursor ?? null } } };
}
