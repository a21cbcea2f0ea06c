// Turning a level's duties into concrete assignees. A duty names a role; the
// candidates are active members holding that role or a role above it whose
// jurisdiction covers the incident's unit, minus anyone kept out of the case.
// The closest match wins: the exact role before a higher one (never a lower
// one), the member on duty before the others, the nearest jurisdiction before
// a wider one, then the longest-serving member (a stable, explainable order).
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { roleService, type RoleGraph } from '../role/role.service.js';
import type { Role } from '../role/role.entity.js';
import type { Duty } from '../plan/plan.model.js';
import { memberSql, type ChainMember } from '../member/member.sql.js';
import { TaskAssignedVia } from './incident.enums.js';

export interface DutyAssignment {
  duty: Duty;
  role: Role | null;
  memberId: string | null;
  unitId: string | null;
  /** Null when nobody can take the duty. */
  via: TaskAssignedVia | null;
}

/** A member who could take a duty (member.sql.ts reads them). */
export type Candidate = ChainMember;

/** Active members holding one of the roles whose jurisdiction covers the incident's unit. */
export async function candidatesFor(ctx: Ctx, incidentUnitPath: string, roleIds: string[]): Promise<Candidate[]> {
  if (roleIds.length === 0) return [];
  const tenantId = requireMember(ctx).tenant.id;
  const rows = await ctx.em.getConnection().execute<Parameters<typeof memberSql.chainHoldingRolesFrom>[0]>(
    memberSql.chainHoldingRoles,
    [incidentUnitPath, tenantId, `{${roleIds.join(',')}}`],
    'all',
    ctx.em.getTransactionContext(),
  );
  return memberSql.chainHoldingRolesFrom(rows);
}

/** Ranks the candidates for one role (pure: unit tests call it directly). */
export function rankCandidates(graph: RoleGraph, role: Role, candidates: Candidate[], excluded: ReadonlySet<string>, onDuty: readonly string[]): Candidate[] {
  const chain = graph.above(role.id);
  const distance = (c: Candidate) => roleDistance(chain, c);
  return candidates
    .filter((c) => !excluded.has(c.memberId) && Number.isFinite(distance(c)))
    .sort((a, b) =>
      distance(a) - distance(b) ||
      Number(onDuty.includes(b.memberId)) - Number(onDuty.includes(a.memberId)) ||
      b.unitDepth - a.unitDepth ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.memberId.localeCompare(b.memberId),
    );
}

/** Steps from the duty's role up to the nearest role the candidate holds (0: the role itself; Infinity: none). */
function roleDistance(chain: readonly string[], c: Candidate): number {
  return Math.min(...c.roleIds.map((id) => chain.indexOf(id)).filter((i) => i >= 0));
}

/** How the chosen candidate was found. */
export function assignedVia(graph: RoleGraph, role: Role, chosen: Candidate, onDuty: readonly string[]): TaskAssignedVia {
  if (roleDistance(graph.above(role.id), chosen) > 0) return TaskAssignedVia.ROLE_ABOVE;
  return onDuty.includes(chosen.memberId) ? TaskAssignedVia.ON_DUTY : TaskAssignedVia.ROLE;
}

/**
 * candidatesFor's answer from every active member on the unit's chain with all
 * their roles (read ahead by the report's context statement): only the wanted
 * roles are kept, and members holding none of them drop out.
 */
export function candidatesAmong(members: readonly Candidate[], roleIds: readonly string[]): Candidate[] {
  const wanted = new Set(roleIds);
  const out: Candidate[] = [];
  for (const m of members) {
    const held = m.roleIds.filter((id) => wanted.has(id));
    if (held.length) out.push({ ...m, roleIds: held });
  }
  return out;
}

/** Assigns every duty to its best candidate (one statement for all duties, none when the chain's members were read ahead). */
export async function assignDuties(
  ctx: Ctx,
  incidentUnitPath: string,
  duties: readonly Duty[],
  excluded: ReadonlySet<string>,
  onDuty: readonly string[],
  chainMembers?: readonly Candidate[],
): Promise<DutyAssignment[]> {
  const graph = await roleService.graph(ctx);
  const roles = duties.map((d) => graph.ofKey(d.roleKey) ?? null);
  const wanted = new Set<string>();
  for (const role of roles) if (role) for (const id of graph.above(role.id)) wanted.add(id);
  const candidates = chainMembers ? candidatesAmong(chainMembers, [...wanted]) : await candidatesFor(ctx, incidentUnitPath, [...wanted]);
  return duties.map((duty, i) => {
    const role = roles[i]!;
    if (!role) return { duty, role: null, memberId: null, unitId: null, via: null };
    const best = rankCandidates(graph, role, candidates, excluded, onDuty)[0];
    if (!best) return { duty, role, memberId: null, unitId: null, via: null };
    return { duty, role, memberId: best.memberId, unitId: best.unitId, via: assignedVia(graph, role, best, onDuty) };
  });
}

/** Whether a member may act for a role on an incident: it holds the role or one above it, and its jurisdiction covers the incident's unit. */
export async function memberCovers(ctx: Ctx, memberId: string, roleId: string, incidentUnitPath: string): Promise<boolean> {
  const graph = await roleService.graph(ctx);
  const roleIds = graph.above(roleId);
  const found = await candidatesFor(ctx, incidentUnitPath, roleIds);
  return found.some((c) => c.memberId === memberId);
}

/** Whether a member holds a leader-rank role (or one above it), with a jurisdiction covering the incident. */
export async function leaderCovering(ctx: Ctx, memberId: string, incidentUnitPath: string): Promise<boolean> {
  const graph = await roleService.graph(ctx);
  const leaderRoles = [...graph.roles.keys()].filter((id) => graph.isLeader(id));
  const found = await candidatesFor(ctx, incidentUnitPath, leaderRoles);
  return found.some((c) => c.memberId === memberId);
}
