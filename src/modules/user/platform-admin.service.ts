import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { requirePlatformRole } from '../../platform/authz.js';
import { validateInput } from '../../platform/validation.js';
import { PlatformRole } from '../../platform/platform-roles.js';
import { platformAudited } from '../../platform/audit/platform-mutation.js';
import { appendPlatformLog } from '../../platform/audit/log-writer.js';
import type { Outcome } from '../../platform/audit/mutation.js';
import { User } from './user.entity.js';
import { normalizeEmail } from './user.service.js';
import { hashPassword } from '../session/password.service.js';
import { PlatformAdminErrorCode } from './platform-admin.errors.js';

/**
 * Creates (or promotes) a platform administrator with one role (the admin CLI's
 * bootstrap: the first security administrator comes from here); logged in the platform log.
 */
export async function ensurePlatformAdmin(
  em: EntityManager, email: string, displayName: string, password: string | null, role: PlatformRole = PlatformRole.SYSTEM_ADMIN,
): Promise<User> {
  const normalized = normalizeEmail(email);
  let user = await em.findOne(User, { email: normalized });
  const created = !user;
  const before = user ? { platformRole: user.platformRole ?? null } : null;
  if (!user) {
    user = em.create(User, { email: normalized, displayName, platformAdmin: true, platformRole: role });
    em.persist(user);
  }
  user.platformAdmin = true;
  user.platformRole = role;
  if (password) user.passwordHash = await hashPassword(password);
  await em.flush();
  await appendPlatformLog(em, {
    actorUserId: null,
    action: created ? 'platform_admin.create' : 'platform_admin.promote',
    targetType: 'User',
    targetId: user.id,
    changes: [{ type: 'User', id: user.id, op: created ? 'create' : 'update', before, after: { email: normalized, platformAdmin: true, platformRole: role } }],
    requestId: 'admin-cli',
  });
  return user;
}

export interface SetPlatformRoleRequest {
  email: string;
  /** null: the user holds no platform role any more. */
  role: PlatformRole | null;
  reason?: string | null;
}

export const platformAdminService = {
  /** The security administrator grants, changes or revokes a platform role; never its own. */
  async setRole(ctx: Ctx, input: SetPlatformRoleRequest & object): Promise<Outcome<User>> {
    const actor = requirePlatformRole(ctx, PlatformRole.SECURITY_ADMIN);
    return platformAudited(ctx, 'platform_admin.set_role', async (tx) => {
      await validateInput(input);
      const user = await tx.em.findOne(User, { email: normalizeEmail(input.email) });
      if (!user) throw notFound('User', ['input', 'email']);
      if (user.id === actor.userId) throw new DomainError(PlatformAdminErrorCode.OWN_PLATFORM_ROLE, 'No one changes their own platform role', ['input', 'email']);
      const before = user.platformRole ?? null;
      user.platformRole = input.role;
      user.platformAdmin = input.role !== null;
      // A changed role ends the user's sessions: no token keeps the old role's reach.
      await tx.em.getConnection().execute(
        `update session set revoked_at = now(), revoked_reason = 'PLATFORM_ROLE_CHANGED' where user_id = ? and revoked_at is null`,
        [user.id], 'run', tx.em.getTransactionContext(),
      );
      return {
        result: user,
        target: { type: 'User', id: user.id },
        changes: [{ type: 'User', id: user.id, op: 'update', before: { platformRole: before }, after: { platformRole: input.role } }],
        reason: input.reason ?? null,
      };
    });
  },

  /** Who holds which platform role: the security administrator's and the audit administrator's to read (a read by the latter is logged). */
  async list(ctx: Ctx): Promise<User[]> {
    const actor = requirePlatformRole(ctx, PlatformRole.SECURITY_ADMIN, PlatformRole.AUDIT_ADMIN);
    const users = await ctx.em.find(User, { platformAdmin: true }, { orderBy: { email: 'asc' } });
    await appendPlatformLog(ctx.em, {
      actorUserId: actor.userId, action: 'platform_admin.read', targetType: null, reason: 'platformAdministrators',
      requestId: ctx.request.requestId, clientAddress: ctx.request.clientAddress,
    });
    return users;
  },
};
