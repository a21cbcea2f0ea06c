// Look-ahead for incident lists: the unit, case owner, tasks and clocks a page
// asks for are read in the page's own statement (correlated json subqueries
// over the alias `e`), so their loader statements and round trips fold away.
// RLS and the tenant columns scope every subquery like the page itself.
import type { EntityManager } from '@mikro-orm/postgresql';
import { plainMapper } from '../../platform/db/plain-rows.js';
import { Unit } from '../unit/unit.entity.js';
import { User } from '../user/user.entity.js';
import { Member } from '../member/member.entity.js';
import { IncidentTask } from './task.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';

/** What a page row carries for its incident; an absent key means "not read here, use the loader". */
export interface IncidentPreload {
  unit?: Unit | null;
  caseOwner?: { member: Member; user: User } | null;
  tasks?: IncidentTask[];
  /** Read instead of `tasks` when only open tasks are asked (a third of the rows). */
  openTasks?: IncidentTask[];
  clocks?: StatutoryClock[];
}

type Key = keyof IncidentPreload;

const SQL: Record<Key, string> = {
  unit: 'select row_to_json(u) from unit u where u.tenant_id = e.tenant_id and u.id = e.unit_id',
  caseOwner: `select json_build_object('member', row_to_json(m), 'user', json_build_object('id', au.id, 'email', au.email, 'display_name', au.display_name))
    from member m join app_user au on au.id = m.user_id where m.tenant_id = e.tenant_id and m.id = e.case_owner_id`,
  // Every task (openTasks, tasks(status:) and overdue filter them), in the loader's order.
  tasks: `select coalesce(json_agg(t order by t.due_at, t.created_at, t.id), '[]') from incident_task t
    where t.tenant_id = e.tenant_id and t.incident_id = e.id`,
  openTasks: `select coalesce(json_agg(t order by t.due_at, t.created_at, t.id), '[]') from incident_task t
    where t.tenant_id = e.tenant_id and t.incident_id = e.id and t.status = 'OPEN'`,
  clocks: `select coalesce(json_agg(c order by c.started_at, c.id), '[]') from statutory_clock c
    where c.tenant_id = e.tenant_id and c.incident_id = e.id`,
};

/** Incident fields answered by each preload. */
const FIELDS: Record<Key, readonly string[]> = {
  unit: ['unit'],
  caseOwner: ['caseOwner'],
  tasks: ['tasks', 'overdue'],
  openTasks: ['openTasks'],
  clocks: ['clocks', 'overdue'],
};

const column = (key: Key) => `pre_${key}`;

/** The extra select columns for the incident fields a query selects. */
export function preloadColumns(selected: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(SQL) as Key[]) if (FIELDS[key].some((f) => selected.has(f))) out[column(key)] = SQL[key];
  // Every task answers openTasks too.
  if (column('tasks') in out) delete out[column('openTasks')];
  return out;
}

type Json = Record<string, unknown>;

/** The page rows' extra columns as plain objects shaped like the loaders' rows. */
export function readPreloads(em: EntityManager, extras: Json[]): IncidentPreload[] {
  const unit = plainMapper(em, Unit);
  const member = plainMapper(em, Member);
  const user = plainMapper(em, User);
  const task = plainMapper(em, IncidentTask);
  const clock = plainMapper(em, StatutoryClock);
  return extras.map((extra) => {
    const out: IncidentPreload = {};
    if (column('unit') in extra) {
      const row = extra[column('unit')] as Json | null;
      out.unit = row ? unit(row) : null;
    }
    if (column('caseOwner') in extra) {
      const row = extra[column('caseOwner')] as { member: Json; user: Json } | null;
      out.caseOwner = row ? { member: member(row.member), user: user(row.user) } : null;
    }
    if (column('tasks') in extra) out.tasks = (extra[column('tasks')] as Json[]).map(task);
    if (column('openTasks') in extra) out.openTasks = (extra[column('openTasks')] as Json[]).map(task);
    if (column('clocks') in extra) out.clocks = (extra[column('clocks')] as Json[]).map(clock);
    return out;
  });
}
