// The sweep's agenda: one statement over every tenant, as the agenda role
// (platform/db/agenda-role.ts), answering which active tenants have anything
// due now and for which steps — the union of each step's own condition
// (sweep-due.sql.ts), each a probe on an index whose leading column is the
// due time (the agenda migration). The sweep then visits only those tenants,
// running only those steps; a tenant with nothing due costs nothing.
import { readAcrossTenants } from '../../platform/db/agenda-role.js';
import type { SystemDeps } from '../../platform/system-context.js';
import { DUE_PROBES } from './sweep-due.sql.js';
import type { SweepTenant } from './sweep.context.js';

export interface AgendaTenant extends SweepTenant {
  /** The steps with something due (names of SWEEP_STEPS). */
  steps: string[];
}

/** A timestamp literal: the planner sees the bound of each probe's index range (a Date's ISO text only). */
const at = (d: Date) => `'${d.toISOString()}'::timestamptz`;

/** The statement for this `now` and due-soon bound (both literals); with `only`, one parameter: the tenant ids to consider. */
export function agendaSql(now: Date, soon: Date, only: boolean): string {
  const probes = DUE_PROBES.map((p) => `select distinct ${p.alias}.tenant_id, '${p.step}' as step from ${p.from} ${p.alias} where ${p.where(p.alias, at(now), at(soon))}`);
  return `with due as (
${probes.join('\nunion all\n')}
)
select tn.id, tn.timezone, array_agg(d.step order by d.step) as steps
  from due d join tenant tn on tn.id = d.tenant_id
 where tn.status = 'ACTIVE'${only ? ' and tn.id = any(?::uuid[])' : ''}
 group by tn.id, tn.timezone
 order by tn.id`;
}

export function sweepAgenda(deps: SystemDeps, now: Date, dueSoonMs: number, only?: string[]): Promise<AgendaTenant[]> {
  const sql = agendaSql(now, new Date(now.getTime() + dueSoonMs), !!only);
  return readAcrossTenants<AgendaTenant>(deps.orm, sql, only ? [`{${only.join(',')}}`] : []);
}
