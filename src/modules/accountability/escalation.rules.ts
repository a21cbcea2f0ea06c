// Who is told when an obligation is missed, and who answers for a unit.
// Pure functions over the role graph and the active members (unit tests call them).
import type { Permission } from '../../platform/permissions.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import type { Role } from '../role/role.entity.js';
import type { RoleGraph } from '../role/role.service.js';
import type { DirectoryMember } from './sweep.context.js';

export interface EscalationTarget {
  /** The role to tell; null when there is none above the responsible one. */
  role: Role | null;
  /** The role as the rule names it (or as derived). */
  roleKey: string | null;
  /** Why this role (for the escalation's note). */
  basis: string;
}

const keyOf = (r: Role) => r.key ?? r.id;

/** How many roles sit above it (0 for the top of a chain). */
function rank(graph: RoleGraph, roleId: string): number {
  return graph.above(roleId).length - 1;
}

/**
 * The role to notify: the plan's escalation rule when the duty has one; else
 * the role right above the responsible role; with no responsible role (a clock
 * without a case owner, a unit without members), the lowest leader-rank role.
 */
export function escalationTarget(graph: RoleGraph, ruleRoleKey: string | null | undefined, responsibleRoleId: string | null | undefined): EscalationTarget {
  if (ruleRoleKey) {
    return { role: graph.ofKey(ruleRoleKey) ?? null, roleKey: ruleRoleKey, basis: `escalation rule of the plan: ${ruleRoleKey}` };
  }
  const responsible = responsibleRoleId ? graph.roles.get(responsibleRoleId) : undefined;
  if (responsible) {
    const parentId = responsible.parent?.id;
    const parent = parentId ? graph.roles.get(parentId) : undefined;
    return parent
      ? { role: parent, roleKey: keyOf(parent), basis: `the role above ${keyOf(responsible)}` }
      : { role: null, roleKey: null, basis: `no role above ${keyOf(responsible)}` };
  }
  const leaders = [...graph.roles.values()].filter((r) => graph.isLeader(r.id)).sort((a, b) => rank(graph, b.id) - rank(graph, a.id) || a.name.localeCompare(b.name));
  const lowest = leaders[0];
  return lowest ? { role: lowest, roleKey: keyOf(lowest), basis: 'nobody answerable: the lowest leader-rank role' } : { role: null, roleKey: null, basis: 'no leader-rank role' };
}

/**
 * Members holding the role (or, when nobody does, the nearest role above it
 * that somebody holds) whose jurisdiction covers the unit; never the
 * responsible member nor anyone kept out of the case.
 */
export function recipientsFor(graph: RoleGraph, members: readonly DirectoryMember[], roleId: string, unitPath: string, exclude: ReadonlySet<string>): string[] {
  const chain = graph.above(roleId);
  let best = Infinity;
  const found: { id: string; distance: number }[] = [];
  for (const m of members) {
    if (exclude.has(m.id) || !unitSubtree.containsAny(m.jurisdiction, unitPath)) continue;
    const distance = Math.min(...m.roleIds.map((id) => chain.indexOf(id)).filter((i) => i >= 0));
    if (!Number.isFinite(distance)) continue;
    found.push({ id: m.id, distance });
    best = Math.min(best, distance);
  }
  return found.filter((f) => f.distance === best).map((f) => f.id).sort();
}

/** A member's role that ranks highest among those granting `permission` (any role when none does). */
export function primaryRole(graph: RoleGraph, roleIds: readonly string[], permission?: Permission): Role | null {
  const roles = roleIds.map((id) => graph.roles.get(id)).filter((r): r is Role => !!r);
  const acting = permission ? roles.filter((r) => graph.effectivePermissions(r.id).includes(permission)) : roles;
  const pool = acting.length ? acting : roles;
  return pool.sort((a, b) => rank(graph, a.id) - rank(graph, b.id) || a.name.localeCompare(b.name))[0] ?? null;
}

/**
 * Who answers for a unit's own report (an alert period's): the most senior
 * member whose own unit it is and who may report, the longest-serving first.
 */
export function unitHead(graph: RoleGraph, members: readonly DirectoryMember[], unitId: string, permission: Permission): { member: DirectoryMember; role: Role } | null {
  let best: { member: DirectoryMember; role: Role; rank: number } | null = null;
  for (const m of members) {
    if (m.unitId !== unitId) continue;
    const role = primaryRole(graph, m.roleIds, permission);
    if (!role || !graph.effectivePermissions(role.id).includes(permission)) continue;
    const r = rank(graph, role.id);
    if (!best || r < best.rank || (r === best.rank && (m.createdAt < best.member.createdAt || (m.createdAt.getTime() === best.member.createdAt.getTime() && m.id < best.member.id)))) {
      best = { member: m, role, rank: r };
    }
  }
  return best ? { member: best.member, role: best.role } : null;
}
