import type { Actor, Ctx } from './context.js';
import { forbidden, unauthenticated } from './errors.js';
import type { Permission } from './permissions.js';
import type { PlatformRole } from './platform-roles.js';
import { unitSubtree } from './unit-subtree.js';

/** A signed-in caller. */
export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

/** A signed-in member of an active tenant. */
export function requireMember(ctx: Ctx): Actor & { memberId: string; unitPath: string; tenant: NonNullable<Actor['tenant']> } {
  const actor = requireActor(ctx);
  if (!actor.tenant || !actor.memberId || !actor.unitPath) throw forbidden('This operation needs a tenant membership');
  return actor as Actor & { memberId: string; unitPath: string; tenant: NonNullable<Actor['tenant']> };
}

/** The member holds every permission named (directly or through the roles below its own). */
export function requirePermission(ctx: Ctx, ...permissions: Permission[]) {
  const actor = requireMember(ctx);
  for (const p of permissions) {
    if (!actor.permissions.has(p)) throw forbidden(`Missing permission ${p}`);
  }
  return actor;
}

/** The member holds at least one of the permissions named. */
export function requireAnyPermission(ctx: Ctx, ...permissions: Permission[]) {
  const actor = requireMember(ctx);
  if (!permissions.some((p) => actor.permissions.has(p))) throw forbidden(`Missing permission ${permissions.join(' or ')}`);
  return actor;
}

export function hasPermission(ctx: Ctx, permission: Permission): boolean {
  return !!ctx.actor?.memberId && ctx.actor.permissions.has(permission);
}

export function requirePlatformAdmin(ctx: Ctx): Actor {
  const actor = requireActor(ctx);
  if (!actor.platformAdmin) throw forbidden('Platform administrators only');
  return actor;
}

/** A platform administrator holding one of the roles named (三员分立: each does only its own work). */
export function requirePlatformRole(ctx: Ctx, ...roles: PlatformRole[]): Actor {
  const actor = requirePlatformAdmin(ctx);
  if (!actor.platformRole || !roles.includes(actor.platformRole)) throw forbidden(`This is the work of the ${roles.join(' or ')}`);
  return actor;
}

/** Whether a unit (by materialised path) lies in the member's subtree. */
export function unitInScope(actor: Pick<Actor, 'unitPath'>, unitPath: string): boolean {
  return !!actor.unitPath && unitSubtree.contains(actor.unitPath, unitPath);
}

/** LIKE pattern matching the member's subtree. */
export function scopePattern(actor: Pick<Actor, 'unitPath'>): string {
  if (!actor.unitPath) throw forbidden();
  return unitSubtree.pattern(actor.unitPath);
}
