// What one batch of a tenant's sweep works with: the system context in the
// tenant's scope, the sweep time, and lazily loaded tenant data (roles,
// calendar, active members) shared by the steps of the batch.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../../platform/context.js';
import { withSystemContext, type SystemDeps } from '../../platform/system-context.js';
import { audited, type Audited } from '../../platform/audit/mutation.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { Role } from '../role/role.entity.js';
import { RoleGraph } from '../role/role.service.js';
import { loadTenantClock, type TenantClock } from '../calendar/calendar.service.js';
import type { DutyKind } from '../plan/plan.model.js';
import { incidentAccess } from '../incident/incident.access.js';
import { memberSql } from '../member/member.sql.js';

/** The columns of a task both sweeps read: the duty, who answered for it, where, and when it was due. */
export interface DutyTaskColumns {
  id: string;
  incident_id: string;
  duty_key: string;
  duty_kind: DutyKind;
  action: string;
  role_key: string;
  role_id: string | null;
  assignee_id: string | null;
  unit_id: string;
  unit_path: string;
  level_key: string;
  plan_version: number | null;
  due_at: Date;
}

export interface SweepTenant {
  id: string;
  timezone: string;
}

/** An active member as escalation and unit heads need it. */
export interface DirectoryMember {
  id: string;
  unitId: string;
  unitPath: string;
  /** Paths of the subtrees whose cases the member handles (the seat's when none was set). */
  jurisdiction: string[];
  createdAt: Date;
  roleIds: string[];
}

/** Counters of one sweep (summed over batches and tenants). */
export interface SweepCounts {
  occurrences: number;
  findings: number;
  escalations: number;
  clocksMissed: number;
  dueSoon: number;
}

export function emptyCounts(): SweepCounts {
  return { occurrences: 0, findings: 0, escalations: 0, clocksMissed: 0, dueSoon: 0 };
}

export class SweepBatch {
  private graphPromise: Promise<RoleGraph> | null = null;
  private clockPromise: Promise<TenantClock> | null = null;
  private directoryPromise: Promise<DirectoryMember[]> | null = null;

  constructor(
    readonly deps: SystemDeps,
    /** Reads: a transaction of its own in the tenant's scope, holding no locks. */
    readonly ctx: Ctx,
    readonly tenant: SweepTenant,
    readonly now: Date,
    readonly limit: number,
    readonly dueSoonMs: number,
    readonly counts: SweepCounts,
  ) {}

  get em(): EntityManager {
    return this.ctx.em;
  }

  /** Raw SQL in the batch's transaction (callers always add `tenant_id = ?`). */
  sql<T>(query: string, params: unknown[]): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(query, params as never[], 'all', this.em.getTransactionContext());
  }

  /**
   * One write through the mutation runner as the system, in a transaction of
   * its own: its row locks (an incident, the rows its inserts reference) come
   * first and its one log entry last, then it commits — the order of every
   * mutation, so the sweeper never holds the tenant's log head while waiting
   * for a case someone is working on (no deadlock with them).
   */
  async write<T>(action: string, work: (tx: Ctx) => Promise<Audited<T>>): Promise<T> {
    return withSystemContext(this.deps, null, async (ctx) => {
      await setTenantScope(ctx.em, this.tenant.id, null);
      const out = await audited(ctx, action, work, { tenantId: this.tenant.id, actorKind: ActorKind.SYSTEM });
      if (!out.ok) throw new Error(`${action}: ${out.errors.map((e) => e.message).join('; ')}`);
      return out.value;
    });
  }

  graph(): Promise<RoleGraph> {
    this.graphPromise ??= this.em.find(Role, { tenant: this.tenant.id }).then((roles) => new RoleGraph(new Map(roles.map((r) => [r.id, r]))));
    return this.graphPromise;
  }

  clock(): Promise<TenantClock> {
    this.clockPromise ??= loadTenantClock(this.em, this.tenant.id, this.tenant.timezone);
    return this.clockPromise;
  }

  /** Active members with their unit path and role ids (one statement per batch). */
  directory(): Promise<DirectoryMember[]> {
    this.directoryPromise ??= this.sql<{ id: string; unit_id: string; path: string; jurisdiction: string[]; created_at: Date; role_ids: string[] }>(
      `select m.id, m.unit_id, u.path, ${memberSql.jurisdictionPaths('m', 'u')} as jurisdiction, m.created_at,
              coalesce(array_agg(mr.role_id) filter (where mr.role_id is not null), '{}') as role_ids
         from member m
         join unit u on u.tenant_id = m.tenant_id and u.id = m.unit_id
         left join member_role mr on mr.tenant_id = m.tenant_id and mr.member_id = m.id
        where m.tenant_id = ? and m.status = 'ACTIVE'
        group by m.tenant_id, m.id, m.unit_id, u.path, m.created_at`,
      [this.tenant.id],
    ).then((rows) => rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitPath: r.path, jurisdiction: r.jurisdiction, createdAt: new Date(r.created_at), roleIds: r.role_ids })));
    return this.directoryPromise;
  }

  /** Members kept out of these incidents (subjects, recused), by incident. */
  exclusions(incidentIds: string[]): Promise<Map<string, Set<string>>> {
    return incidentAccess.exclusionsOf(this.em, this.tenant.id, incidentIds);
  }
}

/** A uuid[] literal for `?::uuid[]` parameters. */
export function pgUuids(ids: Iterable<string>): string {
  return `{${[...new Set(ids)].join(',')}}`;
}
