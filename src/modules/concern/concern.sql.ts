// SQL of concerns for statements other modules compose (the deadline sweeper, the accountability report).

/** A concern past its due date without a finding: open, or closed after it. */
const overdueWithoutFindingWhere = (c: string, now: string) =>
  `${c}.resolve_by < ${now}
       and (${c}.status = 'OPEN' or ${c}.closed_at > ${c}.resolve_by)
       and not exists (select 1 from accountability_finding f where f.tenant_id = ${c}.tenant_id and f.concern_id = ${c}.id)`;

export const concernSql = {
  overdueWithoutFindingWhere,

  /**
   * Concerns past their due date without a finding yet: still open (missed),
   * or resolved or turned into an incident after it (late). Parameters:
   * tenant, now, limit.
   */
  overdueWithoutFinding: `
    select c.id, c.unit_id, u.path as unit_path, c.owner_id, c.issue, c.planned_resolution, c.resolve_by, c.status, c.closed_at, c.incident_id
      from concern c join unit u on u.tenant_id = c.tenant_id and u.id = c.unit_id
     where c.tenant_id = ? and ${overdueWithoutFindingWhere('c', '?')}
     order by c.resolve_by, c.id
     limit ?`,

  /** Concerns as obligations (source, unit_id, member_id, due_at, done_at) for the report; parameters tenant, from, to, now. */
  obligations: `
    select 'CONCERN' as source, c.unit_id, c.owner_id as member_id, c.resolve_by as due_at, c.closed_at as done_at
      from concern c
     where c.tenant_id = :tenant and c.resolve_by >= :from and c.resolve_by < :to and (c.resolve_by <= :now or c.status <> 'OPEN')`,
};

export interface OverdueConcernRow {
  id: string;
  unit_id: string;
  unit_path: string;
  owner_id: string;
  issue: string;
  planned_resolution: string;
  resolve_by: Date;
  status: string;
  closed_at: Date | null;
  incident_id: string | null;
}
